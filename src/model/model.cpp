#include "model/model.hpp"

#include <algorithm>

namespace thidua {
namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

void share_keys(std::vector<Result>& results) {
  for (std::size_t i = 1; i < results.size(); ++i) {
    results[i].scores.share_keys_with(results[i - 1].scores);
    results[i].targets.share_keys_with(results[i - 1].targets);
    results[i].self_scores.share_keys_with(results[i - 1].self_scores);
  }
}

const Criterion* Scheme::find_criterion(const std::string& id) const {
  for (const auto& s : sections)
    if (const Criterion* c = find_by_id(s.criteria, id)) return c;
  return nullptr;
}
const Grade* Scheme::find_grade(const std::string& id) const { return find_by_id(grades, id); }
const Target* Scheme::find_target(const std::string& id) const { return find_by_id(targets, id); }

CriteriaInOrder::CriteriaInOrder(const Scheme& scheme) {
  for (const auto& s : scheme.sections)
    for (const auto& c : s.criteria) by_id_.push_back({c.id, by_id_.size()});
  std::stable_sort(by_id_.begin(), by_id_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::vector<const Points*> CriteriaInOrder::find(const PointsByKey& scores) const {
  std::vector<const Points*> found(by_id_.size(), nullptr);
  // Most results score each criterion and nothing else: the ids are then
  // equal pair by pair, one comparison each.
  if (scores.size() == by_id_.size()) {
    auto same = scores.begin();
    for (const auto& [id, place] : by_id_) {
      if (same->first != id) break;
      found[place] = &same->second;
      ++same;
    }
    if (same == scores.end()) return found;
    std::fill(found.begin(), found.end(), nullptr);
  }
  auto it = scores.begin();
  for (const auto& [id, place] : by_id_) {
    while (it != scores.end() && it->first < id) ++it;
    if (it != scores.end() && it->first == id) found[place] = &it->second;
  }
  return found;
}

void Content::index_units() {
  unit_index.clear();
  for (std::size_t i = 0; i < units.size(); ++i) unit_index.emplace(units[i].id, i);
  cluster_index.clear();
  for (std::size_t i = 0; i < clusters.size(); ++i) cluster_index.emplace(clusters[i].id, i);
}

bool Content::has_changes() const {
  return std::any_of(units.begin(), units.end(),
                     [](const Unit& u) { return !u.changes.empty(); }) ||
         std::any_of(clusters.begin(), clusters.end(),
                     [](const Cluster& c) { return !c.changes.empty(); });
}

std::vector<Unit> Content::units_on(Date day) const {
  std::vector<Unit> out = units;
  for (Unit& u : out)
    if (!u.changes.empty()) u.set_facts(u.facts_on(day));
  return out;
}

std::vector<Cluster> Content::clusters_on(Date day) const {
  std::vector<Cluster> out = clusters;
  for (Cluster& c : out) {
    if (c.changes.empty()) continue;
    c.name = c.first_name;
    for (const auto& change : c.changes)
      if (change.from <= day) c.name = change.name;
  }
  return out;
}

Date Content::current_day() const {
  for (auto p = periods.rbegin(); p != periods.rend(); ++p)
    if (p->status != PeriodStatus::kDraft) return p->end;
  Date latest{1900, 1, 1};
  for (const Unit& u : units)
    for (const auto& c : u.changes) latest = std::max(latest, c.from);
  for (const Cluster& k : clusters)
    for (const auto& c : k.changes) latest = std::max(latest, c.from);
  return latest;
}

void Content::settle_current() {
  if (!has_changes()) return;
  const Date day = current_day();
  for (Unit& u : units)
    if (!u.changes.empty()) u.set_facts(u.facts_on(day));
  clusters = clusters_on(day);
}

const Unit* Content::find_unit(const std::string& id) const {
  if (unit_index.size() != units.size()) return find_by_id(units, id);
  auto it = unit_index.find(id);
  return it == unit_index.end() ? nullptr : &units[it->second];
}
const Cluster* Content::find_cluster(const std::string& id) const {
  if (cluster_index.size() != clusters.size()) return find_by_id(clusters, id);
  auto it = cluster_index.find(id);
  return it == cluster_index.end() ? nullptr : &clusters[it->second];
}
const Scheme* Content::find_scheme(const std::string& id) const { return find_by_id(schemes, id); }
const Period* Content::find_period(const std::string& id) const { return find_by_id(periods, id); }

void apply_profile(Content& c, Profile profile) {
  if (profile == Profile::kIntranet) return;
  c.site.internal.clear();
  for (auto& u : c.units) u.internal.clear();
  std::erase_if(c.periods, [](const Period& p) { return p.status == PeriodStatus::kDraft; });
  for (auto& p : c.periods) {
    for (auto& r : p.results) {
      r.internal.clear();
      r.self_scores.clear();
    }
    if (p.inspections)
      for (auto& v : p.inspections->visits) v.internal.clear();
    if (!p.compare_to.empty() && !c.find_period(p.compare_to)) p.compare_to.clear();
  }
  std::erase_if(c.documents,
                [](const Document& d) { return d.visibility == Visibility::kInternal; });
  std::erase_if(c.pages, [](const Page& p) { return p.visibility == Visibility::kInternal; });
  // A public document may name a draft period: the link goes with the period.
  for (auto& d : c.documents)
    if (!d.period.empty() && !c.find_period(d.period)) d.period.clear();
}

bool keep_until_period(Content& c, const std::string& period_id) {
  auto it = std::find_if(c.periods.begin(), c.periods.end(),
                         [&](const Period& p) { return p.id == period_id; });
  if (it == c.periods.end() || it->status == PeriodStatus::kDraft) return false;
  c.periods.erase(it + 1, c.periods.end());  // periods are ordered by end date
  const Date end = c.periods.back().end;
  std::erase_if(c.documents, [&](const Document& d) {
    if (!d.period.empty()) return c.find_period(d.period) == nullptr;
    return !d.issued || *d.issued > end;
  });
  std::erase_if(c.schemes, [&](const Scheme& s) {
    return std::none_of(c.periods.begin(), c.periods.end(),
                        [&](const Period& p) { return p.scheme == s.id; });
  });
  return true;
}

}  // namespace thidua
