// schemes/<id>.json
#include <algorithm>
#include <map>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"

namespace thidua::load {
namespace {

std::optional<Section> load_section(JsonReader& r, const JsonValue& item,
                                    std::map<std::string, SourcePos>& criterion_ids) {
  r.check_keys(item, {"id", "title", "kind", "max", "criteria"}, "a section");
  Section s;
  auto id = r.id(item, "id", IdKind::kCriterion, true);
  auto title = r.string(item, "title", true);
  bool ok = id && title;
  if (id) s.id = *id;
  if (title) s.title = *title;
  if (const JsonValue* kind = item.get("kind")) {
    if (r.expect(*kind, JsonValue::Type::kString, "\"kind\"")) {
      if (kind->text == "score")
        s.kind = SectionKind::kScore;
      else if (kind->text == "bonus")
        s.kind = SectionKind::kBonus;
      else if (kind->text == "penalty")
        s.kind = SectionKind::kPenalty;
      else {
        r.error(*kind, "section \"kind\" must be \"score\", \"bonus\" or \"penalty\", not \"" +
                           kind->text + "\"");
        ok = false;
      }
    }
  }
  if (const JsonValue* max = item.get("max")) {
    s.cap = r.points(*max, "section \"max\"");
    if (s.cap && *s.cap < 0) {
      r.error(*max, "section \"max\" must not be negative");
      ok = false;
    }
    ok = ok && s.cap;
  }
  const JsonValue* criteria = item.get("criteria");
  if (!criteria) {
    r.error(item, "missing required key \"criteria\"");
    return std::nullopt;
  }
  if (!r.expect(*criteria, JsonValue::Type::kArray, "\"criteria\"")) return std::nullopt;
  if (criteria->items.empty()) r.error(*criteria, "section \"" + s.id + "\" has no criteria");
  for (const auto& c : criteria->items) {
    if (!r.expect(c, JsonValue::Type::kObject, "each criterion")) {
      ok = false;
      continue;
    }
    r.check_keys(c, {"id", "title", "max"}, "a criterion");
    auto cid = r.id(c, "id", IdKind::kCriterion, true);
    auto ctitle = r.string(c, "title", true);
    Points cmax = 0;
    if (const JsonValue* m = c.get("max")) {
      if (auto v = r.points(*m, "criterion \"max\"")) {
        cmax = *v;
        if (cmax <= 0) r.error(*m, "criterion \"max\" must be greater than 0");
      }
    } else {
      r.error(c, "missing required key \"max\"");
    }
    if (!cid || !ctitle || cmax <= 0) {
      ok = false;
      continue;
    }
    if (auto [it, fresh] = criterion_ids.emplace(*cid, r.pos(c)); !fresh) {
      r.error(*c.get("id"), "duplicate criterion id \"" + *cid + "\" (first at line " +
                                std::to_string(it->second.line) + ")");
      ok = false;
      continue;
    }
    s.criteria.push_back({*cid, *ctitle, cmax});
  }
  if (s.kind == SectionKind::kBonus && !s.cap)
    s.cap = s.criteria_max();  // a bonus without its own cap is capped by its criteria
  if (!ok) return std::nullopt;
  return s;
}

void load_grades(JsonReader& r, const JsonValue& root, Scheme& scheme) {
  const JsonValue* grades = root.get("grades");
  if (!grades) {
    r.error(root, "missing required key \"grades\"");
    return;
  }
  if (!r.expect(*grades, JsonValue::Type::kArray, "\"grades\"")) return;
  if (grades->items.empty()) r.error(*grades, "a scheme needs at least one grade");
  std::map<std::string, int> seen_ids;
  std::map<Points, int> seen_mins;
  for (const auto& g : grades->items) {
    if (!r.expect(g, JsonValue::Type::kObject, "each grade")) continue;
    r.check_keys(g, {"id", "label", "min"}, "a grade");
    auto id = r.id(g, "id", IdKind::kCriterion, true);
    auto label = r.string(g, "label", true);
    std::optional<Points> min;
    if (const JsonValue* m = g.get("min"))
      min = r.points(*m, "grade \"min\"");
    else
      r.error(g, "missing required key \"min\"");
    if (!id || !label || !min) continue;
    if (auto [it, fresh] = seen_ids.emplace(*id, r.pos(g).line); !fresh) {
      r.error(*g.get("id"), "duplicate grade id \"" + *id + "\" (first at line " +
                                std::to_string(it->second) + ")");
      continue;
    }
    if (auto [it, fresh] = seen_mins.emplace(*min, r.pos(g).line); !fresh) {
      r.error(*g.get("min"), "two grades with the same \"min\" " + format_points(*min) +
                                 " (first at line " + std::to_string(it->second) + ")");
      continue;
    }
    scheme.grades.push_back({*id, *label, *min});
  }
  std::stable_sort(scheme.grades.begin(), scheme.grades.end(),
                   [](const Grade& a, const Grade& b) { return a.min > b.min; });
  if (!scheme.grades.empty() && scheme.grades.back().min > 0)
    r.warning(*grades, "no grade has \"min\": 0, so totals below " +
                           format_points(scheme.grades.back().min) + " get no grade");
}

void load_targets(JsonReader& r, const JsonValue& root, Scheme& scheme) {
  const JsonValue* targets = root.get("targets");
  if (!targets || !r.expect(*targets, JsonValue::Type::kArray, "\"targets\"")) return;
  std::map<std::string, int> seen;
  for (const auto& t : targets->items) {
    if (!r.expect(t, JsonValue::Type::kObject, "each target")) continue;
    r.check_keys(t, {"id", "label", "unit", "goal", "lower_is_better"}, "a target");
    Target target;
    auto id = r.id(t, "id", IdKind::kCriterion, true);
    auto label = r.string(t, "label", true);
    auto unit = r.string(t, "unit", false);
    std::optional<Points> goal;
    if (const JsonValue* g = t.get("goal"))
      goal = r.points(*g, "target \"goal\"");
    else
      r.error(t, "missing required key \"goal\"");
    if (const JsonValue* lib = t.get("lower_is_better"))
      if (r.expect(*lib, JsonValue::Type::kBool, "\"lower_is_better\""))
        target.lower_is_better = lib->boolean;
    if (!id || !label || !unit || !goal) continue;
    if (auto [it, fresh] = seen.emplace(*id, r.pos(t).line); !fresh) {
      r.error(*t.get("id"), "duplicate target id \"" + *id + "\" (first at line " +
                                std::to_string(it->second) + ")");
      continue;
    }
    target.id = *id;
    target.label = *label;
    target.unit = *unit;
    target.goal = *goal;
    scheme.targets.push_back(std::move(target));
  }
}

}  // namespace

std::optional<Scheme> load_scheme(const std::string& path, std::string_view text,
                                  const std::string& file_id, Diagnostics& diags) {
  const int errors_before = diags.count(Severity::kError);
  JsonReader r(path, text, diags);
  auto root = r.parse();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, "a scheme")) return std::nullopt;
  r.check_keys(*root, {"id", "title", "sections", "grades", "targets"}, "a scheme");
  Scheme scheme;
  if (auto id = r.id(*root, "id", IdKind::kEntity, true)) {
    scheme.id = *id;
    if (*id != file_id)
      r.error(*root->get("id"),
              "scheme id \"" + *id + "\" does not match its file name \"" + file_id + ".json\"");
  }
  if (auto title = r.string(*root, "title", true)) scheme.title = *title;

  const JsonValue* sections = root->get("sections");
  if (!sections) {
    r.error(*root, "missing required key \"sections\"");
  } else if (r.expect(*sections, JsonValue::Type::kArray, "\"sections\"")) {
    const int errors_before_sections = diags.count(Severity::kError);
    std::map<std::string, int> section_ids;
    std::map<std::string, SourcePos> criterion_ids;
    for (const auto& item : sections->items) {
      if (!r.expect(item, JsonValue::Type::kObject, "each section")) continue;
      auto s = load_section(r, item, criterion_ids);
      if (!s) continue;
      if (auto [it, fresh] = section_ids.emplace(s->id, r.pos(item).line); !fresh) {
        r.error(*item.get("id"), "duplicate section id \"" + s->id + "\" (first at line " +
                                     std::to_string(it->second) + ")");
        continue;
      }
      scheme.sections.push_back(std::move(*s));
    }
    // A section or criterion left out with an error may be what had the points.
    if (scheme.max() <= 0 && diags.count(Severity::kError) == errors_before_sections)
      r.error(*sections, "the scheme has no score section with points");
  }
  load_grades(r, *root, scheme);
  load_targets(r, *root, scheme);
  if (diags.count(Severity::kError) > errors_before) return std::nullopt;
  return scheme;
}

}  // namespace thidua::load
