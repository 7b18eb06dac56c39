// The planner behind plan_site: page groups, each a function that lists its
// pages and files with what each reads and how its view is built, over one
// read-only Context. Internal to site/.
//   plan.cpp       plan_site: the groups in order; the context's words and
//                  what every page has (base, breadcrumbs); the files for
//                  crawlers (robots.txt, sitemap, feed)
//   inputs.cpp     the hashes many pages share (what pages read)
//   fragments.cpp  parts several pages share: a period, a ranking row, a
//                  grade, a change, the key figures, movers, visits, documents
//   charts.cpp     the chart specs (ranking, grades, sections, history)
//   home.cpp       plan_home: the home page and the list of periods
//   dashboard.cpp  plan_periods: each period's dashboard, cluster pages,
//                  open data and calendar (its scorecards: scorecard.cpp)
//   scorecard.cpp  plan_scorecards: a unit's scorecard in a period
//   units.cpp      plan_units: the list of units, a unit's profile and history
//   documents.cpp  plan_documents: documents, free pages, search and 404
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

/// What every page group reads: the content and its scores, the UI strings
/// and the profile, lookups made once, and the hashes many pages share.
/// Read-only once made: views and inputs use it from any thread.
class Context {
 public:
  Context(const Content& c, const std::vector<score::PeriodScores>& scores,
          const nlohmann::json& strings, Profile profile);

  const Content& c;
  const std::vector<score::PeriodScores>& scores;
  const nlohmann::json& strings;
  const Profile profile;
  const Locale locale;
  std::map<std::string, const score::PeriodScores*> by_period;
  std::map<std::string, std::vector<const Unit*>> children;
  std::vector<const Document*> docs;                        ///< newest first, undated last
  std::map<const Scheme*, CriteriaInOrder> criteria_order;  ///< a result's scores in scheme order

  // ---- plan.cpp: words, and what every page has ----
  /// A UI string of the site's language (the key itself when there is none).
  std::string t(const std::string& key) const;
  /// The UI string of `key` that goes with the count `n`: `key`_<category>
  /// when the language's plural rules (ICU) give `n` a category the strings
  /// have ("units_lower_one": "unit"), else `key`.
  std::string t(const std::string& key, long long n) const;
  std::string num(Points p) const { return format_number(p, locale); }
  /// A count or a rank as the language groups it: 10.000 (vi), 10,000 (en).
  std::string count(long long n) const { return format_count(static_cast<std::size_t>(n), locale); }
  std::string date(Date d) const { return format_date(d, locale); }
  /// What every page has: the way to the root, site identity, navigation.
  /// Links start with `root`, the way back from `path` unless given.
  View base(const std::string& path, const std::string& title, const std::string& nav,
            const std::string& root) const;
  View base(const std::string& path, const std::string& title, const std::string& nav) const;
  /// A breadcrumb on a page whose links start with `root`.
  void crumb(View& v, const std::string& root, const std::string& label,
             const std::string& url) const;

  // ---- inputs.cpp: what pages read (plan.hpp, Inputs) ----
  /// Inputs of a page that lists or searches the whole content.
  Inputs everything() const;
  /// Inputs of a period's dashboard and cluster pages.
  Inputs whole_period(const score::PeriodScores& ps) const;
  /// Inputs of a period's open data and calendar.
  Inputs period_data(const score::PeriodScores& ps) const;
  /// The head of period `ps`: what a page of it shows of the period itself.
  const records::Hash& period_head(const score::PeriodScores& ps) const;
  /// The head of cluster `index` of period `ps`, as its units' scorecards show it.
  const records::Hash& cluster_head(const score::PeriodScores& ps, std::size_t index) const;
  /// The hash of result `r` of period `ps` (records::write): each result is
  /// written once, for its period's records and for its scorecard.
  const records::Hash& result_hash(const score::PeriodScores& ps, const Result& r) const;
  /// What scoring made of `r`: total, sections, grades, ranks, changes, targets.
  void write_scored(records::Writer& w, const score::PeriodScores& ps,
                    const score::UnitResult& r) const;
  /// The unit in every period: its history's rows, its other periods (made
  /// once per unit).
  void unit_across(records::Writer& w, const Unit& u) const;
  /// The documents that name the unit.
  void unit_documents_inputs(records::Writer& w, const Unit& u) const;
  /// The shell: what every page has besides (the words, the navigation, the
  /// free pages in the footer, the theme).
  const records::Hash& shell() const { return shell_; }
  /// The place of `u` (the content's, or a period's copy of it) in the content's units.
  std::size_t unit_place(const Unit& u) const;

