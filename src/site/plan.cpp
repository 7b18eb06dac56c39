#include "site/plan.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "site/feeds.hpp"
#include "site/format.hpp"
#include "site/ics.hpp"
#include "site/open_data.hpp"
#include "site/search.hpp"
#include "text/escape.hpp"
#include "text/links.hpp"

namespace thidua::site {
namespace {

using json = nlohmann::json;

// ---- Permalinks: the contract's output layout, nowhere else. ----
std::string home_url() { return "index.html"; }
std::string periods_url() { return "periods/index.html"; }
std::string period_url(const std::string& p) { return "periods/" + p + "/index.html"; }
std::string scorecard_url(const std::string& p, const std::string& u) {
  return "periods/" + p + "/units/" + u + "/index.html";
}
std::string units_url() { return "units/index.html"; }
std::string unit_url(const std::string& u) { return "units/" + u + "/index.html"; }
std::string documents_url() { return "documents/index.html"; }
std::string search_url() { return "search/index.html"; }
std::string document_url(const std::string& slug) { return "documents/" + slug + "/index.html"; }
std::string page_url(const std::string& path) { return path + "/index.html"; }
std::string history_url(const std::string& u) { return "data/units/" + u + ".csv"; }
std::string schedule_url(const std::string& p) { return "periods/" + p + "/schedule.ics"; }
std::string data_url(const std::string& p, const std::string& ext) {
  return "data/" + p + "/results." + ext;
}

/// "../" once per folder of `path`: the way from a page back to the site root.
std::string root_of(const std::string& path) {
  std::string root;
  for (char c : path)
    if (c == '/') root += "../";
  return root;
}

int grade_index(const Scheme& scheme, const Grade* g) {
  for (std::size_t i = 0; i < scheme.grades.size(); ++i)
    if (&scheme.grades[i] == g) return static_cast<int>(i);
  return -1;
}

double as_number(Points p) { return static_cast<double>(p) / 100.0; }

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

class Planner {
 public:
  Planner(const Content& c, const std::vector<score::PeriodScores>& scores, const json& strings,
          Profile profile)
      : c_(c),
        scores_(scores),
        t_(strings),
        profile_(profile),
        locale_(locale_for(c.site.language)) {
    for (const auto& ps : scores_) by_period_[ps.period->id] = &ps;
    for (const auto& u : c_.units)
      if (!u.parent.empty()) children_[u.parent].push_back(&u);
    for (const auto& d : c_.documents) docs_.push_back(&d);
    for (const auto& s : c_.schemes) criteria_order_.emplace(&s, CriteriaInOrder(s));
    for (const auto& ps : scores_) {
      if (!ps.scheme) continue;
      section_tails_[{&ps, nullptr}] = section_tail(ps, nullptr);
      for (const auto& cs : ps.clusters) section_tails_[{&ps, &cs}] = section_tail(ps, &cs);
    }
    std::stable_sort(docs_.begin(), docs_.end(), [](const Document* a, const Document* b) {
      if (a->issued != b->issued) return a->issued > b->issued;  // newest first, undated last
      return a->slug < b->slug;
    });
  }

  /// Lists every page with a function that builds its view when it is
  /// rendered (in any thread: the planner is read-only from here on).
  SitePlan plan() {
    add(home_url(), "home", [this] { return home(); });
    add(periods_url(), "periods", [this] { return periods_index(); });
    for (const auto& ps : scores_) {
      if (!ps.scheme) continue;
      add(period_url(ps.period->id), "dashboard", [this, &ps] { return dashboard(ps); });
      for (std::size_t i = 0; i < ps.ranked.size(); ++i)
        add(scorecard_url(ps.period->id, ps.ranked[i].unit->id), "scorecard",
            [this, &ps, i] { return scorecard(ps, i); });
      file(data_url(ps.period->id, "json"), [&ps] { return results_json(ps); });
      file(data_url(ps.period->id, "csv"), [&ps] { return results_csv(ps); });
      if (ps.period->inspections && !ps.period->inspections->visits.empty())
        file(schedule_url(ps.period->id),
             [this, &ps] { return schedule_ics(c_, *ps.period, t("calendar_summary") + " "); });
    }
    add(units_url(), "units", [this] { return units_index(); });
    for (const auto& u : c_.units) {
      add(unit_url(u.id), "unit", [this, &u] { return unit_profile(u); });
      if (has_result(u))
        file(history_url(u.id), [this, &u] { return unit_history_csv(u, scores_); });
    }
    add(documents_url(), "documents", [this] { return documents_index(); });
    for (const auto* d : docs_)
      add(
          document_url(d->slug), "document", [this, d] { return document(*d); }, &d->body);
    for (const auto& p : c_.pages)
      add(
          page_url(p.path), "page", [this, &p] { return free_page(p); }, &p.body);
    add(search_url(), "search", [this] { return search_page(); });
    file("search/index.js",
         [this] { return search_index_js(c_, t("unit"), t("document"), t("page")); });
    add("404.html", "404", [this] { return not_found(); });
    file("robots.txt", [this] { return robots_txt(FeedInput{c_, scores_, profile_}); });
    if (!c_.site.base_url.empty()) {
      auto paths = std::make_shared<std::vector<std::string>>();
      for (const auto& p : plan_.pages)
        if (p.path != "404.html") paths->push_back(p.path);
      file("sitemap.xml", [this, paths] { return sitemap_xml(c_.site.base_url, *paths); });
      file("feed.xml", [this] { return atom_feed(FeedInput{c_, scores_, profile_}); });
    }
    return std::move(plan_);
  }

