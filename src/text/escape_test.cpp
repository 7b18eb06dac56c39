#include "text/escape.hpp"
#include "text/sha256.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace thidua::text;

TEST_CASE("escape_html: markup escaped, controls and bidirectional overrides dropped") {
  CHECK(escape_html("") == "");
  CHECK(escape_html("Đoàn cơ sở") == "Đoàn cơ sở");
  CHECK(escape_html("<a href=\"x\">'&'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(escape_html("a\x01"
                    "b\x7F"
                    "c\td\ne\rf") == "abc\td\ne\rf");
  // U+202A..U+202E and U+2066..U+2069 go; their neighbours, and other
  // characters that start with E2 (– “ ” ▲ …), stay.
  CHECK(escape_html("x\u202Ey\u202Az\u2066w\u2069v") == "xyzwv");
  CHECK(escape_html("– “q” ▲ … \u2029") == "– “q” ▲ … \u2029");
  CHECK(escape_html("\u202E") == "");
  CHECK(escape_html("ends with \xE2\x80") == "ends with \xE2\x80");
  CHECK(escape_html("<\u202E>") == "&lt;&gt;");
}

namespace {

/// escape_html as its comment says, a byte at a time.
std::string escape_reference(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size()) {
      const unsigned char b = static_cast<unsigned char>(s[i + 1]),
                          d = static_cast<unsigned char>(s[i + 2]);
      if ((b == 0x80 && d >= 0xAA && d <= 0xAE) || (b == 0x81 && d >= 0xA6 && d <= 0xA9)) {
        i += 2;
        continue;
      }
    }
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else if (c == '\'')
      out += "&#39;";
    else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
      continue;
    else
      out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

TEST_CASE("escape_html agrees with a byte-at-a-time reading on many mixed texts") {
  // Pieces that matter: plain runs longer than 16 bytes, Vietnamese, the
  // bidirectional controls and their E2 neighbours, split or whole.
  const std::vector<std::string> pieces = {"a",
                                           "Đoàn viên ",
                                           "0123456789abcdefghij",
                                           "&",
                                           "<",
                                           ">",
                                           "\"",
                                           "'",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "\x01",
                                           "\x1F",
                                           "\x7F",
                                           " ",
                                           "\u202E",
                                           "\u202A",
                                           "\u2066",
                                           "\u2069",
                                           "\u2029",
                                           "–",
                                           "“",
                                           "\xE2",
                                           "\xE2\x80",
                                           "\x80\xAE",
                                           "ạ",
                                           "\xC3",
                                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
  std::uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const std::uint32_t count = next() % 12;
    for (std::uint32_t k = 0; k < count; ++k) s += pieces[next() % pieces.size()];
    REQUIRE_MESSAGE(escape_html(s) == escape_reference(s), s);
  }
}

TEST_CASE("script_json escapes what could end a script block") {
  const std::string s = script_json({{"a", "</script><!--&\u2028\u2029"}});
  CHECK(s == R"({"a":"\u003c/script\u003e\u003c!--\u0026\u2028\u2029"})");
  // Bidirectional controls go; other characters that start with E2 stay.
  CHECK(script_json({{"b", "x\u202Ey–“z”\u2066…"}}) == "{\"b\":\"xy–“z”…\"}");
  CHECK(script_json("a<b") == R"("a\u003cb")");
  CHECK(script_json("plain") == R"("plain")");
}

TEST_CASE("xml_escape: the five entities, controls dropped, tab and line breaks kept") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xml_escape("Đoàn\x01\x0B x\u202Ey\t\n") == "Đoàn xy\t\n");
  CHECK(xml_escape("&amp;") == "&amp;amp;");  // an entity typed by hand stays text
}

TEST_CASE("css_string: a quoted CSS string no text can leave or end the style block with") {
  CHECK(css_string("Đoàn Khối · 6 tháng") == "\"Đoàn Khối · 6 tháng\"");
  // CSS reads \22 as ", \5c as \, \3c as <; the space ends each escape.
  CHECK(css_string("a\"b\\c") == "\"a\\22 b\\5c c\"");
  CHECK(css_string("</style><script>") == "\"\\3c /style\\3e \\3c script\\3e \"");
  CHECK(css_string("x&y\nz") == "\"x\\26 y\\a z\"");
  CHECK(css_string("t\x01u\u202Ev") == "\"tuv\"");  // the control rule's characters dropped
}

TEST_CASE("sha256_base64: the digest as a Content-Security-Policy hash names it") {
  // printf '' | openssl dgst -sha256 -binary | base64 ; printf 'abc' | …
  CHECK(sha256_base64("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  CHECK(sha256_base64("abc") == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}
