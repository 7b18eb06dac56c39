#include "site/format.hpp"

#include <unicode/dcfmtsym.h>
#include <unicode/dtptngen.h>
#include <unicode/plurrule.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

namespace thidua::site {
namespace {

std::string utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

/// The pattern ICU's data gives `skeleton` in `locale` ("ddMMy" → "dd/MM/y").
icu::UnicodeString best_pattern(const std::string& locale, const std::string& skeleton) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::DateTimePatternGenerator> g(
      icu::DateTimePatternGenerator::createInstance(icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status)) return icu::UnicodeString::fromUTF8(skeleton);
  const icu::UnicodeString p = g->getBestPattern(icu::UnicodeString::fromUTF8(skeleton), status);
  return U_FAILURE(status) ? icu::UnicodeString::fromUTF8(skeleton) : p;
}

/// `d` written with `skeleton`'s pattern in `locale`, in UTC. A formatter
/// is not to be shared between threads: each thread keeps its own, one per
/// locale and skeleton, and the text of each date it wrote.
std::string format_with(Date d, const std::string& locale, const std::string& skeleton) {
  struct Formatter {
    std::string locale, skeleton;
    std::unique_ptr<icu::SimpleDateFormat> format;
    std::map<long, std::string> done;
  };
  thread_local std::vector<Formatter> formatters;  // a few: looked through, no key to build
  auto found = std::find_if(formatters.begin(), formatters.end(), [&](const Formatter& f) {
    return f.locale == locale && f.skeleton == skeleton;
  });
  if (found == formatters.end())
    found = formatters.insert(formatters.end(), Formatter{locale, skeleton, nullptr, {}});
  Formatter& f = *found;
  if (const auto it = f.done.find(d.days()); it != f.done.end()) return it->second;
  if (!f.format) {
    UErrorCode status = U_ZERO_ERROR;
    f.format = std::make_unique<icu::SimpleDateFormat>(best_pattern(locale, skeleton),
                                                       icu::Locale(locale.c_str()), status);
    if (U_FAILURE(status))
      f.format.reset();
    else
      f.format->adoptTimeZone(icu::TimeZone::createTimeZone("Etc/UTC"));
  }
  std::string text;
  if (f.format) {
    icu::UnicodeString out;
    f.format->format(static_cast<UDate>(d.days()) * 86400000.0, out);
    text = utf8(out);
  } else {
    text = d.iso();
  }
  return f.done.emplace(d.days(), text).first->second;
}

}  // namespace

Locale locale_for(const std::string& language) {
  Locale l;
  l.language = language == "en" ? "en" : "vi";
  // English as written in Britain and in Vietnam's English documents: the
  // day before the month.
  l.icu = l.language == "en" ? "en_GB" : "vi";
  l.date_skeleton = l.language == "en" ? "dMMMy" : "ddMMy";
  l.long_date_skeleton = l.language == "en" ? "dMMMMy" : "";
  UErrorCode status = U_ZERO_ERROR;
  const icu::DecimalFormatSymbols symbols(icu::Locale(l.icu.c_str()), status);
  if (U_SUCCESS(status)) {
    l.decimal_mark = utf8(symbols.getSymbol(icu::DecimalFormatSymbols::kDecimalSeparatorSymbol));
    l.group_mark = utf8(symbols.getSymbol(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol));
  }
  return l;
}

std::string plural_category(long n, const Locale& l) {
  // Each thread asks ICU once per language and count: a site's counts are few.
  struct Rules {
    std::string locale;
    std::unique_ptr<icu::PluralRules> rules;
    std::map<long, std::string> done;
  };
  thread_local std::vector<Rules> all;
  auto r = std::find_if(all.begin(), all.end(), [&](const Rules& x) { return x.locale == l.icu; });
  if (r == all.end()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(
        icu::PluralRules::forLocale(icu::Locale(l.icu.c_str()), status));
    if (U_FAILURE(status)) rules.reset();
    r = all.insert(all.end(), Rules{l.icu, std::move(rules), {}});
  }
  if (const auto it = r->done.find(n); it != r->done.end()) return it->second;
  const std::string category =
      r->rules ? utf8(r->rules->select(static_cast<int32_t>(n))) : std::string("other");
  return r->done.emplace(n, category).first->second;
}

std::string format_number(Points p, const Locale& l) {
  std::string s = format_points(p, '.');
  if (const auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, l.decimal_mark);
  return s;
}

std::string format_count(std::size_t n, const Locale& l) {
  // Grouped from four digits on (CLDR leaves "1234" ungrouped in some
  // languages; a column of counts reads better grouped alike).
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += l.group_mark;
    out += digits[i];
  }
  return out;
}

std::string format_share(long count, long of, const Locale& l) {
  if (of <= 0) return "0%";
  // Tenths of a percent, as hundredths of a point rounded to one decimal.
  const Points tenths = divide_rounded(static_cast<Points>(count) * 1000, of);
  return format_number(tenths * 10, l) + "%";
}

std::string format_date(Date d, const Locale& l) { return format_with(d, l.icu, l.date_skeleton); }

std::string format_long_date(Date d, const Locale& l) {
  if (!l.long_date_skeleton.empty()) return format_with(d, l.icu, l.long_date_skeleton);
  // Administrative style pads day 1–9 and months 1–2 with a zero (Nghị định 30/2020).
  const std::string day = d.day < 10 ? "0" + std::to_string(d.day) : std::to_string(d.day);
  const std::string month = d.month < 3 ? "0" + std::to_string(d.month) : std::to_string(d.month);
  return "ngày " + day + " tháng " + month + " năm " + std::to_string(d.year);
}

const char* direction_name(Direction d) {
  switch (d) {
    case Direction::kUp:
      return "up";
    case Direction::kDown:
      return "down";
    case Direction::kSame:
      return "same";
    case Direction::kNone:
      break;
  }
  return "none";
}

Change rank_change(const std::optional<int>& change, const Locale& l) {
  if (!change) return {"", Direction::kNone, 0};
  if (*change > 0)
    return {"▲ " + format_count(static_cast<std::size_t>(*change), l), Direction::kUp, *change};
  if (*change < 0)
    return {"▼ " + format_count(static_cast<std::size_t>(-*change), l), Direction::kDown, -*change};
  return {"=", Direction::kSame, 0};
}

std::string format_total_change(const std::optional<Points>& change, const Locale& l) {
  if (!change) return "";
  if (*change > 0) return "+" + format_number(*change, l);
  if (*change < 0) return "−" + format_number(-*change, l);
  return "0";
}

std::string unit_suffix(const std::string& unit) {
  if (unit.empty() || unit == "%" || unit == "\u2030") return unit;
  return "\u00a0" + unit;
}

}  // namespace thidua::site
