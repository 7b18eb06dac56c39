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
    r.check_keys(item, {"id", "name"}, text::Message("where-cluster"));
    auto id = r.id(item, "id", IdKind::kEntity, true);
    auto name = r.string(item, "name", true);
    if (!id || !name) continue;
    if (auto [it, fresh] = seen.emplace(*id, &item); !fresh) {
      r.error(*item.get("id"),
              text::Message("duplicate-cluster",
                            {{"id", *id}, {"line", std::to_string(r.pos(*it->second).line)}}));
      continue;
    }
    content.clusters.push_back({*id, *name});
  }
}

struct UnitSource {
  const JsonValue* object;
};

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
                 {"id", "name", "short_name", "kind", "parent", "cluster", "active", "internal"},
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
    if (auto [it, fresh] = src.emplace(u.id, UnitSource{&item}); !fresh) {
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
  if (uses_other && std::none_of(content.clusters.begin(), content.clusters.end(),
                                 [](const Cluster& c) { return c.id == kOtherCluster; }))
    content.clusters.push_back({kOtherCluster, ""});
  content.index_units();
  check_tree(r, content, src);
}

}  // namespace

void load_units(const std::string& path, std::string_view text, Content& content,
                Diagnostics& diags) {
  FileTree file(TableFile::kUnits, path, text, diags);
  load_units_tree(file.reader(), file.root(), content);
}

}  // namespace thidua::load
