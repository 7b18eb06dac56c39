// Text as a reader matches it: folded (lower case, no Vietnamese tone or
// vowel marks, đ as d), and the known names nearest to one mistyped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/messages.hpp"

namespace thidua::text {

/// `text` lower-cased, its marks removed (Vietnamese tones and vowel marks),
/// Đ and đ as d: "Đoàn cơ sở" → "doan co so". Through ICU.
std::string fold(std::string_view text);

/// The ids of `known` nearest to the mistyped `wrong`, in the order known, at
/// most `most`: those at the smallest edit distance (a letter added, dropped,
/// changed, or two swapped) found within a third of its length (1 to 3),
/// after folding it as an id is typed from a name ("Đơn vị B" → "don-vi-b").
/// `wrong` itself is not offered.
std::vector<std::string> nearest(std::string_view wrong, const std::vector<std::string>& known,
                                 std::size_t most = 3);

/// " (did you mean "a" or "b"?)" for what nearest() finds; an empty
/// message (told as "") when it finds none.
Message did_you_mean(std::string_view wrong, const std::vector<std::string>& known);

}  // namespace thidua::text
