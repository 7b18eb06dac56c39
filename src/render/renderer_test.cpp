#include "render/renderer.hpp"

#include <doctest/doctest.h>

using namespace thidua;
using json = nlohmann::json;

namespace {

std::string render_with(const std::map<std::string, std::string>& templates, const json& view,
                        const std::string& page_template = "page",
                        const std::string& strings = R"({"hello": "Xin chào"})") {
  std::map<std::string, std::string> files;
  for (const auto& [name, text] : templates) files["templates/" + name + ".mustache"] = text;
  files["i18n/vi.json"] = strings;
  render::Theme theme(&files, "t");
  Diagnostics diags;
  auto renderer = render::Renderer::create(theme, "vi", diags);
  REQUIRE(renderer);
  site::PlannedPage page{"x.html", page_template, [view] { return site::View::from_json(view); }};
  auto a = renderer->render(page);
  CHECK(renderer->clone()->render(page) == a);  // a clone renders the same
  return a;
}

}  // namespace

TEST_CASE("partials are pasted in, recursive ones still work") {
  const std::map<std::string, std::string> templates{
      {"page", "<h1>{{t.hello}}</h1>\n{{> head}}\n<ul>{{#nodes}}{{> node}}{{/nodes}}</ul>\n"},
      {"head", "<p>{{title}}</p>{{> inner}}"},
      {"inner", "<i>{{title}}</i>"},
      {"node",
       "<li>{{name}}{{#has_nodes}}<ul>{{#nodes}}{{> node}}{{/nodes}}</ul>{{/has_nodes}}</li>"},
  };
  // Every node has `nodes`: Mustache would find a parent's list otherwise.
  const json view = {
      {"title", "A & B"},
      {"nodes",
       {{{"name", "1"},
         {"nodes",
          {{{"name", "1.1"}, {"nodes", {{{"name", "1.1.1"}, {"nodes", json::array()}}}}}}}},
        {{"name", "2"}, {"nodes", json::array()}}}},
  };
  CHECK(render_with(templates, view) ==
        "<h1>Xin chào</h1>\n<p>A &amp; B</p><i>A &amp; B</i>\n"
        "<ul><li>1<ul><li>1.1<ul><li>1.1.1</li></ul></li></ul></li><li>2</li></ul>\n");
}

TEST_CASE("an unknown partial renders nothing; custom delimiters keep their partials") {
  CHECK(render_with({{"page", "a{{> nowhere}}b"}}, json::object()) == "ab");
  CHECK(render_with({{"page", "{{=<% %>=}}<% x %>{{> p}}"}, {"p", "[{{x}}]"}}, {{"x", "1"}}) ==
        "1{{> p}}");
  CHECK(render_with({{"page", "a{{> p}}b"}, {"p", "{{=<% %>=}}<% x %>"}}, {{"x", "1"}}) == "a1b");
}

TEST_CASE("an unknown template is not an empty page") {
  const std::map<std::string, std::string> files = {{"templates/mine.mustache", "x"}};
  render::Theme theme(&files, "t");
  Diagnostics diags;
  auto renderer = render::Renderer::create(theme, "vi", diags);
  REQUIRE(renderer);
  CHECK(renderer->has_template("mine"));
  CHECK(renderer->has_template("scorecard"));  // built in
  CHECK_FALSE(renderer->has_template("nowhere"));
  site::PlannedPage page{"x.html", "nowhere", [] { return site::View(); }};
  CHECK_THROWS_AS(renderer->render(page), std::logic_error);
}

TEST_CASE("views: \"\" and null are false, lists answer has_, numbers print as JSON") {
  const json view = {{"empty", ""}, {"none", nullptr}, {"xs", {1, 2.5}}, {"ys", json::array()}};
  CHECK(render_with({{"page",
                      "{{^empty}}E{{/empty}}{{^none}}N{{/none}}"
                      "{{#has_xs}}[{{#xs}}{{.}};{{/xs}}]{{/has_xs}}{{^has_ys}}Y{{/has_ys}}"}},
                    view) == "EN[1;2.5;]Y");
}

TEST_CASE("dotted names: the innermost data where the whole name resolves") {
  // Inside `row`, `a.b` exists only at the top; `a.c` exists in both and the
  // row's wins; `t.hello` comes from the shared strings under everything.
  const json view = {{"a", {{"b", "top-b"}, {"c", "top-c"}}},
                     {"rows", {{{"a", {{"c", "row-c"}}}}}},
                     {"deep", {{"x", {{"y", {{"z", "xyz"}}}}}}}};
  CHECK(render_with({{"page",
                      "{{#rows}}{{a.b}}|{{a.c}}|{{t.hello}}{{/rows}}|{{deep.x.y.z}}|"
                      "{{a.nothing}}|{{nothing.at.all}}|{{#deep.x}}{{y.z}}{{/deep.x}}"}},
                    view) == "top-b|row-c|Xin chào|xyz|||xyz");
}

