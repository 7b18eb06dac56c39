// The one rule for characters that text typed by many hands may not carry
// into anything thidua writes (pages, chart data, open data, the search
// index, feeds, calendars): invisible controls that break files or reorder
// what a reader sees. Each writer drops them through this rule, so they are
// dropped alike everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace thidua::text {

/// True for the bytes a dropped character can start with: a quick test
/// before control_length.
constexpr bool may_start_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F || c == 0xC2 || c == 0xD8 ||
         c == 0xE2;
}

/// How many bytes the character at `s[i]` takes when the rule drops it, or 0
/// when it is kept. Dropped: C0 controls but tab, line feed and carriage
/// return (each writer spells those its own way); DEL; the C1 controls
/// U+0080–U+009F (U+0085, the "next line", among them); the Arabic letter
/// mark U+061C, the left-to-right and right-to-left marks U+200E and U+200F,
/// the bidirectional embeddings and overrides U+202A–U+202E and isolates
/// U+2066–U+2069. Anything else, an incomplete sequence included, is kept.
std::size_t control_length(std::string_view s, std::size_t i);

/// True when `s` holds a character the rule drops.
bool has_controls(std::string_view s);

/// `s` without the characters the rule drops.
std::string without_controls(std::string_view s);

/// A value as a message quotes it: the rule's characters dropped, tab and
/// line breaks shown as spaces, and cut to `max_chars` characters with "…"
/// and its whole length after it, so that a 40 MB cell or a file name of line
/// breaks prints as one short line (on a terminal and in the preview's pages).
/// The length is said in `vietnamese` words when asked ("(N ký tự)").
std::string excerpt(std::string_view s, std::size_t max_chars = 80, bool vietnamese = false);

}  // namespace thidua::text
