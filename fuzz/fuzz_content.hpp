// A small valid content folder the fuzz targets put their input into, so each
// input runs through the real loader (and, when it loads, the scorer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "load/load.hpp"
#include "score/score.hpp"

namespace thidua::fuzz {

inline load::MemoryTree base_tree() {
  load::MemoryTree t;
  t.set("site.json", R"({ "title": "T", "base_url": "https://example.vn/" })");
  t.set("units.json", R"({ "clusters": [ { "id": "k", "name": "K" } ], "units": [
    { "id": "a", "name": "A", "cluster": "k" }, { "id": "b", "name": "B", "parent": "a" } ] })");
  t.set("schemes/s.json", R"({ "id": "s", "title": "S", "sections": [
    { "id": "I", "title": "I", "criteria": [ { "id": "I.1", "title": "x", "max": 10 },
                                              { "id": "I.2", "title": "y", "max": 10 } ] },
    { "id": "T", "title": "T", "kind": "bonus", "max": 2, "criteria": [ { "id": "T.1", "title": "t", "max": 5 } ] },
    { "id": "P", "title": "P", "kind": "penalty", "criteria": [ { "id": "P.1", "title": "p", "max": 5 } ] } ],
    "grades": [ { "id": "g", "label": "G", "min": 10 }, { "id": "h", "label": "H", "min": 0 } ],
    "targets": [ { "id": "r", "label": "R", "unit": "%", "goal": 90 } ] })");
  t.set(
      "periods/p/period.json",
      R"({ "id": "p", "title": "P", "start": "2024-01-01", "end": "2024-06-30", "scheme": "s" })");
  return t;
}

/// Loads `tree`; when it is valid, scores it too.
inline void load_and_score(const load::MemoryTree& tree) {
  load::Loaded l = load::load_content(tree);
  if (l.diags.has_errors()) return;
  apply_profile(l.content, Profile::kPublic);
  static const score::NameCollator collator;
  score::score_content(l.content, collator);
}

/// `bytes` as each file a table may stand for (table_json.hpp), in turn:
/// units, the scheme, the period and its inspections, as `ext` (xlsx, ods).
inline void load_as_tables(const std::string& bytes, const std::string& ext) {
  for (const auto& [json, table] :
       {std::pair<const char*, std::string>{"units.json", "units." + ext},
        {"schemes/s.json", "schemes/s." + ext},
        {"periods/p/period.json", "periods/p/period." + ext},
        {"", "periods/p/inspections." + ext}}) {
    load::MemoryTree tree = base_tree();
    if (*json) tree.erase(json);
    tree.set(table, bytes);
    load_and_score(tree);
  }
}

}  // namespace thidua::fuzz
