#include "text/markdown.hpp"

#include <doctest/doctest.h>

#include "text/links.hpp"

using namespace thidua;
using text::is_safe_link;
using text::markdown_to_html;

namespace {
bool has(const std::string& html, const std::string& part) {
  return html.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("GFM: tables, strikethrough, autolinks, task lists") {
  const std::string html = markdown_to_html(
      "| Nội dung | Thời gian |\n|---|---|\n| Kiểm tra | 08/7 |\n\n~~cũ~~ www.example.vn\n\n- [x] "
      "xong\n- [ ] chưa\n");
  CHECK(has(html, "<table>"));
  CHECK(has(html, "<td>Kiểm tra</td>"));
  CHECK(has(html, "<del>cũ</del>"));
  CHECK(has(html, "<a href=\"http://www.example.vn\">www.example.vn</a>"));
  CHECK(has(html, "type=\"checkbox\""));
}

TEST_CASE("raw HTML is not rendered") {
  const std::string html =
      markdown_to_html("<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y\n");
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "<img"));
  CHECK_FALSE(has(html, "onerror"));
}

TEST_CASE("unsafe link targets are dropped, safe ones kept") {
  CHECK_FALSE(has(markdown_to_html("[a](javascript:alert(1))"), "javascript"));
  CHECK_FALSE(has(markdown_to_html("[a](JaVaScRiPt:alert(1))"), "alert"));
  CHECK_FALSE(has(markdown_to_html("[a](vbscript:x)"), "vbscript"));
  CHECK_FALSE(has(markdown_to_html("![a](data:image/png;base64,AAAA)"), "data:"));
  CHECK_FALSE(has(markdown_to_html("[a](data:text/html,<b>)"), "data:"));
  CHECK_FALSE(has(markdown_to_html("<javascript:alert(1)>"), "href=\"javascript"));
  CHECK(has(markdown_to_html("[a](https://x.vn/a?b=1)"), "href=\"https://x.vn/a?b=1\""));
  CHECK(has(markdown_to_html("[a](../units/a/index.html)"), "href=\"../units/a/index.html\""));
  CHECK(has(markdown_to_html("[a](mailto:vp@x.vn)"), "href=\"mailto:vp@x.vn\""));
}

TEST_CASE("is_safe_link sees through spelling tricks") {
  CHECK(is_safe_link("https://x.vn"));
  CHECK(is_safe_link("HTTP://x.vn"));
  CHECK(is_safe_link("a/b:c"));
  CHECK(is_safe_link("#top"));
  CHECK(is_safe_link("?q=a:b"));
  CHECK(is_safe_link(""));
  CHECK_FALSE(is_safe_link(" javascript:x"));
  CHECK_FALSE(is_safe_link("\x01javascript:x"));
  CHECK_FALSE(is_safe_link("java\tscript:x"));
  CHECK_FALSE(is_safe_link("jav\nascript:x"));
  CHECK_FALSE(is_safe_link("data:text/html,x"));
  CHECK_FALSE(is_safe_link("file:///etc/passwd"));
}

TEST_CASE("a link to another host must say its scheme") {
  // From a snapshot opened from disk, //host/x is file://host/x: a network share.
  CHECK_FALSE(is_safe_link("//evil.example/x"));
  CHECK_FALSE(is_safe_link("\\\\evil.example\\share"));
  CHECK_FALSE(is_safe_link("/\\evil.example/x"));
  CHECK_FALSE(is_safe_link("\\/evil.example/x"));
  CHECK_FALSE(is_safe_link(" /\t/evil.example/x"));
  CHECK(is_safe_link("/thidua/units/a/"));
  CHECK(is_safe_link("\\a"));
  CHECK(is_safe_link("a//b"));
  CHECK(is_safe_link("https://x.vn//a"));
  CHECK_FALSE(has(markdown_to_html("[a](//evil.example/x)"), "evil"));
}

TEST_CASE("plain text: the words a reader sees, nothing else") {
  using text::markdown_to_plain_text;
  CHECK(markdown_to_plain_text("# Kế hoạch\n\nSố **85**/KH-ĐTN, [xem](javascript:alert(1)) "
                               "<b onclick=x>đây</b>\n\n<div>ẩn</div>\n") ==
        "Kế hoạch Số 85/KH-ĐTN, xem đây");
  CHECK(markdown_to_plain_text("| Nội dung | Ngày |\n|---|---|\n| Kiểm tra | 08/7 |\n\n"
                               "- [x] xong\n- ~~cũ~~ `mã`\n") ==
        "Nội dung Ngày Kiểm tra 08/7 xong cũ mã");
  CHECK(markdown_to_plain_text("ng**hi**êng\ndòng\u202Emới") == "nghiêng dòngmới");
  CHECK(markdown_to_plain_text("") == "");
}

TEST_CASE("base_url: what an address bar shows, any scheme case, a real port") {
  using text::base_url_problem;
  for (const char* good :
       {"https://doankhoi.example.vn/thidua/", "HTTPS://doankhoi.example.vn/", "Http://a.vn",
        "http://127.0.0.1:8080/x/", "https://[::1]:443/", "https://a.vn:65535/"})
    CHECK_MESSAGE(base_url_problem(good).empty(), good);
  for (const char* bad :
       {"https://a.vn/\"x", "https://a.vn/<b>", "https://a.vn/`x`", "https://a.vn:99999/",
        "https://a.vn:0/", "https://a.vn:80a/", "https://a.vn:/", "https://[::1/", "ftp://a.vn/",
        "https://a.vn/{x}", "https://a.vn/a|b"})
    CHECK_MESSAGE(!base_url_problem(bad).empty(), bad);
  CHECK(base_url_problem("https://a.vn:99999/").in(text::Language::kEn) ==
        "has the port \"99999\": a port is a number from 1 to 65535");
  CHECK(text::normal_base_url("HTTPS://Doankhoi.vn/Thi-Dua") == "https://Doankhoi.vn/Thi-Dua/");
}
