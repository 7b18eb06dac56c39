#include "site/view.hpp"

#include <doctest/doctest.h>

using thidua::site::View;

namespace {

const View::Data& at(const View& v, const std::string& key) {
  const View::Data* d = v.data().get(key);
  REQUIRE(d != nullptr);
  return *d;
}

std::string text(const View& v, const std::string& key) {
  const View::Data& d = at(v, key);
  REQUIRE(d.is_string());
  return d.string_value();
}

}  // namespace

TEST_CASE("view: empty text and null are false; numbers print as JSON does") {
  View v = {{"empty", ""}, {"none", nullptr}, {"text", "a & b"}, {"zero", 0},
            {"n", -12L},   {"u", 7UL},        {"x", 12.5},       {"whole", 3.0}};
  CHECK(at(v, "empty").is_false());
  CHECK(at(v, "none").is_false());
  CHECK(text(v, "text") == "a & b");  // escaping is the template's job
  CHECK(text(v, "zero") == "0");      // 0 is a number to show, not false
  CHECK(text(v, "n") == "-12");
  CHECK(text(v, "u") == "7");
  CHECK(text(v, "x") == "12.5");
  CHECK(text(v, "whole") == "3.0");
}

TEST_CASE("view: setting a list again replaces it; push to a key makes the list") {
  View v;
  v.set("ys", View::list());
  v.set("ys", std::vector<std::string>{"b", "c"});
  CHECK(at(v, "ys").list_value().size() == 2);
  v.push("crumbs", {{"label", "Home"}});
  v.push("crumbs", {{"label", "Periods"}});
  const auto& items = at(v, "crumbs").list_value();
  REQUIRE(items.size() == 2);
  CHECK(items[1].get("label")->string_value() == "Periods");
  // has_ flags are the renderer's to answer, not stored (renderer_test).
  CHECK(v.data().get("has_crumbs") == nullptr);
}

TEST_CASE("view: from JSON follows the same rules") {
  const auto v = View::from_json(
      nlohmann::json{{"xs", {1, 2.5}}, {"has_ys", true}, {"s", ""}, {"o", {{"k", "v"}}}});
  CHECK(at(v, "has_ys").is_true());  // set by the JSON itself
  CHECK(at(v, "s").is_false());
  CHECK(at(v, "xs").list_value()[1].string_value() == "2.5");
  CHECK(at(v, "o").get("k")->string_value() == "v");
}

TEST_CASE("view: a list keeps every item, nested parts included, as it grows") {
  View list = View::list();
  for (int i = 0; i < 100; ++i)
    list.push({{"n", i}, {"tags", std::vector<std::string>{"t" + std::to_string(i)}}});
  const auto& items = list.data().list_value();
  REQUIRE(items.size() == 100);
  for (int i = 0; i < 100; ++i) {
    CHECK(items[i].get("n")->string_value() == std::to_string(i));
    CHECK(items[i].get("tags")->list_value()[0].string_value() == "t" + std::to_string(i));
  }
}
