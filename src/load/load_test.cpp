#include "load/load.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "load/load_test_content.hpp"
#include "load/table_json.hpp"

using namespace thidua;
using namespace thidua::load;
using namespace thidua::load::test;

TEST_CASE("a valid folder loads without errors") {
  Loaded l = load_content(MemoryTree(valid_files()));
  for (const auto& d : l.diags.items()) INFO(format_diagnostic(d));
  CHECK_FALSE(l.diags.has_errors());
  const Content& c = l.content;
  CHECK(c.site.base_url == "https://example.vn/td/");
  CHECK(c.units.size() == 3);
  CHECK(c.find_unit("c")->cluster == "other");
  CHECK(c.find_cluster("other"));
  CHECK(c.find_unit("b")->internal.size() == 1);
  REQUIRE(c.periods.size() == 1);
  const Period& p = c.periods[0];
  CHECK(p.results.size() == 3);
  CHECK(p.results[0].scores.at("I.2") == 850);
  CHECK(p.results[0].self_scores.at("I.1") == 1000);
  CHECK(p.results[0].internal == InternalFields{{"assessor_note", "ok"}});
  REQUIRE(c.documents.size() == 1);
  CHECK(c.documents[0].slug == "ke-hoach");
  CHECK(c.documents[0].signer->on_behalf == "TM. Ban Thường vụ");
  CHECK(c.documents[0].units == std::vector<std::string>{"a", "b"});
  CHECK(c.documents[0].body == "# Nội dung\n");
  REQUIRE(c.pages.size() == 1);
  CHECK(c.pages[0].path == "gioi-thieu");
}

TEST_CASE("load reads the files of the site's theme, and only those") {
  auto files = valid_files();
  files["site.json"] = R"({ "title": "T", "theme": "rieng" })";
  files["themes/rieng/i18n/vi.json"] = "{}";
  files["themes/rieng/assets/logo.svg"] = "<svg/>";
  files["themes/default/i18n/vi.json"] = "not read";
  Loaded l = load_content(MemoryTree(files));
  CHECK_FALSE(l.diags.has_errors());
  CHECK(l.content.theme_files ==
        std::map<std::string, std::string>{{"assets/logo.svg", "<svg/>"}, {"i18n/vi.json", "{}"}});
  CHECK(load_content(MemoryTree(valid_files())).content.theme_files.empty());
}

TEST_CASE("site settings alone: site.json read, nothing else") {
  // A tree that says which files were read.
  struct Counting : MemoryTree {
    using MemoryTree::MemoryTree;
    mutable std::vector<std::string> read_paths;
    std::optional<std::string> read(const std::string& path, std::string* why) const override {
      read_paths.push_back(path);
      return MemoryTree::read(path, why);
    }
  };
  auto files = valid_files();
  files["site.json"] = R"({ "title": "T", "base_url": "https://doan.example.vn/thi-dua/" })";
  files["units.json"] = "{ broken";  // a whole load has errors; the settings do not care
  const Counting tree(files);
  const Site site = load_site_settings(tree);
  CHECK(site.base_url == "https://doan.example.vn/thi-dua/");
  CHECK(site.title == "T");
  CHECK(tree.read_paths == std::vector<std::string>{"site.json"});
  CHECK(load_site_settings(MemoryTree()).base_url.empty());  // none: the defaults
}

TEST_CASE("a theme's UI strings may not give a key twice") {
  auto files = valid_files();
  files["site.json"] = R"({ "title": "T", "theme": "rieng" })";
  files["themes/rieng/i18n/vi.json"] =
      "{\n  \"top_units\": \"Đơn vị dẫn đầu\",\n  \"x\": \"y\",\n  \"top_units\": \"đơn vị\"\n}";
  Loaded l = load_content(MemoryTree(files));
  REQUIRE(l.diags.items().size() == 1);
  CHECK(format_diagnostic(l.diags.items()[0]) ==
        "themes/rieng/i18n/vi.json:4:3: error: duplicate key \"top_units\" (first at line 2)");
}

