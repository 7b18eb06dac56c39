#include "cli/pipeline.hpp"

#include <filesystem>

#include "build/commands.hpp"
#include "output/archive.hpp"

namespace thidua::cli {
namespace {

void print_missing_source(const std::string& source, std::ostream& err) {
  err << source << ": error: content folder not found (use --source DIR)\n";
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
  if (!build::is_content_folder(o.source)) {
    print_missing_source(o.source, err);
    err << "1 errors, 0 warnings\n";
    return kInputErrors;
  }
  build::FolderSite folder(o.source, Profile::kIntranet, o.base_url);  // drafts included
  const build::SiteBuild& b = folder.site();
  print_diagnostics(b.diags(), err);
  if (!o.quiet && b.ok()) print_summary(b, out);
  print_counts(b.diags(), b.ok() ? out : err);
  return b.ok() ? kOk : kInputErrors;
}

int run_build(const BuildOptions& o, std::ostream& out, std::ostream& err) {
  using Status = build::BuildOutcome::Status;
  const build::BuildOutcome r = build::build_folder(
      {o.source, o.output, o.profile, o.base_url, o.jobs},
      [&](const build::SiteBuild& b) { print_diagnostics(b.diags(), err); },
      [&](const std::string& m) { err << "thidua: note: " << m << '\n'; });
  switch (r.status) {
    case Status::kUpToDate:
      if (!o.quiet) {
        out << o.output << " is up to date: nothing changed since its last build";
        if (r.warnings_then > 0)
          out << " (" << r.warnings_then << " warnings then; thidua check lists them)";
        out << '\n';
      }
      return kOk;
    case Status::kNoSource:
      print_missing_source(o.source, err);
      err << "nothing was written: " << o.output << " is unchanged\n";
      return kInputErrors;
    case Status::kInputErrors:
      print_counts(r.site->site().diags(), err);
      err << "nothing was written: " << o.output << " is unchanged\n";
      return kInputErrors;
    case Status::kIoError:
      err << "thidua: error: " << r.error << '\n';
      if (r.staged) err << "nothing was written: " << o.output << " is unchanged\n";
      return kIoError;
    case Status::kWritten:
      break;
  }
  const build::SiteBuild& b = r.site->site();
  if (!o.quiet) {
    print_summary(b, out);
    out << "wrote " << r.files << " files to " << o.output << '\n';
  }
  if (o.verbose) {
    auto stages = b.timings();
    stages.push_back({"commit", r.commit_seconds, build::peak_memory_kib()});
    for (const auto& [stage, seconds, peak] : stages)
      out << "  " << stage << ": " << static_cast<long>(seconds * 1000 + 0.5) << " ms (peak memory "
          << (peak + 512) / 1024 << " MiB)\n";
  }
  return kOk;
}

int run_archive(const BuildOptions& o, const std::string& period, std::string output,
                std::ostream& out, std::ostream& err) {
  using Status = build::ArchiveOutcome::Status;
  if (output.empty()) output = period + ".zip";
  const build::ArchiveOutcome r =
      build::archive_period(o.source, period, output, o.jobs,
                            [&](const build::SiteBuild& b) { print_diagnostics(b.diags(), err); });
  switch (r.status) {
    case Status::kNoSource:
      print_missing_source(o.source, err);
      return kInputErrors;
    case Status::kInputErrors:
      print_counts(r.site->site().diags(), err);
      return kInputErrors;
    case Status::kIoError:
      err << "thidua: error: " << r.error << '\n';
      return kIoError;
    case Status::kWritten:
      break;
  }
  if (!o.quiet)
    out << "wrote the snapshot of " << period << " (" << r.files << " files) to " << output << '\n';
  return kOk;
}

int run_template(const BuildOptions& o, const std::string& period, std::string output,
                 std::ostream& out, std::ostream& err) {
  using Status = build::TemplateOutcome::Status;
  if (output.empty()) output = period + "-ket-qua.xlsx";
  const build::TemplateOutcome r = build::template_workbook(
      o.source, period, output,
      [&](const build::SiteBuild& b) { print_diagnostics(b.diags(), err); });
  switch (r.status) {
    case Status::kNoSource:
      print_missing_source(o.source, err);
      return kInputErrors;
    case Status::kInputErrors:
      print_counts(r.site->site().diags(), err);
      return kInputErrors;
    case Status::kNoPeriod:
      err << "thidua: error: no period \"" << period << "\" in " << o.source << "/periods\n";
      return kInputErrors;
    case Status::kRefused:
    case Status::kIoError:
      err << "thidua: error: " << r.error << '\n';
      return kIoError;
    case Status::kWritten:
      break;
  }
  if (!o.quiet)
    out << "wrote the template of " << period << " (" << r.units << " units, " << r.results
        << " with results filled in) to " << output << '\n';
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
  std::string error;
  const int files = build::new_folder(dir, &error);
  if (files < 0) {
    err << "thidua: error: " << error << '\n';
    return kIoError;
  }
  out << "wrote a starter content folder of " << files << " files to " << dir << "\n"
      << "next: read " << (fs::path(dir) / "README.md").string() << ", then\n"
      << "  thidua check --source " << dir << "\n"
      << "  thidua build --source " << dir << " --output public\n";
  return kOk;
}

}  // namespace thidua::cli
