// The planner behind plan_site: lists every page and file, and builds each
// page's view when it is rendered. Internal to site/. Its members are defined
// by page group:
//   plan.cpp       the plan, and what every page has (base, breadcrumbs)
//   fragments.cpp  parts several pages share: a period, a ranking row, a
//                  grade, a change, the key figures, movers, visits, documents
//   charts.cpp     the chart specs (ranking, grades, sections, history)
//   home.cpp       the home page and the list of periods
//   dashboard.cpp  a period's dashboard
//   scorecard.cpp  a unit's scorecard in a period
//   units.cpp      the list of units and a unit's profile
//   documents.cpp  documents, free pages, search and 404
// The URL layout is in urls.hpp.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "score/score.hpp"
#include "site/format.hpp"
#include "site/plan.hpp"
#include "site/view.hpp"

namespace thidua::site {

class Planner {
 public:
  Planner(const Content& c, const std::vector<score::PeriodScores>& scores,
          const nlohmann::json& strings, Profile profile);

  /// Lists every page with a function that builds its view when it is
  /// rendered, and one that writes what it reads (in any thread: the planner
  /// is read-only from here on).
  Plan plan();

 private:
  using json = nlohmann::json;

  // ---- plan.cpp: the plan, and what every page has ----
  void file(std::string path, Inputs inputs, std::function<std::string()> bytes);
  void add(std::string path, std::string tmpl, Inputs inputs, std::function<View()> view,
           const std::string* markdown = nullptr);
  /// A UI string of the site's language (the key itself when there is none).
  std::string t(const std::string& key) const;
  /// The UI string of `key` that goes with the count `n`: `key`_<category>
  /// when the language's plural rules (ICU) give `n` a category the strings
  /// have ("units_lower_one": "unit"), else `key`.
  std::string t(const std::string& key, long long n) const;
  std::string num(Points p) const { return format_number(p, locale_); }
  /// A count or a rank as the language groups it: 10.000 (vi), 10,000 (en).
  std::string count(long long n) const {
    return format_count(static_cast<std::size_t>(n), locale_);
  }
  std::string date(Date d) const { return format_date(d, locale_); }
  /// What every page has: the way to the root, site identity, navigation.
  /// Links start with `root`, the way back from `path` unless given.
  View base(const std::string& path, const std::string& title, const std::string& nav,
            const std::string& root) const;
  View base(const std::string& path, const std::string& title, const std::string& nav) const;
  /// A breadcrumb on a page whose links start with `root`.
  void crumb(View& v, const std::string& root, const std::string& label,
             const std::string& url) const;

  // ---- fragments.cpp ----
  View period_summary(const Period& p, const std::string& root) const;
  View grade_view(const score::PeriodScores& ps, const Grade* g) const;
  View change_view(const std::optional<int>& change) const;
  View ranking_row(const score::PeriodScores& ps, const score::UnitResult& r,
                   const std::string& root) const;
  /// How many ranked units have each grade of the scheme, in its order.
  std::vector<long> grade_counts(const score::PeriodScores& ps) const;
  View kpis(const score::PeriodScores& ps) const;
  /// has_movers, movers_up and movers_down: the five who rose and fell most.
  void set_movers(View& v, const score::PeriodScores& ps, const std::string& root) const;
  View visits_view(const Period& p, const score::PeriodScores* ps, const std::string& root) const;
  View document_row(const Document& d, const std::string& root) const;
  View period_documents(const std::string& period_id, const std::string& root) const;
  View unit_documents(const Unit& u, const std::string& root) const;
  View downloads(const Period& p, const std::string& root) const;
  View unit_link(const Unit& u, const std::string& root) const;
  std::string cluster_name(const Cluster* cl) const;
  bool has_result(const Unit& u) const;
  /// The newest period with results that is not a draft, or null.
  const Period* featured_period() const;

