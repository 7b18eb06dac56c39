#include "score/score.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace thidua;
using namespace thidua::score;

namespace {

/// Scheme: I (I.1 max 10, I.2 max 10), II (capped at 15: II.1 max 10, II.2 max 10),
/// bonus T capped at 5 (T.1 max 3, T.2 max 3), penalty P (P.1 max 10).
/// Grades 90 / 75 / 50 / 0. Max = 20 + 15 = 35.
Scheme test_scheme() {
  Scheme s;
  s.id = "s";
  s.sections.push_back(
      {"I", "I", SectionKind::kScore, std::nullopt, {{"I.1", "", 1000}, {"I.2", "", 1000}}});
  s.sections.push_back(
      {"II", "II", SectionKind::kScore, 1500, {{"II.1", "", 1000}, {"II.2", "", 1000}}});
  s.sections.push_back({"T", "T", SectionKind::kBonus, 500, {{"T.1", "", 300}, {"T.2", "", 300}}});
  s.sections.push_back({"P", "P", SectionKind::kPenalty, std::nullopt, {{"P.1", "", 1000}}});
  s.grades = {
      {"xuat-sac", "XS", 3000}, {"tot", "T", 2500}, {"hoan-thanh", "HT", 1500}, {"khong", "K", 0}};
  s.targets = {{"ren-luyen", "RL", "%", 9000, false}, {"bo", "B", "%", 500, true}};
  return s;
}

/// The ranked result of unit `id`, found by a scan as a test may.
const UnitResult* by_id(const PeriodScores& ps, const std::string& id) {
  for (const auto& r : ps.ranked)
    if (r.unit->id == id) return &r;
  return nullptr;
}

Result result(const std::string& unit, std::map<std::string, Points> scores) {
  Result r;
  r.unit = unit;
  r.scores = std::move(scores);
  return r;
}

Period period(const std::string& id, const char* start, const char* end,
              PeriodStatus status = PeriodStatus::kPublished) {
  Period p;
  p.id = id;
  p.start = *parse_date(start);
  p.end = *parse_date(end);
  p.scheme = "s";
  p.status = status;
  return p;
}

Content content_with(std::vector<std::pair<std::string, std::string>> units /* id, name */) {
  Content c;
  c.clusters = {Cluster{.id = "a", .name = "A", .changes = {}, .first_name = "A"},
                Cluster{.id = "b", .name = "B", .changes = {}, .first_name = "B"}};
  for (std::size_t i = 0; i < units.size(); ++i) {
    Unit u;
    u.id = units[i].first;
    u.name = units[i].second;
    u.cluster = i % 2 ? "b" : "a";
    c.units.push_back(u);
  }
  c.schemes.push_back(test_scheme());
  return c;
}

std::vector<std::string> order(const PeriodScores& ps) {
  std::vector<std::string> out;
  for (const auto& r : ps.ranked) out.push_back(r.unit->id);
  return out;
}

}  // namespace

TEST_CASE("section values: caps for score and bonus sections, penalties as entered") {
  const Scheme s = test_scheme();
  const Result r = result(
      "u", {{"I.1", 950}, {"II.1", 1000}, {"II.2", 900}, {"T.1", 300}, {"T.2", 300}, {"P.1", 200}});
  CHECK(section_value(s.sections[0], r) == 950);
  CHECK(section_value(s.sections[1], r) == 1500);  // 19 capped at 15
  CHECK(section_value(s.sections[2], r) == 500);   // bonus 6 capped at 5
  CHECK(section_value(s.sections[3], r) == 200);
  CHECK(total(s, r) == 2750);  // 9.5 + 15 + 5 - 2
  CHECK(s.max() == 3500);
}

TEST_CASE("a penalty section's max caps what it deducts, as a bonus section's caps what it adds") {
  Scheme s = test_scheme();
  s.sections[3].cap = 100;  // P: max 1
  const Result r = result("u", {{"I.1", 1000}, {"P.1", 400}});
  CHECK(section_value(s.sections[3], r) == 100);  // 4 entered, 1 deducted
  CHECK(total(s, r) == 900);                      // 10 - 1, not 10 - 4
  // Within the cap, deducted as entered; without a cap, as entered too.
  CHECK(total(s, result("u", {{"I.1", 1000}, {"P.1", 50}})) == 950);
  CHECK(total(test_scheme(), r) == 600);
  // The period's scoring agrees with section_value.
  Content c = content_with({{"u", "A"}});
  c.schemes[0] = s;
  Period p = period("p", "2024-01-01", "2024-12-31");
  p.results = {r};
  c.periods.push_back(p);
  const NameCollator vi;
  const auto all = score_content(c, vi);
  REQUIRE(all.at(0).ranked.size() == 1);
  CHECK(all[0].ranked[0].sections[3] == 100);
  CHECK(all[0].ranked[0].total == 900);
}

