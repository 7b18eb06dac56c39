#include "site/xlsx.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

using thidua::site::number_width;

namespace {
/// The text a spreadsheet shows for i/100, written from the integer's digits
/// (no floating point, no printf): "-12.5" for -1250, "3" for 300.
std::string hundredths_text(int i) {
  const int whole = std::abs(i) / 100, cents = std::abs(i) % 100;
  std::string s = (i < 0 ? "-" : "") + std::to_string(whole);
  if (cents != 0) {
    s += '.';
    s += static_cast<char>('0' + cents / 10);
    if (cents % 10 != 0) s += static_cast<char>('0' + cents % 10);
  }
  return s;
}
}  // namespace

TEST_CASE("a number cell's width is that of its text with two decimals, trailing zeros dropped") {
  // Written out by hand: what a spreadsheet shows for each.
  CHECK(number_width(0) == 1);         // 0
  CHECK(number_width(2) == 1);         // 2
  CHECK(number_width(10) == 2);        // 10
  CHECK(number_width(100) == 3);       // 100
  CHECK(number_width(1.5) == 3);       // 1.5
  CHECK(number_width(29.75) == 5);     // 29.75
  CHECK(number_width(0.29) == 4);      // 0.29, not exactly a hundredth in binary
  CHECK(number_width(-2.5) == 4);      // -2.5
  CHECK(number_width(-0.0) == 2);      // -0, as printf has it
  CHECK(number_width(10000) == 5);     // 10000
  CHECK(number_width(0.125) == 4);     // 0.12: not hundredths, printed and rounded
  CHECK(number_width(0.001) == 1);     // 0
  CHECK(number_width(1234.567) == 7);  // 1234.57
  CHECK(number_width(1e20) == 21);     // 100000000000000000000
  // Every hundredth up to 200, both signs, against its digits.
  for (int i = -20000; i <= 20000; ++i) {
    const double v = i / 100.0;
    CAPTURE(v);
    CHECK(number_width(v) == hundredths_text(i).size());
  }
}
