// Parts of views that several pages share.
#include <algorithm>

#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

int grade_index(const Scheme& scheme, const Grade* g) {
  for (std::size_t i = 0; i < scheme.grades.size(); ++i)
    if (&scheme.grades[i] == g) return static_cast<int>(i);
  return -1;
}

const char* status_key(PeriodStatus s) {
  switch (s) {
    case PeriodStatus::kDraft:
      return "status_draft";
    case PeriodStatus::kPublished:
      return "status_published";
    case PeriodStatus::kArchived:
      return "status_archived";
  }
  return "status_published";
}

const char* session_key(Session s) {
  switch (s) {
    case Session::kMorning:
      return "session_morning";
    case Session::kAfternoon:
      return "session_afternoon";
    case Session::kAllDay:
      return "session_all_day";
  }
  return "session_all_day";
}

View internal_rows(const InternalFields& fields) {
  View rows = View::list();
  for (const auto& [k, v] : fields) rows.push({{"key", k}, {"value", v}});
  return rows;
}

View Planner::period_summary(const Period& p, const std::string& root) const {
  View v = {{"id", p.id},
            {"title", p.title},
            {"href", root + urls::period(p.id)},
            {"start", date(p.start)},
            {"end", date(p.end)},
            {"status", t(status_key(p.status))},
            {"is_draft", p.status == PeriodStatus::kDraft}};
  return v;
}

View Planner::grade_view(const score::PeriodScores& ps, const Grade* g) const {
  if (!g) return {{"label", t("no_grade")}, {"class", "g-none"}};
  return {{"id", g->id},
          {"label", g->label},
          {"class", "g" + std::to_string(grade_index(*ps.scheme, g))}};
}

View Planner::change_view(const std::optional<int>& change) const {
  const Change ch = rank_change(change, locale_);
  std::string spoken;
  switch (ch.direction) {
    case Direction::kUp:
      spoken = t("moved_up") + " " + count(ch.amount);
      break;
    case Direction::kDown:
      spoken = t("moved_down") + " " + count(ch.amount);
      break;
    case Direction::kSame:
      spoken = t("no_change");
      break;
    case Direction::kNone:
      spoken = t("no_comparison");
      break;
  }
  return {{"text", ch.text.empty() ? "–" : ch.text},
          {"dir", direction_name(ch.direction)},
          {"spoken", spoken}};
}

View Planner::ranking_row(const score::PeriodScores& ps, const score::UnitResult& r,
                          const std::string& root) const {
  return {{"rank", count(r.rank)},
          {"cluster_rank", count(r.cluster_rank)},
          {"change", change_view(r.rank_change)},
          {"name", r.unit->name},
          {"href", root + urls::scorecard(ps.period->id, r.unit->id)},
          {"total", num(r.total)},
          {"total_change", format_total_change(r.total_change, locale_)},
          {"grade", grade_view(ps, r.grade)}};
}

std::vector<long> Planner::grade_counts(const score::PeriodScores& ps) const {
  std::vector<long> counts;
  for (const auto& g : ps.scheme->grades) {
    auto it = ps.grade_counts.find(g.id);
    counts.push_back(it == ps.grade_counts.end() ? 0L : static_cast<long>(it->second));
  }
  return counts;
}

View Planner::kpis(const score::PeriodScores& ps) const {
  View grades = View::list();
  const long n = static_cast<long>(ps.ranked.size());
  const std::vector<long> counts = grade_counts(ps);
  for (std::size_t i = 0; i < ps.scheme->grades.size(); ++i)
    grades.push({{"label", ps.scheme->grades[i].label},
                 {"count", count(counts[i])},
                 {"share", format_share(counts[i], n, locale_)},
                 {"class", "g" + std::to_string(i)}});
  return {{"ranked", count(ps.ranked.size())},
          {"unranked", count(ps.unranked.size())},
          {"average", num(ps.average)},
          {"max", num(ps.scheme->max())},
          {"grades", std::move(grades)}};
}

