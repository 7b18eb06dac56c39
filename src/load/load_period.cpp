// periods/<id>/period.json and inspections.json (results: load_results_*.cpp)
#include <algorithm>
#include <optional>
#include <string_view>
#include <tuple>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"

namespace thidua::load {

std::optional<Period> load_period(const std::string& path, std::string_view text,
                                  const std::string& folder_id, Diagnostics& diags) {
  JsonReader r(path, text, diags);
  auto root = r.parse();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, "period.json")) return std::nullopt;
  r.check_keys(*root, {"id", "title", "start", "end", "scheme", "status", "compare_to"},
               "period.json");
  Period p;
  p.pos = r.pos(*root);
  if (auto id = r.id(*root, "id", IdKind::kEntity, true)) {
    p.id = *id;
    if (*id != folder_id)
      r.error(*root->get("id"),
              "period id \"" + *id + "\" does not match its folder name \"" + folder_id + "\"");
  }
  if (auto v = r.string(*root, "title", true)) p.title = *v;
  auto start = r.date(*root, "start", true);
  auto end = r.date(*root, "end", true);
  if (start) p.start = *start;
  if (end) p.end = *end;
  if (start && end && *start > *end)
    r.error(*root->get("start"), "\"start\" " + start->iso() + " is after \"end\" " + end->iso());
  if (auto v = r.id(*root, "scheme", IdKind::kEntity, true)) {
    p.scheme = *v;
    p.scheme_pos = r.pos(*root->get("scheme"));
  }
  if (auto v = r.id(*root, "compare_to", IdKind::kEntity, false); v && !v->empty()) {
    p.compare_to = *v;
    p.compare_to_pos = r.pos(*root->get("compare_to"));
  }
  if (const JsonValue* status = root->get("status")) {
    if (r.expect(*status, JsonValue::Type::kString, "\"status\"")) {
      if (status->text == "draft")
        p.status = PeriodStatus::kDraft;
      else if (status->text == "published")
        p.status = PeriodStatus::kPublished;
      else if (status->text == "archived")
        p.status = PeriodStatus::kArchived;
      else
        r.error(*status, "\"status\" must be \"draft\", \"published\" or \"archived\", not \"" +
                             status->text + "\"");
    }
  }
  if (p.id.empty()) return std::nullopt;
  return p;  // kept despite errors, so that documents naming it add none
}

void load_inspections(const std::string& path, std::string_view text, const Content& content,
                      Period& period, Diagnostics& diags) {
  JsonReader r(path, text, diags);
  auto root = r.parse();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, "inspections.json")) return;
  r.check_keys(*root, {"team", "visits"}, "inspections.json");
  Inspections ins;
  if (const JsonValue* team = root->get("team");
      team && r.expect(*team, JsonValue::Type::kArray, "\"team\"")) {
    for (const auto& m : team->items) {
      if (!r.expect(m, JsonValue::Type::kObject, "each team member")) continue;
      r.check_keys(m, {"name", "role", "title"}, "a team member");
      auto name = r.string(m, "name", true);
      auto role = r.string(m, "role", false);
      auto title = r.string(m, "title", false);
      if (name && role && title) ins.team.push_back({*name, *role, *title});
    }
  }
  if (const JsonValue* visits = root->get("visits");
      visits && r.expect(*visits, JsonValue::Type::kArray, "\"visits\"")) {
    for (const auto& v : visits->items) {
      if (!r.expect(v, JsonValue::Type::kObject, "each visit")) continue;
      r.check_keys(v, {"unit", "date", "session", "form", "findings", "internal"}, "a visit");
      Visit visit;
      visit.pos = r.pos(v);
      auto unit = r.id(v, "unit", IdKind::kEntity, true);
      auto date = r.date(v, "date", true);
      auto form = r.string(v, "form", false);
      bool ok = unit && date && form;
      if (unit && !content.find_unit(*unit)) {
        r.error(*v.get("unit"), "unknown unit \"" + *unit + "\": it is not in units.json");
        ok = false;
      }
      if (const JsonValue* s = v.get("session")) {
        if (!r.expect(*s, JsonValue::Type::kString, "\"session\""))
          ok = false;
        else if (s->text == "morning")
          visit.session = Session::kMorning;
        else if (s->text == "afternoon")
          visit.session = Session::kAfternoon;
        else if (s->text == "all-day")
          visit.session = Session::kAllDay;
        else {
          r.error(*s, "\"session\" must be \"morning\", \"afternoon\" or \"all-day\", not \"" +
                          s->text + "\"");
          ok = false;
        }
      }
      if (const JsonValue* f = v.get("findings");
          f && r.expect(*f, JsonValue::Type::kObject, "\"findings\"")) {
        r.check_keys(*f, {"strengths", "weaknesses", "causes", "recommendations"}, "\"findings\"");
        visit.findings.strengths = r.strings(*f, "strengths");
        visit.findings.weaknesses = r.strings(*f, "weaknesses");
        visit.findings.causes = r.strings(*f, "causes");
        visit.findings.recommendations = r.strings(*f, "recommendations");
      }
      if (!ok) continue;
      visit.unit = *unit;
      visit.date = *date;
      visit.form = *form;
      visit.internal = r.internal(v);
      ins.visits.push_back(std::move(visit));
    }
  }
  std::stable_sort(ins.visits.begin(), ins.visits.end(), [](const Visit& a, const Visit& b) {
    return std::tie(a.date, a.session, a.unit) < std::tie(b.date, b.session, b.unit);
  });
  period.inspections = std::move(ins);
}

}  // namespace thidua::load
