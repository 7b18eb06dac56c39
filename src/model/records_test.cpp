#include <doctest/doctest.h>

#include <string>

#include "model/records.hpp"
#include "text/sha256.hpp"

using namespace thidua;

namespace {
/// A number as the canonical form writes it: eight bytes, little-endian.
std::string le64(unsigned long long n) {
  std::string out;
  for (int i = 0; i < 8; ++i, n >>= 8) out += static_cast<char>(n & 0xff);
  return out;
}
}  // namespace

TEST_CASE("a record's hash is the SHA-256 of its fields, each text tagged with its length") {
  // The bytes written out by hand: how the writer buffers them (small
  // fields gathered, a long one handed to the hash whole, fields across
  // the buffer's end) must not change the hash, or every seal would break.
  const std::string long_text(10000, 'x');
  const std::string bytes_of_many = [] {
    std::string s;
    for (int i = 0; i < 700; ++i) s += le64(5) + "abcde" + le64(static_cast<unsigned>(i));
    return s;
  }();
  records::Writer w;
  for (int i = 0; i < 700; ++i) w.text("abcde").number(i);
  CHECK(records::hex(w.finish()) == text::content_hash(bytes_of_many));
  // The writer starts over after finish().
  w.text("ab").number(-1).flag(true).text(long_text).text("");
  const std::string expected =
      le64(2) + "ab" + le64(~0ULL) + le64(1) + le64(10000) + long_text + le64(0);
  CHECK(records::hex(w.finish()) == text::content_hash(expected));
  // A long field after a nearly full buffer.
  for (int i = 0; i < 500; ++i) w.number(i);
  w.text(long_text);
  std::string after;
  for (int i = 0; i < 500; ++i) after += le64(static_cast<unsigned>(i));
  CHECK(records::hex(w.finish()) == text::content_hash(after + le64(10000) + long_text));
}
