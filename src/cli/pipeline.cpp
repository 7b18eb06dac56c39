#include "cli/pipeline.hpp"

#include <filesystem>
#include <set>

#include "load/load.hpp"
#include "output/sink.hpp"
#include "render/renderer.hpp"
#include "render/theme.hpp"
#include "score/score.hpp"
#include "site/plan.hpp"

namespace thidua::cli {
namespace {

struct Checked {
  std::unique_ptr<load::DiskTree> tree;
  load::Loaded loaded;
  std::unique_ptr<render::Renderer> renderer;
  std::vector<score::PeriodScores> scores;
  bool ok = false;
};

/// Loads, applies the profile, scores; prints every diagnostic.
/// `checked` is filled in place because the scores point into the content.
void load_and_score(const BuildOptions& o, Profile profile, Checked& checked, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(o.source, ec)) {
    err << o.source << ": error: content folder not found (use --source DIR)\n";
    return;
  }
  checked.tree = std::make_unique<load::DiskTree>(o.source);
  checked.loaded = load::load_content(*checked.tree);
  Diagnostics& diags = checked.loaded.diags;
  Content& content = checked.loaded.content;
  if (!o.base_url.empty()) {
    if (!(o.base_url.starts_with("http://") || o.base_url.starts_with("https://")))
      diags.error({"--base-url", 0, 0}, "must be an absolute http:// or https:// address");
    content.site.base_url = o.base_url.ends_with("/") ? o.base_url : o.base_url + "/";
  }
  if (!diags.has_errors()) {
    apply_profile(content, profile);
    score::NameCollator collator(content.site.language);
    Diagnostics warnings;
    checked.scores = score::score_content(content, collator, &warnings);
    diags.append(warnings);
    render::Theme theme(checked.tree.get(), content.site.theme);
    checked.renderer = render::Renderer::create(theme, content.site.language, diags);
    diags.sort();
  }
  for (const auto& d : diags.items()) err << format_diagnostic(d) << '\n';
  checked.ok = !diags.has_errors();
}

void print_summary(const Checked& c, std::ostream& out) {
  const Content& content = c.loaded.content;
  out << content.units.size() << " units in " << content.clusters.size() << " clusters, "
      << content.schemes.size() << " schemes, " << content.periods.size() << " periods, "
      << content.documents.size() << " documents, " << content.pages.size() << " pages\n";
  for (const auto& ps : c.scores)
    out << "  " << ps.period->id << ": " << ps.ranked.size() << " ranked, " << ps.unranked.size()
        << " without result\n";
}

void print_counts(const Diagnostics& d, std::ostream& out) {
  out << d.count(Severity::kError) << " errors, " << d.count(Severity::kWarning) << " warnings\n";
}

}  // namespace

int run_check(const BuildOptions& o, std::ostream& out, std::ostream& err) {
  Checked c;
  load_and_score(o, Profile::kIntranet, c, err);  // check everything, drafts included
  if (!o.quiet && c.ok) print_summary(c, out);
  print_counts(c.loaded.diags, c.ok ? out : err);
  return c.ok ? kOk : kInputErrors;
}

int run_build(const BuildOptions& o, std::ostream& out, std::ostream& err) {
  Checked c;
  load_and_score(o, o.profile, c, err);
  if (!c.ok) {
    print_counts(c.loaded.diags, err);
    err << "nothing was written: " << o.output << " is unchanged\n";
    return kInputErrors;
  }
  const Content& content = c.loaded.content;
  const site::SitePlan plan = site::plan_site(content, c.scores, c.renderer->strings(), o.profile);
  // Static files land at the site root; they must not replace a generated file.
  std::set<std::string> generated;
  for (const auto& page : plan.pages) generated.insert(page.path);
  for (const auto& file : plan.files) generated.insert(file.path);
  for (const auto& asset : c.renderer->assets()) generated.insert(asset.path);
  Diagnostics clashes;
  for (const auto& s : content.static_files)
    if (generated.count(s.path))
      clashes.error({s.source_path, 0, 0},
                    "would replace the generated file " + s.path + "; rename or move it");
  if (clashes.has_errors()) {
    for (const auto& d : clashes.items()) err << format_diagnostic(d) << '\n';
    print_counts(clashes, err);
    err << "nothing was written: " << o.output << " is unchanged\n";
    return kInputErrors;
  }
  std::string error;
  auto sink = output::StagedDirectory::open(o.output, o.source, &error);
  if (!sink) {
    err << "thidua: error: " << error << '\n';
    return kIoError;
  }
  int files = 0;
  auto write = [&](const std::string& path, const std::string& bytes) {
    if (!error.empty()) return;
    if (sink->write(path, bytes, &error)) ++files;
  };
  for (const auto& page : plan.pages) write(page.path, c.renderer->render(page));
  for (const auto& file : plan.files) write(file.path, file.bytes);
  for (const auto& asset : c.renderer->assets()) write(asset.path, asset.bytes);
  for (const auto& s : content.static_files) {
    auto bytes = c.tree->read(s.source_path);
    if (!bytes) {
      if (error.empty()) error = s.source_path + ": cannot be read";
      continue;
    }
    write(s.path, *bytes);
  }
  if (!error.empty() || !sink->commit(&error)) {
    err << "thidua: error: " << error << "\nnothing was written: " << o.output << " is unchanged\n";
    return kIoError;
  }
  if (!o.quiet) {
    print_summary(c, out);
    out << "wrote " << files << " files to " << o.output << '\n';
  }
  return kOk;
}

}  // namespace thidua::cli
