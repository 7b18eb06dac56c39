// thidua serve: a preview server. Builds into memory, serves the site under
// base_url's sub-path, rebuilds when the content folder changes (inotify) and
// reloads open pages (server-sent events).
#pragma once

#include <ostream>
#include <string>

#include "cli/pipeline.hpp"

namespace thidua::cli {

int run_serve(const BuildOptions& options, const std::string& bind, int port, std::ostream& out,
              std::ostream& err);

}  // namespace thidua::cli
