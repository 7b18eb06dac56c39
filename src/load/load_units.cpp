// site.json and units.json.
#include <algorithm>
#include <map>
#include <set>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"
#include "load/table_json.hpp"
#include "sign/minisign.hpp"
#include "text/links.hpp"

namespace thidua::load {

void load_site(const std::string& path, std::string_view text, Site& site, Diagnostics& diags) {
  JsonReader r(path, text, diags);
  auto root = r.parse();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, "site.json")) return;
  r.check_keys(*root,
               {"title", "organization", "parent_organization", "base_url", "language", "theme",
                "description", "signing_key", "internal"},
               "site.json");
  if (auto v = r.string(*root, "title", true)) site.title = *v;
  if (auto v = r.string(*root, "organization", false)) site.organization = *v;
  if (auto v = r.string(*root, "parent_organization", false)) site.parent_organization = *v;
  if (auto v = r.string(*root, "description", false)) site.description = *v;
  if (auto v = r.string(*root, "base_url", false)) {
    site.base_url = *v;
    const JsonValue* b = root->get("base_url");
    if (text::Message problem = text::base_url_problem(*v); b && !problem.empty()) {
      r.error(*b, text::Message("base-url-problem", {{"problem", std::move(problem)}}));
    } else if (b) {
      site.base_url = text::normal_base_url(*v);
    }
  }
  if (const JsonValue* lang = root->get("language")) {
    if (r.expect(*lang, JsonValue::Type::kString, "\"language\"")) {
      if (lang->text == "vi" || lang->text == "en")
        site.language = lang->text;
      else
        r.error(*lang, text::Message("bad-language", {{"value", lang->text}}));
    }
  }
  if (auto v = r.string(*root, "signing_key", false); v && !v->empty()) {
    text::Message error;
    if (const auto key = sign::parse_public_key(*v, &error))
      site.signing_key = sign::public_key_base64(*key);
    else
      r.error(*root->get("signing_key"), text::Message("bad-signing-key"));
  }
  if (root->get("theme"))
    if (auto v = r.id(*root, "theme", IdKind::kEntity, false)) site.theme = *v;
  site.internal = r.internal(*root);
}

