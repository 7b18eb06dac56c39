#include "text/links.hpp"

#include <string>

namespace thidua::text {

bool is_safe_link(std::string_view url) {
  // Browsers drop leading C0 controls and spaces, and tabs and newlines anywhere.
  std::string scheme;
  std::size_t i = 0;
  while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
  // "//host/…" (and "\\host", "/\host": browsers read a backslash as a slash)
  // names another host without saying how to reach it: https on the web, but
  // file://host — a network share — in a snapshot opened from disk.
  int slashes = 0;
  for (std::size_t j = i; j < url.size() && slashes < 2; ++j) {
    const char c = url[j];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c != '/' && c != '\\') break;
    ++slashes;
  }
  if (slashes == 2) return false;
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

std::string base_url_problem(std::string_view url) {
  const std::string_view example = " (e.g. \"https://doankhoi.example.vn/thidua/\")";
  std::size_t host_at = 0;
  if (url.starts_with("https://"))
    host_at = 8;
  else if (url.starts_with("http://"))
    host_at = 7;
  else
    return "must be an absolute http:// or https:// address" + std::string(example);
  for (const char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f)
      return "must not contain spaces, line breaks or other control characters";
    if (ch == '\\') return "must not contain a backslash";
    if (ch == '?' || ch == '#')
      return "must not contain a query (?) or a fragment (#): every address of the site is "
             "made by adding to it";
  }
  const std::string_view rest = url.substr(host_at);
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos)
    return "must not contain a user name or password (user:password@): it would be published";
  if (authority.empty() || authority.front() == ':')
    return "has no host name" + std::string(example);
  return "";
}

std::string base_url_path(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "/";
  const auto slash = url.find('/', scheme + 3);
  std::string path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (!path.ends_with("/")) path += "/";
  return path;
}

}  // namespace thidua::text
