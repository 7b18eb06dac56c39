// The list of units (by cluster, and as a tree) and a unit's profile with its
// history over the periods.
#include <map>
#include <string_view>

#include "site/planner.hpp"
#include "site/urls.hpp"

namespace thidua::site {

View Planner::tree_node(const Unit& u, const std::string& root, int depth) const {
  View node = unit_link(u, root);
  View kids = View::list();
  if (depth < 64)  // the loader refuses cycles; this only bounds the recursion
    if (auto it = children_.find(u.id); it != children_.end())
      for (const auto* k : it->second) kids.push(tree_node(*k, root, depth + 1));
  node.set("children", std::move(kids));
  return node;
}

View Planner::units_index() const {
  const std::string path = urls::units();
  const std::string root = urls::root_of(path);
  View v = base(path, t("units"), "units");
  crumb(v, root, t("home"), urls::home());
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

View Planner::unit_profile(const Unit& u) const {
  const std::string path = urls::unit(u.id);
  const std::string root = urls::root_of(path);
  View v = base(path, u.name, "units");
  crumb(v, root, t("home"), urls::home());
  crumb(v, root, t("units"), urls::units());
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
  set_history(v, u, root);
  set_lineage(v, u, root);
  v.set("documents", unit_documents(u, root));
  v.set("internal", internal_rows(u.internal));
  return v;
}

void Planner::set_lineage(View& v, const Unit& u, const std::string& root) const {
  const auto links = [&](const std::vector<std::string>& ids) {
    View out = View::list();
    for (const auto& id : ids)
      if (const Unit* o = c_.find_unit(id)) {
        View link = unit_link(*o, root);
        link.set("sep", out.empty() ? "" : ", ");
        out.push(std::move(link));
      }
    return out;
  };
  // Where it came from: merged from several, split from one that became
  // several, or the one that follows another.
  if (!u.predecessors.empty()) {
    const Unit* only = u.predecessors.size() == 1 ? c_.find_unit(u.predecessors[0]) : nullptr;
    const char* key = u.predecessors.size() > 1             ? "formed_by_merging"
                      : only && only->successors.size() > 1 ? "split_from"
                                                            : "succeeds";
    v.set("lineage_from", {{"text", t(key)}, {"units", links(u.predecessors)}});
    // Their periods continue its history: their rows, marked as theirs.
    View before = View::list();
    for (const auto& id : u.predecessors)
      if (const Unit* p = c_.find_unit(id)) {
        View h = unit_link(*p, root);
        set_history(h, *p, root);
        if (const View* rows = h.find("history"); rows && rows->size() > 0)
          before.push(std::move(h));
      }
    v.set("has_predecessor_history", !before.empty());
    v.set("predecessor_history", std::move(before));
  }
  // What it became.
  if (!u.successors.empty()) {
    const Unit* only = u.successors.size() == 1 ? c_.find_unit(u.successors[0]) : nullptr;
    const char* key = u.successors.size() > 1                 ? "split_into"
                      : only && only->predecessors.size() > 1 ? "merged_into"
                                                              : "succeeded_by";
    v.set("lineage_to", {{"text", t(key)}, {"units", links(u.successors)}});
  }
}

void Planner::set_history(View& v, const Unit& u, const std::string& root) const {
  View history = View::list();
  std::vector<HistoryBar> bars;
  for (const auto& ps : scores_) {
    if (!ps.scheme) continue;
    const Period& p = *ps.period;
    if (!u.active_during(p.start, p.end)) continue;
    View row = period_summary(p, root);
    // The name it had then, when it had another.
    const Unit& then = ps.organisation ? (*ps.organisation)[unit_place(u)] : u;
    if (then.name != u.name) row.set("name_then", then.name);
    const auto* r = ps.find(u);
    if (r) {
      row.set("scored", true);
      row.set("scorecard", root + urls::scorecard(p.id, u.id));
      row.set("total", num(r->total));
      row.set("max", num(ps.scheme->max()));
      row.set("grade", grade_view(ps, r->grade));
      row.set("rank", count(r->rank));
      row.set("ranked_count", count(ps.ranked.size()));
      row.set("cluster_rank", count(r->cluster_rank));
      row.set("change", change_view(r->rank_change));
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
  v.set("history_csv", has_result(u) ? root + urls::history(u.id) : "");
  v.set("has_history", has_history);
  v.set("charts", !bars.empty());
  if (!bars.empty()) v.set("history_chart", history_chart(bars));
}

void Planner::unit_inputs(records::Writer& w, const Unit& u) const {
  w.hash(shell_);
  write(w, u);
  w.text(cluster_name(c_.find_cluster(u.cluster)));
  // Its ancestors and children, as links.
  int depth = 0;  // as the profile shows them: at most 64
  for (const Unit* a = c_.find_unit(u.parent); a && depth < 64;
       a = c_.find_unit(a->parent), ++depth)
    w.text(a->id).text(a->name).text(a->kind);
  w.text("");
  if (auto it = children_.find(u.id); it != children_.end())
    for (const auto* k : it->second) w.text(k->id).text(k->name).text(k->kind);
  unit_across(w, u);
  // Where it came from and what it became, and its predecessors' rows.
  for (const auto* ids : {&u.predecessors, &u.successors}) {
    w.number(static_cast<long long>(ids->size()));
    for (const auto& id : *ids)
      if (const Unit* o = c_.find_unit(id)) {
        w.text(o->id).text(o->name).text(o->kind).number(
            static_cast<long long>(o->successors.size() + 100 * o->predecessors.size()));
        if (ids == &u.predecessors) unit_across(w, *o);
      }
  }
  unit_documents_inputs(w, u);
}

}  // namespace thidua::site