TEST_CASE("scoring a period: each unit's sections and total, worked out by hand") {
  Content c = content_with({{"u0", "A"}, {"u1", "B"}, {"u2", "C"}, {"u3", "D"}, {"u4", "E"}});
  Period p = period("p", "2024-01-01", "2024-12-31");
  const std::vector<std::map<std::string, Points>> entered = {
      {{"I.1", 950}, {"II.1", 1000}, {"II.2", 900}, {"T.1", 300}, {"T.2", 300}, {"P.1", 200}},
      {},
      {{"P.1", 1000}, {"T.2", 100}},
      {{"II.2", 1000}, {"I.2", 10}, {"II.1", 1000}},  // not in id order as typed
      {{"T.1", 300}, {"I.1", 1000}, {"I.2", 1000}, {"II.1", 1}}};
  for (std::size_t i = 0; i < entered.size(); ++i)
    p.results.push_back(result("u" + std::to_string(i), entered[i]));
  c.periods.push_back(p);
  const NameCollator vi;
  const auto all = score_content(c, vi);
  REQUIRE(all.size() == 1);
  REQUIRE(all[0].ranked.size() == entered.size());
  // Sections I, II (cap 15), T (bonus, cap 5), P (penalty), in hundredths.
  struct Want {
    const char* unit;
    std::vector<Points> sections;
    Points total;
  };
  const Want want[] = {{"u0", {950, 1500, 500, 200}, 2750},  // 9.5 + min(19, 15) + min(6, 5) - 2
                       {"u1", {0, 0, 0, 0}, 0},
                       {"u2", {0, 0, 100, 1000}, 0},      // 1 - 10: never below zero
                       {"u3", {10, 1500, 0, 0}, 1510},    // 0.1 + min(20, 15)
                       {"u4", {2000, 1, 300, 0}, 2301}};  // 20 + 0.01 + 3
  for (const auto& w : want) {
    const UnitResult* r = by_id(all[0], w.unit);
    REQUIRE_MESSAGE(r, w.unit);
    CHECK_MESSAGE(r->sections == w.sections, w.unit);
    CHECK_MESSAGE(r->total == w.total, w.unit);
  }
  CHECK(order(all[0]) == std::vector<std::string>{"u0", "u4", "u3", "u1", "u2"});
}

TEST_CASE("a penalty never takes the total below zero") {
  const Scheme s = test_scheme();
  CHECK(total(s, result("u", {{"I.1", 300}, {"P.1", 1000}})) == 0);
  CHECK(total(s, result("u", {})) == 0);
}

TEST_CASE("grades are checked top-down by min, boundaries included") {
  const Scheme s = test_scheme();
  CHECK(grade_for(s, 3000)->id == "xuat-sac");
  CHECK(grade_for(s, 2999)->id == "tot");
  CHECK(grade_for(s, 2500)->id == "tot");
  CHECK(grade_for(s, 1499)->id == "khong");
  CHECK(grade_for(s, 0)->id == "khong");
  Scheme no_floor = s;
  no_floor.grades.pop_back();
  CHECK(grade_for(no_floor, 100) == nullptr);
}

TEST_CASE("competition ranks: ties share, the next rank skips") {
  CHECK(competition_ranks({90, 80, 80, 70}) == std::vector<int>{1, 2, 2, 4});
  CHECK(competition_ranks({90, 90, 80}) == std::vector<int>{1, 1, 3});
  CHECK(competition_ranks({90, 80, 80}) == std::vector<int>{1, 2, 2});
  CHECK(competition_ranks({5, 5, 5}) == std::vector<int>{1, 1, 1});
  CHECK(competition_ranks({}).empty());
}

