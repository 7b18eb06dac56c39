// The theme engine: Mustache templates (kainjow/mustache) compiled once, UI
// strings for the site's language, fingerprinted assets, Markdown bodies.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/diagnostic.hpp"
#include "render/theme.hpp"
#include "site/plan.hpp"

namespace thidua::render {

/// A theme asset as written: "assets/site.3f9c2a1b.css".
struct Asset {
  std::string path;
  std::string bytes;
};

class Renderer {
 public:
  /// Compiles every template under templates/ and reads i18n/<language>.json.
  /// Problems (a template that does not parse, strings that are not a JSON
  /// object) are reported in `diags` against the theme file; the result is
  /// null then.
  static std::unique_ptr<Renderer> create(const Theme& theme, const std::string& language,
                                          Diagnostics& diags);
  ~Renderer();

  /// UI strings of the site's language (a flat JSON object of texts).
  const nlohmann::json& strings() const { return strings_; }
  /// Every file under assets/; .css and .js files carry a content hash in
  /// their name so browsers may cache them for ever.
  const std::vector<Asset>& assets() const { return *assets_; }

  /// Whether the theme has templates/<name>.mustache (its own or built in).
  bool has_template(const std::string& name) const;
  /// The page's HTML. Not thread-safe: give each thread its own clone().
  /// A page whose template the theme does not have is a logic error (the
  /// build checks every page with has_template first).
  std::string render(const site::PlannedPage& page);
  /// A renderer with its own compiled templates, for another thread.
  std::unique_ptr<Renderer> clone() const;

 private:
  Renderer();
  void make_shared_data();
  struct Templates;
  std::unique_ptr<Templates> templates_;
  nlohmann::json strings_;
  std::shared_ptr<std::vector<Asset>> assets_ = std::make_shared<std::vector<Asset>>();
  nlohmann::json asset_names_;  ///< "site_css" → "assets/site.3f9c2a1b.css"
  site::View shared_;           ///< t and assets, for every page
  std::size_t last_size_ = 0;   ///< of the last page, to size the next
};

}  // namespace thidua::render
