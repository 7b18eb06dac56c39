#include "text/xlsx.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

using thidua::text::number_width;

namespace {
/// "%.2f" without its trailing zeros, the text a column is widened to fit.
std::string shown(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) s.pop_back();
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
  // Every hundredth up to 200, both signs, against printf itself.
  for (int i = -20000; i <= 20000; ++i) {
    const double v = i / 100.0;
    CAPTURE(v);
    CHECK(number_width(v) == shown(v).size());
  }
}