namespace {

void load_clusters(JsonReader& r, const JsonValue& root, Content& content) {
  const JsonValue* list = root.get("clusters");
  if (!list) return;
  if (!r.expect(*list, JsonValue::Type::kArray, "\"clusters\"")) return;
  std::map<std::string, const JsonValue*> seen;
  for (const auto& item : list->items) {
    if (!r.expect(item, JsonValue::Type::kObject, text::Message("what-each-cluster"))) continue;
    r.check_keys(item, {"id", "name", "changes", "active"}, text::Message("where-cluster"));
    auto id = r.id(item, "id", IdKind::kEntity, true);
    auto name = r.string(item, "name", true);
    if (!id || !name) continue;
    Cluster cluster{*id, *name, {}, *name, std::nullopt, std::nullopt};
    if (const JsonValue* active = item.get("active");
        active && r.expect(*active, JsonValue::Type::kObject, "\"active\"")) {
      r.check_keys(*active, {"from", "to"}, "\"active\"");
      cluster.active_from = r.date(*active, "from", false);
      cluster.active_to = r.date(*active, "to", false);
    }
    // Its name from a date on: by date, each date once.
    if (const JsonValue* changes = item.get("changes");
        changes && r.expect(*changes, JsonValue::Type::kArray, "\"changes\"")) {
      std::map<Date, int> dates;
      for (const auto& c : changes->items) {
        if (!r.expect(c, JsonValue::Type::kObject, text::Message("what-each-change"))) continue;
        r.check_keys(c, {"from", "name"}, text::Message("where-change"));
        const auto from = r.date(c, "from", true);
        const auto to = r.string(c, "name", true);
        if (!from || !to) continue;
        if (auto [it, fresh] = dates.emplace(*from, r.pos(c).line); !fresh) {
          r.error(*c.get("from"),
                  text::Message(
                      "change-same-date",
                      {{"id", *id}, {"from", from->iso()}, {"line", std::to_string(it->second)}}));
          continue;
        }
        cluster.changes.push_back({*from, *to});
      }
      std::stable_sort(
          cluster.changes.begin(), cluster.changes.end(),
          [](const ClusterChange& a, const ClusterChange& b) { return a.from < b.from; });
    }
    if (auto [it, fresh] = seen.emplace(*id, &item); !fresh) {
      r.error(*item.get("id"),
              text::Message("duplicate-cluster",
                            {{"id", *id}, {"line", std::to_string(r.pos(*it->second).line)}}));
      continue;
    }
    content.clusters.push_back(std::move(cluster));
  }
}

struct UnitSource {
  const JsonValue* object;
  std::vector<const JsonValue*> changes;  ///< the objects of its changes, in date order
};

/// A unit's "changes": each from a date, the facts it gives replacing those
/// before it; by date, each date once. A cluster named must be listed (the
/// clusters are read before the units); a parent is checked with the tree.
std::vector<const JsonValue*> load_changes(JsonReader& r, const JsonValue& list,
                                           const Content& content, Unit& u) {
  std::vector<const JsonValue*> objects;
  if (!r.expect(list, JsonValue::Type::kArray, "\"changes\"")) return objects;
  std::map<Date, int> seen;  // each date once: the line of its first change
  std::vector<std::pair<const JsonValue*, UnitChange>> read;
  for (const auto& item : list.items) {
    if (!r.expect(item, JsonValue::Type::kObject, text::Message("what-each-change"))) continue;
    r.check_keys(item, {"from", "name", "short_name", "kind", "parent", "cluster"},
                 text::Message("where-change"));
    const auto from = r.date(item, "from", true);
    if (!from) continue;
    if (auto [it, fresh] = seen.emplace(*from, r.pos(item).line); !fresh) {
      r.error(*item.get("from"),
              text::Message(
                  "change-same-date",
                  {{"id", u.id}, {"from", from->iso()}, {"line", std::to_string(it->second)}}));
      continue;
    }
    UnitChange change;
    change.from = *from;
    change.pos = r.pos(item);
    read.emplace_back(&item, std::move(change));
  }
  std::stable_sort(read.begin(), read.end(),
                   [](const auto& a, const auto& b) { return a.second.from < b.second.from; });
  UnitFacts facts = u.first;
  for (auto& entry : read) {
    const JsonValue* item = entry.first;
    UnitChange& change = entry.second;
    const auto text = [&](const char* key, std::string& field) {
      if (item->get(key))
        if (auto v = r.string(*item, key, false)) field = *v;
    };
    text("name", facts.name);
    text("short_name", facts.short_name);
    text("kind", facts.kind);
    // "" is back to none: no parent, or the implicit cluster "other".
    const auto none = [&](const char* key) {
      const JsonValue* v = item->get(key);
      return v && v->is_string() && v->text.empty();
    };
    if (none("parent"))
      facts.parent.clear();
    else if (item->get("parent"))
      if (auto v = r.id(*item, "parent", IdKind::kEntity, false)) facts.parent = *v;
    if (none("cluster"))
      facts.cluster = kOtherCluster;
    else if (item->get("cluster"))
      if (auto v = r.id(*item, "cluster", IdKind::kEntity, false)) {
        if (v->empty() || content.find_cluster(*v)) {
          facts.cluster = v->empty() ? kOtherCluster : *v;
        } else {
          r.error(*item->get("cluster"),
                  text::Message("unknown-cluster",
                                {{"cluster", *v},
                                 {"id", u.id},
                                 {"hint", suggest(*v, content.clusters, r.diags())}}));
        }
      }
    change.facts = facts;
    u.changes.push_back(std::move(change));
    objects.push_back(item);
  }
  return objects;
}

/// A unit is never in a cluster outside the cluster's `active` dates: each
/// stretch of its facts (before its first change, then from each change to
/// the next), within its own `active`, must fall within its cluster's.
void check_cluster_dates(JsonReader& r, const Content& content,
                         const std::map<std::string, UnitSource>& src) {
  for (const auto& u : content.units) {
    const auto& objects = src.at(u.id).changes;
    for (std::size_t i = 0; i <= u.changes.size(); ++i) {
      const UnitFacts& f = i == 0 ? u.first : u.changes[i - 1].facts;
      const Cluster* c = content.find_cluster(f.cluster);
      if (!c || (!c->active_from && !c->active_to)) continue;
      // The stretch, as [start, end]; nullopt: open.
      std::optional<Date> start = i == 0 ? u.active_from : u.changes[i - 1].from;
      std::optional<Date> end = u.active_to;
      if (i < u.changes.size()) {
        const Date next = Date::from_days(u.changes[i].from.days() - 1);
        if (!end || next < *end) end = next;
      }
      if (start && end && *end < *start) continue;  // a stretch in which it was not active
      const bool ends_first = c->active_to && (!end || *end > *c->active_to);
      const bool starts_later = c->active_from && (!start || *start < *c->active_from);
      if (!ends_first && !starts_later) continue;
      const JsonValue* at = i == 0 ? src.at(u.id).object->get("cluster")
                                   : (i - 1 < objects.size() ? objects[i - 1] : nullptr);
      if (!at) at = src.at(u.id).object;
      r.error(
          *at,
          ends_first
              ? text::Message("cluster-ended",
                              {{"cluster", c->id}, {"id", u.id}, {"to", c->active_to->iso()}})
              : text::Message("cluster-not-yet",
                              {{"cluster", c->id}, {"id", u.id}, {"from", c->active_from->iso()}}));
    }
  }
}

/// "predecessors": units that exist, that are not the unit itself, that
/// end before it starts; then each one's successors. (Each step of a chain
/// goes back in time, so no cycle can pass these checks.)
void check_predecessors(JsonReader& r, Content& content,
                        const std::map<std::string, UnitSource>& src,
                        const std::map<std::string, const Unit*>& by_id) {
  for (auto& u : content.units) {
    if (u.predecessors.empty()) continue;
    const JsonValue* list = src.at(u.id).object->get("predecessors");
    const auto at = [&](std::size_t i) -> const JsonValue& {
      return list && i < list->items.size() ? list->items[i] : *src.at(u.id).object;
    };
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < u.predecessors.size(); ++i) {
      const std::string& id = u.predecessors[i];
      const auto it = by_id.find(id);
      if (id == u.id) {
        r.error(at(i), text::Message("own-predecessor", {{"id", u.id}}));
      } else if (it == by_id.end()) {
        r.error(at(i), text::Message("unknown-predecessor",
                                     {{"predecessor", id},
                                      {"id", u.id},
                                      {"hint", suggest(id, content.units, r.diags())}}));
      } else if (!u.active_from) {
        r.error(at(i),
                text::Message("successor-without-start", {{"id", u.id}, {"predecessor", id}}));
      } else if (!it->second->active_to || *it->second->active_to >= *u.active_from) {
        r.error(at(i),
                text::Message("predecessor-still-active",
                              {{"predecessor", id}, {"id", u.id}, {"from", u.active_from->iso()}}));
      } else {
        kept.push_back(id);
      }
    }
    u.predecessors = std::move(kept);
  }
  std::map<std::string, Unit*> mutable_by_id;
  for (auto& u : content.units) mutable_by_id[u.id] = &u;
  for (const auto& u : content.units)
    for (const auto& p : u.predecessors) mutable_by_id[p]->successors.push_back(u.id);
}

