#include "model/points.hpp"

#include <cstdlib>
#include <optional>

namespace thidua {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// The usual spelling, "-12.5": up to 12 digits, then up to 2 decimals.
/// Anything else (exponents, more decimals, stray characters) is left to
/// the general reading. A results file holds a million of these.
std::optional<Points> parse_plain(std::string_view t) {
  std::size_t i = 0;
  const bool negative = i < t.size() && t[i] == '-';
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
  const std::size_t start = i;
  Points v = 0;
  while (i < t.size() && is_digit(t[i]) && i - start < 12) v = v * 10 + (t[i++] - '0');
  if (i == start) return std::nullopt;
  int decimals = 0;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && is_digit(t[i]) && decimals < 2) {
      v = v * 10 + (t[i++] - '0');
      ++decimals;
    }
    if (decimals == 0) return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  for (; decimals < 2; ++decimals) v *= 10;
  return negative ? -v : v;
}

}  // namespace

ParsedPoints parse_points(std::string_view t) {
  ParsedPoints out;
  if ((out.value = parse_plain(t))) return out;
  size_t i = 0;
  bool negative = false;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) negative = t[i++] == '-';
  std::string digits;  // integer digits followed by fraction digits
  int fraction_digits = 0;
  bool any_digit = false;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') digits += t[i++], any_digit = true;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      digits += t[i++];
      ++fraction_digits;
      any_digit = true;
    }
  }
  if (!any_digit) return out;
  int exponent = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) exp_negative = t[i++] == '-';
    if (i == t.size()) return out;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      exponent = exponent * 10 + (t[i++] - '0');
      if (exponent > 100) {
        out.error = ParsePointsError::kOutOfRange;
        return out;
      }
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != t.size()) return out;
  // value = digits × 10^(exponent − fraction_digits); we want hundredths.
  int shift = exponent - fraction_digits + 2;
  // Drop trailing zeros that only shift the scale.
  while (shift < 0 && !digits.empty() && digits.back() == '0') digits.pop_back(), ++shift;
  if (shift < 0) {
    out.error = ParsePointsError::kTooManyDecimals;
    return out;
  }
  size_t first = digits.find_first_not_of('0');
  std::string significant = first == std::string::npos ? "" : digits.substr(first);
  if (significant.size() + static_cast<size_t>(shift) > 14) {
    out.error = ParsePointsError::kOutOfRange;
    return out;
  }
  Points v = 0;
  for (char c : significant) v = v * 10 + (c - '0');
  for (int k = 0; k < shift; ++k) v *= 10;
  out.value = negative ? -v : v;
  return out;
}

std::string format_points(Points p, char decimal_mark) {
  // Written from the end of a buffer: a score page spells a hundred of these.
  char buffer[32];
  char* const end = buffer + sizeof buffer;
  char* s = end;
  const Points a = std::llabs(p);
  const int frac = static_cast<int>(a % 100);
  if (frac != 0) {
    if (frac % 10 != 0) *--s = static_cast<char>('0' + frac % 10);
    *--s = static_cast<char>('0' + frac / 10);
    *--s = decimal_mark;
  }
  Points whole = a / 100;
  do {
    *--s = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  if (p < 0) *--s = '-';
  return std::string(s, end);
}

Points divide_rounded(Points n, std::int64_t d) {
  const Points q = n / d, r = n % d;
  if (2 * std::llabs(r) >= d) return n < 0 ? q - 1 : q + 1;
  return q;
}

}  // namespace thidua
