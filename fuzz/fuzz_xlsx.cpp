// libFuzzer target: arbitrary bytes as a period's workbooks, read both as
// results.xlsx and as results/diem.ods (the zip, its XML, its cells), and as
// units.xlsx, a scheme, period or inspections workbook (table_json.hpp). Seeds:
// workbooks made by tests/workbooks/make.py (openpyxl and LibreOffice).
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  tree.set("periods/p/results.xlsx", bytes);
  tree.set("periods/p/results/diem.ods", bytes);
  thidua::fuzz::load_and_score(tree);
  // The same bytes as each file a table may stand for.
  thidua::fuzz::load_as_tables(std::string(reinterpret_cast<const char*>(data), size), "xlsx");
  return 0;
}
