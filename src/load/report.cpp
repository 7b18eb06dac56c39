#include "load/report.hpp"

namespace thidua::load {

void report_error(Diagnostics& diags, const std::string& path, const text::TextIndex& index,
                  std::size_t offset, text::Message message) {
  auto [line, col] = index.locate(offset);
  diags.error({path, line, col}, std::move(message));
}

}  // namespace thidua::load
