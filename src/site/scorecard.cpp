// A unit's scorecard in a period: total, grade, ranks, every section and
// criterion, targets, the inspection's findings, and the way to its
// neighbours and its other periods.
#include <algorithm>

#include "site/planner.hpp"
#include "site/urls.hpp"
#include "text/links.hpp"

namespace thidua::site {
namespace {

/// What paper shows of a link, where it cannot be followed: its host and
/// path, without the scheme, the query or the fragment
/// ("drive.example.vn/minh-chung/ke-hoach.pdf").
std::string printed_address(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("?#"));
  while (url.ends_with("/")) url.remove_suffix(1);
  return std::string(url);
}

}  // namespace

View Planner::scorecard(const score::PeriodScores& ps, std::size_t index) const {
  const score::UnitResult& r = ps.ranked[index];
  const Period& p = *ps.period;
  const Unit& u = *r.unit;
  const std::string path = urls::scorecard(p.id, u.id);
  const std::string root = urls::root_of(path);
  View v = base(path, u.name + " — " + p.title, "periods");
  crumb(v, root, t("home"), urls::home());
  crumb(v, root, t("periods"), urls::periods());
  crumb(v, root, p.title, urls::period(p.id));
  v.set("draft", p.status == PeriodStatus::kDraft);
  v.set("charts", true);
  v.set("period", period_summary(p, root));
  const score::ClusterScores* cs = ps.find_cluster(u.cluster);
  // The cluster as it was named then.
  const Cluster* cluster = cs ? cs->cluster : c_.find_cluster(u.cluster);
  v.set("unit", {{"name", u.name},
                 {"short_name", u.short_name},
                 {"kind", u.kind},
                 {"href", root + urls::unit(u.id)},
                 {"cluster", cluster_name(cluster)}});
  v.set("total", num(r.total));
  v.set("max", num(ps.scheme->max()));
  v.set("total_change", format_total_change(r.total_change, locale_));
  v.set("grade", grade_view(ps, r.grade));
  if (r.overridden()) {
    v.set("override",
          {{"computed", grade_view(ps, r.computed_grade)},
           {"reason", r.result->grade_override ? r.result->grade_override->reason : ""}});
  }
  v.set("rank", count(r.rank));
  v.set("ranked_count", count(ps.ranked.size()));
  v.set("cluster_rank", count(r.cluster_rank));
  v.set("cluster_count", count(cs ? cs->ranked.size() : 0));
  v.set("change", change_view(r.rank_change));
  if (ps.compared) v.set("compared", period_summary(*ps.compared, root));
  v.set("self_scores", !r.result->self_scores.empty());
  // The evidence column only when some criterion has a link to show.
  bool has_evidence = false;
  for (const auto& [criterion, urls] : r.result->evidence)
    for (const auto& url : urls) has_evidence = has_evidence || text::is_safe_link(url);
  // Not "has_evidence": a criterion's own evidence list answers that name
  // inside its row, and rows without links lost their cell.
  v.set("evidence_column", has_evidence);
  v.set("sections", scorecard_sections(ps, cs, r));
  v.set("section_chart", unit_sections_chart(ps, cs, r));
  v.set("targets", scorecard_targets(r));
  v.set("explanation", scorecard_explanation(ps, cs, r));
  v.set("corrections", corrections_view(p, root, &u));
  set_visit(v, p, u, root);
  v.set("note", r.result->note);
  v.set("internal", internal_rows(r.result->internal));
  v.set("documents", unit_documents(u, root));
  set_neighbours(v, ps, index, root);
  v.set("other_periods", other_periods(ps, u, root));
  v.set("downloads", downloads(p, root));
  return v;
}

