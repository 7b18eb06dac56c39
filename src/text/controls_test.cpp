#include "text/controls.hpp"

#include <doctest/doctest.h>

using thidua::text::has_controls;
using thidua::text::without_controls;

TEST_CASE("controls: the one rule drops invisible controls and bidirectional marks") {
  // Each of these is dropped, written out byte by byte.
  const char* dropped[] = {"\x00",         "\x01",         "\x1b",         "\x1f",
                           "\x7f",         "\xc2\x80",     "\xc2\x85",     "\xc2\x9f",
                           "\xd8\x9c",     "\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x80\xaa",
                           "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
                           "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"};
  for (const char* d : dropped) {
    const std::string c = *d ? std::string(d) : std::string(1, '\0');
    CAPTURE(c.size());
    CHECK(has_controls("a" + c + "b"));
    CHECK(without_controls("a" + c + "b") == "ab");
    CHECK(without_controls(c) == "");
  }
}

TEST_CASE("controls: their neighbours and ordinary text are kept") {
  // tab, LF, CR; U+00A0 (C2 A0), U+00C0; U+061B (D8 9B); U+200B, U+200C,
  // U+200D (zero-width joiners, needed by some scripts); U+2028, U+2029
  // (escaped where they matter); U+2010 dash, U+2026 ellipsis; U+2065,
  // U+206A; Vietnamese letters; an incomplete sequence at the end.
  const char* kept[] = {"\t",           "\n",           "\r",           "\xc2\xa0",
                        "\xc3\x80",     "\xd8\x9b",     "\xe2\x80\x8b", "\xe2\x80\x8c",
                        "\xe2\x80\x8d", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\x90",
                        "\xe2\x80\xa6", "\xe2\x81\xa5", "\xe2\x81\xaa", "Đoàn Thanh niên",
                        "\xe2\x80",     "\xc2",         "\xd8"};
  for (const char* k : kept) {
    CAPTURE(k);
    CHECK_FALSE(has_controls(k));
    CHECK(without_controls(k) == k);
  }
  CHECK(without_controls("Sở\xe2\x80\xaeY tế\x7f\xc2\x85.") == "SởY tế.");
}

TEST_CASE("excerpt: a value as a message quotes it, short and on one line") {
  CHECK(thidua::text::excerpt("Đơn vị A") == "Đơn vị A");
  CHECK(thidua::text::excerpt("a\nb\tc\rd") == "a b c d");
  CHECK(thidua::text::excerpt("x\xe2\x80\xaey\x07") == "xy");
  // 5 characters kept of 12 (Vietnamese letters count once each), then the length.
  CHECK(thidua::text::excerpt("Đoàn Thanh niên", 5) == "Đoàn … (15 characters)");
  const std::string huge(40'000'000, '9');
  const std::string shown = thidua::text::excerpt(huge);
  CHECK(shown == std::string(80, '9') + "… (40000000 characters)");
}
