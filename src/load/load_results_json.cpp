// results.json, and any .json under results/.
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"
#include "load/results.hpp"
#include "text/links.hpp"

namespace thidua::load {
namespace {

/// An object of points by key, each passed to `check(key, points, where)`
/// first; `where()` makes the value's position, only for a message.
template <typename Check>
PointsByKey load_number_map(JsonReader& r, const JsonValue& obj, std::string_view what,
                            const Check& check) {
  PointsByKey out;
  if (!r.expect(obj, JsonValue::Type::kObject, what)) return out;
  out.reserve(obj.members.size());
  for (const auto& m : obj.members) {
    std::optional<Points> v;
    if (m.value.type == JsonValue::Type::kNumber) v = parse_points(m.value.text).value;
    if (!v) v = r.points(m.value, "\"" + m.key + "\"");  // reports what is wrong
    if (v && check(m.key, *v, [&] { return r.pos(m.value); })) out[m.key] = *v;
  }
  return out;
}

std::optional<GradeOverride> read_grade_override(JsonReader& r, const JsonValue& go,
                                                 ResultChecker& check) {
  if (!r.expect(go, JsonValue::Type::kObject, "\"grade_override\"")) return std::nullopt;
  r.check_keys(go, {"grade", "reason"}, "\"grade_override\"");
  auto grade = r.id(go, "grade", IdKind::kCriterion, true);
  auto reason = r.string(go, "reason", true);
  if (reason && reason->empty())
    r.error(*go.get("reason"), text::Message("grade-override-without-reason"));
  if (grade && reason && !reason->empty() && check.grade(*grade, r.pos(*go.get("grade"))))
    return GradeOverride{*grade, *reason};
  return std::nullopt;
}

/// Evidence links by criterion. A link with an unsafe scheme (javascript:,
/// data:, …) is dropped, with a warning.
std::map<std::string, std::vector<std::string>> read_evidence(JsonReader& r, const JsonValue& ev,
                                                              ResultChecker& check) {
  std::map<std::string, std::vector<std::string>> out;
  if (!r.expect(ev, JsonValue::Type::kObject, "\"evidence\"")) return out;
  auto add = [&](const std::string& key, const JsonValue& url) {
    if (text::is_safe_link(url.text))
      out[key].push_back(url.text);
    else
      r.warning(url, text::Message("evidence-link-left-out"));
  };
  for (const auto& m : ev.members) {
    if (!check.score(m.key, 0, r.at(m.key_offset))) continue;
    if (m.value.is_string())
      add(m.key, m.value);
    else if (r.expect(m.value, JsonValue::Type::kArray,
                      text::Message("what-evidence-of", {{"criterion", m.key}})))
      for (const auto& url : m.value.items)
        if (r.expect(url, JsonValue::Type::kString, text::Message("what-evidence-link")))
          add(m.key, url);
  }
  return out;
}

/// "internal": the unit's self scores, and the office's own fields.
void read_internal(JsonReader& r, const JsonValue& internal, ResultChecker& check, Result& res) {
  if (!r.expect(internal, JsonValue::Type::kObject, "\"internal\"")) return;
  if (const JsonValue* self = internal.get("self_scores"))
    res.self_scores = load_number_map(r, *self, "\"self_scores\"",
                                      [&](const std::string& k, Points v, const auto& where) {
                                        return check.score(k, v, where);
                                      });
  JsonValue rest = internal;
  std::erase_if(rest.members, [](const JsonMember& m) { return m.key == "self_scores"; });
  JsonValue holder;
  holder.type = JsonValue::Type::kObject;
  holder.members.push_back({"internal", internal.offset, std::move(rest)});
  res.internal = r.internal(holder);
}

/// One item of "results", or nullopt when it cannot be used (its errors said).
std::optional<Result> read_result(JsonReader& r, const JsonValue& item, ResultChecker& check) {
  if (!r.expect(item, JsonValue::Type::kObject, text::Message("what-each-result")))
    return std::nullopt;
  r.check_keys(item,
               {"unit", "scores", "targets", "grade_override", "evidence", "note", "internal"},
               text::Message("where-result"));
  Result res;
  res.pos = r.pos(item);
  auto unit = r.id(item, "unit", IdKind::kEntity, true,
                   [&](std::string_view name) { return check.unit_named(name); });
  if (!unit || !check.unit(*unit, r.pos(*item.get("unit")))) return std::nullopt;
  res.unit = *unit;
  res.unit_pos = r.pos(*item.get("unit"));
  const JsonValue* scores = item.get("scores");
  if (scores)
    res.scores = load_number_map(r, *scores, "\"scores\"",
                                 [&](const std::string& k, Points v, const auto& where) {
                                   return check.score(k, v, where);
                                 });
  if (const JsonValue* targets = item.get("targets"))
    res.targets = load_number_map(
        r, *targets, "\"targets\"",
        [&](const std::string& k, Points, const auto& where) { return check.target(k, where); });
  if (const JsonValue* go = item.get("grade_override"))
    res.grade_override = read_grade_override(r, *go, check);
  if (const JsonValue* ev = item.get("evidence")) res.evidence = read_evidence(r, *ev, check);
  if (auto note = r.string(item, "note", false)) res.note = *note;
  if (const JsonValue* internal = item.get("internal")) read_internal(r, *internal, check, res);
  // Criteria whose score was there but rejected already have their error. An
  // entry without "scores" adds to the unit's result from another file
  // (merge_results says when it has none at all).
  if (scores) check.missing(res, [&](const std::string& id) { return scores->get(id); });
  return res;
}

}  // namespace

void load_results_json(const std::string& path, std::string_view text, ResultChecker& check,
                       Period& period, Diagnostics& diags) {
  JsonReader r(path, text, diags);
  auto root = r.parse();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, text::Message("what-results-file")))
    return;
  r.check_keys(*root, {"results"}, text::Message("where-results-file"));
  const JsonValue* list = root->get("results");
  if (!list) {
    r.error(*root, text::Message("missing-key", {{"key", "results"}}));
    return;
  }
  if (!r.expect(*list, JsonValue::Type::kArray, "\"results\"")) return;
  for (const auto& item : list->items)
    if (auto res = read_result(r, item, check)) period.results.push_back(std::move(*res));
}

