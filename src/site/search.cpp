#include "site/search.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include "site/plan.hpp"

namespace thidua::site {
namespace {

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
  // Decompose, drop the nonspacing marks (Vietnamese tones and vowel marks),
  // compose again, lower-case: what the transliterator "NFD; [:Nonspacing
  // Mark:] Remove; NFC; Lower" does, at a tenth of its cost.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    const icu::UnicodeString decomposed = nfd->normalize(u, status);
    icu::UnicodeString bare;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
      i += U16_LENGTH(c);
    }
    icu::UnicodeString composed = nfc->normalize(bare, status);
    if (U_SUCCESS(status)) u = std::move(composed);
  }
  u.toLower(icu::Locale::getRoot());
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
