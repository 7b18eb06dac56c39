#include "model/diagnostic.hpp"

#include <doctest/doctest.h>

using namespace thidua;

TEST_CASE("a message keeps a quoted value short and on one line") {
  Diagnostics d;
  const std::string cell(40'000'000, '7');
  d.error({"r.csv", 2, 3},
          thidua::text::Message("cell-not-a-number", {{"value", cell}, {"column", "I.1"}}));
  const std::string m = d.items()[0].text(thidua::text::Language::kEn);
  CHECK(m == "\"" + std::string(80, '7') +
                 "… (40000000 characters)\" in column \"I.1\" is not a number");
  // The same cut, its length said in Vietnamese.
  CHECK(d.items()[0].text(thidua::text::Language::kVi) ==
        "\"" + std::string(80, '7') + "… (40000000 ký tự)\" ở cột \"I.1\" không phải là số");
  // Short messages are kept as they are; controls go, line breaks in a value become spaces.
  d.warning({"u.json", 1, 1}, thidua::text::Message::verbatim("unknown key \"scroes\" in a unit"));
  CHECK(d.items()[1].text(thidua::text::Language::kEn) == "unknown key \"scroes\" in a unit");
  d.error(
      {"u.json", 1, 1},
      thidua::text::Message("unknown-unit", {{"id", "a\x1b[2Jb\nc\xe2\x80\xae"}, {"hint", ""}}));
  CHECK(d.items()[2].text(thidua::text::Language::kEn) ==
        "unknown unit \"a[2Jb c\": it is not in units.json");
  // Many quoted values, or a value with quotes in it: the whole stays bounded.
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "\"" + std::string(70, 'x') + "\" ";
  d.error({"x", 1, 1}, thidua::text::Message::verbatim(many));
  CHECK(d.items()[3].text(thidua::text::Language::kEn).size() < 2100);
}
