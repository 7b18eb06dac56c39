// libFuzzer target: arbitrary bytes as units.json and as a period's results.json;
// and whatever the fast JSON parser accepts, the reference reads alike.
#include <cstdlib>

#include "fuzz_content.hpp"
#include "load/json_tree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto fast = thidua::load::parse_json_fast(text)) {
    const thidua::text::TextIndex index(text);
    thidua::Diagnostics diags;
    const auto reference = thidua::load::parse_json_reference(text, "f.json", index, diags);
    if (!reference || !(*reference == *fast)) std::abort();
  }
  thidua::load::MemoryTree units = thidua::fuzz::base_tree();
  units.set("units.json", text);
  thidua::fuzz::load_and_score(units);
  thidua::load::MemoryTree results = thidua::fuzz::base_tree();
  results.set("periods/p/results.json", text);
  thidua::fuzz::load_and_score(results);
  return 0;
}
