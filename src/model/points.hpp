// Scores as exact hundredths. The contract allows at most two decimals, so every
// score, total and goal is an integer count of 0.01 points: sums are exact and
// equal totals tie.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace thidua {

using Points = std::int64_t;  ///< hundredths: 87.5 is 8750

enum class ParsePointsError { kNotANumber, kTooManyDecimals, kOutOfRange };

struct ParsedPoints {
  std::optional<Points> value;
  ParsePointsError error = ParsePointsError::kNotANumber;
};

/// Parses a plain decimal ("9", "-3", "8.5", "8.50", "1e1" as JSON writes it)
/// into hundredths. Fails on more than two significant decimals, on text that
/// is not a number, and on magnitudes beyond ±10^12.
ParsedPoints parse_points(std::string_view text);

/// Shortest decimal text: 8750 → "87.5", 900 → "9", 5 → "0.05", -125 → "-1.25".
/// `decimal_mark` lets the theme print "87,5" for Vietnamese.
std::string format_points(Points p, char decimal_mark = '.');

/// Rounds numerator/denominator (denominator > 0) to the nearest hundredth,
/// halves away from zero. Used for averages of hundredths.
Points divide_rounded(Points numerator, std::int64_t denominator);

}  // namespace thidua
