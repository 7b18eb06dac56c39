#include "score/score.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace thidua::score {

Points section_value(const Section& section, const Result& result) {
  Points sum = 0;
  for (const auto& c : section.criteria) {
    auto it = result.scores.find(c.id);
    if (it != result.scores.end()) sum += it->second;
  }
  // Every kind's own max caps it: what a score section counts, what a bonus
  // adds, what a penalty deducts.
  if (section.cap) sum = std::min(sum, *section.cap);
  return sum;
}

namespace {

/// The total from the values of the scheme's sections, in scheme order.
Points total_of(const Scheme& scheme, const std::vector<Points>& sections) {
  Points t = 0;
  for (std::size_t i = 0; i < scheme.sections.size(); ++i)
    t += scheme.sections[i].kind == SectionKind::kPenalty ? -sections[i] : sections[i];
  return std::max<Points>(t, 0);
}

}  // namespace

Points total(const Scheme& scheme, const Result& result) {
  std::vector<Points> sections;
  for (const auto& s : scheme.sections) sections.push_back(section_value(s, result));
  return total_of(scheme, sections);
}

const Grade* grade_for(const Scheme& scheme, Points total) {
  for (const auto& g : scheme.grades)  // highest min first
    if (total >= g.min) return &g;
  return nullptr;
}

std::vector<int> competition_ranks(const std::vector<Points>& sorted_desc) {
  std::vector<int> ranks(sorted_desc.size());
  for (std::size_t i = 0; i < sorted_desc.size(); ++i)
    ranks[i] =
        i > 0 && sorted_desc[i] == sorted_desc[i - 1] ? ranks[i - 1] : static_cast<int>(i) + 1;
  return ranks;
}

const Period* compared_period(const Content& content, const Period& p) {
  if (!p.compare_to.empty()) return content.find_period(p.compare_to);
  const int length = p.length_days();
  const Period* best = nullptr;
  for (const auto& q : content.periods) {
    if (q.id == p.id || q.end >= p.end || q.status == PeriodStatus::kDraft) continue;
    // |Lq − Lp| ≤ 10% of Lp, in integers: 10·|Lq − Lp| ≤ Lp.
    if (10 * std::abs(q.length_days() - length) > length) continue;
    if (!best || std::tie(q.end, q.start, q.id) > std::tie(best->end, best->start, best->id))
      best = &q;
  }
  return best;
}

const UnitResult* PeriodScores::find(const Unit& unit) const {
  // A unit of the content, or of the period's organisation: by its place.
  const std::less<const Unit*> before;
  for (const Unit* base : {units_, content_units_})
    if (base && !before(&unit, base) && before(&unit, base + by_unit_place_.size()))
      return find_at(static_cast<std::size_t>(&unit - base));
  // Another period's copy of a unit of the content: by its id.
  if (content_)
    if (const Unit* own = content_->find_unit(unit.id))
      return find_at(static_cast<std::size_t>(own - content_units_));
  for (const auto& r : ranked)  // not a unit of the scored content
    if (r.unit->id == unit.id) return &r;
  return nullptr;
}

const UnitResult* PeriodScores::find_at(std::size_t place) const {
  if (place >= by_unit_place_.size()) return nullptr;
  const std::int32_t i = by_unit_place_[place];
  return i < 0 ? nullptr : &ranked[static_cast<std::size_t>(i)];
}

const ClusterScores* PeriodScores::find_cluster(const std::string& cluster_id) const {
  auto it = by_cluster_.find(cluster_id);
  return it == by_cluster_.end() ? nullptr : &clusters[it->second];
}

