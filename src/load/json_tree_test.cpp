#include "load/json_tree.hpp"

#include <doctest/doctest.h>

using namespace thidua;
using namespace thidua::load;

namespace {

std::optional<JsonValue> parse(const std::string& text, Diagnostics& d) {
  text::TextIndex index(text);
  return parse_json(text, "f.json", index, d);
}

/// A small deterministic random source for the differential tests.
struct Lcg {
  std::uint32_t seed;
  std::uint32_t operator()() {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  }
};

std::optional<JsonValue> reference(const std::string& text) {
  text::TextIndex index(text);
  Diagnostics d;
  return parse_json_reference(text, "f.json", index, d);
}

}  // namespace

TEST_CASE("JSON values know where they start, in characters") {
  const std::string text =
      "{\n  \"tên\": \"Đoàn \\\"A\\\"\",\n  \"n\": [1, 8.5, true, null],\n  \"o\": {}\n}";
  Diagnostics d;
  auto root = parse(text, d);
  REQUIRE(root);
  text::TextIndex index(text);
  const JsonValue* name = root->get("tên");
  REQUIRE(name);
  CHECK(name->text == "Đoàn \"A\"");
  CHECK(index.locate(name->offset) == std::pair{2, 10});  // column counts "ê" as one
  const JsonValue* n = root->get("n");
  REQUIRE(n);
  CHECK(index.locate(n->offset) == std::pair{3, 8});
  CHECK(n->items[1].text == "8.5");
  CHECK(index.locate(n->items[1].offset) == std::pair{3, 12});
  CHECK(index.locate(n->items[2].offset) == std::pair{3, 17});
  CHECK(index.locate(n->items[3].offset) == std::pair{3, 23});
  CHECK(index.locate(root->get("o")->offset) == std::pair{4, 8});
}

TEST_CASE("JSON syntax errors point at the fault") {
  Diagnostics d;
  CHECK_FALSE(parse("{\n  \"a\": 1,\n  \"b\" 2\n}", d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].pos.line == 3);
  CHECK(d.items()[0].text(thidua::text::Language::kEn) ==
        "a colon is missing after the key: write \"key\": value");
  CHECK(d.items()[0].what.code() == "json-colon-missing");
}

TEST_CASE("JSON: duplicate keys, deep nesting, bad UTF-8, empty input") {
  Diagnostics d1;
  CHECK_FALSE(parse("{\"a\": 1,\n \"a\": 2}", d1));
  CHECK(d1.items()[0].pos.line == 2);
  CHECK(d1.items()[0].text(thidua::text::Language::kEn).find("duplicate key") != std::string::npos);
  // Keys in order up to the repeat, keys out of order, keys all in order.
  Diagnostics d5;
  CHECK_FALSE(parse("{\"a\": 1, \"b\": 2,\n \"b\": 3}", d5));
  CHECK(d5.items()[0].pos.line == 2);
  CHECK(d5.items()[0].text(thidua::text::Language::kEn) == "duplicate key \"b\" (first at line 1)");
  Diagnostics d6;
  CHECK_FALSE(parse("{\"c\": 1, \"b\": 2, \"x\": 3,\n \"c\": 4}", d6));
  CHECK(d6.items()[0].pos.line == 2);
  Diagnostics d7;
  CHECK(parse("{\"1.1\": 1, \"1.2\": 2, \"1.10\": 3, \"2.1\": 4}", d7));
  CHECK(parse("{\"b\": 1, \"a\": 2, \"c\": {\"y\": 1, \"x\": 2}}", d7));
  CHECK(d7.items().empty());

  Diagnostics d2;
  CHECK_FALSE(parse(std::string(100000, '[') + std::string(100000, ']'), d2));
  CHECK(d2.items()[0].text(thidua::text::Language::kEn).find("nesting") != std::string::npos);

  Diagnostics d3;
  CHECK_FALSE(parse("{\"a\": \"\xC3\x28\"}", d3));
  CHECK(d3.items()[0].text(thidua::text::Language::kEn).find("UTF-8") != std::string::npos);
  CHECK(d3.items()[0].pos.column == 8);

  Diagnostics d4;
  CHECK_FALSE(parse("", d4));
  CHECK(d4.items().size() == 1);
}

