#include "site/search.hpp"

#include <nlohmann/json.hpp>

#include "site/urls.hpp"
#include "text/escape.hpp"
#include "text/fold.hpp"
#include "text/markdown.hpp"

namespace thidua::site {

std::string search_index_js(const Content& c, const std::string& unit_label,
                            const std::string& document_label, const std::string& page_label) {
  nlohmann::json items = nlohmann::json::array();
  auto add = [&](const std::string& type, const std::string& title, const std::string& detail,
                 const std::string& url, const std::string& text) {
    items.push_back({{"type", type},
                     {"title", title},
                     {"detail", detail},
                     {"url", url},
                     {"folded", text::fold(title + " " + detail + " " + text)}});
  };
  for (const auto& u : c.units) {
    std::string detail = u.kind;
    if (const Cluster* cl = c.find_cluster(u.cluster); cl && !cl->name.empty())
      detail += (detail.empty() ? "" : " · ") + cl->name;
    if (const Unit* p = c.find_unit(u.parent)) detail += (detail.empty() ? "" : " · ") + p->name;
    add(unit_label, u.name, detail, urls::unit(u.id), u.short_name);
  }
  for (const auto& d : c.documents)
    add(document_label, d.title, d.number, urls::document(d.slug),
        text::markdown_to_plain_text(d.body));
  for (const auto& p : c.pages)
    add(page_label, p.title, "", urls::page(p.path), text::markdown_to_plain_text(p.body));
  return "window.THIDUA_SEARCH = " + text::script_json({{"items", items}}) + ";\n";
}

}  // namespace thidua::site
