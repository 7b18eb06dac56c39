// libFuzzer target: arbitrary bytes as a period's results.ods and as units.ods (the zip, its
// manifest, content.xml, repeated rows and columns, covered cells). Seeds:
// spreadsheets LibreOffice saved (tests/workbooks/make.py) and small ones of
// repeats and long cells.
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  tree.set("periods/p/results.ods", std::string(reinterpret_cast<const char*>(data), size));
  thidua::fuzz::load_and_score(tree);
  // The same bytes as each file a table may stand for.
  thidua::fuzz::load_as_tables(std::string(reinterpret_cast<const char*>(data), size), "ods");
  return 0;
}
