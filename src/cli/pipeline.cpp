#include "cli/pipeline.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "build/inputs.hpp"
#include "build/site_build.hpp"
#include "build/starter.hpp"
#include "model/paths.hpp"
#include "output/archive.hpp"
#include "output/sink.hpp"
#include "output/stamp.hpp"

namespace thidua::cli {
namespace {

/// Prints every diagnostic; null when the content folder does not exist.
std::unique_ptr<build::SiteBuild> load_site(const BuildOptions& o, Profile profile,
                                            std::unique_ptr<load::DiskTree>& tree,
                                            std::ostream& err) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.source, ec)) {
    err << o.source << ": error: content folder not found (use --source DIR)\n";
    return nullptr;
  }
  tree = std::make_unique<load::DiskTree>(o.source);
  auto site = std::make_unique<build::SiteBuild>(*tree, profile, o.base_url);
  print_diagnostics(site->diags(), err);
  return site;
}

void print_summary(const build::SiteBuild& b, std::ostream& out) {
  const Content& content = b.content();
  out << content.units.size() << " units in " << content.clusters.size() << " clusters, "
      << content.schemes.size() << " schemes, " << content.periods.size() << " periods, "
      << content.documents.size() << " documents, " << content.pages.size() << " pages\n";
  for (const auto& ps : b.scores())
    out << "  " << ps.period->id << ": " << ps.ranked.size() << " ranked, " << ps.unranked.size()
        << " without result\n";
}

/// While it lives, Ctrl+C (SIGINT), SIGTERM and SIGHUP remove the build's
/// staging folder and end the process, instead of leaving up to a whole
/// site's worth of files beside the output until the next build. The signals
/// are blocked in every thread made after it (the render workers) and waited
/// for by one thread of its own.
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(output::StagedDirectory& sink) {
    sigemptyset(&set_);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    thread_ = std::thread([this, &sink] {
      const timespec tick{0, 100'000'000};
      while (!stop_) {
        const int sig = sigtimedwait(&set_, nullptr, &tick);
        if (sig <= 0) continue;
        sink.abandon();
        static constexpr char kMessage[] = "\nthidua: interrupted: nothing was written\n";
        [[maybe_unused]] const auto n = ::write(2, kMessage, sizeof kMessage - 1);
        std::_Exit(128 + sig);
      }
    });
  }
  ~RemoveOnSignal() {
    stop_ = true;
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;

 private:
  sigset_t set_, old_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

void print_counts(const Diagnostics& d, std::ostream& out) {
  out << d.count(Severity::kError) << " errors, " << d.count(Severity::kWarning) << " warnings\n";
}

}  // namespace

std::string print_diagnostics(const Diagnostics& diags, std::ostream& err) {
  std::string text;
  const auto& items = diags.items();
  for (std::size_t i = 0; i < items.size() && i < kMaxShown; ++i)
    text += format_diagnostic(items[i]) + '\n';
  if (items.size() > kMaxShown)
    text += "thidua: " + std::to_string(items.size() - kMaxShown) +
            " more problems not shown; fix the first ones and run again\n";
  err << text;
  return text;
}

int run_check(const BuildOptions& o, std::ostream& out, std::ostream& err) {
  std::unique_ptr<load::DiskTree> tree;
  auto b = load_site(o, Profile::kIntranet, tree, err);  // check everything, drafts included
  if (!b) {
    err << "1 errors, 0 warnings\n";
    return kInputErrors;
  }
  if (!o.quiet && b->ok()) print_summary(*b, out);
  print_counts(b->diags(), b->ok() ? out : err);
  return b->ok() ? kOk : kInputErrors;
}