 private:
  std::string t(const std::string& key) const {
    auto it = t_.find(key);
    return it != t_.end() && it->is_string() ? it->get<std::string>() : key;
  }
  std::string num(Points p) const { return format_number(p, locale_); }
  std::string date(Date d) const { return format_date(d, locale_); }

  /// What every page has: the way to the root, site identity, navigation.
  /// Links start with `root`, the way back from `path` unless given.
  View base(const std::string& path, const std::string& title, const std::string& nav,
            const std::string& root) const {
    View v;
    v.reserve(48);  // what a page sets, base and own (a scorecard: 41)
    v.set("root", root);
    v.set("lang", locale_.language);
    v.set("title", title);
    View site = {{"title", c_.site.title},
                 {"organization", c_.site.organization},
                 {"parent_organization", c_.site.parent_organization},
                 {"description", c_.site.description}};
    if (profile_ == Profile::kIntranet) site.set("internal", internal_rows(c_.site.internal));
    v.set("site", std::move(site));
    v.set("intranet", profile_ == Profile::kIntranet);
    v.set("draft", false);
    v.set("charts", false);
    v.set("canonical", c_.site.base_url.empty() ? "" : absolute_url(c_.site.base_url, path));
    v.set("has_feed", !c_.site.base_url.empty());  // feed.xml needs absolute addresses
    // Optional parts are always present (null when absent): a missing key
    // would make Mustache look it up in the enclosing context instead.
    v.set("featured", nullptr);
    v.set("compared", nullptr);
    v.set("override", nullptr);
    v.set("visit", nullptr);
    v.set("prev", nullptr);
    v.set("next", nullptr);
    v.set("internal", View::list());
    View items = View::list();
    const std::pair<const char*, std::string> entries[] = {{"home", home_url()},
                                                           {"periods", periods_url()},
                                                           {"units", units_url()},
                                                           {"documents", documents_url()},
                                                           {"search", search_url()}};
    for (const auto& [key, url] : entries)
      items.push({{"label", t(key)}, {"href", root + url}, {"current", nav == key}});
    v.set("nav", std::move(items));
    View pages = View::list();
    for (const auto& p : c_.pages)
      pages.push({{"title", p.title}, {"href", root + page_url(p.path)}});
    v.set("footer_pages", std::move(pages));
    v.set("breadcrumbs", View::list());
    return v;
  }
  View base(const std::string& path, const std::string& title, const std::string& nav) const {
    return base(path, title, nav, root_of(path));
  }

  /// A breadcrumb on a page whose links start with `root`.
  void crumb(View& v, const std::string& root, const std::string& label,
             const std::string& url) const {
    v.push("breadcrumbs", {{"label", label}, {"href", root + url}});
  }

  void file(std::string path, std::function<std::string()> bytes) {
    plan_.files.push_back({std::move(path), std::move(bytes)});
  }

  void add(std::string path, std::string tmpl, std::function<View()> view,
           const std::string* markdown = nullptr) {
    plan_.pages.push_back({std::move(path), std::move(tmpl), std::move(view), markdown});
  }

  // ---- shared fragments ----

  View period_summary(const Period& p, const std::string& root) const {
    View v = {{"id", p.id},
              {"title", p.title},
              {"href", root + period_url(p.id)},
              {"start", date(p.start)},
              {"end", date(p.end)},
              {"status", t(status_key(p.status))},
              {"is_draft", p.status == PeriodStatus::kDraft}};
    return v;
  }

  View grade_view(const score::PeriodScores& ps, const Grade* g) const {
    if (!g) return {{"label", t("no_grade")}, {"class", "g-none"}};
    return {{"id", g->id},
            {"label", g->label},
            {"class", "g" + std::to_string(grade_index(*ps.scheme, g))}};
  }

