// libFuzzer target: arbitrary bytes as a period's results.csv, and as units.csv.
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  tree.set("periods/p/results.csv", std::string(reinterpret_cast<const char*>(data), size));
  thidua::fuzz::load_and_score(tree);
  // The same bytes as units.csv.
  thidua::load::MemoryTree units = thidua::fuzz::base_tree();
  units.erase("units.json");
  units.set("units.csv", std::string(reinterpret_cast<const char*>(data), size));
  thidua::fuzz::load_and_score(units);
  return 0;
}
