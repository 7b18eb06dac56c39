// thidua: the command line. Parses arguments and runs the pipeline.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/serve.hpp"
#include "platform/process.hpp"

#ifdef THIDUA_MIMALLOC
#include <mimalloc.h>
#endif

#include "commit.hpp"  // generated: THIDUA_COMMIT

#ifndef THIDUA_VERSION
#define THIDUA_VERSION "0.0.0"
#endif

namespace {

using namespace thidua::cli;
using thidua::text::Language;
using thidua::text::Message;

/// The value given to `option` in argv ("--lang en", "--lang=en"), or "":
/// the language must be known before the options (and their help) are made.
std::string given(int argc, char** argv, std::string_view option) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == option && i + 1 < argc) return argv[i + 1];
    if (a.size() > option.size() && a.starts_with(option) && a[option.size()] == '=')
      return std::string(a.substr(option.size() + 1));
  }
  return "";
}

/// The language thidua speaks in, as the contract orders it: --lang, the
/// locale's variables, the system's interface language, the content's
/// site.json (read only when nothing before it decides), Vietnamese.
Language language(int argc, char** argv) {
  const std::string flag = given(argc, argv, "--lang");
  const std::string interface = thidua::platform::interface_language();
  const auto env = [](const char* name) { return std::getenv(name); };
  if (auto l = thidua::text::language_before_content(
          flag, {env("LC_ALL"), env("LC_MESSAGES"), env("LANG")}, interface))
    return *l;
  std::string source = given(argc, argv, "--source");
  if (source.empty()) source = "content";
  return thidua::text::language_of(thidua::pipeline::configured_language(source))
      .value_or(Language::kVi);
}

/// Every subcommand and what its options fill in: one Request, filled once.
struct Commands {
  explicit Commands(Language l) : lang(l) { request.language = l; }
  Language lang;
  std::string format = "text", lang_flag;
  /// The help text of `code` in the language.
  std::string help(const char* code) const { return Message(code).in(lang); }
  /// An option that names a file or a key may not be given empty: `--key ""`
  /// is what a script with an unset variable passes, and must not mean "no key".
  CLI::Validator not_empty() const {
    return CLI::Validator(
        [l = lang](std::string& value) {
          return value.empty() ? Message("option-empty").in(l) : std::string();
        },
        "", "not empty");
  }
  Request request;
  std::string source = "content", build_output = "public", output, sign_key, profile = "public",
              convert_to, at;
  CLI::App *build = nullptr, *check = nullptr, *archive = nullptr, *verify = nullptr,
           *serve = nullptr, *create = nullptr, *form = nullptr, *convert = nullptr;

  void add_source(CLI::App* cmd) {
    cmd->add_option("--source", source, help("help-source"))->capture_default_str();
    add_lang(cmd);
  }
  /// --lang on the command too, for its help (its value was read before).
  void add_lang(CLI::App* cmd) {
    cmd->add_option("--lang", lang_flag, help("help-lang"))->check(CLI::IsMember({"vi", "en"}));
  }
  void add_format(CLI::App* cmd) {
    cmd->add_option("--format", format, help("help-format"))
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }
  void add_profile(CLI::App* cmd, const std::string& what) {
    cmd->add_option("--profile", profile, what)
        ->check(CLI::IsMember({"public", "intranet"}))
        ->capture_default_str();
  }

  void define(CLI::App& app) {
    app.add_option("--lang", lang_flag, help("help-lang"))->check(CLI::IsMember({"vi", "en"}));
    define_build(app);
    check = app.add_subcommand("check", help("help-check"));
    add_source(check);
    add_format(check);
    check->add_flag("--quiet", request.quiet, help("help-quiet-check"));
    check->add_option("--at", at, help("help-check-at"))
        ->check(CLI::Validator(
            [l = lang](std::string& value) {
              return thidua::parse_date(value)
                         ? std::string()
                         : Message("usage-bad-date", {{"value", value}}).in(l);
            },
            "YYYY-MM-DD", "date"));
    define_archive(app);
    define_template(app);
    define_convert(app);
    define_serve(app);
    create = app.add_subcommand("new", help("help-new"));
    create->add_option("DIR", output, help("help-new-dir"))->required();
    create->add_flag("--workbooks", request.to_workbooks, help("help-new-workbooks"));
    add_lang(create);
  }

  void define_build(CLI::App& app) {
    build = app.add_subcommand("build", help("help-build"));
    add_source(build);
    build->add_option("--output", build_output, help("help-build-output"))->capture_default_str();
    add_profile(build, help("help-profile-build"));
    build->add_option("--base-url", request.base_url, help("help-base-url"));
    build->add_option("--jobs", request.jobs, help("help-jobs"))->check(CLI::Range(1, 1024));
    build->add_flag("--clean", request.clean, help("help-clean"));
    add_format(build);
    build->add_flag("--quiet", request.quiet, help("help-quiet"));
    build->add_flag("--verbose", request.verbose, help("help-verbose"));
    build->add_option("--sign", sign_key, help("help-sign-build"))->check(not_empty());
  }

  void define_archive(CLI::App& app) {
    archive = app.add_subcommand("archive", help("help-archive"));
    archive->add_option("PERIOD", request.period, help("help-archive-period"))->required();
    add_source(archive);
    archive->add_option("--output", output, help("help-archive-output"));
    archive->add_option("--sign", sign_key, help("help-sign-archive"))->check(not_empty());
    archive->add_flag("--quiet", request.quiet, help("help-quiet-short"));
    verify = app.add_subcommand("verify", help("help-verify"));
    verify->add_option("SNAPSHOT", output, help("help-verify-snapshot"))->required();
    verify->add_option("--key", request.verify_key, help("help-verify-key"))->check(not_empty());
    add_lang(verify);
  }

