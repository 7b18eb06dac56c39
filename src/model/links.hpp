// Which link targets may reach a page. Links come from Markdown and from data
// (evidence) typed by many hands.
#pragma once

#include <string_view>

namespace thidua {

/// True for http:, https:, mailto:, tel: and scheme-less (relative) links.
/// False for everything else (javascript:, vbscript:, data:, file:, …), however
/// it is spelt: case, leading spaces and control characters, or characters a
/// browser skips inside the scheme do not help.
bool is_safe_link(std::string_view url);

}  // namespace thidua