TEST_CASE("the public profile drops internal data; the intranet keeps it") {
  auto files = valid_files();
  files["documents/noi-bo.md"] = "---\ntitle: Nội bộ\nvisibility: internal\n---\n";
  files["periods/p2/period.json"] =
      R"({ "id": "p2", "title": "Nháp", "start": "2024-07-01", "end": "2024-12-31", "scheme": "s1", "status": "draft" })";
  Loaded pub = load_content(MemoryTree(files));
  REQUIRE_FALSE(pub.diags.has_errors());
  Loaded intra = pub;
  apply_profile(pub.content, Profile::kPublic);
  apply_profile(intra.content, Profile::kIntranet);
  CHECK(pub.content.site.internal.empty());
  CHECK(pub.content.find_unit("b")->internal.empty());
  CHECK(pub.content.periods.size() == 1);
  CHECK(pub.content.periods[0].results[0].self_scores.empty());
  CHECK(pub.content.periods[0].results[0].internal.empty());
  CHECK(pub.content.documents.size() == 1);
  CHECK(intra.content.periods.size() == 2);
  CHECK(intra.content.documents.size() == 2);
  CHECK_FALSE(intra.content.site.internal.empty());
}

TEST_CASE("every error is reported, not just the first") {
  auto files = valid_files();
  files["units.json"] = R"({ "units": [ { "id": "A", "name": "x" }, { "id": "b" } ] })";
  files["periods/p1/period.json"] =
      R"({ "id": "p1", "title": "x", "start": "2024-13-01", "end": "2024-06-30", "scheme": "nope" })";
  auto errors = errors_of(files);
  CHECK(errors.size() >= 4);
}

