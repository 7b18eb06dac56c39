#include "site/search.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

#include <nlohmann/json.hpp>

#include "site/plan.hpp"

namespace thidua::site {
namespace {

const icu::Transliterator* folder() {
  static std::unique_ptr<icu::Transliterator> t;
  static std::once_flag once;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    t.reset(icu::Transliterator::createInstance("NFD; [:Nonspacing Mark:] Remove; NFC; Lower",
                                                UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
  });
  return t.get();
}

/// Markdown source as plain words: markup characters become spaces.
std::string plain_text(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  bool space = false;
  for (char c : markdown) {
    const bool markup =
        std::string_view("#*_`|>[](){}~\\-=\r\n\t").find(c) != std::string_view::npos;
    if (markup || c == ' ') {
      if (!space && !out.empty()) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  return out;
}

}  // namespace

std::string fold_for_search(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0110)), icu::UnicodeString("d"));  // Đ
  u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0111)), icu::UnicodeString("d"));  // đ
  if (const auto* t = folder()) {
    // transliterate() is not const-thread-safe on one instance in every ICU;
    // rendering is parallel but the index is built once, on one thread.
    t->transliterate(u);
  } else {
    u.toLower();
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string search_index_js(const Content& c, const std::string& unit_label,
                            const std::string& document_label, const std::string& page_label) {
  nlohmann::json items = nlohmann::json::array();
  auto add = [&](const std::string& type, const std::string& title, const std::string& detail,
                 const std::string& url, const std::string& text) {
    items.push_back({{"type", type},
                     {"title", title},
                     {"detail", detail},
                     {"url", url},
                     {"folded", fold_for_search(title + " " + detail + " " + text)}});
  };
  for (const auto& u : c.units) {
    std::string detail = u.kind;
    if (const Cluster* cl = c.find_cluster(u.cluster); cl && !cl->name.empty())
      detail += (detail.empty() ? "" : " · ") + cl->name;
    if (const Unit* p = c.find_unit(u.parent)) detail += (detail.empty() ? "" : " · ") + p->name;
    add(unit_label, u.name, detail, "units/" + u.id + "/index.html", u.short_name);
  }
  for (const auto& d : c.documents)
    add(document_label, d.title, d.number, "documents/" + d.slug + "/index.html",
        plain_text(d.body));
  for (const auto& p : c.pages)
    add(page_label, p.title, "", p.path + "/index.html", plain_text(p.body));
  return "window.THIDUA_SEARCH = " + script_json({{"items", items}}) + ";\n";
}

}  // namespace thidua::site
