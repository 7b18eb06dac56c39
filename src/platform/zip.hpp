// A zip made in memory with libarchive, the same bytes whatever the clock or
// the time zone: what thidua writes of a Word document (its clean original,
// a document `convert` makes). On the platform floor because a zip's dates
// are local times: libarchive converts them with the process's time zone.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace thidua::platform {

/// A zip of `entries` (name, bytes) in their order, deflated, each dated
/// 1980-01-01 00:00 (zip's first day) in UTC, with no padding after its end.
std::string zip_in_memory(
    const std::vector<std::pair<std::string_view, std::string_view>>& entries);

}  // namespace thidua::platform