  // ---- charts.cpp ----
  /// A chart the theme draws as SVG bars (templates/chart.mustache): `rows`
  /// of label, pct (0..100), class, value, and optionally full, track,
  /// marker; `label` and `description` are its accessible name and finding.
  View bar_chart(const std::string& id, const std::string& kind, const std::string& label,
                 const std::string& description, View rows) const;
  /// Ranking bar chart of one cluster, bars coloured and patterned by grade.
  /// Its first `shown` units when fewer than the cluster's.
  View ranking_chart(const score::PeriodScores& ps, const score::ClusterScores& cs,
                     const std::string& id, std::size_t shown) const;
  View grade_chart(const score::PeriodScores& ps) const;
  /// The dashboard's chart of the period's section averages against the maximum.
  View section_averages_chart(const score::PeriodScores& ps) const;
  /// A scorecard's chart of its sections against the maximum, the cluster's
  /// averages marked.
  View unit_sections_chart(const score::PeriodScores& ps, const score::ClusterScores* cs,
                           const score::UnitResult& r) const;
  /// One scored period of a unit's history.
  struct HistoryBar {
    std::string period;
    Points total = 0, max = 0;
    int rank = 0, grade = -1;  ///< grade: its index in the scheme, -1 for none
  };
  View history_chart(const std::vector<HistoryBar>& bars) const;

  // ---- home.cpp ----
  View home() const;
  View periods_index() const;

  // ---- dashboard.cpp ----
  View dashboard(const score::PeriodScores& ps) const;
  View dashboard_clusters(const score::PeriodScores& ps, const std::string& root) const;
  /// One cluster's chart and ranking table, its first `shown` units.
  View cluster_ranking(const score::PeriodScores& ps, const score::ClusterScores& cs,
                       const std::string& chart_id, std::size_t shown,
                       const std::string& root) const;
  /// A cluster's page: its whole ranking, to read or print on its own.
  View cluster_page(const score::PeriodScores& ps, std::size_t index) const;
  View dashboard_sections(const score::PeriodScores& ps) const;
  /// "Điểm thưởng" or "Điểm trừ" beside a bonus or penalty section's title
  /// that does not say it; "" otherwise.
  std::string section_kind_note(const Section& s) const;
  /// A period's corrections, or those naming `unit` when given.
  View corrections_view(const Period& p, const std::string& root, const Unit* unit) const;
  /// Intranet: the units whose self scores are furthest from the assessed
  /// ones (over the criteria they scored themselves), at most 10.
  View self_assessment_gaps(const score::PeriodScores& ps, const std::string& root) const;

  // ---- scorecard.cpp ----
  View scorecard(const score::PeriodScores& ps, std::size_t index) const;
  View scorecard_sections(const score::PeriodScores& ps, const score::ClusterScores* cs,
                          const score::UnitResult& r) const;
  View scorecard_targets(const score::UnitResult& r) const;
  /// How the total, grade, ranks and change were reached, in steps a unit
  /// can redo by hand: a list of {text}.
  View scorecard_explanation(const score::PeriodScores& ps, const score::ClusterScores* cs,
                             const score::UnitResult& r) const;
  /// visit: the inspection of the unit in the period, with its findings.
  void set_visit(View& v, const Period& p, const Unit& u, const std::string& root) const;
  /// prev and next: the units ranked just above and below.
  void set_neighbours(View& v, const score::PeriodScores& ps, std::size_t index,
                      const std::string& root) const;
  View other_periods(const score::PeriodScores& ps, const Unit& u, const std::string& root) const;

  // ---- units.cpp ----
  View units_index() const;
  View tree_node(const Unit& u, const std::string& root, int depth) const;
  View unit_profile(const Unit& u) const;
  /// history, history_csv, has_history, charts, history_chart.
  void set_history(View& v, const Unit& u, const std::string& root) const;
  /// Where the unit came from (its predecessors, their history) and what it became.
  void set_lineage(View& v, const Unit& u, const std::string& root) const;

