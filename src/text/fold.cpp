#include "text/fold.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace thidua::text {
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

std::string fold(std::string_view text) {
  if (auto folded = fold_latin(text)) return *std::move(folded);
  return fold_with_icu(text);
}

namespace {

/// The edit distance of `a` and `b` (insertions, deletions, substitutions and
/// swaps of two neighbours, each 1), or `limit` + 1 once it is sure to pass
/// `limit`.
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> before(b.size() + 1), row(b.size() + 1), now(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    now[0] = i;
    std::size_t least = now[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      now[j] = std::min({row[j] + 1, now[j - 1] + 1, row[j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        now[j] = std::min(now[j], before[j - 2] + 1);
      least = std::min(least, now[j]);
    }
    if (least > limit) return limit + 1;
    std::swap(before, row);
    std::swap(row, now);
  }
  return row[b.size()];
}

/// An id as one would type it from a name: folded, spaces and underscores as '-'.
std::string as_id(std::string_view text) {
  std::string out = fold(text);
  for (char& c : out)
    if (c == ' ' || c == '_') c = '-';
  return out;
}

}  // namespace

std::vector<std::string> nearest(std::string_view wrong, const std::vector<std::string>& known,
                                 std::size_t most) {
  const std::string typed = as_id(wrong);
  const std::size_t limit = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
  std::vector<std::pair<std::size_t, const std::string*>> near;
  std::string lower;
  for (const auto& k : known) {
    if (k == wrong) continue;
    lower = k;  // ids are ASCII: "I.1" and "i.1" are one letter apart from nothing
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::size_t d = distance(typed, lower, limit);
    if (d <= limit && d < typed.size()) near.emplace_back(d, &k);  // "c" is not near "a"
  }
  // Only the nearest: "don-vi-bb" is one letter from "don-vi-b", and two
  // from "don-vi-a", which is no help.
  std::size_t best = limit + 1;
  for (const auto& [d, k] : near) best = std::min(best, d);
  std::vector<std::string> out;
  for (const auto& [d, k] : near)
    if (d == best && out.size() < most) out.push_back(*k);
  return out;
}

Message did_you_mean(std::string_view wrong, const std::vector<std::string>& known) {
  const auto near = nearest(wrong, known);  // at most 3
  if (near.empty()) return {};
  Message names = near.size() == 1 ? Message("name-1", {{"a", near[0]}})
                  : near.size() == 2
                      ? Message("names-2", {{"a", near[0]}, {"b", near[1]}})
                      : Message("names-3", {{"a", near[0]}, {"b", near[1]}, {"c", near[2]}});
  return Message("did-you-mean", {{"names", std::move(names)}});
}

}  // namespace thidua::text
