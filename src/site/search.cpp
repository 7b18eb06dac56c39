#include "site/search.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <optional>

#include <nlohmann/json.hpp>

#include "site/urls.hpp"
#include "text/escape.hpp"
#include "text/markdown.hpp"

namespace thidua::site {
namespace {

std::string fold_with_icu(std::string_view text) {
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

/// The folds of the Latin letters (U+0000–U+024F and U+1E00–U+1EFF: every
/// Vietnamese letter among them), each made once by ICU. Within these the
/// fold of a text is the folds of its characters one after another: no
/// combining marks, no composition across letters, lower case without
/// context. Folding 10,000 unit names through ICU was a tenth of the search
/// index's job.
class LatinFolds {
 public:
  LatinFolds() {
    for (char32_t c = 0; c < kLow; ++c) low_[c] = fold_with_icu(utf8(c));
    for (char32_t c = 0; c < kExtendedSize; ++c) extended_[c] = fold_with_icu(utf8(kExtended + c));
  }
  /// The fold of `c`, or null when it is not in the table.
  const std::string* find(char32_t c) const {
    if (c < kLow) return &low_[c];
    if (c >= kExtended && c < kExtended + kExtendedSize) return &extended_[c - kExtended];
    return nullptr;
  }

 private:
  static constexpr char32_t kLow = 0x250, kExtended = 0x1E00, kExtendedSize = 0x100;
  static std::string utf8(char32_t c) {
    std::string out;
    icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
    return out;
  }
  std::array<std::string, kLow> low_;
  std::array<std::string, kExtendedSize> extended_;
};

/// `text` folded by the table, or nullopt when a character is not in it
/// (or the text is not UTF-8 of at most three bytes a character).
std::optional<std::string> fold_latin(std::string_view text) {
  static const LatinFolds folds;
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    char32_t c;
    if (p[i] < 0x80) {
      c = p[i++];
    } else if (p[i] >= 0xC2 && p[i] <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      c = (char32_t{p[i]} & 0x1F) << 6 | (p[i + 1] & 0x3F);
      i += 2;
    } else if (p[i] == 0xE1 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
               (p[i + 2] & 0xC0) == 0x80) {  // U+1000–U+1FFF
      c = (char32_t{p[i]} & 0x0F) << 12 | (char32_t{p[i + 1]} & 0x3F) << 6 | (p[i + 2] & 0x3F);
      i += 3;
    } else {
      return std::nullopt;
    }
    const std::string* fold = folds.find(c);
    if (!fold) return std::nullopt;
    out += *fold;
  }
  return out;
}

}  // namespace

std::string fold_for_search(std::string_view text) {
  if (auto folded = fold_latin(text)) return *std::move(folded);
  return fold_with_icu(text);
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