TEST_CASE("broken site, units and dates point at path:line") {
  SUBCASE("JSON syntax") {
    CHECK(has(errors_with("units.json",
                          "{\n  \"units\": [\n    { \"id\": \"a\" \"name\": \"x\" }\n  ]\n}"),
              "units.json:3:16: error: a comma is missing here, between two items: add \",\""));
  }
  SUBCASE("JSON syntax, in words: each common slip named, where it is") {
    // Worked out by hand: the column is where the fix goes (the comma after
    // "a", the comma to remove), or where the opening quote or bracket is.
    const std::string head = "{\n  \"units\": [\n    { \"id\": \"a\", \"name\": ";
    CHECK(has(errors_with("units.json", head + "\"x\", }\n  ]\n}"),
              "units.json:3:29: error: a comma is left over before \"}\": remove the comma after "
              "the last item"));
    CHECK(has(errors_with("units.json", head + "\"x }\n  ]\n}"),
              "units.json:3:26: error: a quote opened here is not closed on its line: add the "
              "closing \" (a line break inside a text is written \\n)"));
    CHECK(has(errors_with("units.json", head + "\"x\" }\n  ]\n"),
              "units.json:5:1: error: the file ends, but the \"{\" opened at line 1, column 1 "
              "(closed by \"}\") is never closed"));
    CHECK(has(errors_with("units.json", head + "\"x\" }\n  }\n}"),
              "units.json:4:3: error: \"}\" cannot close the \"[\" opened at line 2, column 12 "
              "(closed by \"]\")"));
    CHECK(has(errors_with("units.json", head + "Đơn vị C }\n  ]\n}"),
              "units.json:3:26: error: \"Đơn vị C\" needs double quotes: texts and keys are "
              "written \"like this\""));
    CHECK(has(errors_with("units.json", head + "\"x\", \"active\": True }\n  ]\n}"),
              "units.json:3:41: error: \"True\" is not JSON: write true, false or null, in "
              "lowercase"));
    CHECK(has(errors_with("units.json", head + "\"x\" }\n  ]\n}\n}"),
              "units.json:6:1: error: \"}\" closes nothing: remove it"));
    CHECK(has(errors_with("units.json", "{\n  \"units\": [\n    { id: \"a\" }\n  ]\n}"),
              "units.json:3:7: error: \"id\" needs double quotes: texts and keys are written "
              "\"like this\""));
    CHECK(has(errors_with("units.json", head + "'x' }\n  ]\n}"),
              "units.json:3:26: error: texts and keys are written in double quotes (\"), not in "
              "single quotes"));
  }
  SUBCASE("wrong type") {
    CHECK(starts_with(errors_with("site.json", "{\n  \"title\": 42\n}"),
                      "site.json:2:12: error: \"title\" must be a string"));
  }
  SUBCASE("invalid id") {
    auto e =
        errors_with("units.json", "{ \"units\": [\n { \"id\": \"../etc\", \"name\": \"x\" } ] }");
    CHECK(has(e, "units.json:2:10: error: invalid \"id\""));
  }
  SUBCASE("duplicate unit id") {
    auto e = errors_with("units.json",
                         "{ \"units\": [\n { \"id\": \"a\", \"name\": \"x\" },\n { \"id\": \"a\", "
                         "\"name\": \"y\" } ] }");
    CHECK(has(e, "units.json:3:10: error: duplicate unit id \"a\""));
  }
  SUBCASE("unknown parent") {
    auto e =
        errors_with("units.json",
                    "{ \"units\": [\n { \"id\": \"a\", \"name\": \"x\", \"parent\": \"zz\" } ] }");
    CHECK(has(e, "units.json:2:38: error: unknown parent unit \"zz\""));
  }
  SUBCASE("parent cycle") {
    auto e = errors_with("units.json",
                         "{ \"units\": [\n { \"id\": \"a\", \"name\": \"x\", \"parent\": \"b\" },\n"
                         " { \"id\": \"b\", \"name\": \"y\", \"parent\": \"a\" } ] }");
    CHECK(has(e, "units.json:2:38: error: units form a cycle: a → b → a"));
  }
  SUBCASE("unknown cluster") {
    auto e =
        errors_with("units.json",
                    "{ \"units\": [\n { \"id\": \"a\", \"name\": \"x\", \"cluster\": \"k9\" } ] }");
    CHECK(has(e, "units.json:2:39: error: unknown cluster \"k9\""));
  }
  SUBCASE("invalid date and start after end") {
    auto e = errors_with("periods/p1/period.json",
                         "{ \"id\": \"p1\", \"title\": \"x\",\n \"start\": \"2024-02-30\", "
                         "\"end\": \"2024-06-30\", \"scheme\": \"s1\" }");
    CHECK(starts_with(e, "periods/p1/period.json:2:11: error: invalid date \"2024-02-30\""));
    e = errors_with("periods/p1/period.json",
                    "{ \"id\": \"p1\", \"title\": \"x\",\n \"start\": \"2024-07-01\", \"end\": "
                    "\"2024-06-30\", \"scheme\": \"s1\" }");
    CHECK(starts_with(e,
                      "periods/p1/period.json:2:11: error: \"start\" 2024-07-01 is after \"end\""));
  }
}

