#include "cli/pipeline.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "cli/site_build.hpp"
#include "output/sink.hpp"
#include "render/embedded.hpp"

namespace thidua::cli {
namespace {

/// Prints every diagnostic; null when the content folder does not exist.
std::unique_ptr<SiteBuild> load_site(const BuildOptions& o, Profile profile,
                                     std::unique_ptr<load::DiskTree>& tree, std::ostream& err) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.source, ec)) {
    err << o.source << ": error: content folder not found (use --source DIR)\n";
    return nullptr;
  }
  tree = std::make_unique<load::DiskTree>(o.source);
  auto build = std::make_unique<SiteBuild>(*tree, profile, o.base_url);
  for (const auto& d : build->diags().items()) err << format_diagnostic(d) << '\n';
  return build;
}

void print_summary(const SiteBuild& b, std::ostream& out) {
  const Content& content = b.content();
  out << content.units.size() << " units in " << content.clusters.size() << " clusters, "
      << content.schemes.size() << " schemes, " << content.periods.size() << " periods, "
      << content.documents.size() << " documents, " << content.pages.size() << " pages\n";
  for (const auto& ps : b.scores())
    out << "  " << ps.period->id << ": " << ps.ranked.size() << " ranked, " << ps.unranked.size()
        << " without result\n";
}

void print_counts(const Diagnostics& d, std::ostream& out) {
  out << d.count(Severity::kError) << " errors, " << d.count(Severity::kWarning) << " warnings\n";
}

}  // namespace

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
  std::unique_ptr<load::DiskTree> tree;
  auto b = load_site(o, o.profile, tree, err);
  if (!b || !b->ok()) {
    if (b) print_counts(b->diags(), err);
    err << "nothing was written: " << o.output << " is unchanged\n";
    return kInputErrors;
  }
  std::string error;
  auto sink = output::StagedDirectory::open(o.output, o.source, &error);
  if (!sink) {
    err << "thidua: error: " << error << '\n';
    return kIoError;
  }
  std::atomic<int> files{0};
  std::mutex error_mutex;
  const bool rendered = b->render(
      [&](const std::string& path, const std::string& bytes) {
        std::string e;
        if (!sink->write(path, bytes, &e)) {
          std::lock_guard lock(error_mutex);
          if (error.empty()) error = e;
          return false;
        }
        ++files;
        return true;
      },
      &error, o.jobs);
  const auto commit_start = std::chrono::steady_clock::now();
  if (!rendered || !sink->commit(&error)) {
    err << "thidua: error: " << error << "\nnothing was written: " << o.output << " is unchanged\n";
    return kIoError;
  }
  if (!o.quiet) {
    print_summary(*b, out);
    out << "wrote " << files << " files to " << o.output << '\n';
  }
  if (o.verbose) {
    auto stages = b->timings();
    stages.push_back(
        {"commit",
         std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count()});
    for (const auto& [stage, seconds] : stages)
      out << "  " << stage << ": " << static_cast<long>(seconds * 1000 + 0.5) << " ms\n";
  }
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
  constexpr std::string_view kPrefix = "starter/";
  int files = 0;
  for (const auto& f : render::embedded_files()) {
    if (!f.path.starts_with(kPrefix)) continue;
    const fs::path target = fs::path(dir) / std::string(f.path.substr(kPrefix.size()));
    fs::create_directories(target.parent_path(), ec);
    std::ofstream file(target, std::ios::binary);
    file.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
    if (!file) {
      err << "thidua: error: cannot write " << target.string() << '\n';
      return kIoError;
    }
    ++files;
  }
  out << "wrote a starter content folder of " << files << " files to " << dir << "\n"
      << "next: read " << (fs::path(dir) / "README.md").string() << ", then\n"
      << "  thidua check --source " << dir << "\n"
      << "  thidua build --source " << dir << " --output public\n";
  return kOk;
}

}  // namespace thidua::cli