  void define_template(CLI::App& app) {
    form = app.add_subcommand("template", help("help-template"));
    form->add_option("PERIOD", request.period, help("help-template-period"))->required();
    add_source(form);
    form->add_option("--output", output, help("help-template-output"));
    add_profile(form, help("help-profile-template"));
    form->add_flag("--quiet", request.quiet, help("help-quiet-short"));
  }

  void define_convert(CLI::App& app) {
    convert = app.add_subcommand("convert", help("help-convert"));
    convert->add_option("--to", convert_to, help("help-convert-to"))
        ->required()
        ->check(CLI::IsMember({"workbooks", "json"}));
    add_source(convert);
    convert->add_option("--output", output, help("help-convert-output"))->required();
    convert->add_flag("--quiet", request.quiet, help("help-quiet-short"));
  }

  void define_serve(CLI::App& app) {
    serve = app.add_subcommand("serve", help("help-serve"));
    add_source(serve);
    serve->add_option("--bind", request.bind, help("help-bind"))->capture_default_str();
    serve->add_option("--port", request.port, help("help-port"))
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    serve->add_option("--allow-host", request.allowed_hosts, help("help-allow-host"));
    add_profile(serve, help("help-profile-serve"));
  }

  /// Completes the request (paths made absolute, here and only here) and
  /// runs the subcommand given; its exit code.
  int run() {
    request.source = source;
    request.output = *build ? build_output : output;
    if (!sign_key.empty()) request.sign_key = sign_key;
    request.profile = profile == "intranet" ? thidua::Profile::kIntranet : thidua::Profile::kPublic;
    request.json = format == "json";
    if (*convert) request.to_workbooks = convert_to == "workbooks";
    if (!at.empty()) request.at = thidua::parse_date(at);
    if (request.jobs == 0)
      request.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    if (*build) return run_build(request, std::cout, std::cerr);
    if (*create) return run_new(request, std::cout, std::cerr);
    if (*archive) return run_archive(request, std::cout, std::cerr);
    if (*verify) return run_verify(request, std::cout, std::cerr);
    if (*form) return run_template(request, std::cout, std::cerr);
    if (*convert) return run_convert(request, std::cout, std::cerr);
    if (*serve) return run_serve(request, std::cout, std::cerr);
    return run_check(request, std::cout, std::cerr);
  }
};

}  // namespace

int main(int argc, char** raw_argv) {
  // UTF-8 from here on, on every system (Windows gives its command line
  // again in UTF-16); argv points into `args`, which lives as long.
  std::vector<std::string> args = thidua::platform::arguments(argc, raw_argv);
  std::vector<char*> arg_pointers;
  for (auto& a : args) arg_pointers.push_back(a.data());
  arg_pointers.push_back(nullptr);
  char** argv = arg_pointers.data();
  thidua::platform::use_utf8_console();
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
  const Language lang = language(argc, argv);
  CLI::App app{Message("help-thidua").in(lang), "thidua"};
  if (lang == Language::kVi) {
    // CLI11's own words in its help.
    auto f = app.get_formatter();
    for (const auto& [key, code] : {std::pair{"Usage", "cli-usage"},
                                    {"OPTIONS", "cli-options"},
                                    {"SUBCOMMAND", "cli-subcommand"},
                                    {"SUBCOMMANDS", "cli-subcommands"},
                                    {"Subcommands", "cli-subcommands-group"},
                                    {"Positionals", "cli-positionals"},
                                    {"REQUIRED", "cli-required"}})
      f->label(key, Message(code).in(lang));
    app.option_defaults()->group(Message("cli-options-group").in(lang));
  }
  app.set_version_flag("--version", "thidua " THIDUA_VERSION " (commit " THIDUA_COMMIT ")",
                       Message("help-version").in(lang));
  app.set_help_flag("-h,--help", Message("help-help").in(lang));
  app.require_subcommand(1);
  app.fallthrough();  // --lang before or after the command
  Commands commands(lang);
  commands.define(app);
  if (lang == Language::kVi)
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
      sub->group(Message("cli-subcommands-group").in(lang));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (lang == Language::kEn) {
      app.exit(e);
    } else {
      // CLI11's words are English: said again in the language, its detail
      // (the option and value as typed) kept.
      std::string detail = e.what();
      const std::string name = e.get_name();
      const bool extras = detail.starts_with("The following argument");
      const char* code = extras                                 ? "usage-extras"
                         : detail == "A subcommand is required" ? "usage-no-command"
                         : detail.ends_with(" is required")     ? "usage-required"
                         : name == "ValidationError" || name == "ConversionError" ? "usage-invalid"
                                                                                  : "usage-other";
      if (extras)
        if (const auto colon = detail.find(": "); colon != std::string::npos)
          detail = detail.substr(colon + 2);
      if (detail.ends_with(" is required")) detail.resize(detail.size() - 12);
      std::cerr << "thidua: " << Message(code, {{"detail", detail}}).in(lang) << '\n'
                << Message("usage-help").in(lang) << '\n';
    }
    return kUsage;
  }
  try {
    return commands.run();
  } catch (const std::exception& e) {
    std::cerr << "thidua: " << Message("internal-error", {{"detail", e.what()}}).in(lang) << '\n';
    return 70;
  }
}
