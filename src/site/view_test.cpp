#include "site/view.hpp"

#include <doctest/doctest.h>

using thidua::site::View;
using Kind = View::Kind;

namespace {

const View& at(const View& v, const std::string& key) {
  const View* d = v.find(key);
  REQUIRE(d != nullptr);
  return *d;
}

std::string text(const View& v, const std::string& key) {
  const View& d = at(v, key);
  REQUIRE(d.kind() == Kind::kText);
  return d.text();
}

}  // namespace

TEST_CASE("view: empty text and null are false; numbers print as JSON does") {
  View v = {{"empty", ""}, {"none", nullptr}, {"text", "a & b"}, {"zero", 0},
            {"n", -12L},   {"u", 7UL},        {"x", 12.5},       {"whole", 3.0}};
  CHECK(at(v, "empty").kind() == Kind::kFalse);
  CHECK(at(v, "none").kind() == Kind::kFalse);
  CHECK(text(v, "text") == "a & b");  // escaping is the template's job
  CHECK(text(v, "zero") == "0");      // 0 is a number to show, not false
  CHECK(text(v, "n") == "-12");
  CHECK(text(v, "u") == "7");
  CHECK(text(v, "x") == "12.5");
  CHECK(text(v, "whole") == "3.0");
  CHECK(v.find("missing") == nullptr);
  CHECK(at(v, "text").find("x") == nullptr);  // a text has no members
}

TEST_CASE("view: setting a key again replaces it; push to a key makes the list") {
  View v;
  v.set("ys", View::list());
  v.set("a", 1);
  v.set("ys", std::vector<std::string>{"b", "c"});
  CHECK(v.size() == 2);  // ys and a, not ys twice
  CHECK(at(v, "ys").size() == 2);
  CHECK(at(v, "ys").item(1).text() == "c");
  v.push("crumbs", {{"label", "Home"}});
  v.push("crumbs", {{"label", "Periods"}});
  const View& crumbs = at(v, "crumbs");
  REQUIRE(crumbs.kind() == Kind::kList);
  REQUIRE(crumbs.size() == 2);
  CHECK(text(crumbs.item(1), "label") == "Periods");
  // has_ flags are the renderer's to answer, not stored (renderer_test).
  CHECK(v.find("has_crumbs") == nullptr);
  // push to a key that holds no list replaces it by a list
  v.set("a", "text");
  v.push("a", View("x"));
  CHECK(at(v, "a").size() == 1);
  CHECK(View::list().empty());
  CHECK(!View().empty());  // an object is not an empty list
}

TEST_CASE("view: from JSON follows the same rules; its objects stay searchable after set") {
  auto v = View::from_json(
      nlohmann::json{{"xs", {1, 2.5}}, {"has_ys", true}, {"s", ""}, {"o", {{"k", "v"}}}});
  CHECK(at(v, "has_ys").kind() == Kind::kTrue);  // set by the JSON itself
  CHECK(at(v, "s").kind() == Kind::kFalse);
  CHECK(at(v, "xs").item(1).text() == "2.5");
  CHECK(text(at(v, "o"), "k") == "v");
  // from JSON, keys are in order and found by bisection; a key set later
  // (out of order) is found as well, and so are the others still.
  v.set("a", "first");
  v.set("zz", "last");
  v.set("o", "replaced");
  for (const char* key : {"a", "has_ys", "o", "s", "xs", "zz"}) CHECK(v.find(key) != nullptr);
  CHECK(text(v, "o") == "replaced");
  CHECK(v.size() == 6);
}

TEST_CASE("view: a list keeps every item, nested parts included, as it grows") {
  View list = View::list();
  for (int i = 0; i < 100; ++i)
    list.push({{"n", i}, {"tags", std::vector<std::string>{"t" + std::to_string(i)}}});
  REQUIRE(list.size() == 100);
  for (std::size_t i = 0; i < 100; ++i) {
    CHECK(text(list.item(i), "n") == std::to_string(i));
    CHECK(at(list.item(i), "tags").item(0).text() == "t" + std::to_string(i));
  }
}
