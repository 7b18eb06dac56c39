#include "model/links.hpp"

#include <string>

namespace thidua {

bool is_safe_link(std::string_view url) {
  // Browsers drop leading C0 controls and spaces, and tabs and newlines anywhere.
  std::string scheme;
  std::size_t i = 0;
  while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
  for (; i < url.size(); ++i) {
    const char c = url[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c == ':') break;
    if (c == '/' || c == '?' || c == '#') return true;  // relative: no scheme
    scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (i == url.size()) return true;  // no ':' at all: relative
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

}  // namespace thidua