  View change_view(const std::optional<int>& change) const {
    const Change ch = rank_change(change);
    std::string spoken;
    if (ch.direction == "up") spoken = t("moved_up") + " " + std::to_string(ch.amount);
    if (ch.direction == "down") spoken = t("moved_down") + " " + std::to_string(ch.amount);
    if (ch.direction == "same") spoken = t("no_change");
    if (ch.direction == "none") spoken = t("no_comparison");
    return {{"text", ch.text.empty() ? "–" : ch.text}, {"dir", ch.direction}, {"spoken", spoken}};
  }

  View ranking_row(const score::PeriodScores& ps, const score::UnitResult& r,
                   const std::string& root) const {
    return {{"rank", r.rank},
            {"cluster_rank", r.cluster_rank},
            {"change", change_view(r.rank_change)},
            {"name", r.unit->name},
            {"href", root + scorecard_url(ps.period->id, r.unit->id)},
            {"total", num(r.total)},
            {"total_change", format_total_change(r.total_change, locale_)},
            {"grade", grade_view(ps, r.grade)}};
  }

  View kpis(const score::PeriodScores& ps) const {
    View grades = View::list();
    const long n = static_cast<long>(ps.ranked.size());
    for (std::size_t i = 0; i < ps.scheme->grades.size(); ++i) {
      const Grade& g = ps.scheme->grades[i];
      auto it = ps.grade_counts.find(g.id);
      const long count = it == ps.grade_counts.end() ? 0 : it->second;
      grades.push({{"label", g.label},
                   {"count", count},
                   {"share", format_share(count, n, locale_)},
                   {"class", "g" + std::to_string(i)}});
    }
    return {{"ranked", n},
            {"unranked", ps.unranked.size()},
            {"average", num(ps.average)},
            {"max", num(ps.scheme->max())},
            {"grades", std::move(grades)}};
  }

  View movers(const score::PeriodScores& ps, bool up, const std::string& root) const {
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
  }

  View visits_view(const Period& p, const score::PeriodScores* ps, const std::string& root) const {
    View out = View::list();
    if (!p.inspections) return out;
    for (const auto& v : p.inspections->visits) {
      const Unit* u = c_.find_unit(v.unit);
      View row = {{"date", date(v.date)},
                  {"session", t(session_key(v.session))},
                  {"form", v.form},
                  {"unit", u ? u->name : v.unit},
                  {"href", ps && u && ps->find(*u) ? root + scorecard_url(p.id, v.unit) : ""},
                  {"internal", internal_rows(v.internal)}};
      out.push(std::move(row));
    }
    return out;
  }

  View document_row(const Document& d, const std::string& root) const {
    View row = {{"title", d.title},
                {"number", d.number},
                {"kind", t("kind_" + d.kind)},
                {"href", root + document_url(d.slug)},
                {"internal", d.visibility == Visibility::kInternal},
                {"date", d.issued ? date(*d.issued) : ""}};
    return row;
  }

  /// A scorecard's chart of its sections against the cluster's averages and
  /// the maximum.
  json section_spec(const score::PeriodScores& ps, const score::ClusterScores* cs, json unit_data,
                    const std::string& unit_label) const {
    json sl = json::array(), ss = json::array(), sc = json::array(), sm = json::array();
    for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
      const Section& s = ps.scheme->sections[i];
      if (s.kind != SectionKind::kScore) continue;
      sl.push_back(s.id + ". " + s.title);
      ss.push_back(s.id);
      sc.push_back(as_number(cs ? cs->section_averages[i] : 0));
      sm.push_back(as_number(s.max()));
    }
    return {{"type", "sections"},
            {"title", t("chart_unit_sections")},
            {"labels", std::move(sl)},
            {"short_labels", std::move(ss)},
            {"datasets", json::array({{{"label", unit_label}, {"data", std::move(unit_data)}},
                                      {{"label", t("cluster_average")}, {"data", std::move(sc)}},
                                      {{"label", t("max")}, {"data", std::move(sm)}}})}};
  }

