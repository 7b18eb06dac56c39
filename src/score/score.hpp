// The score stage: totals, grades, competition ranks, changes against the
// compared period, averages and targets. Pure functions over the model.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "score/collation.hpp"

namespace thidua::score {

/// Points a section contributes, before its sign: score sections are capped by
/// their own max, bonus sections by their cap; penalties are returned as the
/// positive sum entered.
Points section_value(const Section& section, const Result& result);

/// sum(score sections) + sum(bonus sections) − sum(penalties), never below 0.
Points total(const Scheme& scheme, const Result& result);

/// The first grade, from the top, whose min the total reaches; null if none.
const Grade* grade_for(const Scheme& scheme, Points total);

/// Competition ranks ("1224") of values already sorted from best to worst.
std::vector<int> competition_ranks(const std::vector<Points>& sorted_desc);

/// The period `p` is compared with: its compare_to, else the latest earlier
/// non-draft period whose length is within 10% of p's. Null for none.
const Period* compared_period(const Content& content, const Period& p);

struct TargetResult {
  const Target* target;
  Points actual;
  bool met;
};

struct UnitResult {
  const Unit* unit = nullptr;
  const Result* result = nullptr;
  Points total = 0;
  std::vector<Points> sections;           ///< by scheme section, see section_value
  const Grade* grade = nullptr;           ///< after any override
  const Grade* computed_grade = nullptr;  ///< from the total alone
  int rank = 0;                           ///< over all ranked units of the period
  int cluster_rank = 0;                   ///< inside the unit's cluster
  std::optional<int> rank_change;         ///< previous rank − rank (up is positive)
  std::optional<Points> total_change;     ///< total − previous total
  std::vector<TargetResult> targets;      ///< in scheme order, only those reported
  bool overridden() const { return grade != computed_grade; }
};

struct ClusterScores {
  const Cluster* cluster = nullptr;
  std::vector<const UnitResult*> ranked;  ///< by cluster rank
  Points average = 0;                     ///< of totals, rounded to 0.01
  std::vector<Points> section_averages;
};

struct PeriodScores {
  const Period* period = nullptr;
  const Scheme* scheme = nullptr;
  const Period* compared = nullptr;
  std::vector<UnitResult> ranked;       ///< by rank; ties in name order
  std::vector<const Unit*> unranked;    ///< active units without a result, in name order
  std::vector<ClusterScores> clusters;  ///< clusters with ranked units, in content order
  Points average = 0;
  std::vector<Points> section_averages;
  std::map<std::string, int> grade_counts;  ///< by grade id

  /// The ranked result of `unit`, or null. A unit of the scored content is
  /// found by its place in it (pages ask for every unit in every period);
  /// any other by a scan of its id. There is no lookup by id string: a loop
  /// over results asking for ids would be n².
  const UnitResult* find(const Unit& unit) const;
  /// The scores of cluster `cluster_id`, or null when it has no ranked unit.
  const ClusterScores* find_cluster(const std::string& cluster_id) const;

  /// The units and clusters as they stood at the period's end, when any
  /// changed (Content::units_on); else null, and the content's own are used.
  /// `ranked`, `unranked` and `clusters` point into them.
  std::shared_ptr<const std::vector<Unit>> organisation;
  std::shared_ptr<const std::vector<Cluster>> cluster_names;
  /// The ranked result of the unit at `place` in the content's units.
  const UnitResult* find_at(std::size_t place) const;

  const Unit* units_ = nullptr;  ///< the units `ranked` points into (the period's), for find
  const Unit* content_units_ = nullptr;      ///< the content's units, in the same order
  const Content* content_ = nullptr;         ///< for a unit of another period's organisation
  std::vector<std::int32_t> by_unit_place_;  ///< index into ranked by unit's place; -1: none
  std::unordered_map<std::string, std::size_t> by_cluster_;  ///< index into clusters
};

/// Scores every period, in content order (oldest first). Warns, through
/// `warnings`, about published units that have no result.
std::vector<PeriodScores> score_content(const Content& content, const NameCollator& collator,
                                        Diagnostics* warnings = nullptr);

}  // namespace thidua::score