namespace {

std::vector<Points> averages(const std::vector<const UnitResult*>& results, std::size_t sections,
                             Points* total_average) {
  std::vector<Points> sums(sections, 0);
  Points total_sum = 0;
  for (const auto* r : results) {
    total_sum += r->total;
    for (std::size_t i = 0; i < sections; ++i) sums[i] += r->sections[i];
  }
  const auto n = static_cast<std::int64_t>(results.size());
  *total_average = n ? divide_rounded(total_sum, n) : 0;
  for (auto& s : sums) s = n ? divide_rounded(s, n) : 0;
  return sums;
}

/// section_value of every section of `scheme`, in scheme order, from the
/// result's scores read in one walk.
std::vector<Points> section_values(const Scheme& scheme, const CriteriaInOrder& criteria,
                                   const Result& result) {
  const auto found = criteria.find(result.scores);
  std::vector<Points> sums(scheme.sections.size(), 0);
  std::size_t place = 0;
  for (std::size_t i = 0; i < sums.size(); ++i) {
    const Section& s = scheme.sections[i];
    for (std::size_t j = 0; j < s.criteria.size(); ++j, ++place)
      if (found[place]) sums[i] += *found[place];
    if (s.cap) sums[i] = std::min(sums[i], *s.cap);  // as section_value
  }
  return sums;
}

UnitResult score_result(const Scheme& scheme, const CriteriaInOrder& criteria, const Unit& unit,
                        const Result& result) {
  UnitResult r;
  r.unit = &unit;
  r.result = &result;
  r.sections = section_values(scheme, criteria, result);
  r.total = total_of(scheme, r.sections);
  r.computed_grade = grade_for(scheme, r.total);
  r.grade =
      result.grade_override ? scheme.find_grade(result.grade_override->grade) : r.computed_grade;
  for (const auto& t : scheme.targets) {
    auto it = result.targets.find(t.id);
    if (it == result.targets.end()) continue;
    const bool met = t.lower_is_better ? it->second <= t.goal : it->second >= t.goal;
    r.targets.push_back({&t, it->second, met});
  }
  return r;
}

/// Collation keys of unit names, made once for all periods: a sort compares
/// often.
class SortKeys {
 public:
  explicit SortKeys(const NameCollator& collator) : collator_(collator) {}
  const std::string& operator()(const Unit* u) {
    auto it = keys_.find(u);
    if (it == keys_.end()) it = keys_.emplace(u, collator_.sort_key(u->name)).first;
    return it->second;
  }

 private:
  const NameCollator& collator_;
  std::unordered_map<const Unit*, std::string> keys_;
};

/// Puts ps.ranked in rank order and gives each its rank. By total, ties by
/// name then id (ids differ, so the order is total). The sort moves small
/// entries with their keys at hand, then the results once.
void rank(PeriodScores& ps, const std::vector<Unit>& units, SortKeys& key) {
  struct Entry {
    Points total;
    const std::string* key;
    const std::string* id;
    std::size_t index;
  };
  std::vector<Entry> order;
  order.reserve(ps.ranked.size());
  for (std::size_t i = 0; i < ps.ranked.size(); ++i)
    order.push_back({ps.ranked[i].total, &key(ps.ranked[i].unit), &ps.ranked[i].unit->id, i});
  std::sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    if (a.total != b.total) return a.total > b.total;
    return std::tie(*a.key, *a.id) < std::tie(*b.key, *b.id);
  });
  std::vector<UnitResult> ranked;
  ranked.reserve(order.size());
  for (const Entry& e : order) ranked.push_back(std::move(ps.ranked[e.index]));
  ps.ranked = std::move(ranked);
  std::vector<Points> totals;
  for (const auto& r : ps.ranked) totals.push_back(r.total);
  const std::vector<int> ranks = competition_ranks(totals);
  ps.units_ = units.data();
  ps.by_unit_place_.assign(units.size(), -1);
  for (std::size_t i = 0; i < ps.ranked.size(); ++i) {
    ps.ranked[i].rank = ranks[i];
    ps.by_unit_place_[static_cast<std::size_t>(ps.ranked[i].unit - ps.units_)] =
        static_cast<std::int32_t>(i);
  }
}

/// Clusters, in the order units.json lists them, with their ranks and
/// averages; one pass groups the ranking by cluster (a pass per cluster
/// would cost clusters x units).
void score_clusters(PeriodScores& ps, const std::vector<Cluster>& clusters) {
  std::map<std::string_view, std::vector<UnitResult*>> members;
  for (auto& r : ps.ranked) members[r.unit->cluster].push_back(&r);
  for (const auto& c : clusters) {
    auto it = members.find(c.id);
    if (it == members.end()) continue;
    ClusterScores cs;
    cs.cluster = &c;
    std::vector<Points> cluster_totals;
    for (const UnitResult* r : it->second) cluster_totals.push_back(r->total);
    const std::vector<int> cranks = competition_ranks(cluster_totals);
    for (UnitResult* r : it->second) {
      r->cluster_rank = cranks[cs.ranked.size()];
      cs.ranked.push_back(r);
    }
    cs.section_averages = averages(cs.ranked, ps.scheme->sections.size(), &cs.average);
    ps.by_cluster_[c.id] = ps.clusters.size();
    ps.clusters.push_back(std::move(cs));
  }
}