TEST_CASE("Vietnamese collation: Đ after D, Ấ after A, tones after the bare letter") {
  NameCollator vi;
  CHECK(vi.less("An", "Ấp"));
  CHECK(vi.less("Dung", "Đào"));
  CHECK(vi.less("Duy", "Đa"));  // every D before every Đ, unlike a diacritic-blind order
  CHECK(vi.less("Ba", "Bà"));
  CHECK(vi.less("Hà", "Hạ"));
  CHECK(vi.less("Ă", "Â"));
  CHECK(vi.less("O", "Ơ"));
  // Ư is a letter after U: an English collator (the order of an English
  // site, before names were always sorted as Vietnamese) said "Ưa" < "Ub".
  CHECK(vi.less("Ub", "Ưa"));
  CHECK(vi.less("Oz", "Ơa"));
}

TEST_CASE("ranking: totals descending, ties in Vietnamese name order, cluster ranks") {
  Content c = content_with({{"u1", "Đoàn B"},
                            {"u2", "Đoàn A"},
                            {"u3", "Chi đoàn Z"},
                            {"u4", "Dân vận"},
                            {"u5", "Ấp Một"}});
  Period p = period("p", "2024-01-01", "2024-06-30");
  // u1, u2, u4 tie at 20; u3 best; u5 worst.
  p.results = {result("u1", {{"I.1", 1000}, {"I.2", 1000}}),
               result("u2", {{"I.1", 1000}, {"I.2", 1000}}),
               result("u3", {{"I.1", 1000}, {"I.2", 1000}, {"II.1", 500}}),
               result("u4", {{"I.1", 1000}, {"I.2", 1000}}), result("u5", {{"I.1", 100}})};
  c.periods = {p};
  NameCollator vi;
  auto scores = score_content(c, vi);
  REQUIRE(scores.size() == 1);
  const PeriodScores& ps = scores[0];
  // Tie order: "Dân vận" < "Đoàn A" < "Đoàn B" (D before Đ).
  CHECK(order(ps) == std::vector<std::string>{"u3", "u4", "u2", "u1", "u5"});
  std::vector<int> ranks;
  for (const auto& r : ps.ranked) ranks.push_back(r.rank);
  CHECK(ranks == std::vector<int>{1, 2, 2, 2, 5});
  // Clusters: a = u1, u3, u5; b = u2, u4.
  CHECK(by_id(ps, "u3")->cluster_rank == 1);
  CHECK(by_id(ps, "u1")->cluster_rank == 2);
  CHECK(by_id(ps, "u5")->cluster_rank == 3);
  CHECK(by_id(ps, "u4")->cluster_rank == 1);
  CHECK(by_id(ps, "u2")->cluster_rank == 1);
  // By the unit itself: the same answers; a unit of other content by its id.
  for (const auto& u : c.units) CHECK(ps.find(u) == by_id(ps, u.id));
  Unit stranger = c.units[2];
  CHECK(ps.find(stranger) == by_id(ps, "u3"));
  stranger.id = "nobody";
  CHECK(ps.find(stranger) == nullptr);
  REQUIRE(ps.clusters.size() == 2);
  CHECK(ps.clusters[1].average == 2000);
  CHECK(ps.clusters[0].average == 1533);  // (20 + 25 + 1) / 3 = 15.333…
  CHECK(ps.average == 1720);              // (20 * 3 + 25 + 1) / 5
  CHECK(ps.section_averages[0] == 1620);  // (20 * 4 + 1) / 5
  CHECK(ps.grade_counts.at("tot") == 1);
  CHECK(ps.grade_counts.at("hoan-thanh") == 3);
  CHECK(ps.grade_counts.at("khong") == 1);
}

TEST_CASE("ties at the bottom, unranked units, inactive units are left out") {
  Content c = content_with({{"u1", "A"}, {"u2", "B"}, {"u3", "C"}, {"gone", "D"}, {"nores", "E"}});
  c.units[3].active_to = parse_date("2023-12-31");
  Period p = period("p", "2024-01-01", "2024-06-30");
  p.results = {result("u1", {{"I.1", 500}}), result("u2", {}), result("u3", {})};
  c.periods = {p};
  NameCollator vi;
  Diagnostics warnings;
  auto ps = score_content(c, vi, &warnings)[0];
  CHECK(by_id(ps, "u2")->rank == 2);
  CHECK(by_id(ps, "u3")->rank == 2);
  REQUIRE(ps.unranked.size() == 1);
  CHECK(ps.unranked[0]->id == "nores");
  CHECK(warnings.count(Severity::kWarning) == 1);
  CHECK(by_id(ps, "u2")->rank_change == std::nullopt);  // first period: no change
}

