// A period's seal and the rule of 2026-12-06 (a penalty section's max caps
// what it deducts): the seal changes exactly where the rule changed totals.
#include <doctest/doctest.h>

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
    return pipeline::period_seal(tree, c.periods[0], c);
  };
  // Penalties within the max: the totals are as they were, so is the seal.
  CHECK(seal(100, 100) == seal(std::nullopt, 100));
  CHECK(seal(100, 50) == seal(std::nullopt, 50));
  // 4 entered against a max of 1: the total changed, and the seal with it.
  CHECK(seal(100, 400) != seal(std::nullopt, 400));
  CHECK(seal(std::nullopt, 400) == seal(std::nullopt, 100));  // the files alone are equal
}
