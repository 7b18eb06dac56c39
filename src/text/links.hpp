// Which link targets may reach a page. Links come from Markdown and from data
// (evidence) typed by many hands.
#pragma once

#include <string>
#include <string_view>

#include "text/messages.hpp"

namespace thidua::text {

/// True for http:, https:, mailto:, tel: and relative links. False for
/// everything else: other schemes (javascript:, vbscript:, data:, file:, …) and
/// links to another host without a scheme ("//host/…"), however
/// it is spelt: case, leading spaces and control characters, or characters a
/// browser skips inside the scheme do not help.
bool is_safe_link(std::string_view url);

/// "" when `url` can be the site's base_url: http:// or https://, a host,
/// and nothing that would break or forge what is built from it (spaces and
/// control characters such as CR LF, which reach robots.txt and the sitemap;
/// user:password@, which would be published; ? and #, which break every
/// asset address). Otherwise what is wrong, to follow "base_url ".
Message base_url_problem(std::string_view url);

/// A base_url without a problem as the site writes it: its scheme in lower
/// case ("HTTPS://x.vn" → "https://x.vn/"), a slash at its end.
std::string normal_base_url(std::string_view url);

/// The path of a base_url, with a slash at each end: "/thidua/" for
/// "https://example.vn/thidua", "/" when it has none (or is not http(s)).
std::string base_url_path(std::string_view url);

}  // namespace thidua::text
