// The page plan: every page and file the site has, its permalink (urls.hpp)
// and its view model. Views (view.hpp) are JSON-like values whose every
// number and date is already formatted, so templates hold nothing but
// sections and loops. How views are built: planner.hpp.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "model/records.hpp"
#include "score/score.hpp"
#include "site/view.hpp"

namespace thidua::site {

/// What a page or file is made from, written as records (model/records.hpp):
/// whatever its bytes can depend on, and nothing else, so that a page whose
/// inputs hash as before has the bytes it had (an incremental build keeps
/// it). Safe to call from several threads at once.
using Inputs = std::function<void(records::Writer&)>;

struct PlannedPage {
  std::string path;           ///< output path, e.g. "periods/2024/index.html"
  std::string template_name;  ///< e.g. "scorecard" for templates/scorecard.mustache
  /// Builds the template's data when the page is rendered, so a site of any
  /// size never holds more than the pages being rendered. Safe to call from
  /// several threads at once.
  std::function<View()> view;
  const std::string* markdown = nullptr;  ///< a body for render to turn into `body_html`
  Inputs inputs{};                        ///< none: the file is made at every build
};

/// A file that is not a page (open data, sitemap, feed…): like a view, its
/// bytes are made when the file is written, on any thread. A file that
/// cannot be made (the machine's fault, not the content's: no temporary file
/// for a workbook) gives "" and says why in `error`; an empty file is "" with
/// `error` left empty.
struct PlannedFile {
  std::string path;
  std::function<std::string(std::string* error)> bytes;
  Inputs inputs{};  ///< none: the file is made at every build
};

struct Plan {
  std::vector<PlannedPage> pages;     ///< in a fixed order
  std::vector<PlannedFile> files;     ///< open data, sitemap, feed, robots.txt
  std::shared_ptr<const void> owner;  ///< keeps what the views are built from alive
};

/// Plans the whole site. `strings` are the theme's UI strings for the site's
/// language (labels that views carry, such as document kinds). `content` has
/// had its profile applied; `profile` only decides what the site says about
/// itself (noindex, the intranet banner). The plan refers to `content` and
/// `scores`: they must outlive it.
Plan plan_site(const Content& content, const std::vector<score::PeriodScores>& scores,
               const nlohmann::json& strings, Profile profile);

}  // namespace thidua::site
