// The list of units (by cluster, and as a tree) and a unit's profile with its
// history over the periods.
#include <map>
#include <string_view>

#include "site/open_data.hpp"
#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

static View tree_node(const Context& x, const Unit& u, const std::string& root, int depth);
static View units_index(const Context& x);
static View unit_profile(const Context& x, const Unit& u);
static void set_lineage(const Context& x, View& v, const Unit& u, const std::string& root);
static void set_history(const Context& x, View& v, const Unit& u, const std::string& root);
static void unit_inputs(const Context& x, records::Writer& w, const Unit& u);

static View tree_node(const Context& x, const Unit& u, const std::string& root, int depth) {
  View node = unit_link(u, root);
  View kids = View::list();
  if (depth < 64)  // the loader refuses cycles; this only bounds the recursion
    if (auto it = x.children.find(u.id); it != x.children.end())
      for (const auto* k : it->second) kids.push(tree_node(x, *k, root, depth + 1));
  node.set("children", std::move(kids));
  return node;
}

static View units_index(const Context& x) {
  const std::string path = urls::units();
  const std::string root = urls::root_of(path);
  View v = x.base(path, x.t("units"), "units");
  x.crumb(v, root, x.t("home"), urls::home());
  std::map<std::string_view, View> by_cluster;  // one pass, not one per cluster
  for (const auto& u : x.c.units) {
    auto [it, added] = by_cluster.try_emplace(u.cluster, View::list());
    it->second.push(unit_link(u, root));
  }
  View clusters = View::list();
  for (const auto& cl : x.c.clusters)
    if (auto it = by_cluster.find(cl.id); it != by_cluster.end())
      clusters.push({{"name", cluster_name(x, &cl)}, {"units", std::move(it->second)}});
  v.set("clusters", std::move(clusters));
  View roots = View::list();
  for (const auto& u : x.c.units)
    if (u.parent.empty()) roots.push(tree_node(x, u, root, 0));
  v.set("tree", std::move(roots));
  v.set("count", x.c.units.size());
  return v;
}

static View unit_profile(const Context& x, const Unit& u) {
  const std::string path = urls::unit(u.id);
  const std::string root = urls::root_of(path);
  View v = x.base(path, u.name, "units");
  x.crumb(v, root, x.t("home"), urls::home());
  x.crumb(v, root, x.t("units"), urls::units());
  const Cluster* cluster = x.c.find_cluster(u.cluster);
  View unit = {{"name", u.name},
               {"short_name", u.short_name},
               {"kind", u.kind},
               {"cluster", cluster_name(x, cluster)}};
  if (u.active_from) unit.set("active_from", x.date(*u.active_from));
  if (u.active_to) unit.set("active_to", x.date(*u.active_to));
  v.set("unit", std::move(unit));
  std::vector<const Unit*> up;  // parent first
  for (const Unit* a = x.c.find_unit(u.parent); a && up.size() < 64; a = x.c.find_unit(a->parent))
    up.push_back(a);
  View ancestors = View::list();
  for (auto it = up.rbegin(); it != up.rend(); ++it) ancestors.push(unit_link(**it, root));
  v.set("ancestors", std::move(ancestors));
  View kids = View::list();
  if (auto it = x.children.find(u.id); it != x.children.end())
    for (const auto* k : it->second) kids.push(unit_link(*k, root));
  v.set("children", std::move(kids));
  set_history(x, v, u, root);
  set_lineage(x, v, u, root);
  v.set("documents", unit_documents(x, u, root));
  v.set("internal", internal_rows(u.internal));
  return v;
}

static void set_lineage(const Context& x, View& v, const Unit& u, const std::string& root) {
  const auto links = [&](const std::vector<std::string>& ids) {
    View out = View::list();
    for (const auto& id : ids)
      if (const Unit* o = x.c.find_unit(id)) {
        View link = unit_link(*o, root);
        link.set("sep", out.empty() ? "" : ", ");
        out.push(std::move(link));
      }
    return out;
  };
  // Where it came from: merged from several, split from one that became
  // several, or the one that follows another.
  if (!u.predecessors.empty()) {
    const Unit* only = u.predecessors.size() == 1 ? x.c.find_unit(u.predecessors[0]) : nullptr;
    const char* key = u.predecessors.size() > 1             ? "formed_by_merging"
                      : only && only->successors.size() > 1 ? "split_from"
                                                            : "succeeds";
    v.set("lineage_from", {{"text", x.t(key)}, {"units", links(u.predecessors)}});
    // Their periods continue its history: their rows, marked as theirs.
    View before = View::list();
    for (const auto& id : u.predecessors)
      if (const Unit* p = x.c.find_unit(id)) {
        View h = unit_link(*p, root);
        set_history(x, h, *p, root);
        if (const View* rows = h.find("history"); rows && rows->size() > 0)
          before.push(std::move(h));
      }
    v.set("has_predecessor_history", !before.empty());
    v.set("predecessor_history", std::move(before));
  }
  // What it became.
  if (!u.successors.empty()) {
    const Unit* only = u.successors.size() == 1 ? x.c.find_unit(u.successors[0]) : nullptr;
    const char* key = u.successors.size() > 1                 ? "split_into"
                      : only && only->predecessors.size() > 1 ? "merged_into"
                                                              : "succeeded_by";
    v.set("lineage_to", {{"text", x.t(key)}, {"units", links(u.successors)}});
  }
}