TEST_CASE("broken periods, pages and scores point at path:line") {
  SUBCASE("unknown scheme and compare_to, at their own lines") {
    auto e = errors_with("periods/p1/period.json",
                         "{ \"id\": \"p1\", \"title\": \"x\", \"start\": \"2024-01-01\", \"end\": "
                         "\"2024-06-30\",\n  \"scheme\": \"s9\" }");
    CHECK(starts_with(e, "periods/p1/period.json:2:13: error: unknown scheme \"s9\""));
    e = errors_with("periods/p1/period.json",
                    "{ \"id\": \"p1\", \"title\": \"x\", \"start\": \"2024-01-01\", \"end\": "
                    "\"2024-06-30\", \"scheme\": \"s1\",\n"
                    "  \"compare_to\": \"p0\" }");
    CHECK(starts_with(
        e, "periods/p1/period.json:2:17: error: unknown period \"p0\" in \"compare_to\""));
  }
  SUBCASE("two pages with one address") {
    auto files = valid_files();
    files["pages/gioi-thieu/index.md"] = "---\ntitle: x\n---\n";
    CHECK(starts_with(
        errors_of(files),
        "pages/gioi-thieu/index.md:1:1: error: page address \"gioi-thieu\" is also taken by"));
  }
  SUBCASE("score above max, negative, too many decimals, not a number") {
    CHECK(starts_with(
        errors_with("periods/p1/results.json",
                    "{ \"results\": [\n { \"unit\": \"a\", \"scores\": { \"I.1\": 10.5 } } ] }"),
        "periods/p1/results.json:2:36: error: score 10.5 of criterion \"I.1\" is outside 0..10"));
    CHECK(starts_with(
        errors_with("periods/p1/results.json",
                    "{ \"results\": [\n { \"unit\": \"a\", \"scores\": { \"I.1\": -1 } } ] }"),
        "periods/p1/results.json:2:36: error: score -1"));
    CHECK(starts_with(
        errors_with("periods/p1/results.json",
                    "{ \"results\": [\n { \"unit\": \"a\", \"scores\": { \"I.1\": 8.125 } } ] }"),
        "periods/p1/results.json:2:36: error: \"I.1\" 8.125 has more than 2 decimals"));
    CHECK(starts_with(
        errors_with("periods/p1/results.json",
                    "{ \"results\": [\n { \"unit\": \"a\", \"scores\": { \"I.1\": \"8\" } } ] }"),
        "periods/p1/results.json:2:36: error: \"I.1\" must be a number"));
  }
  SUBCASE("unknown unit, criterion, grade, target in results") {
    CHECK(starts_with(
        errors_with("periods/p1/results.json", "{ \"results\": [\n { \"unit\": \"zz\" } ] }"),
        "periods/p1/results.json:2:12: error: unknown unit \"zz\""));
    CHECK(starts_with(
        errors_with("periods/p1/results.json",
                    "{ \"results\": [\n { \"unit\": \"a\", \"scores\": { \"X.9\": 1 } } ] }"),
        "periods/p1/results.json:2:36: error: unknown criterion \"X.9\""));
    CHECK(starts_with(errors_with("periods/p1/results.json",
                                  "{ \"results\": [\n { \"unit\": \"a\", \"grade_override\": { "
                                  "\"grade\": \"zz\", \"reason\": \"r\" } } ] }"),
                      "periods/p1/results.json:2:46: error: unknown grade \"zz\""));
    CHECK(starts_with(
        errors_with("periods/p1/results.json",
                    "{ \"results\": [\n { \"unit\": \"a\", \"targets\": { \"zz\": 1 } } ] }"),
        "periods/p1/results.json:2:36: error: unknown target \"zz\""));
  }
  SUBCASE("a unit scored twice across results files") {
    auto files = valid_files();
    files["periods/p1/results/more.csv"] = "unit,I.1,I.2\nc,1,1\n";
    auto e = errors_of(files);
    REQUIRE(e.size() == 1);
    CHECK(e[0] ==
          "periods/p1/results/more.csv:2:1: error: cell A2: unit \"c\" is scored twice in period "
          "\"p1\" "
          "(first in periods/p1/results.json:5)");
  }
  SUBCASE("a JSON entry adds to a unit scored in a table; a field given twice names both") {
    auto files = valid_files();
    files["periods/p1/results.json"] =
        "{ \"results\": [\n"
        "  { \"unit\": \"c\", \"note\": \"Bổ sung\", \"evidence\": { \"I.1\": \"https://a.vn/1\" "
        "},\n"
        "    \"grade_override\": { \"grade\": \"khong\", \"reason\": \"Vi phạm\" } },\n"
        "  { \"unit\": \"a\", \"scores\": { \"I.1\": 9, \"I.2\": 8.5 } },\n"
        "  { \"unit\": \"b\", \"scores\": { \"I.1\": 7, \"I.2\": 7 } } ] }";
    files["periods/p1/results/c.csv"] = "unit,I.1,I.2,target:rl\nc,5,6,80\n";
    Loaded l = load_content(MemoryTree(files));
    CHECK_FALSE(l.diags.has_errors());
    CHECK(l.diags.count(Severity::kWarning) == 0);  // the add-on entry lacks scores: no echo
    const Result* c = nullptr;
    for (const auto& r : l.content.periods.at(0).results)
      if (r.unit == "c") c = &r;
    REQUIRE(c);
    CHECK(c->scores.at("I.1") == Points(500));
    CHECK(c->scores.at("I.2") == Points(600));
    CHECK(c->targets.at("rl") == Points(8000));
    CHECK(c->note == "Bổ sung");
    CHECK(c->evidence.at("I.1") == std::vector<std::string>{"https://a.vn/1"});
    REQUIRE(c->grade_override);
    CHECK(c->grade_override->grade == "khong");
    CHECK(l.content.periods.at(0).results.size() == 3);  // one result a unit

    files["periods/p1/results/c.csv"] = "unit,I.1,I.2,note\nc,5,6,Ghi chú khác\n";
    auto e = errors_of(files);
    REQUIRE(e.size() == 1);
    CHECK(e[0] ==
          "periods/p1/results/c.csv:2:1: error: cell A2: unit \"c\": note given twice in period "
          "\"p1\" "
          "(first in periods/p1/results.json:2)");
  }
  SUBCASE("a CSV's cell names stay with the CSV") {
    auto files = valid_files();
    files.erase("periods/p1/results.json");
    files["periods/p1/results/a.csv"] = "unit,I.1,I.2\na,1,1\nb,1,1\nc,1,1\n";
    files["periods/p1/results/b.json"] = "{ \"results\": [ { \"unit\": \"zz\" } ] }";
    auto e = errors_of(files);
    REQUIRE(e.size() == 1);
    CHECK(e[0] ==
          "periods/p1/results/b.json:1:26: error: unknown unit \"zz\": it is not in "
          "units.json");
  }
}

