// Path containment, for the rule that nothing outside --source is read and
// nothing outside --output is written.
#pragma once

#include <filesystem>

namespace thidua {

/// True when `inner` is `outer` or lies below it. Both must be normalised
/// (canonical or lexically normal) absolute paths.
inline bool path_contains(const std::filesystem::path& outer, const std::filesystem::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i)
    if (i == inner.end() || *o != *i) return false;
  return true;
}

}  // namespace thidua