/// Sections and criteria, with the unit's own scoring on the intranet.
View Planner::scorecard_sections(const score::PeriodScores& ps, const score::ClusterScores* cs,
                                 const score::UnitResult& r) const {
  const bool self = !r.result->self_scores.empty();
  View sections = View::list();
  sections.reserve(ps.scheme->sections.size());
  const CriteriaInOrder& order = criteria_order_.at(ps.scheme);
  const std::vector<const Points*> scores = order.find(r.result->scores);
  const std::vector<const Points*> self_scores =
      self ? order.find(r.result->self_scores) : std::vector<const Points*>();
  std::size_t place = 0;  // of a criterion in the scheme
  for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
    const Section& s = ps.scheme->sections[i];
    View criteria = View::list();
    criteria.reserve(s.criteria.size());
    for (const auto& cr : s.criteria) {
      const Points* score = scores[place];
      View links = View::list();
      if (auto e = r.result->evidence.find(cr.id); e != r.result->evidence.end()) {
        int k = 0;
        for (const auto& url : e->second)
          if (text::is_safe_link(url))
            links.push({{"href", url},
                        {"label", t("evidence") + " " + std::to_string(++k)},
                        {"where", printed_address(url)}});
      }
      // A penalty deducts: its points are shown as its section's are (−4).
      // Only a score criterion left out is "missing": a bonus or penalty
      // nobody entered simply means none.
      const bool penalty = s.kind == SectionKind::kPenalty && score && *score > 0;
      View row = {{"id", cr.id},
                  {"title", cr.title},
                  {"max", num(cr.max)},
                  {"score", (penalty ? "−" : "") + num(score ? *score : 0)},
                  {"missing", !score && s.kind == SectionKind::kScore},
                  {"deducts", penalty},
                  {"evidence", std::move(links)}};
      if (self) {
        const Points* own = self_scores[place];
        row.set("self_score", own ? num(*own) : "");
        // The unit's own score against the assessed one: + it scored itself higher.
        row.set("self_diff", own ? format_total_change(*own - (score ? *score : 0), locale_) : "");
      }
      criteria.push(std::move(row));
      ++place;
    }
    const Points avg = cs ? cs->section_averages[i] : 0;
    sections.push({{"id", s.id},
                   {"title", s.title},
                   {"value", num(r.sections[i])},
                   // A penalty section's max, when it has one, is the most it deducts.
                   {"max", s.kind != SectionKind::kPenalty ? num(s.max())
                           : s.cap                         ? "−" + num(*s.cap)
                                                           : ""},
                   {"cluster_average", num(avg)},
                   {"penalty", s.kind == SectionKind::kPenalty},
                   // a penalty taken off, shown "−2"; none is "0", not "−0"
                   {"minus", s.kind == SectionKind::kPenalty && r.sections[i] > 0},
                   {"bonus", s.kind == SectionKind::kBonus},
                   {"criteria", std::move(criteria)}});
  }
  return sections;
}

