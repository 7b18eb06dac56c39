// UTF-8 checks, and byte offsets to line:column for messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace thidua::text {

/// Maps byte offsets in a text to 1-based (line, column); the column counts
/// UTF-8 characters, as editors do, not bytes. A BOM does not count.
class TextIndex {
 public:
  explicit TextIndex(std::string_view text);
  /// Amortised O(1) for increasing offsets on one line (files written on one
  /// long line are common: a JSON export), O(distance) otherwise.
  std::pair<int, int> locate(std::size_t offset) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  // The last answer, to continue from: loaders ask in file order.
  mutable std::size_t last_offset_ = 0;
  mutable std::size_t last_line_ = 0;  ///< 0: none yet
  mutable int last_column_ = 1;
};

/// Offset of the first byte that is not valid UTF-8, or npos when it all is.
/// Rejects overlong forms, surrogates and code points above U+10FFFF.
std::size_t find_invalid_utf8(std::string_view text);

}  // namespace thidua::text