  // ---- inputs.cpp: what pages read (plan.hpp, Inputs) ----
  /// Makes the small hashes below, and room for the large ones (made when
  /// first needed).
  void hash_shared();
  std::size_t index_of(const score::PeriodScores& ps) const;
  /// Inputs of a page that lists or searches the whole content.
  Inputs everything() const;
  /// Inputs of a period's dashboard and cluster pages.
  Inputs whole_period(const score::PeriodScores& ps) const;
  /// Inputs of a period's open data and calendar.
  Inputs period_data(const score::PeriodScores& ps) const;
  /// What scoring made of `r`: total, sections, grades, ranks, changes, targets.
  void write_scored(records::Writer& w, const score::PeriodScores& ps,
                    const score::UnitResult& r) const;
  /// The unit in every period: its history's rows, its other periods (made
  /// once per unit).
  void unit_across(records::Writer& w, const Unit& u) const;
  /// The place of `u` (the content's, or a period's copy of it) in the content's units.
  std::size_t unit_place(const Unit& u) const;
  /// The documents that name the unit.
  void unit_documents_inputs(records::Writer& w, const Unit& u) const;
  /// In scorecard.cpp and units.cpp, beside their views.
  void scorecard_inputs(records::Writer& w, const score::PeriodScores& ps, std::size_t index) const;
  void unit_inputs(records::Writer& w, const Unit& u) const;

  // ---- documents.cpp ----
  View documents_index() const;
  View document(const Document& d) const;
  View free_page(const Page& p) const;
  View search_page() const;
  View not_found() const;

  const Content& c_;
  const std::vector<score::PeriodScores>& scores_;
  const json& t_;
  Profile profile_;
  Locale locale_;
  std::map<std::string, const score::PeriodScores*> by_period_;
  std::map<std::string, std::vector<const Unit*>> children_;
  std::vector<const Document*> docs_;                        ///< newest first, undated last
  std::map<const Scheme*, CriteriaInOrder> criteria_order_;  ///< a result's scores in scheme order
  Plan plan_;
  /// A hash made once, when first asked for, from any thread.
  struct Lazy {
    const records::Hash& get(const std::function<records::Hash()>& make) const;
    mutable std::once_flag once;
    mutable records::Hash hash{};
  };
  const records::Hash& raw(std::size_t period) const;  ///< settings, scheme, results, inspections
  const records::Hash& period_data_hash(std::size_t period) const;
  const records::Hash& period_all_hash(std::size_t period) const;
  const records::Hash& everything_hash() const;
  records::Hash words_{};                   ///< the site's settings and UI strings, the profile
  records::Hash shell_{};                   ///< what every page has: words, theme, footer
  records::Hash organisation_{};            ///< every unit and cluster
  records::Hash documents_{};               ///< every document
  std::vector<records::Hash> period_head_;  ///< by period (scores_): what its pages show of it
  std::vector<std::vector<records::Hash>> cluster_head_;  ///< by period, by cluster
  std::vector<Lazy> raw_;                                 ///< by period: see raw()
  std::vector<Lazy> period_data_;                         ///< by period: its open data is made from
  std::vector<Lazy> period_all_;                          ///< by period: its dashboard is made from
  std::vector<Lazy> unit_across_;                         ///< by unit (c_.units): see unit_across
  Lazy everything_;                                       ///< the whole content
};

/// The position of `g` in the scheme's grades (its CSS class gN), -1 for none.
int grade_index(const Scheme& scheme, const Grade* g);

/// Points as a chart's number.
inline double as_number(Points p) { return static_cast<double>(p) / 100.0; }

/// The UI string keys of a period's status and of a visit's session.
const char* status_key(PeriodStatus s);
const char* session_key(Session s);

/// Internal fields as key/value rows (intranet only; public content has none).
View internal_rows(const InternalFields& fields);

}  // namespace thidua::site
