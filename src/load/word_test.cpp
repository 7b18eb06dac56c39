#include "load/word.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <random>

#include "platform/zip.hpp"
#include "text/markdown.hpp"

namespace thidua::load {
namespace {

/// A .docx of one body (the parts Word needs).
std::string docx(const std::string& body) {
  const std::string w =
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"word/document.xml",
       "<?xml version=\"1.0\"?><w:document " + w + "><w:body>" + body + "</w:body></w:document>"}};
  std::vector<std::pair<std::string_view, std::string_view>> entries;
  for (const auto& [name, bytes] : parts) entries.emplace_back(name, bytes);
  return platform::zip_in_memory(entries);
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

struct TestRun {
  std::string text;
  bool bold = false, italic = false;
};

std::string paragraph(const std::vector<TestRun>& runs) {
  std::string p = "<w:p>";
  for (const auto& r : runs) {
    p += "<w:r>";
    if (r.bold || r.italic)
      p += std::string("<w:rPr>") + (r.bold ? "<w:b/>" : "") + (r.italic ? "<w:i/>" : "") +
           "</w:rPr>";
    p += "<w:t xml:space=\"preserve\">" + xml_escape(r.text) + "</w:t></w:r>";
  }
  return p + "</w:p>";
}

std::string body_html(const std::string& body) {
  std::vector<WordProblem> problems;
  const auto doc = read_word(docx(body), problems);
  REQUIRE(doc);
  return text::markdown_to_html(doc->markdown);
}

}  // namespace

TEST_CASE("word: text that looks like Markdown or HTML stays text") {
  const std::vector<std::string> lines = {"# không phải tiêu đề",
                                          "1. không phải danh sách",
                                          "- không phải mục",
                                          "[x](javascript:alert(1))",
                                          "<b>in đậm</b>",
                                          "| a | b |",
                                          "**sao** _gạch_ `mã`",
                                          "> không phải trích dẫn",
                                          "\\ gạch chéo ngược",
                                          "&amp; thực thể",
                                          "<script>alert(1)</script>"};
  for (const auto& line : lines) {
    CAPTURE(line);
    const std::string html = body_html(paragraph({{line, false, false}}));
    for (const char* tag : {"<h1", "<ol", "<ul", "<a ", "<b>", "<table", "<strong", "<em", "<code",
                            "<blockquote", "<hr", "<script"})
      CHECK(html.find(tag) == std::string::npos);
    // The words as typed: the plain text of the page is the line.
    std::vector<WordProblem> problems;
    const auto doc = read_word(docx(paragraph({{line, false, false}})), problems);
    REQUIRE(doc);
    CHECK(text::markdown_to_plain_text(doc->markdown) == line);
  }
}

TEST_CASE("word: bold and italic runs read back as the same words, whatever their ends") {
  // Property: random runs of words, spaces and punctuation, each bold,
  // italic, both or neither: the page's words are the runs' words, and each
  // bold run's letters are inside <strong>.
  std::mt19937 rng(20261207);
  const std::vector<std::string> pieces = {
      "Thời gian", ":",  " ", "dự kiến", "(", ")",   ",",  "ngày 11/5", "*",    "_",
      "đoàn",      "; ", ".", "“Năm”",   "a", " - ", "**", "x",         "2025", "!"};
  for (int round = 0; round < 1000; ++round) {
    std::vector<TestRun> runs;
    std::string want;
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      TestRun r;
      const int k = 1 + static_cast<int>(rng() % 3);
      for (int j = 0; j < k; ++j) r.text += pieces[rng() % pieces.size()];
      r.bold = rng() % 2;
      r.italic = rng() % 3 == 0;
      want += r.text;
      runs.push_back(r);
    }
    // What a reader sees: white space folded, none at the ends.
    std::string folded;
    bool space = false;
    for (char c : want) {
      if (c == ' ') {
        space = true;
        continue;
      }
      if (space && !folded.empty()) folded += ' ';
      space = false;
      folded += c;
    }
    // A paragraph of rules alone ("***", "- -") is a thematic break, as documented.
    if (folded.find_first_not_of("*-_ ") == std::string::npos) continue;
    std::vector<WordProblem> problems;
    const auto doc = read_word(docx(paragraph(runs)), problems);
    REQUIRE(doc);
    CAPTURE(doc->markdown);
    CHECK(text::markdown_to_plain_text(doc->markdown) == folded);
  }
}

TEST_CASE("word: a paragraph of rules alone is a thematic break") {
  CHECK(body_html(paragraph({{"-----", false, false}})) == "<hr />\n");
  CHECK(body_html(paragraph({{"* * *", false, false}})) == "<hr />\n");
  CHECK(body_html(paragraph({{"--", false, false}})) == "<p>--</p>\n");
}

TEST_CASE("word: kinds are named as the contract lists them, in capitals, on their own") {
  CHECK(word_kind_of("KẾ HOẠCH") == "plan");
  CHECK(word_kind_of("THÔNG BÁO") == "notice");
  CHECK(word_kind_of("ĐỀ CƯƠNG") == "outline");
  CHECK(word_kind_of("TỜ TRÌNH") == "proposal");
  CHECK(word_kind_of("BIÊN BẢN") == "other");
  CHECK(word_kind_of("Kế hoạch") == "");           // not in capitals
  CHECK(word_kind_of("KẾ HOẠCH KIỂM TRA") == "");  // not on its own
  CHECK(word_kind_of("I. MỤC ĐÍCH, YÊU CẦU") == "");
}

TEST_CASE("word: the header's number, place and date, from lines as offices type them") {
  const auto read = [](const std::vector<std::string>& lines) {
    std::string body;
    for (const auto& l : lines) body += paragraph({{l, false, false}});
    std::vector<WordProblem> problems;
    auto doc = read_word(docx(body + paragraph({{"KẾ HOẠCH", false, false}}) +
                              paragraph({{"Kiểm tra", false, false}})),
                         problems);
    REQUIRE(doc);
    return *doc;
  };
  auto d = read({"BCH ĐOÀN KHỐI", "Số: 46 - KH/ĐTN", "Cần Thơ, ngày 20 tháng 02 năm 2020"});
  CHECK(d.number == "46-KH/ĐTN");
  CHECK(d.place == "Cần Thơ");
  REQUIRE(d.issued);
  CHECK(d.issued->iso() == "2020-02-20");
  CHECK(d.issuer == "BCH ĐOÀN KHỐI");
  CHECK(d.kind == "plan");
  CHECK(d.title == "Kế hoạch kiểm tra");
  d = read({"SỐ 05 -KH/ĐTN-VP", "Quận 12, Ngày 18 tháng 8 năm 2022."});
  CHECK(d.number == "05-KH/ĐTN-VP");
  CHECK(d.place == "Quận 12");
  CHECK(d.issued->iso() == "2022-08-18");
  // Left blank before signing: no number, no date, the place still.
  d = read({"Số:     -TB/ĐTN", "Tân Giang, ngày    tháng 6 năm 2025"});
  CHECK(d.number.empty());
  CHECK(d.place == "Tân Giang");
  CHECK_FALSE(d.issued);
  // Not a date: 31 February.
  d = read({"Số: 1-KH/ĐTN", "Tân Giang, ngày 31 tháng 02 năm 2025"});
  CHECK_FALSE(d.issued);
  // "Số lượng…" is a sentence, not a number.
  d = read({"Số lượng đoàn viên tăng"});
  CHECK(d.number.empty());
}

}  // namespace thidua::load
