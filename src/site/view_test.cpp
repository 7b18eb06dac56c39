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

TEST_CASE("view: a list answers has_, unless the view says otherwise") {
  View v;
  v.set("xs", View::list().push("a"));
  v.set("ys", View::list());
  CHECK(at(v, "has_xs").is_true());
  CHECK(at(v, "has_ys").is_false());

  // Replacing a list updates its flag.
  v.set("ys", std::vector<std::string>{"b", "c"});
  CHECK(at(v, "has_ys").is_true());
  CHECK(at(v, "ys").list_value().size() == 2);

  // A flag the view sets itself wins, before or after the list.
  v.set("has_zs", true);
  v.set("zs", View::list());
  CHECK(at(v, "has_zs").is_true());
  v.set("ws", View::list());
  v.set("has_ws", true);
  CHECK(at(v, "has_ws").is_true());
  v.set("ws", View::list());
  CHECK(at(v, "has_ws").is_true());
}

TEST_CASE("view: push to a key makes the list and its flag") {
  View v;
  v.push("crumbs", {{"label", "Home"}});
  v.push("crumbs", {{"label", "Periods"}});
  CHECK(at(v, "has_crumbs").is_true());
  const auto& items = at(v, "crumbs").list_value();
  REQUIRE(items.size() == 2);
  CHECK(items[1].get("label")->string_value() == "Periods");
}

TEST_CASE("view: from JSON follows the same rules") {
  const auto v = View::from_json(nlohmann::json{{"xs", {1, 2.5}},
                                                {"ys", nlohmann::json::array()},
                                                {"has_ys", true},
                                                {"s", ""},
                                                {"o", {{"k", "v"}}}});
  CHECK(at(v, "has_xs").is_true());
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
    CHECK(items[i].get("has_tags")->is_true());
  }
}