View Planner::scorecard_explanation(const score::PeriodScores& ps, const score::ClusterScores* cs,
                                    const score::UnitResult& r) const {
  const Scheme& scheme = *ps.scheme;
  const std::string arrow = " → ";
  View steps = View::list();
  auto step = [&](std::string text) { steps.push({{"text", std::move(text)}}); };
  auto quoted = [&](const Grade* g) { return "“" + g->label + "”"; };
  // Each section: its criteria's points added up, then its cap.
  std::string sum_line;  // the total's own sum, section by section
  Points signed_sum = 0;
  for (std::size_t i = 0; i < scheme.sections.size(); ++i) {
    const Section& s = scheme.sections[i];
    std::string terms;
    Points raw = 0;
    int entered = 0;
    for (const auto& c : s.criteria) {
      auto it = r.result->scores.find(c.id);
      if (it == r.result->scores.end()) continue;
      terms += (entered++ ? " + " : "") + num(it->second);
      raw += it->second;
    }
    const Points value = r.sections[i];
    std::string text = s.id + ". " + s.title + ": ";
    if (entered == 0)
      text += "0";
    else
      text += terms + (entered > 1 ? " = " + num(raw) : "");
    if (s.kind == SectionKind::kPenalty) {
      // A penalty section's max caps what it deducts, and the step says so.
      if (raw > value) text += ", " + t("explain_capped") + " " + num(*s.cap);
      text += arrow + t("explain_taken_off") + " " + num(value);
    } else if (raw > value) {
      text += ", " + t("explain_capped") + " " + num(s.max()) + arrow + num(value);
    } else {
      text += " (" + t("explain_max") + " " + num(s.max()) + ")";
    }
    step(std::move(text));
    const bool minus = s.kind == SectionKind::kPenalty;
    sum_line += (i == 0 ? (minus ? "−" : "") : (minus ? " − " : " + ")) + num(value);
    signed_sum += minus ? -value : value;
  }
  std::string total = t("total") + ": " + sum_line;
  if (signed_sum < 0)
    total += " = −" + num(-signed_sum) + ", " + t("explain_floor") + arrow + num(r.total);
  else
    total += " = " + num(r.total);
  step(total + " / " + num(scheme.max()));
  // The grade: the threshold met, or the override and its reason.
  auto met = [&](const Grade* g) {
    return g ? quoted(g) + " (" + t("explain_from") + " " + num(g->min) + " " +
                   t("explain_points") + ")"
             : t("explain_no_grade");
  };
  if (r.overridden())
    step(t("grade") + ": " + t("explain_by_total") + " " + met(r.computed_grade) + ", " +
         t("explain_override") + " " + (r.grade ? quoted(r.grade) : t("explain_no_grade")) + ". " +
         t("reason") + ": " + (r.result->grade_override ? r.result->grade_override->reason : ""));
  else
    step(t("grade") + ": " + num(r.total) + " " + t("explain_points") + " " +
         (r.grade ? t("explain_grade_met") + " " + met(r.grade) : t("explain_no_grade")));
  // Ranks, and who shares them.
  // Competition ranks: a tie starts at ranked[rank - 1] and runs while the
  // total holds (ranked is sorted by total, best first); found by halving, as
  // every scorecard asks it.
  const auto tie_begin = ps.ranked.begin() + (r.rank - 1);
  const auto tie_end = std::partition_point(
      tie_begin, ps.ranked.end(), [&](const score::UnitResult& o) { return o.total >= r.total; });
  const auto tied = static_cast<std::size_t>(tie_end - tie_begin) - 1;  // others than r
  std::string rank = t("overall_rank") + ": " + count(r.rank) + " " + t("explain_of") + " " +
                     count(ps.ranked.size()) + " " +
                     t("chart_units", static_cast<long long>(ps.ranked.size()));
  if (tied > 0) {
    rank += " (" + t("explain_tied");
    std::size_t named = 0;
    for (auto it = tie_begin; it != tie_end && named < 5; ++it)
      if (it->unit != r.unit) rank += (named++ ? ", " : " ") + it->unit->name;
    if (tied > 5)
      rank += " " + t("explain_and") + " " + count(tied - 5) + " " +
              t("explain_others", static_cast<long long>(tied - 5));
    rank += ")";
  }
  step(rank);
  if (cs)
    step(t("cluster_rank") + " (" + cluster_name(cs->cluster) + "): " + count(r.cluster_rank) +
         " " + t("explain_of") + " " + count(cs->ranked.size()) + " " +
         t("chart_units", static_cast<long long>(cs->ranked.size())));
  // The change, and against which period.
  if (!ps.compared) {
    step(t("explain_no_compared"));
  } else if (!r.rank_change || !r.total_change) {
    step(t("explain_compared") + " " + ps.compared->title + ": " + t("explain_not_ranked_then"));
  } else {
    const int before = r.rank + *r.rank_change;
    std::string change = t("explain_compared") + " " + ps.compared->title + ": " +
                         t("overall_rank") + " " + count(before) + arrow + count(r.rank);
    if (*r.rank_change != 0)
      change += " (" + t(*r.rank_change > 0 ? "moved_up" : "moved_down") + " " +
                count(std::abs(*r.rank_change)) + ")";
    change += ", " + t("total") + " " + num(r.total - *r.total_change) + arrow + num(r.total) +
              " (" + format_total_change(r.total_change, locale_) + ")";
    step(std::move(change));
  }
  return steps;
}

