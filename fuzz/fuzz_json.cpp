// libFuzzer target: arbitrary bytes as units.json and as a period's results.json.
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  thidua::load::MemoryTree units = thidua::fuzz::base_tree();
  units.set("units.json", text);
  thidua::fuzz::load_and_score(units);
  thidua::load::MemoryTree results = thidua::fuzz::base_tree();
  results.set("periods/p/results.json", text);
  thidua::fuzz::load_and_score(results);
  return 0;
}
