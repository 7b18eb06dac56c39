// libFuzzer target: arbitrary bytes as a Markdown document (YAML front matter
// and body), loaded and rendered to HTML.
#include "fuzz_content.hpp"
#include "text/markdown.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  tree.set("documents/d.md", text);
  thidua::load::Loaded l = thidua::load::load_content(tree);
  for (const auto& d : l.content.documents) thidua::text::markdown_to_html(d.body);
  return 0;
}
