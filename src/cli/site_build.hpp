// One run of the pipeline over a content tree: load → model → score → site →
// render. `build`, `check` and the tests share it; what happens to the bytes
// (a staged folder, memory) is the caller's business.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "load/load.hpp"
#include "load/source_tree.hpp"
#include "model/diagnostic.hpp"
#include "render/renderer.hpp"
#include "score/score.hpp"
#include "site/plan.hpp"

namespace thidua::cli {

class SiteBuild {
 public:
  /// Loads, applies `profile`, scores, plans the site and compiles the theme.
  /// A non-empty `base_url` replaces site.json's. Every problem ends up in
  /// diags(); nothing is rendered yet.
  /// A non-empty `as_of` builds the site as it stood at the end of that
  /// period (see keep_until_period), for `thidua archive`.
  SiteBuild(const load::SourceTree& tree, Profile profile, const std::string& base_url = "",
            const std::string& as_of = "");
  SiteBuild(const SiteBuild&) = delete;
  SiteBuild& operator=(const SiteBuild&) = delete;

  const Diagnostics& diags() const { return loaded_.diags; }
  bool ok() const { return !loaded_.diags.has_errors(); }
  const Content& content() const { return loaded_.content; }
  const std::vector<score::PeriodScores>& scores() const { return scores_; }
  const site::SitePlan& plan() const { return plan_; }
  /// Seconds spent per stage so far ("load", "score", "site", "render"), in order.
  const std::vector<std::pair<std::string, double>>& timings() const { return timings_; }

  /// Renders every file of the site and hands each to `write`, stopping at
  /// the first false. Only when ok(). False, with `error` set, when a write
  /// fails or a static file cannot be read. With `jobs` > 1 (0: one per core)
  /// pages are rendered on that many threads and `write` is called from all
  /// of them at once; each file's bytes are the same whatever `jobs` is.
  using Writer = std::function<bool(const std::string& path, const std::string& bytes)>;
  bool render(const Writer& write, std::string* error, int jobs = 1);

 private:
  const load::SourceTree& tree_;
  load::Loaded loaded_;
  std::vector<score::PeriodScores> scores_;
  std::unique_ptr<render::Renderer> renderer_;
  site::SitePlan plan_;
  std::vector<std::pair<std::string, double>> timings_;
};

}  // namespace thidua::cli
