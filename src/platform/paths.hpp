// Path containment, for the rule that nothing outside --source is read and
// nothing outside --output is written.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace thidua::platform {

/// A path from UTF-8 text, on every system. (On Windows std::filesystem
/// reads a narrow string in the C library's code page, and writes one the
/// same way, throwing for a Vietnamese letter: thidua's text is UTF-8.)
inline std::filesystem::path path_of(std::string_view utf8) {
  return std::filesystem::path(
      std::u8string_view(reinterpret_cast<const char8_t*>(utf8.data()), utf8.size()));
}

/// The path as UTF-8 text, its separators the system's: for messages.
inline std::string text_of(const std::filesystem::path& p) {
  const std::u8string u = p.u8string();
  return std::string(u.begin(), u.end());
}

/// The path as UTF-8 text with '/' between its parts: for names kept in
/// files (stamps, manifests) and compared.
inline std::string generic_text_of(const std::filesystem::path& p) {
  const std::u8string u = p.generic_u8string();
  return std::string(u.begin(), u.end());
}

/// True when `inner` is `outer` or lies below it. Both must be normalised
/// (canonical or lexically normal) absolute paths.
inline bool path_contains(const std::filesystem::path& outer, const std::filesystem::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i)
    if (i == inner.end() || *o != *i) return false;
  return true;
}

/// `p` made absolute and lexically normal, without a trailing separator:
/// "public/" names the folder public. Never throws.
inline std::filesystem::path absolute_folder(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::path r = std::filesystem::absolute(p, ec).lexically_normal();
  while (!r.has_filename() && r.has_relative_path()) r = r.parent_path();
  return r;
}

/// `p` absolute, its links and "..", as far as they exist, resolved. Never throws.
inline std::filesystem::path resolved_path(const std::filesystem::path& p) {
  const std::filesystem::path a = absolute_folder(p);
  std::error_code ec;
  std::filesystem::path r = std::filesystem::weakly_canonical(a, ec);
  return ec ? a : r;
}

/// True when `path` is the folder `folder` or lies below it once both are
/// resolved (a link into the folder counts as inside).
inline bool is_inside(const std::filesystem::path& folder, const std::filesystem::path& path) {
  return path_contains(resolved_path(folder), resolved_path(path));
}

}  // namespace thidua::platform
