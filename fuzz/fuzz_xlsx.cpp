// libFuzzer target: arbitrary bytes as a period's results.xlsx (the zip,
// its XML, its cells). Seeds: workbooks made by tests/workbooks/make.py.
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  tree.set("periods/p/results.xlsx", std::string(reinterpret_cast<const char*>(data), size));
  thidua::fuzz::load_and_score(tree);
  return 0;
}
