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

View period_summary(const Context& x, const Period& p, const std::string& root) {
  View v = {{"id", p.id},
            {"title", p.title},
            {"href", root + urls::period(p.id)},
            {"start", x.date(p.start)},
            {"end", x.date(p.end)},
            {"status", x.t(status_key(p.status))},
            {"is_draft", p.status == PeriodStatus::kDraft}};
  return v;
}

View grade_view(const Context& x, const score::PeriodScores& ps, const Grade* g) {
  if (!g) return {{"label", x.t("no_grade")}, {"class", "g-none"}};
  return {{"id", g->id},
          {"label", g->label},
          {"class", "g" + std::to_string(grade_index(*ps.scheme, g))}};
}

View change_view(const Context& x, const std::optional<int>& change) {
  const Change ch = rank_change(change, x.locale);
  std::string spoken;
  switch (ch.direction) {
    case Direction::kUp:
      spoken = x.t("moved_up") + " " + x.count(ch.amount);
      break;
    case Direction::kDown:
      spoken = x.t("moved_down") + " " + x.count(ch.amount);
      break;
    case Direction::kSame:
      spoken = x.t("no_change");
      break;
    case Direction::kNone:
      spoken = x.t("no_comparison");
      break;
  }
  return {{"text", ch.text.empty() ? "–" : ch.text},
          {"dir", direction_name(ch.direction)},
          {"spoken", spoken}};
}

View ranking_row(const Context& x, const score::PeriodScores& ps, const score::UnitResult& r,
                 const std::string& root) {
  return {{"rank", x.count(r.rank)},
          {"cluster_rank", x.count(r.cluster_rank)},
          {"change", change_view(x, r.rank_change)},
          {"name", r.unit->name},
          {"href", root + urls::scorecard(ps.period->id, r.unit->id)},
          {"total", x.num(r.total)},
          {"total_change", format_total_change(r.total_change, x.locale)},
          {"grade", grade_view(x, ps, r.grade)}};
}

std::vector<long> grade_counts(const score::PeriodScores& ps) {
  std::vector<long> counts;
  for (const auto& g : ps.scheme->grades) {
    auto it = ps.grade_counts.find(g.id);
    counts.push_back(it == ps.grade_counts.end() ? 0L : static_cast<long>(it->second));
  }
  return counts;
}

View kpis(const Context& x, const score::PeriodScores& ps) {
  View grades = View::list();
  const long n = static_cast<long>(ps.ranked.size());
  const std::vector<long> counts = grade_counts(ps);
  for (std::size_t i = 0; i < ps.scheme->grades.size(); ++i)
    grades.push({{"label", ps.scheme->grades[i].label},
                 {"count", x.count(counts[i])},
                 {"share", format_share(counts[i], n, x.locale)},
                 {"class", "g" + std::to_string(i)}});
  return {{"ranked", x.count(ps.ranked.size())},
          {"unranked", x.count(ps.unranked.size())},
          {"average", x.num(ps.average)},
          {"max", x.num(ps.scheme->max())},
          {"grades", std::move(grades)}};
}

void set_movers(const Context& x, View& v, const score::PeriodScores& ps, const std::string& root) {
  auto movers = [&](bool up) {
    std::vector<const score::UnitResult*> rs;
    for (const auto& r : ps.ranked)
      if (r.rank_change && (up ? *r.rank_change > 0 : *r.rank_change < 0)) rs.push_back(&r);
    std::stable_sort(rs.begin(), rs.end(), [up](auto* a, auto* b) {
      return up ? *a->rank_change > *b->rank_change : *a->rank_change < *b->rank_change;
    });
    if (rs.size() > 5) rs.resize(5);
    View out = View::list();
    for (auto* r : rs) out.push(ranking_row(x, ps, *r, root));
    return out;
  };
  View up = movers(true), down = movers(false);
  v.set("has_movers", !up.empty() || !down.empty());
  v.set("movers_up", std::move(up));
  v.set("movers_down", std::move(down));
}

View visits_view(const Context& x, const Period& p, const score::PeriodScores* ps,
                 const std::string& root) {
  View out = View::list();
  if (!p.inspections) return out;
  for (const auto& v : p.inspections->visits) {
    const Unit* u = x.c.find_unit(v.unit);
    View row = {{"date", x.date(v.date)},
                {"cancelled", v.cancelled},
                {"session", x.t(session_key(v.session))},
                {"form", v.form},
                {"unit", u ? u->name_on(p.end) : v.unit},
                {"href", ps && u && ps->find(*u) ? root + urls::scorecard(p.id, v.unit) : ""},
                {"internal", internal_rows(v.internal)}};
    out.push(std::move(row));
  }
  return out;
}

View document_row(const Context& x, const Document& d, const std::string& root) {
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
              {"kind", x.t("kind_" + d.kind)},
              {"href", root + urls::document(d.slug)},
              {"internal", d.visibility == Visibility::kInternal},
              {"date", d.issued ? x.date(*d.issued) : ""}};
  return row;
}

View period_documents(const Context& x, const std::string& period_id, const std::string& root) {
  View out = View::list();
  for (const auto* d : x.docs)
    if (d->period == period_id) out.push(document_row(x, *d, root));
  return out;
}

View unit_documents(const Context& x, const Unit& u, const std::string& root) {
  View out = View::list();
  for (const auto* d : x.docs)
    if (std::find(d->units.begin(), d->units.end(), u.id) != d->units.end())
      out.push(document_row(x, *d, root));
  return out;
}

View downloads(const Period& p, const std::string& root) {
  return {{"csv", root + urls::data(p.id, "csv")},
          {"json", root + urls::data(p.id, "json")},
          {"xlsx", root + urls::data(p.id, "xlsx")}};
}

View unit_link(const Unit& u, const std::string& root) {
  return {{"name", u.name}, {"kind", u.kind}, {"href", root + urls::unit(u.id)}};
}

std::string cluster_name(const Context& x, const Cluster* cl) {
  if (!cl) return "";
  return cl->name.empty() ? x.t("other_cluster") : cl->name;
}

bool has_result(const Context& x, const Unit& u) {
  for (const auto& ps : x.scores)
    if (ps.scheme && ps.find(u)) return true;
  return false;
}

const Period* featured_period(const Context& x) {
  for (auto it = x.scores.rbegin(); it != x.scores.rend(); ++it)
    if (it->scheme && it->period->status != PeriodStatus::kDraft) return it->period;
  return nullptr;
}

}  // namespace thidua::site
