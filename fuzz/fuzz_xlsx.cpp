// libFuzzer target: arbitrary bytes as a period's workbooks, read both as
// results.xlsx and as results/diem.ods (the zip, its XML, its cells), and as
// units.xlsx (a table read as JSON's tree, table_json.hpp). Seeds:
// workbooks made by tests/workbooks/make.py (openpyxl and LibreOffice).
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  tree.set("periods/p/results.xlsx", bytes);
  tree.set("periods/p/results/diem.ods", bytes);
  thidua::fuzz::load_and_score(tree);
  // The same bytes as units.xlsx (the units and clusters read as a table).
  thidua::load::MemoryTree units = thidua::fuzz::base_tree();
  units.erase("units.json");
  units.set("units.xlsx", std::string(reinterpret_cast<const char*>(data), size));
  thidua::fuzz::load_and_score(units);
  return 0;
}