 private:
  /// Makes the small hashes below, and room for the large ones (made when
  /// first needed).
  void hash_shared();
  std::size_t index_of(const score::PeriodScores& ps) const;
  /// A hash (or a list of them) made once, when first asked for, from any thread.
  template <typename T>
  struct Once {
    const T& get(const std::function<T()>& make) const {
      std::call_once(once, [&] { value = make(); });
      return value;
    }
    mutable std::once_flag once;
    mutable T value{};
  };
  using Lazy = Once<records::Hash>;
  using LazyList = Once<std::vector<records::Hash>>;
  const records::Hash& raw(std::size_t period) const;  ///< settings, scheme, results, inspections
  /// By result, in the period's order (Period::results).
  const std::vector<records::Hash>& result_hashes(std::size_t period) const;
  const records::Hash& period_data_hash(std::size_t period) const;
  const records::Hash& period_all_hash(std::size_t period) const;
  const records::Hash& everything_hash() const;
  records::Hash words_{};                   ///< the site's settings and UI strings, the profile
  records::Hash shell_{};                   ///< what every page has: words, theme, footer
  records::Hash organisation_{};            ///< every unit and cluster
  records::Hash documents_{};               ///< every document
  std::vector<records::Hash> period_head_;  ///< by period (scores): what its pages show of it
  std::vector<std::vector<records::Hash>> cluster_head_;  ///< by period, by cluster
  std::vector<Lazy> raw_;                                 ///< by period: see raw()
  std::vector<LazyList> result_hashes_;                   ///< by period: see result_hashes()
  std::vector<Lazy> period_data_;                         ///< by period: its open data is made from
  std::vector<Lazy> period_all_;                          ///< by period: its dashboard is made from
  std::vector<Lazy> unit_across_;                         ///< by unit (c.units): see unit_across
  Lazy everything_;                                       ///< the whole content
};

// ---- the page groups, in the order plan_site calls them ----
void plan_home(const Context& x, Plan& plan);
void plan_periods(const Context& x, Plan& plan);
void plan_scorecards(const Context& x, const score::PeriodScores& ps, Plan& plan);
void plan_units(const Context& x, Plan& plan);
void plan_documents(const Context& x, Plan& plan);

/// Adds a page to `plan`: its path, template, inputs and view (and the
/// Markdown it shows, for the preview's links).
void add_page(Plan& plan, std::string path, std::string tmpl, Inputs inputs,
              std::function<View()> view, const std::string* markdown = nullptr);
/// Adds a file that cannot fail to `plan`.
void add_file(Plan& plan, std::string path, Inputs inputs, std::function<std::string()> bytes);

// ---- fragments.cpp: parts several pages share ----
View period_summary(const Context& x, const Period& p, const std::string& root);
View grade_view(const Context& x, const score::PeriodScores& ps, const Grade* g);
View change_view(const Context& x, const std::optional<int>& change);
View ranking_row(const Context& x, const score::PeriodScores& ps, const score::UnitResult& r,
                 const std::string& root);
/// How many ranked units have each grade of the scheme, in its order.
std::vector<long> grade_counts(const score::PeriodScores& ps);
View kpis(const Context& x, const score::PeriodScores& ps);
/// has_movers, movers_up and movers_down: the five who rose and fell most.
void set_movers(const Context& x, View& v, const score::PeriodScores& ps, const std::string& root);
View visits_view(const Context& x, const Period& p, const score::PeriodScores* ps,
                 const std::string& root);
View document_row(const Context& x, const Document& d, const std::string& root);
View period_documents(const Context& x, const std::string& period_id, const std::string& root);
View unit_documents(const Context& x, const Unit& u, const std::string& root);
View downloads(const Period& p, const std::string& root);
View unit_link(const Unit& u, const std::string& root);
std::string cluster_name(const Context& x, const Cluster* cl);
bool has_result(const Context& x, const Unit& u);
/// The newest period with results that is not a draft, or null.
const Period* featured_period(const Context& x);
/// A period's corrections, or those naming `unit` when given.
View corrections_view(const Context& x, const Period& p, const std::string& root, const Unit* unit);

// ---- charts.cpp ----
/// Ranking bar chart of one cluster, bars coloured and patterned by grade.
/// Its first `shown` units when fewer than the cluster's.
View ranking_chart(const Context& x, const score::PeriodScores& ps, const score::ClusterScores& cs,
                   const std::string& id, std::size_t shown);
View grade_chart(const Context& x, const score::PeriodScores& ps);
/// The dashboard's chart of the period's section averages against the maximum.
View section_averages_chart(const Context& x, const score::PeriodScores& ps);
/// A scorecard's chart of its sections against the maximum, the cluster's
/// averages marked.
View unit_sections_chart(const Context& x, const score::PeriodScores& ps,
                         const score::ClusterScores* cs, const score::UnitResult& r);
/// One scored period of a unit's history.
struct HistoryBar {
  std::string period;
  Points total = 0, max = 0;
  int rank = 0, grade = -1;  ///< grade: its index in the scheme, -1 for none
};
View history_chart(const Context& x, const std::vector<HistoryBar>& bars);

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
