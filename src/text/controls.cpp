#include "text/controls.hpp"

#include <algorithm>

namespace thidua::text {

std::size_t control_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  const unsigned char c = at(0);
  if (!may_start_control(c)) return 0;
  if (c < 0x80) return 1;                                        // C0 (not tab, LF, CR) or DEL
  if (c == 0xC2) return at(1) >= 0x80 && at(1) <= 0x9F ? 2 : 0;  // C1
  if (c == 0xD8) return at(1) == 0x9C ? 2 : 0;                   // U+061C
  const unsigned char b = at(1), d = at(2);                      // E2 b d
  if (b == 0x80 && (d == 0x8E || d == 0x8F || (d >= 0xAA && d <= 0xAE))) return 3;
  if (b == 0x81 && d >= 0xA6 && d <= 0xA9) return 3;
  return 0;
}

bool has_controls(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (control_length(s, i) > 0) return true;
  return false;
}

std::string without_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = control_length(s, i); n > 0) {
      i += n;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::string excerpt(std::string_view s, std::size_t max_chars, bool vietnamese) {
  std::string out;
  std::size_t chars = 0, total = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = control_length(s, i); n > 0) {
      i += n;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    n = std::min(n, s.size() - i);
    if (chars < max_chars) {
      if (c == '\t' || c == '\n' || c == '\r')
        out += ' ';
      else
        out.append(s.substr(i, n));
      ++chars;
    }
    ++total;
    i += n;
  }
  if (total > max_chars)
    out += "… (" + std::to_string(total) + (vietnamese ? " ký tự)" : " characters)");
  return out;
}

}  // namespace thidua::text
