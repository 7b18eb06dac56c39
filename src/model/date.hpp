// Calendar dates (proleptic Gregorian), parsed from ISO 8601 `YYYY-MM-DD`.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace thidua {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  auto operator<=>(const Date&) const = default;

  /// Days since 1970-01-01.
  int days() const;
  /// The date `days` days after 1970-01-01.
  static Date from_days(int days);
  /// Day of the week, 0 = Monday … 6 = Sunday.
  int weekday() const;
  /// "YYYY-MM-DD".
  std::string iso() const;
};

/// Parses exactly `YYYY-MM-DD` with a real calendar day (no 2024-02-30).
std::optional<Date> parse_date(std::string_view text);

}  // namespace thidua
