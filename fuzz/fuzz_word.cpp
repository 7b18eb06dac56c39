// libFuzzer target: arbitrary bytes as a Word document (.docx) of documents/
// and of pages/: the zip, its relationships, styles, numbering and body,
// tracked changes, comments, images, merged cells; and the Markdown read out
// of it rendered as a page's. Seeds: small documents of each layout
// (tests/word/make.py seeds).
#include "fuzz_content.hpp"
#include "load/word.hpp"
#include "text/markdown.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::vector<thidua::load::WordProblem> problems;
  if (auto doc = thidua::load::read_word(bytes, problems))
    (void)thidua::text::markdown_to_html(doc->markdown);
  thidua::load::MemoryTree tree = thidua::fuzz::base_tree();
  tree.set("documents/d.docx", bytes);
  tree.set("pages/p.docx", bytes);
  thidua::fuzz::load_and_score(tree);
  return 0;
}