  /// All of a section chart's text but the unit's dataset is the same for a
  /// period and cluster, and made once (section_tails_): the text is the
  /// unit's dataset, written here, then that tail. JSON writes keys in order,
  /// so the unit's dataset comes first.
  static constexpr std::string_view kUnitDataset = R"({"datasets":[{"data":[],"label":"")";
  std::string section_tail(const score::PeriodScores& ps, const score::ClusterScores* cs) const {
    std::string text = text::script_json(section_spec(ps, cs, json::array(), ""));
    return text.starts_with(kUnitDataset) ? text.substr(kUnitDataset.size()) : "";
  }
  View section_chart(const score::PeriodScores& ps, const score::ClusterScores* cs,
                     const score::UnitResult& r) const {
    const Unit& u = *r.unit;
    const std::string& label = u.short_name.empty() ? u.name : u.short_name;
    json data = json::array();
    for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i)
      if (ps.scheme->sections[i].kind == SectionKind::kScore)
        data.push_back(as_number(r.sections[i]));
    auto tail = section_tails_.find({&ps, cs});
    if (tail == section_tails_.end() || tail->second.empty())  // cannot happen; be exact
      return chart("chart-unit-sections", section_spec(ps, cs, std::move(data), label));
    std::string text = R"({"datasets":[{"data":)" + data.dump() + R"(,"label":)" +
                       text::script_json(json(label)) + tail->second;
    return {{"id", "chart-unit-sections"},
            {"json", std::move(text)},
            {"label", t("chart_unit_sections")}};
  }

  View chart(const std::string& id, const json& spec) const {
    return {
        {"id", id}, {"json", text::script_json(spec)}, {"label", spec["title"].get<std::string>()}};
  }

  /// Ranking bar chart of one cluster, bars coloured and patterned by grade.
  View ranking_chart(const score::PeriodScores& ps, const score::ClusterScores& cs,
                     const std::string& id) const {
    json labels = json::array(), data = json::array(), grades = json::array(), gl = json::array();
    for (const auto* r : cs.ranked) {
      labels.push_back(r->unit->short_name.empty() ? r->unit->name : r->unit->short_name);
      data.push_back(as_number(r->total));
      grades.push_back(grade_index(*ps.scheme, r->grade));
    }
    for (const auto& g : ps.scheme->grades) gl.push_back(g.label);
    json spec = {{"type", "ranking"},
                 {"title", t("chart_ranking") + ": " + cluster_name(cs.cluster)},
                 {"labels", std::move(labels)},
                 {"max", as_number(ps.scheme->max())},
                 {"datasets", json::array({{{"label", t("total")}, {"data", std::move(data)}}})},
                 {"grades", std::move(grades)},
                 {"grade_labels", std::move(gl)}};
    return chart(id, spec);
  }

  View period_documents(const std::string& period_id, const std::string& root) const {
    View out = View::list();
    for (const auto* d : docs_)
      if (d->period == period_id) out.push(document_row(*d, root));
    return out;
  }

  const Period* featured_period() const {
    for (auto it = scores_.rbegin(); it != scores_.rend(); ++it)
      if (it->scheme && it->period->status != PeriodStatus::kDraft) return it->period;
    return nullptr;
  }

  // ---- pages ----

  View home() const {
    const std::string path = home_url();
    const std::string root = root_of(path);
    View v = base(path, c_.site.title, "home");
    if (const Period* p = featured_period()) {
      const auto& ps = *by_period_.at(p->id);
      View featured = period_summary(*p, root);
      featured.set("kpis", kpis(ps));
      View top = View::list();
      for (std::size_t i = 0; i < ps.ranked.size() && i < 10; ++i)
        top.push(ranking_row(ps, ps.ranked[i], root));
      featured.set("top", std::move(top));
      View up = movers(ps, true, root), down = movers(ps, false, root);
      featured.set("has_movers", !up.empty() || !down.empty());
      featured.set("movers_up", std::move(up));
      featured.set("movers_down", std::move(down));
      featured.set("visits", visits_view(*p, &ps, root));
      v.set("featured", std::move(featured));
    }
    View periods = View::list();
    for (auto it = c_.periods.rbegin(); it != c_.periods.rend(); ++it)
      periods.push(period_summary(*it, root));
    v.set("periods", std::move(periods));
    View docs = View::list();
    for (std::size_t i = 0; i < docs_.size() && i < 5; ++i)
      docs.push(document_row(*docs_[i], root));
    v.set("documents", std::move(docs));
    return v;
  }

  View periods_index() const {
    const std::string path = periods_url();
    const std::string root = root_of(path);
    View v = base(path, t("periods"), "periods");
    crumb(v, root, t("home"), home_url());
    View rows = View::list();
    for (auto it = c_.periods.rbegin(); it != c_.periods.rend(); ++it) {
      View row = period_summary(*it, root);
      const auto* ps = by_period_.at(it->id);
      if (ps->scheme) {
        row.set("scheme", ps->scheme->title);
        row.set("ranked", ps->ranked.size());
        row.set("average", num(ps->average));
        row.set("max", num(ps->scheme->max()));
      }
      rows.push(std::move(row));
    }
    v.set("periods", std::move(rows));
    return v;
  }