PeriodScores score_period(const Content& content, const Period& period, SortKeys& key) {
  PeriodScores ps;
  ps.period = &period;
  ps.scheme = content.find_scheme(period.scheme);
  if (!ps.scheme) return ps;
  const Scheme& scheme = *ps.scheme;

  // The organisation as it stood at the period's end: names, clusters and
  // parents of then, whatever changed after.
  ps.content_units_ = content.units.data();
  ps.content_ = &content;
  if (content.has_changes()) {
    ps.organisation = std::make_shared<const std::vector<Unit>>(content.units_on(period.end));
    ps.cluster_names =
        std::make_shared<const std::vector<Cluster>>(content.clusters_on(period.end));
  }
  const std::vector<Unit>& units = ps.organisation ? *ps.organisation : content.units;
  const std::vector<Cluster>& clusters = ps.cluster_names ? *ps.cluster_names : content.clusters;
  const CriteriaInOrder criteria(scheme);
  std::vector<bool> has_result(units.size(), false);
  for (const auto& res : period.results) {
    const Unit* u = content.find_unit(res.unit);
    if (!u) continue;
    const std::size_t place = static_cast<std::size_t>(u - content.units.data());
    has_result[place] = true;
    ps.ranked.push_back(score_result(scheme, criteria, units[place], res));
  }
  rank(ps, units, key);

  for (std::size_t i = 0; i < units.size(); ++i)
    if (!has_result[i] && units[i].active_during(period.start, period.end))
      ps.unranked.push_back(&units[i]);
  std::sort(ps.unranked.begin(), ps.unranked.end(), [&](const Unit* a, const Unit* b) {
    return std::tie(key(a), a->id) < std::tie(key(b), b->id);
  });

  score_clusters(ps, clusters);
  std::vector<const UnitResult*> all;
  for (const auto& r : ps.ranked) {
    all.push_back(&r);
    if (r.grade) ++ps.grade_counts[r.grade->id];
  }
  ps.section_averages = averages(all, scheme.sections.size(), &ps.average);

  return ps;
}

/// Each unit's change of rank and total since `previous`, the period `ps` is
/// compared to.
void compare(PeriodScores& ps, const PeriodScores& previous) {
  ps.compared = previous.period;
  for (auto& r : ps.ranked)
    if (const UnitResult* before = previous.find_at(static_cast<std::size_t>(r.unit - ps.units_))) {
      r.rank_change = before->rank - r.rank;
      r.total_change = r.total - before->total;
    }
}

}  // namespace

std::vector<PeriodScores> score_content(const Content& content, const NameCollator& collator,
                                        Diagnostics* warnings) {
  // Each period is scored on its own, on as many threads as there are cores
  // (a period of 10,000 units takes 15 ms), each thread with its own collator
  // (ICU's are not shared between threads); then each is compared, in
  // order, with the period before it that it is compared to. Nothing
  // depends on the threads.
  const std::size_t n = content.periods.size();
  std::vector<PeriodScores> out(n);
  std::atomic<std::size_t> next{0};
  auto work = [&](const NameCollator& c) {
    SortKeys keys(c);
    for (std::size_t i; (i = next++) < n;) out[i] = score_period(content, content.periods[i], keys);
  };
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), n);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t)
    pool.emplace_back([&] {
      const NameCollator own;
      work(own);
    });
  work(collator);
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < n; ++i) {
    const Period& period = content.periods[i];
    if (const Period* cp = compared_period(content, period))
      for (std::size_t k = 0; k < i; ++k)
        if (out[k].period == cp && out[i].scheme) compare(out[i], out[k]);
    if (warnings && period.status != PeriodStatus::kDraft)
      for (const Unit* u : out[i].unranked)
        warnings->warning(period.pos, text::Message("unit-without-result",
                                                    {{"id", u->id}, {"period", period.id}}));
  }
  return out;
}

}  // namespace thidua::score