static void set_history(const Context& x, View& v, const Unit& u, const std::string& root) {
  View history = View::list();
  std::vector<HistoryBar> bars;
  for (const auto& ps : x.scores) {
    if (!ps.scheme) continue;
    const Period& p = *ps.period;
    if (!u.active_during(p.start, p.end)) continue;
    View row = period_summary(x, p, root);
    // The name it had then, when it had another.
    const Unit& then = ps.organisation ? (*ps.organisation)[x.unit_place(u)] : u;
    if (then.name != u.name) row.set("name_then", then.name);
    const auto* r = ps.find(u);
    if (r) {
      row.set("scored", true);
      row.set("scorecard", root + urls::scorecard(p.id, u.id));
      row.set("total", x.num(r->total));
      row.set("max", x.num(ps.scheme->max()));
      row.set("grade", grade_view(x, ps, r->grade));
      row.set("rank", x.count(r->rank));
      row.set("ranked_count", x.count(ps.ranked.size()));
      row.set("cluster_rank", x.count(r->cluster_rank));
      row.set("change", change_view(x, r->rank_change));
      // Each period is compared with its own compare_to, not with the row
      // above: the row says with which (▲2 under a row ranked 22 read wrong).
      row.set("compared", ps.compared && r->rank_change ? ps.compared->title : "");
      bars.push_back(
          {p.title, r->total, ps.scheme->max(), r->rank, grade_index(*ps.scheme, r->grade)});
    } else {
      row.set("scored", false);
    }
    history.push(std::move(row));
  }
  const bool has_history = !history.empty();
  v.set("history", std::move(history));
  v.set("history_csv", has_result(x, u) ? root + urls::history(u.id) : "");
  v.set("has_history", has_history);
  v.set("charts", !bars.empty());
  if (!bars.empty()) v.set("history_chart", history_chart(x, bars));
}

static void unit_inputs(const Context& x, records::Writer& w, const Unit& u) {
  w.hash(x.shell());
  write(w, u);
  w.text(cluster_name(x, x.c.find_cluster(u.cluster)));
  // Its ancestors and children, as links.
  int depth = 0;  // as the profile shows them: at most 64
  for (const Unit* a = x.c.find_unit(u.parent); a && depth < 64;
       a = x.c.find_unit(a->parent), ++depth)
    w.text(a->id).text(a->name).text(a->kind);
  w.text("");
  if (auto it = x.children.find(u.id); it != x.children.end())
    for (const auto* k : it->second) w.text(k->id).text(k->name).text(k->kind);
  x.unit_across(w, u);
  // Where it came from and what it became, and its predecessors' rows.
  for (const auto* ids : {&u.predecessors, &u.successors}) {
    w.number(static_cast<long long>(ids->size()));
    for (const auto& id : *ids)
      if (const Unit* o = x.c.find_unit(id)) {
        w.text(o->id).text(o->name).text(o->kind).number(
            static_cast<long long>(o->successors.size() + 100 * o->predecessors.size()));
        if (ids == &u.predecessors) x.unit_across(w, *o);
      }
  }
  x.unit_documents_inputs(w, u);
}

void plan_units(const Context& x, Plan& plan) {
  add_page(plan, urls::units(), "units", x.everything(), [&x] { return units_index(x); });
  for (const auto& u : x.c.units) {
    const Inputs unit = [&x, &u](records::Writer& w) { unit_inputs(x, w, u); };
    add_page(plan, urls::unit(u.id), "unit", unit, [&x, &u] { return unit_profile(x, u); });
    if (has_result(x, u))
      add_file(plan, urls::history(u.id), unit, [&x, &u] { return unit_history_csv(u, x.scores); });
  }
}

}  // namespace thidua::site