  View dashboard(const score::PeriodScores& ps) const {
    const Period& p = *ps.period;
    const std::string path = period_url(p.id);
    const std::string root = root_of(path);
    View v = base(path, p.title, "periods");
    crumb(v, root, t("home"), home_url());
    crumb(v, root, t("periods"), periods_url());
    v.set("draft", p.status == PeriodStatus::kDraft);
    v.set("charts", true);
    View period = period_summary(p, root);
    period.set("scheme", ps.scheme->title);
    v.set("period", std::move(period));
    if (ps.compared) v.set("compared", period_summary(*ps.compared, root));
    v.set("kpis", kpis(ps));

    View clusters = View::list();
    int n = 0;
    for (const auto& cs : ps.clusters) {
      View rows = View::list();
      for (const auto* r : cs.ranked) rows.push(ranking_row(ps, *r, root));
      clusters.push({{"id", cs.cluster ? cs.cluster->id : ""},
                     {"name", cluster_name(cs.cluster)},
                     {"average", num(cs.average)},
                     {"count", cs.ranked.size()},
                     {"chart", ranking_chart(ps, cs, "chart-cluster-" + std::to_string(++n))},
                     {"rows", std::move(rows)}});
    }
    v.set("clusters", std::move(clusters));

    json gl = json::array(), gd = json::array(), gi = json::array();
    for (const auto& g : ps.scheme->grades) {
      auto it = ps.grade_counts.find(g.id);
      gl.push_back(g.label);
      gd.push_back(it == ps.grade_counts.end() ? 0L : static_cast<long>(it->second));
      gi.push_back(gi.size());
    }
    v.set(
        "grade_chart",
        chart("chart-grades",
              {{"type", "grades"},
               {"title", t("grade_distribution")},
               {"labels", std::move(gl)},
               {"datasets", json::array({{{"label", t("units_count")}, {"data", std::move(gd)}}})},
               {"grades", std::move(gi)}}));

    View sections = View::list();
    json sl = json::array(), ss = json::array(), sa = json::array(), sm = json::array();
    for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i) {
      const Section& s = ps.scheme->sections[i];
      sections.push(
          {{"id", s.id},
           {"title", s.title},
           {"average", num(ps.section_averages[i])},
           {"max", s.kind == SectionKind::kPenalty ? "" : num(s.max())},
           {"kind", t("section_" + std::string(s.kind == SectionKind::kScore   ? "score"
                                               : s.kind == SectionKind::kBonus ? "bonus"
                                                                               : "penalty"))}});
      if (s.kind != SectionKind::kScore) continue;
      sl.push_back(s.id + ". " + s.title);
      ss.push_back(s.id);
      sa.push_back(as_number(ps.section_averages[i]));
      sm.push_back(as_number(s.max()));
    }
    v.set("sections", std::move(sections));
    v.set("section_chart",
          chart("chart-sections",
                {{"type", "sections"},
                 {"title", t("section_averages")},
                 {"labels", std::move(sl)},
                 {"short_labels", std::move(ss)},
                 {"datasets", json::array({{{"label", t("average")}, {"data", std::move(sa)}},
                                           {{"label", t("max")}, {"data", std::move(sm)}}})}}));
    View up = movers(ps, true, root), down = movers(ps, false, root);
    v.set("has_movers", !up.empty() || !down.empty());
    v.set("movers_up", std::move(up));
    v.set("movers_down", std::move(down));

    View unranked = View::list();
    for (const auto* u : ps.unranked)
      unranked.push({{"name", u->name}, {"href", root + unit_url(u->id)}});
    v.set("unranked", std::move(unranked));

