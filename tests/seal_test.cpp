// A period's seal: version 1 over files and the rule of 2026-12-06 (a penalty
// section's max caps what it deducts: the seal changes exactly where the rule
// changed totals); version 2 over records.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "load/load_test_content.hpp"
#include "load/source_tree.hpp"
#include "pipeline/inputs.hpp"

using namespace thidua;

namespace {

Content with_penalty(std::optional<Points> cap, Points entered) {
  Content c;
  Scheme s;
  s.id = "s";
  s.sections.push_back({"I", "I", SectionKind::kScore, std::nullopt, {{"I.1", "", 1000}}});
  s.sections.push_back({"P", "P", SectionKind::kPenalty, cap, {{"P.1", "", 1000}}});
  c.schemes.push_back(s);
  Period p;
  p.id = "p";
  p.start = *parse_date("2024-01-01");
  p.end = *parse_date("2024-06-30");
  p.scheme = "s";
  Result r;
  r.unit = "u";
  r.scores = {{"I.1", 900}, {"P.1", entered}};
  p.results.push_back(r);
  c.periods.push_back(p);
  return c;
}

}  // namespace

TEST_CASE("a period's seal changes where a penalty section's max changed its totals, only there") {
  // The same files: only what the seal is computed with differs.
  const load::MemoryTree tree({{"periods/p/results.json", "{}"}, {"schemes/s.json", "{}"}});
  auto seal = [&](std::optional<Points> cap, Points entered) {
    const Content c = with_penalty(cap, entered);
    return pipeline::period_seal_v1(tree, c.periods[0], c);
  };
  // Penalties within the max: the totals are as they were, so is the seal.
  CHECK(seal(100, 100) == seal(std::nullopt, 100));
  CHECK(seal(100, 50) == seal(std::nullopt, 50));
  // 4 entered against a max of 1: the total changed, and the seal with it.
  CHECK(seal(100, 400) != seal(std::nullopt, 400));
  CHECK(seal(std::nullopt, 400) == seal(std::nullopt, 100));  // the files alone are equal
}

namespace {

/// The version-2 seal of period p1 of the load tests' folder, with `change`
/// made to its files.
std::string seal_v2(const std::function<void(std::map<std::string, std::string>&)>& change) {
  auto files = load::test::valid_files();
  files["periods/p1/results.json"] = R"({ "results": [
    { "unit": "a", "scores": { "I.1": 9, "I.2": 8.5, "T.1": 2 }, "targets": { "rl": 86 },
      "note": "Tốt" },
    { "unit": "b", "scores": { "I.1": 7, "I.2": 7 } },
    { "unit": "c", "scores": { "I.1": 5, "I.2": 5 } } ] })";
  change(files);
  const load::Loaded l = load::load_content(load::MemoryTree(files));
  std::string said;
  for (const auto& d : l.diags.items()) said += format_diagnostic(d) + "\n";
  REQUIRE_MESSAGE(!l.diags.has_errors(), said);
  return pipeline::period_seal(l.content.periods[0], l.content);
}

}  // namespace

TEST_CASE("a seal of version 2 is over records: the same results seal alike in JSON and CSV") {
  const std::string json = seal_v2([](auto&) {});
  CHECK(json.size() == 64);
  const std::string csv = seal_v2([](auto& f) {
    f.erase("periods/p1/results.json");
    f["periods/p1/results.csv"] =
        "unit,I.1,I.2,T.1,target:rl,note\r\na,9,8.5,2,86,Tốt\r\nb,7,7,,,\r\nc,5,5,,,\r\n";
  });
  CHECK(csv == json);
  // What the record is not: the period's title, status, publication, and the
  // units' internal fields.
  CHECK(
      seal_v2([](auto& f) {
        f["periods/p1/period.json"] =
            R"({ "id": "p1", "title": "Sáu tháng đầu năm", "start": "2024-01-01", "end": "2024-06-30",
                   "scheme": "s1", "status": "archived", "published": "2024-07-20" })";
      }) == json);
  CHECK(seal_v2([](auto& f) {
          const std::string from = R"("internal": { "phone": "0900" })";
          f["units.json"].replace(f["units.json"].find(from), from.size(),
                                  R"("internal": { "phone": "0911" })");
        }) == json);
  // What it is: a score, a note, a unit's name, a criterion's maximum.
  CHECK(seal_v2([](auto& f) {
          const std::string from = R"("I.1": 7,)";
          f["periods/p1/results.json"].replace(f["periods/p1/results.json"].find(from), from.size(),
                                               R"("I.1": 6,)");
        }) != json);
  CHECK(seal_v2([](auto& f) {
          const std::string from = R"("note": "Tốt")";
          f["periods/p1/results.json"].replace(f["periods/p1/results.json"].find(from), from.size(),
                                               R"("note": "Khá")");
        }) != json);
  CHECK(seal_v2([](auto& f) {
          const std::string from = R"("name": "Đoàn C")";
          f["units.json"].replace(f["units.json"].find(from), from.size(),
                                  R"("name": "Đoàn cơ sở C")");
        }) != json);
  CHECK(seal_v2([](auto& f) {
          const std::string from = R"("title": "Nghị quyết", "max": 10)";
          f["schemes/s1.json"].replace(f["schemes/s1.json"].find(from), from.size(),
                                       R"("title": "Nghị quyết", "max": 12)");
        }) != json);
}

TEST_CASE("a seal of version 1 still holds, with a warning that gives the version-2 seal") {
  auto files = load::test::valid_files();
  files["periods/p1/period.json"] =
      R"({ "id": "p1", "title": "6 tháng", "start": "2024-01-01", "end": "2024-06-30", "scheme": "s1",
           "status": "archived" })";
  const load::MemoryTree unsealed(files);
  const load::Loaded l = load::load_content(unsealed);
  REQUIRE(!l.diags.has_errors());
  const std::string v1 = pipeline::period_seal_v1(unsealed, l.content.periods[0], l.content);
  const std::string v2 = pipeline::period_seal(l.content.periods[0], l.content);
  REQUIRE(v1 != v2);
  auto sealed_with = [&](const std::string& seal) {
    auto f = files;
    f["periods/p1/period.json"].insert(f["periods/p1/period.json"].rfind('}'),
                                       ", \"sealed\": \"" + seal + "\" ");
    const load::MemoryTree tree(f);
    load::Loaded sealed = load::load_content(tree);
    REQUIRE(!sealed.diags.has_errors());
    Diagnostics diags;
    pipeline::check_seals(tree, sealed.content, diags);
    std::vector<std::string> out;
    for (const auto& d : diags.items()) out.push_back(format_diagnostic(d));
    return out;
  };
  CHECK(sealed_with(v2).empty());
  const auto old = sealed_with(v1);
  REQUIRE(old.size() == 1);
  CHECK(old[0].find("warning: period \"p1\" is sealed with a seal of version 1") !=
        std::string::npos);
  CHECK(old[0].find("replace it by \"" + v2 + "\"") != std::string::npos);
  const auto wrong = sealed_with(std::string(64, 'a'));
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0].find("error: period \"p1\" is sealed, but") != std::string::npos);
  CHECK(wrong[0].find("\"sealed\": \"" + v2 + "\"") != std::string::npos);
}
