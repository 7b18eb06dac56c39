// Numbers, dates and changes as the reader's language writes them. The site
// stage formats every value once, so templates only print text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "model/date.hpp"
#include "model/points.hpp"

namespace thidua::site {

/// How the site's language writes numbers and dates, from ICU's data (CLDR):
/// made once per build by locale_for, then read by every thread.
struct Locale {
  std::string language = "vi";  ///< site.json's "language": "vi" or "en"
  std::string icu = "vi";       ///< the ICU locale: "vi"; "en_GB" for "en" (day before month)
  std::string decimal_mark = ",", group_mark = ".";
  std::string date_skeleton = "ddMMy";  ///< ICU skeleton of a date in tables and lists
  std::string long_date_skeleton;  ///< of a document's date line ("": the administrative style)
};

/// The locale of a site language; ICU gives its marks and patterns.
Locale locale_for(const std::string& language);

/// The plural category ICU's rules give `n` in the locale's language:
/// "one" or "other" in English, always "other" in Vietnamese.
std::string plural_category(long n, const Locale& l);

/// 8750 → "87,5" (vi) or "87.5" (en); never grouped (scores are short).
std::string format_number(Points p, const Locale& l);
/// A count with its thousands grouped, four digits too: 10000 → "10.000",
/// 1234 → "1.234" (vi); "10,000" (en).
std::string format_count(std::size_t n, const Locale& l);
/// count/of as a percentage with at most one decimal: "33,3%"; "0%" when of is 0.
std::string format_share(long count, long of, const Locale& l);
/// What follows a target's number: "%" and "‰" as they are ("90%"), a word
/// after a no-break space ("2 người"), "" for none.
std::string unit_suffix(const std::string& unit);
/// vi "02/07/2024", en "2 Jul 2024" (ICU's patterns for the skeletons).
std::string format_date(Date d, const Locale& l);
/// The date line of an administrative document: vi "ngày 10 tháng 05 năm
/// 2024" (the style of Nghị định 30/2020, which no locale data has), en
/// "10 May 2024".
std::string format_long_date(Date d, const Locale& l);

/// Which way a rank moved; kNone: no compared period, or not ranked in it.
enum class Direction { kUp, kDown, kSame, kNone };
/// The direction as templates and style sheets name it: "up", "down",
/// "same", "none".
const char* direction_name(Direction d);

/// A rank change for tables: text "▲ 2", "▼ 1", "=", or "" when unknown, its
/// direction and how many places.
struct Change {
  std::string text;
  Direction direction = Direction::kNone;
  int amount = 0;
};
/// A rank change as shown: "▲ 3", "▼ 1.204" (grouped as the language has it), "=".
Change rank_change(const std::optional<int>& change, const Locale& l);
/// A total change with its sign: "+4,25", "−1,5", "0"; "" when unknown.
std::string format_total_change(const std::optional<Points>& change, const Locale& l);

}  // namespace thidua::site
