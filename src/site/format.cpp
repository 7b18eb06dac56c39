#include "site/format.hpp"

#include <unicode/dcfmtsym.h>
#include <unicode/dtptngen.h>
#include <unicode/plurrule.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
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

/// `d` written with `skeleton`'s pattern in `locale`, in UTC. One formatter
/// per locale and skeleton for the process, used under a lock (ICU's are
/// not to be shared between threads), and the text of each date it wrote.
/// Not per thread: a thread_local object with a destructor crashes at
/// thread exit in the Windows build (MinGW's emulated TLS frees it first).
std::string format_with(Date d, const std::string& locale, const std::string& skeleton) {
  struct Formatter {
    bool made = false;
    std::unique_ptr<icu::SimpleDateFormat> format;
    std::map<long, std::string> done;
  };
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, Formatter> formatters;
  std::lock_guard lock(mutex);
  Formatter& f = formatters[{locale, skeleton}];
  if (const auto it = f.done.find(d.days()); it != f.done.end()) return it->second;
  if (!f.made) {
    f.made = true;
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
  // ICU is asked once per language and count for the process (a site's
  // counts are few), under a lock: see format_with.
  struct Rules {
    bool made = false;
    std::unique_ptr<icu::PluralRules> rules;
    std::map<long, std::string> done;
  };
  static std::mutex mutex;
  static std::map<std::string, Rules> all;
  std::lock_guard lock(mutex);
  Rules& r = all[l.icu];
  if (const auto it = r.done.find(n); it != r.done.end()) return it->second;
  if (!r.made) {
    r.made = true;
    UErrorCode status = U_ZERO_ERROR;
    r.rules.reset(icu::PluralRules::forLocale(icu::Locale(l.icu.c_str()), status));
    if (U_FAILURE(status)) r.rules.reset();
  }
  const std::string category =
      r.rules ? utf8(r.rules->select(static_cast<int32_t>(n))) : std::string("other");
  return r.done.emplace(n, category).first->second;
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