void load_results(const std::string& path, std::string_view text, const Content& content,
                  const Scheme* scheme, Period& period, Diagnostics& diags) {
  ResultChecker check(content, scheme, period, diags);
  std::string ext = path.substr(path.rfind('.') + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "csv")
    load_results_csv(path, text, scheme, check, period, diags);
  else if (ext == "xlsx" || ext == "ods")
    load_results_workbook(path, ext == "ods" ? read_ods(text) : read_xlsx(text), scheme, check,
                          period, diags);
  else
    load_results_json(path, text, check, period, diags);
}

void merge_results(Period& period, const Scheme* scheme, Diagnostics& diags) {
  // Sorted by unit, the entries of one unit are neighbours, in the order
  // their files were read: most periods have none to merge, and cost a walk.
  auto& results = period.results;
  std::vector<bool> merged;  // made only when an entry is merged away
  std::size_t into_at = 0;
  for (std::size_t i = 1; i < results.size(); ++i) {
    if (results[i].unit != results[into_at].unit) {
      into_at = i;
      continue;
    }
    if (merged.empty()) merged.assign(results.size(), false);
    merged[i] = true;
    Result& r = results[i];
    Result& into = results[into_at];
    const std::string where = into.pos.path + ":" + std::to_string(into.pos.line);
    // Said where the second entry names its unit: in a table, at its cell.
    const auto error = [&](text::Message m) {
      if (!r.unit_sheet.empty())
        m = text::Message(
            "in-cell-of-sheet",
            {{"cell", r.unit_cell}, {"sheet", r.unit_sheet}, {"message", std::move(m)}});
      else if (!r.unit_cell.empty())
        m = text::Message("in-cell", {{"cell", r.unit_cell}, {"message", std::move(m)}});
      diags.error(r.unit_pos.path.empty() ? r.pos : r.unit_pos, std::move(m), r.unit_cell);
    };
    if (!into.scores.empty() && !r.scores.empty()) {
      error(text::Message("unit-scored-twice",
                          {{"id", r.unit}, {"period", period.id}, {"first", where}}));
      continue;
    }
    std::string twice;
    const auto said = [&](const std::string& field) {
      twice += (twice.empty() ? "" : ", ") + field;
    };
    const auto points = [&](PointsByKey& to, const PointsByKey& from, const char* prefix) {
      for (const auto& [k, v] : from)
        if (to.count(k))
          said(prefix + k);
        else
          to[k] = v;
    };
    if (into.scores.empty()) into.scores = std::move(r.scores);
    points(into.targets, r.targets, "target:");
    points(into.self_scores, r.self_scores, "self:");
    if (!r.note.empty())
      (into.note.empty() ? into.note = std::move(r.note) : (said("note"), into.note));
    if (r.grade_override)
      into.grade_override ? said("grade_override") : (void)(into.grade_override = r.grade_override);
    for (auto& [criterion, links] : r.evidence)
      if (!into.evidence.emplace(criterion, links).second) said("evidence:" + criterion);
    for (auto& field : r.internal) {
      const bool given = std::any_of(into.internal.begin(), into.internal.end(),
                                     [&](const auto& f) { return f.first == field.first; });
      if (given)
        said(field.first);
      else
        into.internal.push_back(field);
    }
    if (!twice.empty())
      error(text::Message(
          "result-field-twice",
          {{"id", r.unit}, {"fields", twice}, {"period", period.id}, {"first", where}}));
  }
  if (!merged.empty()) {
    std::size_t i = 0;
    std::erase_if(results, [&](const Result&) { return merged[i++]; });
  }
  // A unit given only by entries without scores: every criterion counts as 0.
  if (!scheme) return;
  for (const Result& r : period.results)
    if (r.scores.empty() && !r.unit.empty())
      diags.warning(r.pos, text::Message("no-scores", {{"id", r.unit}, {"period", period.id}}));
}

}  // namespace thidua::load