TEST_CASE("broken results, documents, pages and files point at path:line") {
  SUBCASE("CSV: ragged row, unterminated quote, bad number, unknown column") {
    CHECK(starts_with(errors_with("periods/p1/results.json", "{ \"results\": [] }"), "") == false);
    auto files = valid_files();
    files.erase("periods/p1/results.json");
    files["periods/p1/results.csv"] = "unit,I.1,I.2\na,1,1\nb,1\n";
    CHECK(starts_with(errors_of(files),
                      "periods/p1/results.csv:3:1: error: row has 2 fields but the header has 3"));
    files["periods/p1/results.csv"] = "unit,I.1,note\na,1,\"unclosed\nb,1,x\n";
    CHECK(starts_with(errors_of(files),
                      "periods/p1/results.csv:2:5: error: unterminated quoted field"));
    files["periods/p1/results.csv"] = "unit,I.1,I.2\na,1,x9\n";
    CHECK(starts_with(
        errors_of(files),
        "periods/p1/results.csv:2:5: error: cell C2: \"x9\" in column \"I.2\" is not a number"));
    files["periods/p1/results.csv"] = "unit,I.1,I.3\na,1,1\n";
    CHECK(starts_with(errors_of(files),
                      "periods/p1/results.csv:1:10: error: cell C1: unknown column \"I.3\""));
    files["periods/p1/results.csv"] = "unit,I.1,I.2\na,11,1\n";
    CHECK(starts_with(errors_of(files),
                      "periods/p1/results.csv:2:3: error: cell B2: score 11 of criterion \"I.1\" "
                      "is outside 0..10"));
  }
  SUBCASE("malformed YAML front matter and unknown references in documents") {
    CHECK(starts_with(errors_with("documents/ke-hoach.md", "---\ntitle: x\nunits: [a, b\n---\n"),
                      "documents/ke-hoach.md:"));
    CHECK(starts_with(errors_with("documents/ke-hoach.md", "---\ntitle: x\nperiod: p9\n---\n"),
                      "documents/ke-hoach.md:3:9: error: unknown period \"p9\""));
    CHECK(starts_with(errors_with("documents/ke-hoach.md", "---\ntitle: x\nunits: [a, zz]\n---\n"),
                      "documents/ke-hoach.md:3:12: error: unknown unit \"zz\""));
    CHECK(starts_with(
        errors_with("documents/ke-hoach.md", "---\ntitle: x\nissued: 10/05/2024\n---\n"),
        "documents/ke-hoach.md:3:9: error: invalid date"));
    CHECK(starts_with(errors_with("documents/ke-hoach.md", "no front matter\n"),
                      "documents/ke-hoach.md:1:1: error: missing front matter"));
    CHECK(starts_with(errors_with("documents/ke-hoach.md", "---\nnumber: 1\n---\n"),
                      "documents/ke-hoach.md:1:1: error: missing required field \"title\""));
  }
  SUBCASE("invalid UTF-8 and deep nesting") {
    CHECK(has(
        errors_with("units.json", "{ \"units\": [\n { \"id\": \"a\", \"name\": \"\xE0\x80\" } ] }"),
        "units.json:2:24: error: invalid UTF-8"));
    CHECK(starts_with(
        errors_with("documents/ke-hoach.md", "---\ntitle: " + std::string(200, '[') + "\n---\n"),
        "documents/ke-hoach.md:2:"));
    CHECK(starts_with(errors_with("periods/p1/results.json", std::string(5000, '[')),
                      "periods/p1/results.json:1:"));
  }
  SUBCASE("page paths that would collide or escape") {
    auto files = valid_files();
    files["pages/units.md"] = "---\ntitle: x\n---\n";
    CHECK(starts_with(errors_of(files),
                      "pages/units.md:1:1: error: page address \"units\" collides"));
    files.erase("pages/units.md");
    files["pages/Bad Name.md"] = "---\ntitle: x\n---\n";
    CHECK(starts_with(errors_of(files), "pages/Bad Name.md:1:1: error: invalid page path"));
  }
  SUBCASE("missing required files") {
    auto files = valid_files();
    files.erase("units.json");
    auto e = errors_of(files);
    CHECK(has(e, "units.json:1:1: error: missing"));
  }
}