/// No cycle of parents on the day of any change: the tree as it stands from
/// each change's date is checked as the first one is. Each cycle is said
/// once, at the change that closes it.
void check_dated_trees(JsonReader& r, const Content& content,
                       const std::map<std::string, UnitSource>& src) {
  std::set<Date> days;
  for (const auto& u : content.units)
    for (const auto& c : u.changes)
      if (c.facts.parent != (&c == &u.changes.front() ? u.first.parent : (&c - 1)->facts.parent))
        days.insert(c.from);
  if (days.empty()) return;
  // The units of a cycle from the first day on: said by check_tree already.
  std::set<std::string> said;
  const auto cycle = [](std::map<std::string, std::string>& parent, const std::string& id) {
    std::vector<std::string> path{id};
    std::string at = parent[id];
    while (!at.empty() && at != id && path.size() <= parent.size()) {
      path.push_back(at);
      at = parent.count(at) ? parent[at] : "";
    }
    return at == id ? path : std::vector<std::string>();
  };
  std::map<std::string, std::string> first;
  for (const auto& u : content.units) first[u.id] = u.first.parent;
  for (const auto& u : content.units)
    for (const auto& id : cycle(first, u.id)) said.insert(id);
  for (const Date day : days) {
    std::map<std::string, std::string> parent;
    for (const auto& u : content.units) parent[u.id] = u.facts_on(day).parent;
    for (const auto& u : content.units) {
      if (said.count(u.id)) continue;
      const std::vector<std::string> path = cycle(parent, u.id);
      if (path.empty()) continue;
      // The change of this date that made a step of the cycle, to point at.
      const JsonValue* where = nullptr;
      for (const auto& id : path) {
        const Unit* w = content.find_unit(id);
        for (std::size_t i = 0; w && i < w->changes.size() && !where; ++i)
          if (w->changes[i].from == day && i < src.at(id).changes.size())
            where = src.at(id).changes[i];
      }
      std::string chain;
      for (const auto& id : path) {
        chain += id + " → ";
        said.insert(id);
      }
      chain += u.id;
      if (where)
        r.error(*where, text::Message("units-cycle-from", {{"chain", chain}, {"from", day.iso()}}));
    }
  }
}

