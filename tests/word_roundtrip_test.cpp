// Markdown written as a Word document (site/word_writer) and read back
// (load/word): the same page, for each thing both sides know.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "load/word.hpp"
#include "pipeline/tasks.hpp"
#include "site/content_files.hpp"
#include "site/word_writer.hpp"
#include "text/markdown.hpp"

using namespace thidua;

namespace {

std::string read_back(const std::string& markdown) {
  Page p;
  p.title = "Trang";
  p.body = markdown;
  std::vector<load::WordProblem> problems;
  const auto doc = load::read_word(site::word_page(p), problems);
  REQUIRE(doc);
  CHECK(doc->title == "Trang");
  return doc->markdown;
}

}  // namespace

TEST_CASE(
    "word round trip: headings, marks, lists, tasks, tables, links, rules read back as written") {
  std::vector<std::string> bodies = {
      "Một đoạn có **chữ đậm**, *nghiêng* và ~~gạch~~.\n",
      "## I. Mục đích\n\n### 1. Yêu cầu\n\nNội dung.\n",
      "- Một\n- Hai\n  - Hai a\n- Ba\n",
      "1. **Công tác giáo dục**: kết quả.\n2. Phong trào.\n",
      "- [x] Ban hành bộ tiêu chí\n- [ ] Công bố kết quả\n",
      "| Nội dung | Thời gian |\n|---|---|\n| Tự chấm | 02/6 – 25/6/2025 |\n",
      "Xem [trang](https://example.vn/a?b=1) và <https://example.vn/>.\n",
      "Trước.\n\n---\n\nSau.\n",
      "> Trích dẫn.\n",
      "Dòng một  \ndòng hai.\n",
      "- **Thời gian:** 14 giờ 00, ngày 24/7/2025.\n",
  };
  // And every document and page of the sample kept in Markdown.
  for (const char* path :
       {"documents/2025/ke-hoach-kiem-tra-6-thang-2025.md",
        "documents/2025/ke-hoach-hoi-nghi-thong-tin-cap-uy.md", "pages/gioi-thieu.md"}) {
    std::ifstream in(std::string(THIDUA_SOURCE_DIR) + "/content/" + path);
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    const auto end = text.find("\n---\n", 4);
    REQUIRE(end != std::string::npos);
    bodies.push_back(text.substr(end + 5));
  }
  for (const auto& md : bodies) {
    CAPTURE(md);
    const std::string back = read_back(md);
    CAPTURE(back);
    CHECK(text::markdown_to_html(back) == text::markdown_to_html(md));
  }
}

TEST_CASE("convert keeps in Markdown what Word would not give back, and says so") {
  Content c;
  Document picture;
  picture.slug = "co-hinh";
  picture.source_path = "documents/co-hinh.md";
  picture.title = "Có hình";
  picture.body = "Ảnh: ![sơ đồ](../../anh/so-do.png)\n";
  Document plain = picture;
  plain.slug = "khong-hinh";
  plain.source_path = "documents/khong-hinh.md";
  plain.body = "Không có hình.\n";
  c.documents = {picture, plain};
  const auto files = site::content_files(c, site::ContentForm::kWorkbooks, nlohmann::json::object(),
                                         pipeline::read_back);
  std::vector<std::string> paths;
  for (const auto& f : files.files)
    if (f.path.starts_with("documents/")) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"documents/khong-hinh.docx"});
  CHECK(files.replaced == std::vector<std::string>{"documents/khong-hinh.md"});
  REQUIRE(files.kept_as_json.size() == 1);
  CHECK(files.kept_as_json[0].code() == "convert-document-kept-markdown");
  CHECK(files.kept_as_json[0].text_arg("file") == "documents/co-hinh.md");
}
