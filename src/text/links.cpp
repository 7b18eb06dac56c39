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

namespace {

/// The length of "http://" or "https://" at the start of `url`, in any case
/// (a scheme is case-insensitive: "HTTPS://" is valid); 0 for another.
std::size_t scheme_length(std::string_view url) {
  const auto starts = [&](std::string_view scheme) {
    if (url.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      const char c = url[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != scheme[i]) return false;
    }
    return true;
  };
  return starts("https://") ? 8 : starts("http://") ? 7 : 0;
}

}  // namespace

Message base_url_problem(std::string_view url) {
  const std::size_t host_at = scheme_length(url);
  if (host_at == 0) return Message("url-not-absolute");
  for (const char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f) return Message("url-controls");
    if (ch == '\\') return Message("url-backslash");
    if (ch == '?' || ch == '#') return Message("url-query");
    // What RFC 3986 never lets stand in an address unencoded.
    if (std::string_view("\"<>`{}|^").find(ch) != std::string_view::npos)
      return Message("url-character", {{"char", std::string(1, ch)}});
  }
  const std::string_view rest = url.substr(host_at);
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) return Message("url-user");
  if (authority.empty() || authority.front() == ':') return Message("url-no-host");
  // A port after the host (after "]" for an IPv6 address): 1 to 65535.
  const std::size_t host_end = authority.front() == '[' ? authority.find(']') : 0;
  if (host_end == std::string_view::npos) return Message("url-ipv6");
  if (const std::size_t colon = authority.find(':', host_end); colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    long n = 0;
    bool digits = !port.empty() && port.size() <= 5;
    for (const char c : port) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) n = n * 10 + (c - '0');
    }
    if (!digits || n < 1 || n > 65535) return Message("url-port", {{"port", port}});
  }
  return {};
}

std::string normal_base_url(std::string_view url) {
  std::string out(url);
  for (std::size_t i = 0; i < scheme_length(url); ++i)
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
  if (!out.ends_with("/")) out += '/';
  return out;
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
