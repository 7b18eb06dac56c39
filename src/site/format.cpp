#include "site/format.hpp"

#include <array>

namespace thidua::site {
namespace {

std::string two_digits(int n) {  // days and months: 1..31
  if (n < 0 || n > 99) return std::to_string(n);
  return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

constexpr std::array<const char*, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 12> kMonthsEnLong = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace

Locale locale_for(const std::string& language) {
  if (language == "en") return {"en", '.'};
  return {"vi", ','};
}

std::string format_number(Points p, const Locale& l) { return format_points(p, l.decimal_mark); }

std::string format_count(std::size_t n, const Locale& l) {
  const std::string digits = std::to_string(n);
  std::string out;
  const char group = l.decimal_mark == ',' ? '.' : ',';
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += group;
    out += digits[i];
  }
  return out;
}

std::string format_share(long count, long of, const Locale& l) {
  if (of <= 0) return "0%";
  // Tenths of a percent, as hundredths of a point rounded to one decimal.
  const Points tenths = divide_rounded(static_cast<Points>(count) * 1000, of);
  return format_points(tenths * 10, l.decimal_mark) + "%";
}

std::string format_date(Date d, const Locale& l) {
  if (l.language == "en")
    return std::to_string(d.day) + " " + kMonthsEn[d.month - 1] + " " + std::to_string(d.year);
  return two_digits(d.day) + "/" + two_digits(d.month) + "/" + std::to_string(d.year);
}

std::string format_long_date(Date d, const Locale& l) {
  if (l.language == "en")
    return std::to_string(d.day) + " " + kMonthsEnLong[d.month - 1] + " " + std::to_string(d.year);
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
