#include "text/csv.hpp"

#include <doctest/doctest.h>

#include "text/utf8.hpp"

using namespace thidua::text;

TEST_CASE("CSV: quotes, escapes, CRLF, BOM, line breaks inside fields") {
  const std::string text = "\xEF\xBB\xBFunit,note\r\na,\"x, \"\"y\"\"\r\nz\"\r\n\r\nb,plain\n";
  const CsvTable t = parse_csv(text);
  REQUIRE_FALSE(t.problem);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[1].fields[1].text == "x, \"y\"\r\nz");
  CHECK(t.rows[2].fields[0].text == "b");
  CHECK(TextIndex(text).locate(t.rows[2].offset).first == 5);
}

TEST_CASE("CSV errors: unterminated quote, text after a quote, bad UTF-8") {
  const std::string t1 = "unit,note\na,\"open\n";
  const CsvTable r1 = parse_csv(t1);
  REQUIRE(r1.problem);
  CHECK(r1.rows.empty());
  CHECK(TextIndex(t1).locate(r1.problem->offset) == std::pair{2, 3});
  CHECK(r1.problem->message.code() == "csv-quote-not-closed");

  const std::string t2 = "unit,note\na,\"x\"y\n";
  const CsvTable r2 = parse_csv(t2);
  REQUIRE(r2.problem);
  CHECK(r2.problem->offset == 15);  // the y
  CHECK(r2.problem->message.code() == "csv-text-after-quote");

  const std::string t3 = "unit\n\xFF\n";
  const CsvTable r3 = parse_csv(t3);
  REQUIRE(r3.problem);
  CHECK(r3.problem->offset == 5);
  CHECK(TextIndex(t3).locate(r3.problem->offset).first == 2);
}

TEST_CASE("CSV: a semicolon header switches the separator") {
  const CsvTable t = parse_csv("unit;I.1\na;8\n");
  REQUIRE_FALSE(t.problem);
  REQUIRE(t.rows[1].fields.size() == 2);
  CHECK(t.rows[1].fields[1].text == "8");
}

TEST_CASE("csv_quote quotes only when needed") {
  CHECK(csv_quote("abc") == "abc");
  CHECK(csv_quote("a,b") == "\"a,b\"");
  CHECK(csv_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
}
