// Messages at a byte offset of a file being read.
#pragma once

#include <cstddef>
#include <string>

#include "model/diagnostic.hpp"
#include "text/utf8.hpp"

namespace thidua::load {

/// Reports an error at `offset` of the text `index` covers.
void report_error(Diagnostics& diags, const std::string& path, const text::TextIndex& index,
                  std::size_t offset, text::Message message);

}  // namespace thidua::load
