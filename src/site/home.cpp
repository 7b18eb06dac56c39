// The home page and the list of periods.
#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

static View home(const Context& x);
static View periods_index(const Context& x);

static View home(const Context& x) {
  const std::string path = urls::home();
  const std::string root = urls::root_of(path);
  View v = x.base(path, x.c.site.title, "home");
  if (const Period* p = featured_period(x)) {
    const auto& ps = *x.by_period.at(p->id);
    View featured = period_summary(x, *p, root);
    featured.set("kpis", kpis(x, ps));
    View top = View::list();
    for (std::size_t i = 0; i < ps.ranked.size() && i < 10; ++i)
      top.push(ranking_row(x, ps, ps.ranked[i], root));
    featured.set("top", std::move(top));
    set_movers(x, featured, ps, root);
    featured.set("visits", visits_view(x, *p, &ps, root));
    v.set("featured", std::move(featured));
  }
  View periods = View::list();
  for (auto it = x.c.periods.rbegin(); it != x.c.periods.rend(); ++it)
    periods.push(period_summary(x, *it, root));
  v.set("periods", std::move(periods));
  View docs = View::list();
  for (std::size_t i = 0; i < x.docs.size() && i < 5; ++i)
    docs.push(document_row(x, *x.docs[i], root));
  v.set("documents", std::move(docs));
  return v;
}

static View periods_index(const Context& x) {
  const std::string path = urls::periods();
  const std::string root = urls::root_of(path);
  View v = x.base(path, x.t("periods"), "periods");
  x.crumb(v, root, x.t("home"), urls::home());
  View rows = View::list();
  for (auto it = x.c.periods.rbegin(); it != x.c.periods.rend(); ++it) {
    View row = period_summary(x, *it, root);
    const auto* ps = x.by_period.at(it->id);
    if (ps->scheme) {
      row.set("scheme", ps->scheme->title);
      row.set("ranked", ps->ranked.size());
      row.set("average", x.num(ps->average));
      row.set("max", x.num(ps->scheme->max()));
    }
    rows.push(std::move(row));
  }
  v.set("periods", std::move(rows));
  return v;
}

void plan_home(const Context& x, Plan& plan) {
  const Inputs all = x.everything();
  add_page(plan, urls::home(), "home", all, [&x] { return home(x); });
  add_page(plan, urls::periods(), "periods", all, [&x] { return periods_index(x); });
}

}  // namespace thidua::site
