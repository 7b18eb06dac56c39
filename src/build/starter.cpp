#include "build/starter.hpp"

#include <string>
#include <string_view>

#include "render/embedded.hpp"

namespace thidua::build {

int write_starter(output::Sink& sink) {
  constexpr std::string_view kPrefix = "starter/";
  int files = 0;
  for (const auto& f : render::embedded_files()) {
    if (!f.path.starts_with(kPrefix)) continue;
    if (!sink.write(std::string(f.path.substr(kPrefix.size())), f.bytes)) return -1;
    ++files;
  }
  return files;
}

}  // namespace thidua::build