    if (p.inspections) {
      View team = View::list();
      for (const auto& m : p.inspections->team)
        team.push({{"name", m.name}, {"role", m.role}, {"title", m.title}});
      v.set("team", std::move(team));
    }
    View visits = visits_view(p, &ps, root);
    v.set("calendar", visits.empty() ? "" : root + schedule_url(p.id));
    v.set("visits", std::move(visits));
    v.set("documents", period_documents(p.id, root));
    v.set("downloads",
          {{"csv", root + data_url(p.id, "csv")}, {"json", root + data_url(p.id, "json")}});
    return v;
  }

  View scorecard(const score::PeriodScores& ps, std::size_t index) const {
    const score::UnitResult& r = ps.ranked[index];
    const Period& p = *ps.period;
    const Unit& u = *r.unit;
    const std::string path = scorecard_url(p.id, u.id);
    const std::string root = root_of(path);
    View v = base(path, u.name + " — " + p.title, "periods");
    crumb(v, root, t("home"), home_url());
    crumb(v, root, t("periods"), periods_url());
    crumb(v, root, p.title, period_url(p.id));
    v.set("draft", p.status == PeriodStatus::kDraft);
    v.set("charts", true);
    v.set("period", period_summary(p, root));
    const Cluster* cluster = c_.find_cluster(u.cluster);
    const score::ClusterScores* cs = ps.find_cluster(u.cluster);
    v.set("unit", {{"name", u.name},
                   {"short_name", u.short_name},
                   {"kind", u.kind},
                   {"href", root + unit_url(u.id)},
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
    v.set("rank", r.rank);
    v.set("ranked_count", ps.ranked.size());
    v.set("cluster_rank", r.cluster_rank);
    v.set("cluster_count", cs ? cs->ranked.size() : 0);
    v.set("change", change_view(r.rank_change));
    if (ps.compared) v.set("compared", period_summary(*ps.compared, root));

    // Sections and criteria, with the unit's own scoring on the intranet.
    const bool self = !r.result->self_scores.empty();
    v.set("self_scores", self);
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
              links.push({{"href", url}, {"label", t("evidence") + " " + std::to_string(++k)}});
        }
        View row = {{"id", cr.id},        {"title", cr.title},
                    {"max", num(cr.max)}, {"score", num(score ? *score : 0)},
                    {"missing", !score},  {"evidence", std::move(links)}};
        if (self) row.set("self_score", self_scores[place] ? num(*self_scores[place]) : "");
        criteria.push(std::move(row));
        ++place;
      }
      const Points avg = cs ? cs->section_averages[i] : 0;
      sections.push({{"id", s.id},
                     {"title", s.title},
                     {"value", num(r.sections[i])},
                     {"max", s.kind == SectionKind::kPenalty ? "" : num(s.max())},
                     {"cluster_average", num(avg)},
                     {"penalty", s.kind == SectionKind::kPenalty},
                     // a penalty taken off, shown "−2"; none is "0", not "−0"
                     {"minus", s.kind == SectionKind::kPenalty && r.sections[i] > 0},
                     {"bonus", s.kind == SectionKind::kBonus},
                     {"criteria", std::move(criteria)}});
    }
    v.set("sections", std::move(sections));
    v.set("section_chart", section_chart(ps, cs, r));

    View targets = View::list();
    for (const auto& tr : r.targets) {
      const Points goal = tr.target->goal;
      targets.push({{"label", tr.target->label},
                    {"actual", num(tr.actual)},
                    {"goal", num(goal)},
                    {"unit", tr.target->unit},
                    {"met", tr.met},
                    {"lower_is_better", tr.target->lower_is_better},
                    {"meter_value", as_number(std::max<Points>(tr.actual, 0))},
                    {"meter_max", as_number(std::max({goal, tr.actual, Points{1}}))}});
    }
    v.set("targets", std::move(targets));

    if (p.inspections) {
      for (const auto& visit : p.inspections->visits) {
        if (visit.unit != u.id) continue;
        const Findings& f = visit.findings;
        v.set("visit", {{"date", date(visit.date)},
                        {"calendar", root + schedule_url(p.id)},
                        {"session", t(session_key(visit.session))},
                        {"form", visit.form},
                        {"strengths", f.strengths},
                        {"weaknesses", f.weaknesses},
                        {"causes", f.causes},
                        {"recommendations", f.recommendations},
                        {"internal", internal_rows(visit.internal)}});
      }
    }
    v.set("note", r.result->note);
    v.set("internal", internal_rows(r.result->internal));

    View docs = View::list();
    for (const auto* d : docs_)
      if (std::find(d->units.begin(), d->units.end(), u.id) != d->units.end())
        docs.push(document_row(*d, root));
    v.set("documents", std::move(docs));

    if (index > 0) {
      const auto& prev = ps.ranked[index - 1];
      v.set("prev", {{"name", prev.unit->name},
                     {"rank", prev.rank},
                     {"href", root + scorecard_url(p.id, prev.unit->id)}});
    }
    if (index + 1 < ps.ranked.size()) {
      const auto& next = ps.ranked[index + 1];
      v.set("next", {{"name", next.unit->name},
                     {"rank", next.rank},
                     {"href", root + scorecard_url(p.id, next.unit->id)}});
    }
    View others = View::list();
    for (const auto& other : scores_) {
      if (!other.scheme) continue;
      const auto* o = other.find(u);
      if (!o) continue;
      others.push({{"title", other.period->title},
                   {"href", root + scorecard_url(other.period->id, u.id)},
                   {"total", num(o->total)},
                   {"max", num(other.scheme->max())},
                   {"rank", o->rank},
                   {"grade", grade_view(other, o->grade)},
                   {"current", other.period == &p}});
    }
    v.set("other_periods", std::move(others));
    v.set("downloads",
          {{"csv", root + data_url(p.id, "csv")}, {"json", root + data_url(p.id, "json")}});
    return v;
  }

  std::string cluster_name(const Cluster* cl) const {
    if (!cl) return "";
    return cl->name.empty() ? t("other_cluster") : cl->name;
  }

  bool has_result(const Unit& u) const {
    for (const auto& ps : scores_)
      if (ps.scheme && ps.find(u)) return true;
    return false;
  }

  View unit_link(const Unit& u, const std::string& root) const {
    return {{"name", u.name}, {"kind", u.kind}, {"href", root + unit_url(u.id)}};
  }

  View tree_node(const Unit& u, const std::string& root, int depth) const {
    View node = unit_link(u, root);
    View kids = View::list();
    if (depth < 64)  // the loader refuses cycles; this only bounds the recursion
      if (auto it = children_.find(u.id); it != children_.end())
        for (const auto* k : it->second) kids.push(tree_node(*k, root, depth + 1));
    node.set("children", std::move(kids));
    return node;
  }

  View units_index() const {
    const std::string path = units_url();
    const std::string root = root_of(path);
    View v = base(path, t("units"), "units");
    crumb(v, root, t("home"), home_url());
    std::map<std::string_view, View> by_cluster;  // one pass, not one per cluster
    for (const auto& u : c_.units) {
      auto [it, added] = by_cluster.try_emplace(u.cluster, View::list());
      it->second.push(unit_link(u, root));
    }
    View clusters = View::list();
    for (const auto& cl : c_.clusters)
      if (auto it = by_cluster.find(cl.id); it != by_cluster.end())
        clusters.push({{"name", cluster_name(&cl)}, {"units", std::move(it->second)}});
    v.set("clusters", std::move(clusters));
    View roots = View::list();
    for (const auto& u : c_.units)
      if (u.parent.empty()) roots.push(tree_node(u, root, 0));
    v.set("tree", std::move(roots));
    v.set("count", c_.units.size());
    return v;
  }

  View unit_profile(const Unit& u) const {
    const std::string path = unit_url(u.id);
    const std::string root = root_of(path);
    View v = base(path, u.name, "units");
    crumb(v, root, t("home"), home_url());
    crumb(v, root, t("units"), units_url());
    const Cluster* cluster = c_.find_cluster(u.cluster);
    View unit = {{"name", u.name},
                 {"short_name", u.short_name},
                 {"kind", u.kind},
                 {"cluster", cluster_name(cluster)}};
    if (u.active_from) unit.set("active_from", date(*u.active_from));
    if (u.active_to) unit.set("active_to", date(*u.active_to));
    v.set("unit", std::move(unit));
    std::vector<const Unit*> up;  // parent first
    for (const Unit* a = c_.find_unit(u.parent); a && up.size() < 64; a = c_.find_unit(a->parent))
      up.push_back(a);
    View ancestors = View::list();
    for (auto it = up.rbegin(); it != up.rend(); ++it) ancestors.push(unit_link(**it, root));
    v.set("ancestors", std::move(ancestors));
    View kids = View::list();
    if (auto it = children_.find(u.id); it != children_.end())
      for (const auto* k : it->second) kids.push(unit_link(*k, root));
    v.set("children", std::move(kids));

    View history = View::list();
    json labels = json::array(), totals = json::array(), ranks = json::array();
    for (const auto& ps : scores_) {
      if (!ps.scheme) continue;
      const Period& p = *ps.period;
      if (!u.active_during(p.start, p.end)) continue;
      View row = period_summary(p, root);
      const auto* r = ps.find(u);
      labels.push_back(p.title);
      if (r) {
        row.set("scored", true);
        row.set("scorecard", root + scorecard_url(p.id, u.id));
        row.set("total", num(r->total));
        row.set("max", num(ps.scheme->max()));
        row.set("grade", grade_view(ps, r->grade));
        row.set("rank", r->rank);
        row.set("ranked_count", ps.ranked.size());
        row.set("cluster_rank", r->cluster_rank);
        row.set("change", change_view(r->rank_change));
        totals.push_back(as_number(r->total));
        ranks.push_back(r->rank);
      } else {
        row.set("scored", false);
        totals.push_back(nullptr);
        ranks.push_back(nullptr);
      }
      history.push(std::move(row));
    }
    v.set("history", std::move(history));
    v.set("history_csv", has_result(u) ? root + history_url(u.id) : "");
    v.set("has_history", !totals.empty());
    v.set("charts", !totals.empty());
    v.set("history_chart",
          chart("chart-history",
                {{"type", "history"},
                 {"title", t("chart_history")},
                 {"labels", std::move(labels)},
                 {"datasets", json::array({{{"label", t("total")}, {"data", std::move(totals)}},
                                           {{"label", t("rank")}, {"data", std::move(ranks)}}})}}));
    View docs = View::list();
    for (const auto* d : docs_)
      if (std::find(d->units.begin(), d->units.end(), u.id) != d->units.end())
        docs.push(document_row(*d, root));
    v.set("documents", std::move(docs));
    v.set("internal", internal_rows(u.internal));
    return v;
  }

  View documents_index() const {
    const std::string path = documents_url();
    const std::string root = root_of(path);
    View v = base(path, t("documents"), "documents");
    crumb(v, root, t("home"), home_url());
    View rows = View::list();
    for (const auto* d : docs_) {
      View row = document_row(*d, root);
      row.set("period", nullptr);
      if (const Period* p = c_.find_period(d->period)) row.set("period", period_summary(*p, root));
      rows.push(std::move(row));
    }
    v.set("documents", std::move(rows));
    return v;
  }

  View document(const Document& d) const {
    const std::string path = document_url(d.slug);
    const std::string root = root_of(path);
    View v = base(path, d.title, "documents");
    crumb(v, root, t("home"), home_url());
    crumb(v, root, t("documents"), documents_url());
    View doc = document_row(d, root);
    doc.set("issuer", d.issuer.empty() ? c_.site.organization : d.issuer);
    doc.set("parent_issuer", c_.site.parent_organization);
    doc.set("place", d.place);
    doc.set("signer", nullptr);
    doc.set("period", nullptr);
    doc.set("date_line", "");
    if (d.issued) doc.set("date_line", format_long_date(*d.issued, locale_));
    if (d.signer)
      doc.set("signer", {{"name", d.signer->name},
                         {"title", d.signer->title},
                         {"on_behalf", d.signer->on_behalf}});
    doc.set("recipients", d.recipients);
    if (const Period* p = c_.find_period(d.period)) doc.set("period", period_summary(*p, root));
    View units = View::list();
    for (const auto& id : d.units)
      if (const Unit* u = c_.find_unit(id)) units.push(unit_link(*u, root));
    doc.set("units", std::move(units));
    v.set("document", std::move(doc));
    return v;
  }

  View free_page(const Page& p) const {
    const std::string path = page_url(p.path);
    View v = base(path, p.title, "");
    crumb(v, root_of(path), t("home"), home_url());
    v.set("internal_page", p.visibility == Visibility::kInternal);
    return v;
  }

  View search_page() const {
    View v = base(search_url(), t("search"), "search");
    crumb(v, root_of(search_url()), t("home"), home_url());
    return v;
  }

  View not_found() const {
    // 404.html is served for any missing address, at any depth, so relative
    // links cannot work: it links from the site root (base_url's path).
    std::string prefix = "/";
    if (auto scheme = c_.site.base_url.find("://"); scheme != std::string::npos)
      if (auto slash = c_.site.base_url.find('/', scheme + 3); slash != std::string::npos)
        prefix = c_.site.base_url.substr(slash);
    return base("404.html", t("not_found"), "", prefix);
  }

  const Content& c_;
  const std::vector<score::PeriodScores>& scores_;
  const json& t_;
  Profile profile_;
  Locale locale_;
  std::map<std::string, const score::PeriodScores*> by_period_;
  std::map<std::string, std::vector<const Unit*>> children_;
  std::vector<const Document*> docs_;
  std::map<std::pair<const score::PeriodScores*, const score::ClusterScores*>, std::string>
      section_tails_;                                        ///< see section_chart
  std::map<const Scheme*, CriteriaInOrder> criteria_order_;  ///< a result's scores in scheme order
  SitePlan plan_;
};

}  // namespace

SitePlan plan_site(const Content& content, const std::vector<score::PeriodScores>& scores,
                   const nlohmann::json& strings, Profile profile) {
  auto planner = std::make_shared<Planner>(content, scores, strings, profile);
  SitePlan plan = planner->plan();
  plan.owner = planner;
  return plan;
}

std::string absolute_url(const std::string& base_url, const std::string& path) {
  std::string p = path;
  if (p == "index.html")
    p.clear();
  else if (p.ends_with("/index.html"))
    p.resize(p.size() - 10);
  return base_url + p;
}

}  // namespace thidua::site