TEST_CASE("JSON with a BOM parses, columns ignore the BOM") {
  Diagnostics d;
  const std::string text = "\xEF\xBB\xBF{\"a\": 1}";
  auto root = parse(text, d);
  REQUIRE(root);
  CHECK(text::TextIndex(text).locate(root->get("a")->offset) == std::pair{1, 7});
}

TEST_CASE("the fast JSON parser reads valid files as the reference does") {
  const std::vector<std::string> valid = {
      "{\"results\": [{\"unit\": \"don-vi-1\", \"scores\": {\"I.1\": 0.75, \"I.2\": 10, "
      "\"T.1\": -2, \"P.1\": 0}, \"note\": null, \"ok\": true, \"bad\": false}]}",
      "\xEF\xBB\xBF{\r\n  \"tên\": \"Đoàn \\\"A\\\" \\u00e9\\n\\t\\/\\\\ \\ud83d\\ude00\",\r\n"
      "  \"k\\u0065y\": [ [], {}, [1, [2.5, {\"x\": \"\"}]] ],\t\"z\":-0.0 }  \n",
      "[1, \"a\", {\"b\": [true, false, null]}, 123456789012345678901234567890]",
      "{\"a\\u0000b\": \"\\u0000\"}",
  };
  for (const auto& text : valid) {
    CAPTURE(text);
    const auto fast = parse_json_fast(text);
    const auto ref = reference(text);
    REQUIRE(fast);  // the usual files take the fast path
    REQUIRE(ref);
    CHECK(*fast == *ref);
  }
  // Declined, for the reference to read (an exponent) or to report.
  for (const std::string text :
       {"{\"a\": 1e5}", "{\"a\": 1} x", "{\"a\": 1}}", "{\"a\": 1, \"a\": 2}",
        "{\"a\": \"tab\there\"}", "{\"a\": \"\\ud800\"}", "\"text\"", "", "{\"a\": 01}",
        "{\"a\": tru}", "{\"a\": 1.}", "{\"a\": \"\xFF\"}", "{\"a\": [1,]}", "{\"k\x01\": 1}"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_json_fast(text));
  }
  std::string deep = "{\"a\": ";
  for (int i = 0; i < kMaxJsonDepth; ++i) deep += "[";
  for (int i = 0; i < kMaxJsonDepth; ++i) deep += "]";
  deep += "}";
  CHECK_FALSE(parse_json_fast(deep));  // 65 levels: the reference reports it
  CHECK_FALSE(reference(deep));
  deep.erase(deep.find('['), 1);
  deep.erase(deep.rfind(']'), 1);
  CHECK(parse_json_fast(deep));  // 64 levels are fine
}

TEST_CASE("the fast JSON parser takes no text the reference would not read alike") {
  // Random edits of valid files: whatever the fast parser accepts, the
  // reference accepts too, into the same tree.
  const std::vector<std::string> seeds = {
      "{\"results\": [{\"unit\": \"u-1\", \"scores\": {\"I.1\": 1.25, \"I.2\": 0}}, "
      "{\"unit\": \"u-2\", \"scores\": {\"I.1\": -3, \"I.2\": 10.5}, \"x\": [true, null]}]}",
      "{\"tên\": \"Đoàn \\\"A\\\" \\u00e9\\n\", \"n\": [1, 8.5, false], \"o\": {}}",
  };
  const std::string palette = "\"\\{}[],:01-.eE+ \n\t\x01\x7f\xc3\xa9\xffutnlrfase\xEF\xBB\xBF";
  Lcg next{11};
  int accepted = 0, declined = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text = seeds[next() % seeds.size()];
    for (std::uint32_t edits = 1 + next() % 3; edits > 0; --edits) {
      const std::size_t at = next() % (text.size() + 1);
      const char c = palette[next() % palette.size()];
      switch (next() % 3) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
      }
    }
    const auto fast = parse_json_fast(text);
    if (!fast) {
      ++declined;
      continue;
    }
    ++accepted;
    const auto ref = reference(text);
    CAPTURE(text);
    REQUIRE(ref);
    REQUIRE(*fast == *ref);
  }
  // Both kinds came up often enough for the test to mean something.
  CHECK(accepted > 2000);
  CHECK(declined > 2000);
}