View Planner::scorecard_targets(const score::UnitResult& r) const {
  View targets = View::list();
  for (const auto& tr : r.targets) {
    const Points goal = tr.target->goal;
    targets.push({{"label", tr.target->label},
                  {"actual", num(tr.actual)},
                  {"goal", num(goal)},
                  {"unit", unit_suffix(tr.target->unit)},
                  {"met", tr.met},
                  {"lower_is_better", tr.target->lower_is_better},
                  {"meter_value", as_number(std::max<Points>(tr.actual, 0))},
                  {"meter_max", as_number(std::max({goal, tr.actual, Points{1}}))}});
  }
  return targets;
}

void Planner::set_visit(View& v, const Period& p, const Unit& u, const std::string& root) const {
  if (!p.inspections) return;
  // The unit's last visit that takes place, else its last cancelled one.
  const Visit* shown = nullptr;
  for (const auto& visit : p.inspections->visits)
    if (visit.unit == u.id && (!shown || shown->cancelled || !visit.cancelled)) shown = &visit;
  if (shown) {
    const Visit& visit = *shown;
    const Findings& f = visit.findings;
    v.set("visit", {{"date", date(visit.date)},
                    {"cancelled", visit.cancelled},
                    {"calendar", root + urls::schedule(p.id)},
                    {"session", t(session_key(visit.session))},
                    {"form", visit.form},
                    {"strengths", f.strengths},
                    {"weaknesses", f.weaknesses},
                    {"causes", f.causes},
                    {"recommendations", f.recommendations},
                    {"internal", internal_rows(visit.internal)}});
  }
}

void Planner::set_neighbours(View& v, const score::PeriodScores& ps, std::size_t index,
                             const std::string& root) const {
  auto link = [&](const score::UnitResult& other) -> View {
    return {{"name", other.unit->name},
            {"rank", count(other.rank)},
            {"href", root + urls::scorecard(ps.period->id, other.unit->id)}};
  };
  if (index > 0) v.set("prev", link(ps.ranked[index - 1]));
  if (index + 1 < ps.ranked.size()) v.set("next", link(ps.ranked[index + 1]));
}

View Planner::other_periods(const score::PeriodScores& ps, const Unit& u,
                            const std::string& root) const {
  View others = View::list();
  for (const auto& other : scores_) {
    if (!other.scheme) continue;
    const auto* o = other.find(u);
    if (!o) continue;
    others.push({{"title", other.period->title},
                 {"href", root + urls::scorecard(other.period->id, u.id)},
                 {"total", num(o->total)},
                 {"max", num(other.scheme->max())},
                 {"rank", count(o->rank)},
                 {"grade", grade_view(other, o->grade)},
                 {"current", other.period == ps.period}});
  }
  return others;
}

void Planner::scorecard_inputs(records::Writer& w, const score::PeriodScores& ps,
                               std::size_t index) const {
  const std::size_t i = index_of(ps);
  const score::UnitResult& r = ps.ranked[index];
  const Unit& u = *r.unit;
  w.hash(period_head_[i]);
  write(w, u);
  const score::ClusterScores* cs = ps.find_cluster(u.cluster);
  w.text(cluster_name(cs ? cs->cluster : c_.find_cluster(u.cluster)));
  w.flag(cs != nullptr);
  if (cs) w.hash(cluster_head_[i][static_cast<std::size_t>(cs - ps.clusters.data())]);
  write(w, *r.result);
  write_scored(w, ps, r);
  // The explanation names the units tied with it (the first few).
  const auto tie_begin = ps.ranked.begin() + (r.rank - 1);
  std::size_t tied = 0;
  for (auto it = tie_begin; it != ps.ranked.end() && it->total == r.total; ++it, ++tied)
    if (tied < 6) w.text(it->unit->name);
  w.number(static_cast<long long>(tied));
  // Its neighbours in the ranking.
  for (const std::size_t n : {index - 1, index + 1})
    if (n < ps.ranked.size())
      w.text(ps.ranked[n].unit->id).text(ps.ranked[n].unit->name).number(ps.ranked[n].rank);
    else
      w.text("");
  if (ps.period->inspections)
    for (const auto& visit : ps.period->inspections->visits)
      if (visit.unit == u.id) write(w, visit);
  unit_across(w, u);
  unit_documents_inputs(w, u);
}

}  // namespace thidua::site