TEST_CASE("an override replaces the grade and keeps the computed one") {
  Content c = content_with({{"u1", "A"}});
  Period p = period("p", "2024-01-01", "2024-06-30");
  Result r = result("u1", {{"I.1", 1000}, {"I.2", 1000}, {"II.1", 1000}, {"II.2", 1000}});
  r.grade_override = GradeOverride{"tot", "kỷ luật"};
  p.results = {r};
  c.periods = {p};
  NameCollator vi;
  auto ps = score_content(c, vi)[0];
  const UnitResult* u = by_id(ps, "u1");
  CHECK(u->total == 3500);
  CHECK(u->computed_grade->id == "xuat-sac");
  CHECK(u->grade->id == "tot");
  CHECK(u->overridden());
  CHECK(ps.grade_counts.at("tot") == 1);
  CHECK_FALSE(ps.grade_counts.count("xuat-sac"));
}

TEST_CASE("targets: met at the goal, lower-is-better reversed") {
  Content c = content_with({{"u1", "A"}, {"u2", "B"}});
  Period p = period("p", "2024-01-01", "2024-06-30");
  Result a = result("u1", {});
  a.targets = {{"ren-luyen", 9000}, {"bo", 600}};
  Result b = result("u2", {});
  b.targets = {{"ren-luyen", 8999}, {"bo", 500}};
  p.results = {a, b};
  c.periods = {p};
  NameCollator vi;
  auto ps = score_content(c, vi)[0];
  CHECK(by_id(ps, "u1")->targets[0].met);
  CHECK_FALSE(by_id(ps, "u1")->targets[1].met);
  CHECK_FALSE(by_id(ps, "u2")->targets[0].met);
  CHECK(by_id(ps, "u2")->targets[1].met);
}

TEST_CASE(
    "compared period: same length within 10%, latest earlier, drafts skipped, compare_to wins") {
  Content c = content_with({});
  c.periods = {period("2023", "2023-01-01", "2023-12-31"),
               period("2024-h1", "2024-01-01", "2024-06-30"),
               period("2024-h2", "2024-07-01", "2024-12-31", PeriodStatus::kDraft),
               period("2024", "2024-01-01", "2024-12-31"),
               period("2025-h1", "2025-01-01", "2025-06-30"),
               period("2025-q1", "2025-01-01", "2025-03-31")};
  CHECK(compared_period(c, c.periods[0]) == nullptr);
  CHECK(compared_period(c, c.periods[1]) == nullptr);        // no earlier half-year
  CHECK(compared_period(c, c.periods[3])->id == "2023");     // year with year
  CHECK(compared_period(c, c.periods[4])->id == "2024-h1");  // the draft H2 is skipped
  CHECK(compared_period(c, c.periods[5]) == nullptr);        // a quarter has no peer
  c.periods[4].compare_to = "2024";
  CHECK(compared_period(c, c.periods[4])->id == "2024");
}

TEST_CASE("changes: rank and total against the compared period, null for newcomers") {
  Content c = content_with({{"u1", "A"}, {"u2", "B"}, {"u3", "C"}});
  Period p1 = period("h1", "2024-01-01", "2024-06-30");
  p1.results = {result("u1", {{"I.1", 1000}}), result("u2", {{"I.1", 500}})};
  Period p2 = period("h2", "2024-07-01", "2024-12-31");
  p2.results = {result("u1", {{"I.1", 400}}), result("u2", {{"I.1", 525}}),
                result("u3", {{"I.1", 1000}})};
  c.periods = {p1, p2};
  NameCollator vi;
  auto scores = score_content(c, vi);
  const PeriodScores& ps = scores[1];
  CHECK(ps.compared == &c.periods[0]);
  CHECK(by_id(ps, "u2")->rank == 2);
  CHECK(by_id(ps, "u2")->rank_change == 0);  // 2 → 2
  CHECK(by_id(ps, "u2")->total_change == 25);
  CHECK(by_id(ps, "u1")->rank_change == -2);  // 1 → 3
  CHECK(by_id(ps, "u1")->total_change == -600);
  CHECK(by_id(ps, "u3")->rank_change == std::nullopt);
  CHECK(by_id(ps, "u3")->total_change == std::nullopt);
}
