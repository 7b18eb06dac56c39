// schemes/<id>.json
#include <algorithm>
#include <map>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"
#include "load/table_json.hpp"

namespace thidua::load {
namespace {

std::optional<Section> load_section(JsonReader& r, const JsonValue& item,
                                    std::map<std::string, SourcePos>& criterion_ids) {
  r.check_keys(item, {"id", "title", "kind", "max", "criteria"}, text::Message("where-section"));
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
        r.error(*kind, text::Message("bad-section-kind", {{"value", kind->text}}));
        ok = false;
      }
    }
  }
  if (const JsonValue* max = item.get("max")) {
    s.cap = r.points(*max, text::Message("what-section-max"));
    if (s.cap && *s.cap < 0) {
      r.error(*max, text::Message("section-max-negative"));
      ok = false;
    }
    ok = ok && s.cap;
  }
  const JsonValue* criteria = item.get("criteria");
  if (!criteria) {
    r.error(item, text::Message("missing-key", {{"key", "criteria"}}));
    return std::nullopt;
  }
  if (!r.expect(*criteria, JsonValue::Type::kArray, "\"criteria\"")) return std::nullopt;
  if (criteria->items.empty())
    r.error(*criteria, text::Message("section-without-criteria", {{"id", s.id}}));
  for (const auto& c : criteria->items) {
    if (!r.expect(c, JsonValue::Type::kObject, text::Message("what-each-criterion"))) {
      ok = false;
      continue;
    }
    r.check_keys(c, {"id", "title", "max"}, text::Message("where-criterion"));
    auto cid = r.id(c, "id", IdKind::kCriterion, true);
    auto ctitle = r.string(c, "title", true);
    Points cmax = 0;
    if (const JsonValue* m = c.get("max")) {
      if (auto v = r.points(*m, text::Message("what-criterion-max"))) {
        cmax = *v;
        if (cmax <= 0) r.error(*m, text::Message("criterion-max-not-positive"));
      }
    } else {
      r.error(c, text::Message("missing-key", {{"key", "max"}}));
    }
    if (!cid || !ctitle || cmax <= 0) {
      ok = false;
      continue;
    }
    if (auto [it, fresh] = criterion_ids.emplace(*cid, r.pos(c)); !fresh) {
      r.error(*c.get("id"),
              text::Message("duplicate-criterion",
                            {{"id", *cid}, {"line", std::to_string(it->second.line)}}));
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
    r.error(root, text::Message("missing-key", {{"key", "grades"}}));
    return;
  }
  if (!r.expect(*grades, JsonValue::Type::kArray, "\"grades\"")) return;
  if (grades->items.empty()) r.error(*grades, text::Message("no-grades"));
  std::map<std::string, int> seen_ids;
  std::map<Points, int> seen_mins;
  for (const auto& g : grades->items) {
    if (!r.expect(g, JsonValue::Type::kObject, text::Message("what-each-grade"))) continue;
    r.check_keys(g, {"id", "label", "min"}, text::Message("where-grade"));
    auto id = r.id(g, "id", IdKind::kCriterion, true);
    auto label = r.string(g, "label", true);
    std::optional<Points> min;
    if (const JsonValue* m = g.get("min"))
      min = r.points(*m, text::Message("what-grade-min"));
    else
      r.error(g, text::Message("missing-key", {{"key", "min"}}));
    if (!id || !label || !min) continue;
    if (auto [it, fresh] = seen_ids.emplace(*id, r.pos(g).line); !fresh) {
      r.error(*g.get("id"), text::Message("duplicate-grade",
                                          {{"id", *id}, {"line", std::to_string(it->second)}}));
      continue;
    }
    if (auto [it, fresh] = seen_mins.emplace(*min, r.pos(g).line); !fresh) {
      r.error(*g.get("min"),
              text::Message("duplicate-grade-min",
                            {{"min", format_points(*min)}, {"line", std::to_string(it->second)}}));
      continue;
    }
    scheme.grades.push_back({*id, *label, *min});
  }
  std::stable_sort(scheme.grades.begin(), scheme.grades.end(),
                   [](const Grade& a, const Grade& b) { return a.min > b.min; });
  if (!scheme.grades.empty() && scheme.grades.back().min > 0)
    r.warning(*grades, text::Message("no-grade-from-zero",
                                     {{"min", format_points(scheme.grades.back().min)}}));
}

