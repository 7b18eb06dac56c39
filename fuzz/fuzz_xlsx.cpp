// libFuzzer target: arbitrary bytes as a period's workbooks, read both as
// results.xlsx and as results/diem.ods (the zip, its XML, its cells). Seeds:
// workbooks made by tests/workbooks/make.py (openpyxl and LibreOffice).
#include "fuzz_content.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  tree.set("periods/p/results.xlsx", bytes);
  tree.set("periods/p/results/diem.ods", bytes);
  thidua::fuzz::load_and_score(tree);
  return 0;
}