void check_tree(JsonReader& r, Content& content, const std::map<std::string, UnitSource>& src) {
  // Parents exist; no cycles. Report each cycle once, at its first unit in file order.
  std::map<std::string, const Unit*> by_id;
  for (const auto& u : content.units) by_id[u.id] = &u;
  std::set<std::string> in_reported_cycle;
  for (auto& u : content.units) {
    if (u.parent.empty()) continue;
    const JsonValue* parent_value = src.at(u.id).object->get("parent");
    if (!by_id.count(u.parent)) {
      r.error(
          *parent_value,
          text::Message("unknown-parent", {{"parent", u.parent},
                                           {"id", u.id},
                                           {"hint", suggest(u.parent, content.units, r.diags())}}));
      u.parent.clear();
      continue;
    }
  }
  // A parent a change names: said once, at the change that names it first.
  for (auto& u : content.units) {
    const auto& objects = src.at(u.id).changes;
    std::string said;
    for (std::size_t i = 0; i < u.changes.size(); ++i) {
      UnitFacts& f = u.changes[i].facts;
      if (f.parent.empty() || by_id.count(f.parent)) continue;
      const JsonValue* given = i < objects.size() ? objects[i]->get("parent") : nullptr;
      if (given && f.parent != said)
        r.error(*given, text::Message("unknown-parent",
                                      {{"parent", f.parent},
                                       {"id", u.id},
                                       {"hint", suggest(f.parent, content.units, r.diags())}}));
      said = f.parent;
      f.parent.clear();
    }
  }
  check_predecessors(r, content, src, by_id);
  check_cluster_dates(r, content, src);
  for (const auto& u : content.units) {
    std::set<std::string> path;
    const Unit* at = &u;
    while (at && !at->parent.empty()) {
      if (!path.insert(at->id).second) break;
      auto it = by_id.find(at->parent);
      at = it == by_id.end() ? nullptr : it->second;
    }
    if (at && path.count(at->id) && at->id == u.id && !in_reported_cycle.count(u.id)) {
      std::string chain = u.id;
      const Unit* c = by_id[u.parent];
      while (c && c->id != u.id) {
        chain += " → " + c->id;
        in_reported_cycle.insert(c->id);
        c = by_id[c->parent];
      }
      chain += " → " + u.id;
      in_reported_cycle.insert(u.id);
      r.error(*src.at(u.id).object->get("parent"),
              text::Message("units-cycle", {{"chain", chain}}));
    }
  }
}