TEST_CASE("warnings: unknown keys, missing criteria, units without results") {
  auto files = valid_files();
  files["periods/p1/results.json"] =
      "{ \"results\": [\n { \"unit\": \"a\", \"scroes\": {}, \"scores\": { \"I.1\": 1 } } ] }";
  Loaded l = load_content(MemoryTree(files));
  CHECK_FALSE(l.diags.has_errors());
  std::vector<std::string> w;
  for (const auto& d : l.diags.items()) w.push_back(format_diagnostic(d));
  REQUIRE(w.size() == 2);
  CHECK(w[0] ==
        "periods/p1/results.json:2:2: warning: unit \"a\" has no score for I.2 (counts as 0)");
  CHECK(w[1] ==
        "periods/p1/results.json:2:17: warning: unknown key \"scroes\" in a result (ignored; check "
        "the spelling)");
}

TEST_CASE("a score rejected with an error is not also reported missing") {
  auto files = valid_files();
  files["periods/p1/results.json"] =
      "{ \"results\": [\n { \"unit\": \"a\", \"scores\": { \"I.1\": 1, \"I.2\": 99 } } ] }";
  Loaded l = load_content(MemoryTree(files));
  std::vector<std::string> all;
  for (const auto& d : l.diags.items()) all.push_back(format_diagnostic(d));
  REQUIRE(all.size() == 1);
  CHECK(all[0].find("error: score 99 of criterion \"I.2\" is outside 0..10") != std::string::npos);
}