TEST_CASE("has_xs: whether the list xs has items, unless the data says itself") {
  const json view = {
      {"full", {1}},
      {"empty", json::array()},
      {"text", "not a list"},
      {"has_mine", false},
      {"mine", {1, 2}},  // the view's own has_mine wins
      {"rows", {{{"xs", {1}}}, {{"xs", json::array()}}, {{"other", 1}}}},
      {"xs", {1}},
      {"unit", {{"children", json::array()}, {"kids", {1}}}},
  };
  CHECK(render_with({{"page",
                      "{{#has_full}}F{{/has_full}}{{^has_empty}}E{{/has_empty}}"
                      "{{^has_text}}T{{/has_text}}{{^has_mine}}M{{/has_mine}}"
                      "{{^has_nothing}}N{{/has_nothing}}|"
                      // the innermost data that holds xs answers
                      "{{#rows}}{{#has_xs}}y{{/has_xs}}{{^has_xs}}n{{/has_xs}}{{/rows}}|"
                      "{{^unit.has_children}}c{{/unit.has_children}}"
                      "{{#unit.has_kids}}k{{/unit.has_kids}}{{#has_}}?{{/has_}}"}},
                    view) == "FETMN|yny|ck");
}

TEST_CASE("views answer kainjow through stand-ins: sections on texts, objects, lists") {
  const json view = {
      {"title", "T"},
      {"name", "N"},
      {"flag", true},
      {"off", false},
      {"empty", json::array()},
      {"long", {1, 2, 3}},
      {"short", {"x"}},
      {"grid", {{"a", "b"}, json::array(), {"c"}}},
      {"obj", {{"k", "v"}, {"inner", {{"k", "w"}}}}},
      {"rows",
       {{{"name", "r1"}, {"cells", {{{"v", 1}}, {{"v", 2}}}}, {"o", {{"deep", {"d1", "d2"}}}}},
        {{"name", "r2"}, {"cells", json::array()}, {"o", {{"deep", json::array()}}}}}},
  };
  // A section on a text keeps that text as "." whatever is looked up inside.
  CHECK(render_with({{"page", "{{#name}}{{title}}<{{.}}>{{title}}{{/name}}"}}, view) == "T<N>T");
  // true pushes nothing to look in: names inside come from outside.
  CHECK(render_with({{"page", "{{#flag}}{{title}}{{/flag}}{{^off}}{{name}}{{/off}}"}}, view) ==
        "TN");
  CHECK(render_with({{"page", "{{^empty}}{{title}}{{/empty}}{{#empty}}x{{/empty}}"}}, view) == "T");
  // Lists of different lengths one after another at the same depth.
  CHECK(render_with({{"page",
                      "{{#long}}{{.}}{{/long}}|{{#short}}{{.}}{{/short}}|"
                      "{{#long}}{{.}}{{/long}}"}},
                    view) == "123|x|123");
  // Lists of lists, "." being each.
  CHECK(render_with({{"page", "{{#grid}}[{{#.}}{{.}}{{/.}}]{{/grid}}"}}, view) == "[ab][][c]");
  // Objects: their members first, then outside; an object in an object.
  CHECK(render_with({{"page", "{{#obj}}{{k}}{{title}}{{#inner}}{{k}}{{title}}{{/inner}}{{/obj}}"}},
                    view) == "vTwT");
  // Lists in list items, in objects in list items; outer names from inside.
  CHECK(render_with({{"page",
                      "{{#rows}}{{name}}:{{#cells}}{{v}}{{name}}{{title}},{{/cells}}"
                      "{{#o}}{{#deep}}{{.}}{{name}}{{/deep}}{{/o}};{{/rows}}"}},
                    view) == "r1:1r1T,2r1T,d1r1d2r1;r2:;");
}

TEST_CASE("big objects on the stack are indexed: names sharing first bytes, has_, fall-through") {
  json view = json::object();
  for (int i = 0; i < 14; ++i) view["member_number_" + std::to_string(i)] = std::to_string(i);
  view["criteria_a"] = "A";
  view["criteria_b"] = "B";
  view["criteria"] = {{{"x", "1"}}, {{"x", "2"}}};
  view["empty_list"] = json::array();
  CHECK(render_with({{"page",
                      "{{criteria_a}}{{criteria_b}}{{member_number_13}}{{member_number_1}}"
                      "{{#has_criteria}}+{{/has_criteria}}{{^has_empty_list}}-{{/has_empty_list}}"
                      "{{#criteria}}[{{x}}{{criteria_b}}{{t.hello}}]{{/criteria}}{{criteria_c}}"}},
                    view) == "AB131+-[1BXin chào][2BXin chào]");
  // A section on the shared strings (bisected, not indexed) finds them too.
  CHECK(render_with({{"page", "{{#t}}{{hello}}{{criteria_a}}{{/t}}"}}, view) == "Xin chàoA");
}

TEST_CASE("UI strings are written into templates as text, the way their tags render") {
  const std::string strings =
      R"({"hello": "Xin chào", "html": "<b>&</b>", "braces": "a {{x}} b", "one": "}",)"
      R"( "lines": "a\nb", "flag": "yes"})";
  const json view = {{"x", "X"}, {"rows", {{{"n", "1"}}, {{"n", "2"}}}}};
  CHECK(
      render_with({{"page",
                    "{{t.hello}}|{{ t.hello }}|{{t.html}}|{{{t.html}}}|{{t.braces}}|{{t.one}}|"
                    "{{t.lines}}|{{t.missing}}|{{#t.flag}}F{{/t.flag}}|"
                    "{{#rows}}{{n}}{{t.hello}}{{/rows}}"}},
                  view, "page", strings) ==
      "Xin chào|Xin chào|&lt;b&gt;&amp;&lt;/b&gt;|<b>&</b>|a {{x}} b|}|a\nb||F|1Xin chào2Xin chào");
  // A template that changes its delimiters keeps its tags.
  CHECK(render_with({{"page", "{{t.hello}}{{=<% %>=}}<% t.hello %>"}}, view, "page", strings) ==
        "Xin chàoXin chào");
}