/// units.json's tree, or a units workbook's (table_json.hpp).
void load_units_tree(JsonReader& r, const std::optional<JsonValue>& root, Content& content) {
  Diagnostics& diags = r.diags();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, r.path())) return;
  r.check_keys(*root, {"clusters", "units"}, r.path());
  load_clusters(r, *root, content);

  const JsonValue* list = root->get("units");
  if (!list) {
    r.error(*root, text::Message("missing-key", {{"key", "units"}}));
    return;
  }
  if (!r.expect(*list, JsonValue::Type::kArray, "\"units\"")) return;
  std::map<std::string, UnitSource> src;
  bool uses_other = false;
  content.units.reserve(content.units.size() + list->items.size());
  for (const auto& item : list->items) {
    if (!r.expect(item, JsonValue::Type::kObject, text::Message("what-each-unit"))) continue;
    r.check_keys(item,
                 {"id", "name", "short_name", "kind", "parent", "cluster", "active", "internal",
                  "changes", "predecessors"},
                 text::Message("where-unit"));
    Unit u;
    auto id = r.id(item, "id", IdKind::kEntity, true);
    auto name = r.string(item, "name", true);
    auto short_name = r.string(item, "short_name", false);
    auto kind = r.string(item, "kind", false);
    auto parent = r.id(item, "parent", IdKind::kEntity, false);
    auto cluster = r.id(item, "cluster", IdKind::kEntity, false);
    // A unit with a valid id is kept even when other fields are wrong, so that
    // files naming it do not report errors of their own.
    if (!id) continue;
    if (name && name->empty()) r.error(*item.get("name"), text::Message("unit-name-empty"));
    u.id = *id;
    u.name = name.value_or("");
    u.short_name = short_name.value_or("");
    u.kind = kind.value_or("");
    u.parent = parent.value_or("");
    u.pos = r.pos(item);
    if (!cluster) {
      u.cluster = kOtherCluster;
    } else if (cluster->empty()) {
      u.cluster = kOtherCluster;
      uses_other = true;
    } else if (!content.find_cluster(*cluster)) {
      r.error(
          *item.get("cluster"),
          text::Message("unknown-cluster", {{"cluster", *cluster},
                                            {"id", u.id},
                                            {"hint", suggest(*cluster, content.clusters, diags)}}));
    } else {
      u.cluster = *cluster;
    }
    if (const JsonValue* active = item.get("active")) {
      if (r.expect(*active, JsonValue::Type::kObject, "\"active\"")) {
        r.check_keys(*active, {"from", "to"}, "\"active\"");
        u.active_from = r.date(*active, "from", false);
        u.active_to = r.date(*active, "to", false);
        if (u.active_from && u.active_to && *u.active_from > *u.active_to)
          r.error(*active, text::Message("active-from-after-to", {{"from", u.active_from->iso()},
                                                                  {"to", u.active_to->iso()}}));
      }
    }
    u.internal = r.internal(item);
    u.first = u.facts();
    if (const JsonValue* list = item.get("predecessors");
        list && r.expect(*list, JsonValue::Type::kArray, "\"predecessors\"")) {
      for (const auto& p : list->items)
        if (auto id = r.id_value(p, IdKind::kEntity, "\"predecessors\""))
          u.predecessors.push_back(*id);
    }
    std::vector<const JsonValue*> changes;
    if (const JsonValue* list = item.get("changes")) changes = load_changes(r, *list, content, u);
    if (auto [it, fresh] = src.emplace(u.id, UnitSource{&item, std::move(changes)}); !fresh) {
      r.error(
          *item.get("id"),
          text::Message("duplicate-unit",
                        {{"id", u.id}, {"line", std::to_string(r.pos(*it->second.object).line)}}));
      continue;
    }
    if (u.parent == u.id) {
      r.error(*item.get("parent"), text::Message("own-parent", {{"id", u.id}}));
      u.parent.clear();
    }
    content.units.push_back(std::move(u));
  }
  for (const Unit& u : content.units)
    for (const auto& change : u.changes)
      uses_other = uses_other || change.facts.cluster == kOtherCluster;
  if (uses_other && std::none_of(content.clusters.begin(), content.clusters.end(),
                                 [](const Cluster& c) { return c.id == kOtherCluster; }))
    content.clusters.push_back(
        Cluster{.id = kOtherCluster, .name = "", .changes = {}, .first_name = ""});
  content.index_units();
  check_tree(r, content, src);
  check_dated_trees(r, content, src);
}

}  // namespace

void load_units(const std::string& path, std::string_view text, Content& content,
                Diagnostics& diags) {
  FileTree file(TableFile::kUnits, path, text, diags);
  load_units_tree(file.reader(), file.root(), content);
}

}  // namespace thidua::load
