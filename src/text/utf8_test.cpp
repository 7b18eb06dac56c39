#include "text/utf8.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace thidua::text;

namespace {

/// A small deterministic random source.
struct Lcg {
  std::uint32_t seed;
  std::uint32_t operator()() {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  }
};

}  // namespace

TEST_CASE("TextIndex and find_invalid_utf8 agree with a character-at-a-time reading") {
  const std::vector<std::string> pieces = {"a", "0123456789", "ạ", "Đoàn", "\n", "😀", " ", "\r\n"};
  Lcg next{7};
  for (int n = 0; n < 300; ++n) {
    std::string text;
    std::vector<std::size_t> starts;  // offsets where a character starts
    const std::uint32_t count = next() % 60;
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::string& piece = pieces[next() % pieces.size()];
      for (std::size_t b = 0; b < piece.size(); ++b)
        if ((static_cast<unsigned char>(piece[b]) & 0xC0) != 0x80)
          starts.push_back(text.size() + b);
      text += piece;
    }
    CHECK(find_invalid_utf8(text) == std::string::npos);
    // where each character is, counted one by one
    std::vector<std::pair<int, int>> expected;
    int line = 1, column = 1;
    for (std::size_t offset : starts) {
      expected.push_back({line, column});
      if (text[offset] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    // asked at every character, then by long steps, then back at the start
    const TextIndex every(text), some(text);
    for (std::size_t c = 0; c < starts.size(); ++c) REQUIRE(every.locate(starts[c]) == expected[c]);
    for (std::size_t c = next() % 5; c < starts.size(); c += 1 + next() % 23)
      REQUIRE(some.locate(starts[c]) == expected[c]);
    if (!starts.empty()) CHECK(some.locate(starts.front()) == std::pair{1, 1});
    // an invalid byte where a character starts is found there
    if (!starts.empty()) {
      const std::size_t at = starts[next() % starts.size()];
      std::string bad = text;
      bad.insert(at, 1, '\xFF');
      CHECK(find_invalid_utf8(bad) == at);
    }
  }
}