void Planner::set_movers(View& v, const score::PeriodScores& ps, const std::string& root) const {
  auto movers = [&](bool up) {
    std::vector<const score::UnitResult*> rs;
    for (const auto& r : ps.ranked)
      if (r.rank_change && (up ? *r.rank_change > 0 : *r.rank_change < 0)) rs.push_back(&r);
    std::stable_sort(rs.begin(), rs.end(), [up](auto* a, auto* b) {
      return up ? *a->rank_change > *b->rank_change : *a->rank_change < *b->rank_change;
    });
    if (rs.size() > 5) rs.resize(5);
    View out = View::list();
    for (auto* r : rs) out.push(ranking_row(ps, *r, root));
    return out;
  };
  View up = movers(true), down = movers(false);
  v.set("has_movers", !up.empty() || !down.empty());
  v.set("movers_up", std::move(up));
  v.set("movers_down", std::move(down));
}

View Planner::visits_view(const Period& p, const score::PeriodScores* ps,
                          const std::string& root) const {
  View out = View::list();
  if (!p.inspections) return out;
  for (const auto& v : p.inspections->visits) {
    const Unit* u = c_.find_unit(v.unit);
    View row = {{"date", date(v.date)},
                {"cancelled", v.cancelled},
                {"session", t(session_key(v.session))},
                {"form", v.form},
                {"unit", u ? u->name_on(p.end) : v.unit},
                {"href", ps && u && ps->find(*u) ? root + urls::scorecard(p.id, v.unit) : ""},
                {"internal", internal_rows(v.internal)}};
    out.push(std::move(row));
  }
  return out;
}

View Planner::document_row(const Document& d, const std::string& root) const {
  // A number never breaks inside a word ("58-KH/" | "ĐTN"), each word held
  // whole by itself: a number of many words still wraps between them.
  std::vector<std::string> number_words;
  for (std::size_t at = 0; at < d.number.size();) {
    const std::size_t space = std::min(d.number.find(' ', at), d.number.size());
    if (space > at) number_words.push_back(d.number.substr(at, space - at));
    at = space + 1;
  }
  View row = {{"title", d.title},
              {"number", d.number},
              {"number_words", number_words},
              {"kind", t("kind_" + d.kind)},
              {"href", root + urls::document(d.slug)},
              {"internal", d.visibility == Visibility::kInternal},
              {"date", d.issued ? date(*d.issued) : ""}};
  return row;
}

View Planner::period_documents(const std::string& period_id, const std::string& root) const {
  View out = View::list();
  for (const auto* d : docs_)
    if (d->period == period_id) out.push(document_row(*d, root));
  return out;
}

View Planner::unit_documents(const Unit& u, const std::string& root) const {
  View out = View::list();
  for (const auto* d : docs_)
    if (std::find(d->units.begin(), d->units.end(), u.id) != d->units.end())
      out.push(document_row(*d, root));
  return out;
}

View Planner::downloads(const Period& p, const std::string& root) const {
  return {{"csv", root + urls::data(p.id, "csv")},
          {"json", root + urls::data(p.id, "json")},
          {"xlsx", root + urls::data(p.id, "xlsx")}};
}

View Planner::unit_link(const Unit& u, const std::string& root) const {
  return {{"name", u.name}, {"kind", u.kind}, {"href", root + urls::unit(u.id)}};
}

std::string Planner::cluster_name(const Cluster* cl) const {
  if (!cl) return "";
  return cl->name.empty() ? t("other_cluster") : cl->name;
}

bool Planner::has_result(const Unit& u) const {
  for (const auto& ps : scores_)
    if (ps.scheme && ps.find(u)) return true;
  return false;
}

const Period* Planner::featured_period() const {
  for (auto it = scores_.rbegin(); it != scores_.rend(); ++it)
    if (it->scheme && it->period->status != PeriodStatus::kDraft) return it->period;
  return nullptr;
}

}  // namespace thidua::site