TEST_CASE("a load cache copies unchanged periods and reloads what changed") {
  auto files = valid_files();
  files["periods/p2/period.json"] = R"({ "id": "p2", "title": "Cả năm", "start": "2024-01-01",
    "end": "2024-12-31", "scheme": "s1", "status": "published" })";
  files["periods/p2/results.json"] =  // "c" is left out: a warning, which must come back
      R"({ "results": [ { "unit": "a", "scores": { "I.1": 4 } } ] })";
  MemoryTree tree(files);
  auto describe = [](const Loaded& l) {
    std::string s;
    for (const auto& p : l.content.periods) {
      s += p.id + ":";
      for (const auto& r : p.results)
        s += r.unit + "=" + std::to_string(r.scores.count("I.1") ? r.scores.at("I.1") : -1) + ",";
      s += ";";
    }
    for (const auto& d : l.diags.items()) s += format_diagnostic(d) + "\n";
    return s;
  };
  // Which periods came from the cache: a copied period keeps the title the
  // cache holds, which no file says; a period parsed again has its own.
  auto mark_cache = [](LoadCache& c) {
    for (auto& [folder, p] : c.periods)
      if (p.period) p.period->title = "cached";
  };
  auto cached = [](const Loaded& l) {
    std::string s;
    for (const auto& p : l.content.periods)
      if (p.title == "cached") s += p.id + " ";
    return s;
  };
  LoadCache cache;
  const std::string fresh = describe(load_content(tree));
  CHECK(describe(load_content(tree, &cache)) == fresh);
  CHECK(cache.periods.size() == 2);
  mark_cache(cache);
  const Loaded again = load_content(tree, &cache);
  CHECK(cached(again) == "p1 p2 ");  // both copied from the cache
  CHECK(describe(again) == fresh);

  tree.set("periods/p2/results.json",
           R"({ "results": [ { "unit": "a", "scores": { "I.1": 6 } } ] })");
  const std::string edited = describe(load_content(tree));
  CHECK(edited != fresh);
  CHECK(edited.find("a=600") != std::string::npos);
  mark_cache(cache);
  const Loaded after_edit = load_content(tree, &cache);
  CHECK(cached(after_edit) == "p1 ");  // p2 parsed again, p1 still copied
  CHECK(describe(after_edit) == edited);

  tree.set("periods/p2/results/extra.json", R"({ "results": [ { "unit": "c", "scores": {} } ] })");
  CHECK(describe(load_content(tree, &cache)) == describe(load_content(tree)));  // a new file

  // units.json changes what every period means: nothing is copied.
  tree.set("units.json", R"({ "clusters": [ { "id": "k1", "name": "Khối 1" } ],
    "units": [ { "id": "a", "name": "Đoàn A", "cluster": "k1" } ] })");
  const std::string fewer_units = describe(load_content(tree));
  CHECK(fewer_units.find("unknown unit \"b\"") != std::string::npos);
  mark_cache(cache);
  const Loaded after_units = load_content(tree, &cache);
  CHECK(cached(after_units) == "");
  CHECK(describe(after_units) == fewer_units);
  tree.set("schemes/s1.json",
           std::string(kScheme).replace(std::string(kScheme).find("\"max\": 10"), 9, "\"max\": 3"));
  const std::string lower_max = describe(load_content(tree));
  CHECK(lower_max.find("error") != std::string::npos);
  CHECK(describe(load_content(tree, &cache)) == lower_max);
}

