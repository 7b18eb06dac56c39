// thidua serve: a preview server. Builds into memory, serves the site under
// base_url's sub-path, rebuilds when the content folder changes (inotify) and
// reloads open pages (server-sent events).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"

namespace thidua::cli {

/// Answers only requests whose Host is an IP address, localhost, or one of
/// `allowed_hosts`: a web page elsewhere cannot read the preview through DNS
/// rebinding.
/// Serves request.source on request.bind and .port, in request.profile.
int run_serve(const Request& request, std::ostream& out, std::ostream& err);

/// True when a request with this Host header may be answered: an IPv4 or
/// bracketed IPv6 address, "localhost", or a name in `allowed` (any port;
/// case-insensitive).
bool host_allowed(std::string_view host, const std::vector<std::string>& allowed);

}  // namespace thidua::cli
