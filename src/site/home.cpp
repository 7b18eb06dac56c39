// The home page and the list of periods.
#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

View Planner::home() const {
  const std::string path = urls::home();
  const std::string root = urls::root_of(path);
  View v = base(path, c_.site.title, "home");
  if (const Period* p = featured_period()) {
    const auto& ps = *by_period_.at(p->id);
    View featured = period_summary(*p, root);
    featured.set("kpis", kpis(ps));
    View top = View::list();
    for (std::size_t i = 0; i < ps.ranked.size() && i < 10; ++i)
      top.push(ranking_row(ps, ps.ranked[i], root));
    featured.set("top", std::move(top));
    set_movers(featured, ps, root);
    featured.set("visits", visits_view(*p, &ps, root));
    v.set("featured", std::move(featured));
  }
  View periods = View::list();
  for (auto it = c_.periods.rbegin(); it != c_.periods.rend(); ++it)
    periods.push(period_summary(*it, root));
  v.set("periods", std::move(periods));
  View docs = View::list();
  for (std::size_t i = 0; i < docs_.size() && i < 5; ++i) docs.push(document_row(*docs_[i], root));
  v.set("documents", std::move(docs));
  return v;
}

View Planner::periods_index() const {
  const std::string path = urls::periods();
  const std::string root = urls::root_of(path);
  View v = base(path, t("periods"), "periods");
  crumb(v, root, t("home"), urls::home());
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

}  // namespace thidua::site