TEST_CASE("visits: a unit visited twice needs ids; revision and status are checked") {
  using load::test::errors_with;
  using load::test::starts_with;
  const std::string path = "periods/p1/inspections.json";
  auto visits = [](const std::string& items) { return R"({"visits": [)" + items + "]}"; };
  const std::string a = R"({"unit": "a", "date": "2024-07-02"})";
  const std::string a2 = R"({"unit": "a", "date": "2024-07-09"})";
  CHECK(errors_with(path, visits(a)).empty());
  CHECK(starts_with(errors_with(path, visits(a + ",\n" + a2)),
                    path + ":2:1: error: unit \"a\" is visited twice in period \"p1\" (also at "
                           "line 1): give each of its visits an \"id\""));
  CHECK(errors_with(path, visits(R"({"id": "lan-1", "unit": "a", "date": "2024-07-02"},
                                    {"id": "lan-2", "unit": "a", "date": "2024-07-09"})"))
            .empty());
  CHECK(starts_with(errors_with(path, visits(R"({"id": "x", "unit": "a", "date": "2024-07-02"},
                                               {"id": "x", "unit": "b", "date": "2024-07-09"})")),
                    path + ":2:48: error: visit id \"x\" is used twice (also at line 1)"));
  CHECK(errors_with(path, visits(R"({"unit": "a", "date": "2024-07-02", "revision": 3,
                                     "status": "cancelled"})"))
            .empty());
  CHECK(starts_with(
      errors_with(path, visits(R"({"unit": "a", "date": "2024-07-02", "revision": 1.5})")),
      path + ":1:61: error: \"revision\" must be a whole number from 0"));
  CHECK(starts_with(
      errors_with(path, visits(R"({"unit": "a", "date": "2024-07-02", "revision": -1})")),
      path + ":1:61: error: \"revision\" must be a whole number from 0"));
  CHECK(starts_with(
      errors_with(path, visits(R"({"unit": "a", "date": "2024-07-02", "status": "huy"})")),
      path + ":1:59: error: a visit's \"status\" must be \"planned\" (the default) or "
             "\"cancelled\", not \"huy\""));
}

TEST_CASE("a period's published date may not come before it starts") {
  using load::test::errors_with;
  using load::test::starts_with;
  const std::string head = R"({ "id": "p1", "title": "6 tháng", "start": "2024-01-01",
  "end": "2024-06-30", "scheme": "s1", "status": "published", )";
  CHECK(errors_with("periods/p1/period.json", head + R"("published": "2024-07-20" })").empty());
  CHECK(starts_with(
      errors_with("periods/p1/period.json", head + R"("published": "2023-12-31" })"),
      "periods/p1/period.json:2:76: error: \"published\" 2023-12-31 is before the period "
      "starts (2024-01-01)"));
  CHECK(starts_with(errors_with("periods/p1/period.json", head + R"("published": "25/07/2024" })"),
                    "periods/p1/period.json:2:76: error: invalid date \"25/07/2024\""));
}

TEST_CASE("units.csv holds what units.json does, its messages at the cell") {
  // The clusters need a workbook's second sheet: a CSV is the units alone.
  auto files = valid_files();
  files.erase("units.json");
  files["units.csv"] =
      "id,name,parent,internal:phone,active_from\n"
      "a,Đoàn A,,,\n"
      "b,Đoàn B,a,0900,\n"
      "c,\"Đoàn C\",,,2020-01-01\n";
  Loaded l = load_content(MemoryTree(files));
  for (const auto& d : l.diags.items()) INFO(format_diagnostic(d));
  CHECK_FALSE(l.diags.has_errors());
  const Content& c = l.content;
  REQUIRE(c.units.size() == 3);
  CHECK(c.find_unit("b")->parent == "a");
  CHECK(c.find_unit("b")->internal == InternalFields{{"phone", "0900"}});
  CHECK(c.find_unit("c")->active_from == Date{2020, 1, 1});
  CHECK(c.find_unit("a")->cluster == "other");

  // Line and column are the text's; the cell is the spreadsheet's name of it.
  files["units.csv"] = "id,name,parent\na,Đoàn A,\n\"b\nx\",Đoàn B,zz\nc,Đoàn C\n";
  CHECK(has(errors_of(files), "units.csv:3:1: error: cell A3: invalid \"id\" \"b x\""));
  files["units.csv"] = "id,name,parent\na,Đoàn A,\nb,Đoàn B,zz\nc,Đoàn C\n";
  CHECK(starts_with(errors_of(files),
                    "units.csv:3:10: error: cell C3: unknown parent unit \"zz\" of \"b\""));
  files["units.json"] = kUnits;
  CHECK(starts_with(errors_of(files),
                    "units.csv:1:1: error: units.csv and units.json are the "
                    "same file in two forms"));
}

TEST_CASE("Excel's serial day numbers are dates from 1900-03-01") {
  // Worked out from Excel's epoch: 1 is 1900-01-01, and 60 the 29 February
  // 1900 that never was (kept from Lotus 1-2-3), so from 61 on, day n is
  // 1899-12-30 + n days.
  CHECK(excel_date("61") == Date{1900, 3, 1});
  CHECK(excel_date("45292") == Date{2024, 1, 1});
  CHECK(excel_date("45839") == Date{2025, 7, 1});
  CHECK(excel_date("45292.0") == Date{2024, 1, 1});
  CHECK_FALSE(excel_date("60"));       // the false leap day
  CHECK_FALSE(excel_date("45292.5"));  // noon: a time, not a day
  CHECK_FALSE(excel_date("-3"));
  CHECK_FALSE(excel_date("ngày"));
}
