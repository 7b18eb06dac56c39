// thidua: the command line. Parses arguments and runs the pipeline.
#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/serve.hpp"

#ifdef THIDUA_MIMALLOC
#include <mimalloc.h>
#endif

#include "commit.hpp"  // generated: THIDUA_COMMIT

#ifndef THIDUA_VERSION
#define THIDUA_VERSION "0.0.0"
#endif

namespace {

using namespace thidua::cli;

/// An option that names a file or a key may not be given empty: `--key ""` is
/// what a script with an unset variable passes, and must not mean "no key".
const CLI::Validator kNotEmpty(
    [](std::string& value) {
      return value.empty() ? std::string("is empty: name a file (an unset variable?)")
                           : std::string();
    },
    "", "not empty");

/// Every subcommand and what its options fill in: one Request, filled once.
struct Commands {
  Request request;
  std::string source = "content", build_output = "public", output, sign_key, profile = "public";
  CLI::App *build = nullptr, *check = nullptr, *archive = nullptr, *verify = nullptr,
           *serve = nullptr, *create = nullptr, *form = nullptr;

  void add_source(CLI::App* cmd) {
    cmd->add_option("--source", source, "content folder")->capture_default_str();
  }
  void add_profile(CLI::App* cmd, const std::string& what) {
    cmd->add_option("--profile", profile, what)
        ->check(CLI::IsMember({"public", "intranet"}))
        ->capture_default_str();
  }

  void define(CLI::App& app) {
    define_build(app);
    check = app.add_subcommand("check", "validate the content folder and print every problem");
    add_source(check);
    check->add_flag("--quiet", request.quiet, "print problems and counts only");
    define_archive(app);
    define_template(app);
    define_serve(app);
    create = app.add_subcommand("new", "start a new content folder from a small valid example");
    create->add_option("DIR", output, "folder to create (must not exist, or be empty)")->required();
  }

  void define_build(CLI::App& app) {
    build = app.add_subcommand("build", "build the site from the content folder");
    add_source(build);
    build->add_option("--output", build_output, "folder to write the site into")
        ->capture_default_str();
    add_profile(build, "public, or intranet (with internal data and drafts)");
    build->add_option("--base-url", request.base_url,
                      "address the site is published at (overrides site.json)");
    build->add_option("--jobs", request.jobs, "threads to use (default: number of cores)")
        ->check(CLI::Range(1, 1024));
    build->add_flag("--clean", request.clean,
                    "make every file again (by default only files whose inputs changed since the "
                    "last build are made)");
    build->add_flag("--quiet", request.quiet, "print only problems (errors and warnings)");
    build->add_flag("--verbose", request.verbose, "also print how long each stage took");
    build
        ->add_option("--sign", sign_key,
                     "minisign secret key: also write manifest.json, its signature and "
                     "minisign.pub (password from THIDUA_SIGN_PASSWORD, or asked)")
        ->check(kNotEmpty);
  }

  void define_archive(CLI::App& app) {
    archive = app.add_subcommand(
        "archive", "write a self-contained snapshot of one period (zip, with a manifest)");
    archive->add_option("PERIOD", request.period, "id of a published or archived period")
        ->required();
    add_source(archive);
    archive->add_option("--output", output, "zip file to write (default: PERIOD.zip)");
    archive
        ->add_option("--sign", sign_key,
                     "minisign secret key to sign the manifest with (password from "
                     "THIDUA_SIGN_PASSWORD, or asked)")
        ->check(kNotEmpty);
    archive->add_flag("--quiet", request.quiet, "print only problems");
    verify = app.add_subcommand("verify", "check a snapshot (zip or folder) against its manifest");
    verify->add_option("SNAPSHOT", output, "FILE.zip or DIR")->required();
    verify
        ->add_option("--key", request.verify_key,
                     "minisign public key (file, or its base64 line): check the signature too")
        ->check(kNotEmpty);
  }

  void define_template(CLI::App& app) {
    form = app.add_subcommand(
        "template", "write the workbook (.xlsx) an office fills in with a period's results");
    form->add_option("PERIOD", request.period, "id of the period (drafts too)")->required();
    add_source(form);
    form->add_option("--output", output,
                     "workbook to write, a new file (default: PERIOD-ket-qua.xlsx)");
    form->add_flag("--quiet", request.quiet, "print only problems");
  }

  void define_serve(CLI::App& app) {
    serve = app.add_subcommand(
        "serve", "preview the site: build in memory, serve, rebuild and reload on every change");
    add_source(serve);
    serve->add_option("--bind", request.bind, "address to listen on")->capture_default_str();
    serve->add_option("--port", request.port, "port to listen on")
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    serve->add_option("--allow-host", request.allowed_hosts,
                      "also answer requests addressed to this host name (repeatable); IP "
                      "addresses and localhost are always answered");
    add_profile(serve, "public, or intranet");
  }

  /// Completes the request (paths made absolute, here and only here) and
  /// runs the subcommand given; its exit code.
  int run() {
    request.source = source;
    request.output = *build ? build_output : output;
    if (!sign_key.empty()) request.sign_key = sign_key;
    request.profile = profile == "intranet" ? thidua::Profile::kIntranet : thidua::Profile::kPublic;
    if (request.jobs == 0)
      request.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (*build) return run_build(request, std::cout, std::cerr);
    if (*create) return run_new(request, std::cout, std::cerr);
    if (*archive) return run_archive(request, std::cout, std::cerr);
    if (*verify) return run_verify(request, std::cout, std::cerr);
    if (*form) return run_template(request, std::cout, std::cerr);
    if (*serve) return run_serve(request, std::cout, std::cerr);
    return run_check(request, std::cout, std::cerr);
  }
};

}  // namespace

int main(int argc, char** argv) {
#ifdef THIDUA_MIMALLOC
  // One reserved stretch of address space for mimalloc to carve its segments
  // from, asked for in 2 MiB pages (the kernel's transparent huge pages, where
  // it allows them on request: a 4 KiB page fault each, in a VM, cost more
  // than the parse that touched it), and freed pages kept a second before
  // they go back to the system, not 25 ms: a results file's tree is built,
  // read and freed, and the next file's was faulted in again page by page.
  // thidua check of the 10,000-unit bench, paired: 0.60 s with
  // 4 KiB pages, 0.31 s with 2 MiB pages (bench/RESULTS.md).
  mi_option_enable(mi_option_large_os_pages);
  mi_reserve_os_memory(std::size_t{256} << 20, /*commit=*/true, /*allow_large=*/true);
  mi_option_set(mi_option_decommit_delay, 1000);
#endif
  // Named, not taken from argv[0]: help says "thidua build", wherever the
  // binary lies (and the man page made from it is the same on every machine).
  CLI::App app{
      "thidua: publishes the inspection and competition results of Youth Union units "
      "as a static site.",
      "thidua"};
  app.set_version_flag("--version", "thidua " THIDUA_VERSION " (commit " THIDUA_COMMIT ")");
  app.require_subcommand(1);
  Commands commands;
  commands.define(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  try {
    return commands.run();
  } catch (const std::exception& e) {
    std::cerr << "thidua: internal error: " << e.what()
              << "\nPlease report this with the content that caused it.\n";
    return 70;
  }
}
