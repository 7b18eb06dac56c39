#include "text/utf8.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

namespace thidua::text {

namespace {

/// Eight bytes of `p`, in memory order.
std::uint64_t word_at(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

/// How many of `p[0..n)` start a UTF-8 character (are not 10xxxxxx).
std::size_t count_characters(const char* p, std::size_t n) {
  std::size_t count = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    const std::uint64_t w = word_at(p + i);
    // continuation bytes: high bit set, the next one clear
    const std::uint64_t continuation = w & ~(w << 1) & kHighBits;
    count += 8 - static_cast<std::size_t>(std::popcount(continuation));
  }
  for (; i < n; ++i)
    if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace

TextIndex::TextIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<std::size_t>(p - begin));
  }
}

std::pair<int, int> TextIndex::locate(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  std::size_t start = line_starts_[line - 1];
  if (start == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) start = 3;
  int column = 1;
  std::size_t from = start;
  if (last_line_ == line && last_offset_ >= start && last_offset_ <= offset) {
    from = last_offset_;
    column = last_column_;
  }
  if (offset > from)
    column += static_cast<int>(count_characters(text_.data() + from, offset - from));
  last_line_ = line;
  last_offset_ = offset;
  last_column_ = column;
  return {static_cast<int>(line), column};
}

std::size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII (most of a JSON file) eight bytes at a time
    if (i + 8 <= n && (word_at(s.data() + i) & kHighBits) == 0) {
      i += 8;
      continue;
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + static_cast<std::size_t>(len) > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (int k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += static_cast<std::size_t>(len);
  }
  return std::string::npos;
}

}  // namespace thidua::text