int run_build(const BuildOptions& o, std::ostream& out, std::ostream& err) {
  // Nothing changed since the last build into this folder, and the folder is
  // as that build left it: there is nothing to do.
  // Absolute: a build of "." swaps the working folder away.
  const std::filesystem::path output = absolute_folder(o.output);
  std::string inputs;
  if (std::error_code ec; !output.empty() && std::filesystem::is_directory(o.source, ec)) {
    inputs = build::input_fingerprint(load::DiskTree(o.source), o.profile, o.base_url);
    const auto stamp = output::read_stamp(output);
    if (!inputs.empty() && stamp && stamp->inputs == inputs &&
        output::output_matches(output, *stamp)) {
      if (!o.quiet) {
        out << o.output << " is up to date: nothing changed since its last build";
        if (stamp->warnings > 0)
          out << " (" << stamp->warnings << " warnings then; thidua check lists them)";
        out << '\n';
      }
      return kOk;
    }
  }
  std::unique_ptr<load::DiskTree> tree;
  auto b = load_site(o, o.profile, tree, err);
  if (!b || !b->ok()) {
    if (b) print_counts(b->diags(), err);
    err << "nothing was written: " << o.output << " is unchanged\n";
    return kInputErrors;
  }
  std::string error;
  auto sink = output::StagedDirectory::open(o.output, o.source, &error, [&](const std::string& m) {
    err << "thidua: note: " << m << '\n';
  });
  if (!sink) {
    err << "thidua: error: " << error << '\n';
    return kIoError;
  }
  RemoveOnSignal remove_on_signal(*sink);
  const bool rendered = b->render(*sink, o.jobs);
  if (!rendered) error = sink->error();
  const auto commit_start = std::chrono::steady_clock::now();
  // No stamp while the folder changes: a build killed after the swap must not
  // leave a stamp that describes the folder before it.
  output::remove_stamp(output);
  if (!rendered || !sink->commit(&error)) {
    err << "thidua: error: " << error << "\nnothing was written: " << o.output << " is unchanged\n";
    return kIoError;
  }
  auto written = sink->written();
  const std::size_t files = written.size();
  if (!inputs.empty()) {
    std::string stamp_error;  // without a stamp the next build simply builds
    output::write_stamp(output,
                        {inputs, output::files_digest(std::move(written)),
                         static_cast<long>(b->diags().count(Severity::kWarning))},
                        &stamp_error);
  }
  if (!o.quiet) {
    print_summary(*b, out);
    out << "wrote " << files << " files to " << o.output << '\n';
  }
  if (o.verbose) {
    auto stages = b->timings();
    stages.push_back(
        {"commit",
         std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count(),
         build::peak_memory_kib()});
    for (const auto& [stage, seconds, peak] : stages)
      out << "  " << stage << ": " << static_cast<long>(seconds * 1000 + 0.5) << " ms (peak memory "
          << (peak + 512) / 1024 << " MiB)\n";
  }
  return kOk;
}

int run_archive(const BuildOptions& o, const std::string& period, std::string output,
                std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.source, ec)) {
    err << o.source << ": error: content folder not found (use --source DIR)\n";
    return kInputErrors;
  }
  load::DiskTree tree(o.source);
  build::SiteBuild b(tree, Profile::kPublic, "", period);
  print_diagnostics(b.diags(), err);
  if (!b.ok()) {
    print_counts(b.diags(), err);
    return kInputErrors;
  }
  output::MemorySink sink;
  if (!b.render(sink, o.jobs)) {
    err << "thidua: error: " << sink.error() << '\n';
    return kIoError;
  }
  std::map<std::string, std::string> files = sink.take();
  const Content& c = b.content();
  files[output::kManifest] =
      output::manifest_json(THIDUA_VERSION, period, build::snapshot_hash(tree, c), files);
  if (output.empty()) output = period + ".zip";
  const std::time_t mtime = static_cast<std::time_t>(c.periods.back().end.days()) * 86400;
  std::string error;
  if (!output::write_zip(output, files, mtime, &error)) {
    err << "thidua: error: " << error << '\n';
    return kIoError;
  }
  if (!o.quiet)
    out << "wrote the snapshot of " << period << " (" << files.size() << " files) to " << output
        << '\n';
  return kOk;
}

int run_verify(const std::string& path, std::ostream& out, std::ostream& err) {
  const output::VerifyReport r = output::verify_snapshot(path);
  if (!r.error.empty()) {
    err << "thidua: error: " << r.error << '\n';
    return kIoError;
  }
  for (const auto& p : r.missing) err << path << ": missing: " << p << '\n';
  for (const auto& p : r.altered) err << path << ": altered: " << p << '\n';
  for (const auto& p : r.added) err << path << ": added: " << p << '\n';
  if (!r.ok()) {
    err << r.missing.size() << " missing, " << r.altered.size() << " altered, " << r.added.size()
        << " added: " << path << " does not match its manifest\n";
    return kInputErrors;
  }
  out << path << ": all " << r.checked << " files match the manifest\n";
  return kOk;
}

int run_new(const std::string& dir, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) {
    err << "thidua: error: " << dir
        << " already exists and is not empty; thidua new only writes into a new or empty folder\n";
    return kIoError;
  }
  fs::create_directories(dir, ec);
  output::FolderSink sink(dir);
  const int files = build::write_starter(sink);
  if (files < 0) {
    err << "thidua: error: " << sink.error() << '\n';
    return kIoError;
  }
  out << "wrote a starter content folder of " << files << " files to " << dir << "\n"
      << "next: read " << (fs::path(dir) / "README.md").string() << ", then\n"
      << "  thidua check --source " << dir << "\n"
      << "  thidua build --source " << dir << " --output public\n";
  return kOk;
}

}  // namespace thidua::cli
