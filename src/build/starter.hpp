// The starter content folder built into the binary, for `thidua new`.
#pragma once

#include "output/sink.hpp"

namespace thidua::build {

/// Writes every file of the starter folder into `sink`; the number written,
/// or -1 when a write failed (sink.error() says why).
int write_starter(output::Sink& sink);

}  // namespace thidua::build