void load_targets(JsonReader& r, const JsonValue& root, Scheme& scheme) {
  const JsonValue* targets = root.get("targets");
  if (!targets || !r.expect(*targets, JsonValue::Type::kArray, "\"targets\"")) return;
  std::map<std::string, int> seen;
  for (const auto& t : targets->items) {
    if (!r.expect(t, JsonValue::Type::kObject, text::Message("what-each-target"))) continue;
    r.check_keys(t, {"id", "label", "unit", "goal", "lower_is_better"},
                 text::Message("where-target"));
    Target target;
    auto id = r.id(t, "id", IdKind::kCriterion, true);
    auto label = r.string(t, "label", true);
    auto unit = r.string(t, "unit", false);
    std::optional<Points> goal;
    if (const JsonValue* g = t.get("goal"))
      goal = r.points(*g, text::Message("what-target-goal"));
    else
      r.error(t, text::Message("missing-key", {{"key", "goal"}}));
    if (const JsonValue* lib = t.get("lower_is_better"))
      if (r.expect(*lib, JsonValue::Type::kBool, "\"lower_is_better\""))
        target.lower_is_better = lib->boolean;
    if (!id || !label || !unit || !goal) continue;
    if (auto [it, fresh] = seen.emplace(*id, r.pos(t).line); !fresh) {
      r.error(*t.get("id"), text::Message("duplicate-target",
                                          {{"id", *id}, {"line", std::to_string(it->second)}}));
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
  FileTree file(TableFile::kScheme, path, text, diags);
  JsonReader& r = file.reader();
  const auto& root = file.root();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, text::Message("what-scheme")))
    return std::nullopt;
  r.check_keys(*root, {"id", "title", "sections", "grades", "targets"},
               text::Message("where-scheme"));
  Scheme scheme;
  if (auto id = r.id(*root, "id", IdKind::kEntity, true)) {
    scheme.id = *id;
    if (*id != file_id)
      r.error(*root->get("id"),
              text::Message("scheme-id-mismatch",
                            {{"id", *id}, {"file", path.substr(path.rfind('/') + 1)}}));
  }
  if (auto title = r.string(*root, "title", true)) scheme.title = *title;

  const JsonValue* sections = root->get("sections");
  if (!sections) {
    r.error(*root, text::Message("missing-key", {{"key", "sections"}}));
  } else if (r.expect(*sections, JsonValue::Type::kArray, "\"sections\"")) {
    const int errors_before_sections = diags.count(Severity::kError);
    std::map<std::string, int> section_ids;
    std::map<std::string, SourcePos> criterion_ids;
    for (const auto& item : sections->items) {
      if (!r.expect(item, JsonValue::Type::kObject, text::Message("what-each-section"))) continue;
      auto s = load_section(r, item, criterion_ids);
      if (!s) continue;
      if (auto [it, fresh] = section_ids.emplace(s->id, r.pos(item).line); !fresh) {
        r.error(*item.get("id"),
                text::Message("duplicate-section",
                              {{"id", s->id}, {"line", std::to_string(it->second)}}));
        continue;
      }
      scheme.sections.push_back(std::move(*s));
    }
    // A section or criterion left out with an error may be what had the points.
    if (scheme.max() <= 0 && diags.count(Severity::kError) == errors_before_sections)
      r.error(*sections, text::Message("no-score-section"));
  }
  load_grades(r, *root, scheme);
  load_targets(r, *root, scheme);
  if (diags.count(Severity::kError) > errors_before) return std::nullopt;
  return scheme;
}

}  // namespace thidua::load
