// periods/<id>/period.json and inspections.json (results: load_results_*.cpp)
#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"
#include "load/table_json.hpp"

namespace thidua::load {

std::optional<Period> load_period(const std::string& path, std::string_view text,
                                  const std::string& folder_id, Diagnostics& diags) {
  FileTree file(TableFile::kPeriod, path, text, diags);
  JsonReader& r = file.reader();
  const auto& root = file.root();
  const std::string name = path.substr(path.rfind('/') + 1);
  if (!root || !r.expect(*root, JsonValue::Type::kObject, name)) return std::nullopt;
  r.check_keys(*root,
               {"id", "title", "start", "end", "scheme", "status", "compare_to", "published",
                "sealed", "corrections"},
               name);
  Period p;
  p.pos = r.pos(*root);
  if (auto id = r.id(*root, "id", IdKind::kEntity, true)) {
    p.id = *id;
    if (*id != folder_id)
      r.error(*root->get("id"),
              text::Message("period-id-mismatch", {{"id", *id}, {"folder", folder_id}}));
  }
  if (auto v = r.string(*root, "title", true)) p.title = *v;
  auto start = r.date(*root, "start", true);
  auto end = r.date(*root, "end", true);
  if (start) p.start = *start;
  if (end) p.end = *end;
  if (start && end && *start > *end)
    r.error(*root->get("start"),
            text::Message("start-after-end", {{"start", start->iso()}, {"end", end->iso()}}));
  if (auto published = r.date(*root, "published", false); published && *published != Date{}) {
    p.published = *published;
    if (start && *published < *start)
      r.error(*root->get("published"),
              text::Message("published-before-start",
                            {{"published", published->iso()}, {"start", start->iso()}}));
  }
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
        r.error(*status, text::Message("bad-period-status", {{"value", status->text}}));
    }
  }
  auto seal_value = [&](const JsonValue& v, const text::Arg& what) -> std::optional<std::string> {
    if (!r.expect(v, JsonValue::Type::kString, what)) return std::nullopt;
    const bool hex =
        v.text.size() == 64 && v.text.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex) {
      r.error(v, text::Message("bad-seal", {{"what", what}}));
      return std::nullopt;
    }
    return v.text;
  };
  if (const JsonValue* sealed = root->get("sealed")) {
    if (auto v = seal_value(*sealed, "\"sealed\"")) {
      p.sealed = *v;
      p.sealed_pos = r.pos(*sealed);
      if (p.status != PeriodStatus::kArchived)
        r.error(*sealed, text::Message("sealed-not-archived"));
    }
  }
  if (const JsonValue* list = root->get("corrections");
      list && r.expect(*list, JsonValue::Type::kArray, "\"corrections\"")) {
    for (const auto& item : list->items) {
      if (!r.expect(item, JsonValue::Type::kObject, text::Message("what-each-correction")))
        continue;
      r.check_keys(item, {"date", "units", "change", "reason", "sealed"},
                   text::Message("where-correction"));
      Correction c;
      c.pos = r.pos(item);
      auto date = r.date(item, "date", true);
      auto change = r.string(item, "change", true);
      auto reason = r.string(item, "reason", true);
      bool ok = date && change && reason;
      if (const JsonValue* units = item.get("units");
          units && r.expect(*units, JsonValue::Type::kArray, "\"units\"")) {
        for (const auto& u : units->items)
          if (auto id = r.id_value(u, IdKind::kEntity, text::Message("what-correction-unit")))
            c.units.push_back(*id);
          else
            ok = false;
      }
      if (const JsonValue* s = item.get("sealed")) {
        if (auto v = seal_value(*s, text::Message("what-correction-sealed")))
          c.sealed = *v;
        else
          ok = false;
      }
      if (!ok) continue;
      c.date = *date;
      c.change = *change;
      c.reason = *reason;
      p.corrections.push_back(std::move(c));
    }
    std::stable_sort(p.corrections.begin(), p.corrections.end(),
                     [](const Correction& a, const Correction& b) { return a.date < b.date; });
  }
  if (p.id.empty()) return std::nullopt;
  return p;  // kept despite errors, so that documents naming it add none
}

void load_inspections(const std::string& path, std::string_view text, const Content& content,
                      Period& period, Diagnostics& diags) {
  FileTree file(TableFile::kInspections, path, text, diags);
  JsonReader& r = file.reader();
  const auto& root = file.root();
  const std::string name = path.substr(path.rfind('/') + 1);
  if (!root || !r.expect(*root, JsonValue::Type::kObject, name)) return;
  r.check_keys(*root, {"team", "visits"}, name);
  Inspections ins;
  if (const JsonValue* team = root->get("team");
      team && r.expect(*team, JsonValue::Type::kArray, "\"team\"")) {
    for (const auto& m : team->items) {
      if (!r.expect(m, JsonValue::Type::kObject, text::Message("what-each-team-member"))) continue;
      r.check_keys(m, {"name", "role", "title"}, text::Message("where-team-member"));
      auto name = r.string(m, "name", true);
      auto role = r.string(m, "role", false);
      auto title = r.string(m, "title", false);
      if (name && role && title) ins.team.push_back({*name, *role, *title});
    }
  }
  if (const JsonValue* visits = root->get("visits");
      visits && r.expect(*visits, JsonValue::Type::kArray, "\"visits\"")) {
    for (const auto& v : visits->items) {
      if (!r.expect(v, JsonValue::Type::kObject, text::Message("what-each-visit"))) continue;
      r.check_keys(
          v,
          {"id", "unit", "date", "session", "form", "revision", "status", "findings", "internal"},
          text::Message("where-visit"));
      Visit visit;
      visit.pos = r.pos(v);
      auto unit = r.id(v, "unit", IdKind::kEntity, true);
      auto date = r.date(v, "date", true);
      auto form = r.string(v, "form", false);
      auto id = r.id(v, "id", IdKind::kEntity, false);
      bool ok = unit && date && form && id;
      if (const JsonValue* rev = v.get("revision")) {
        // A whole number of changes: the calendar's SEQUENCE (RFC 5545: a
        // non-negative integer).
        const std::string& t = rev->text;
        const bool whole = rev->is_number() && !t.empty() && t.size() <= 6 &&
                           t.find_first_not_of("0123456789") == std::string::npos;
        if (!whole) {
          r.error(*rev, text::Message("bad-revision", {{"value", rev->is_string() ? "\"" + t + "\""
                                                                 : t.empty()      ? "null"
                                                                                  : t}}));
          ok = false;
        } else {
          visit.revision = std::stoi(t);
        }
      }
      if (const JsonValue* st = v.get("status")) {
        if (!r.expect(*st, JsonValue::Type::kString, "\"status\""))
          ok = false;
        else if (st->text == "cancelled")
          visit.cancelled = true;
        else if (st->text != "planned") {
          r.error(*st, text::Message("bad-visit-status", {{"value", st->text}}));
          ok = false;
        }
      }
      if (unit && !content.find_unit(*unit)) {
        r.error(*v.get("unit"),
                text::Message("unknown-unit",
                              {{"id", *unit}, {"hint", suggest(*unit, content.units, r.diags())}}));
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
          r.error(*s, text::Message("bad-session", {{"value", s->text}}));
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
      visit.id = *id;
      visit.unit = *unit;
      visit.date = *date;
      visit.form = *form;
      visit.internal = r.internal(v);
      ins.visits.push_back(std::move(visit));
    }
  }
  // Each visit is one calendar event for good: its UID is the period and the
  // visit's id, or its unit, never its date, so a moved visit updates in place.
  std::map<std::string, const Visit*> by_unit, by_id;  // visits without an id; with one
  for (const Visit& visit : ins.visits) {
    auto [it, fresh] = (visit.id.empty() ? by_unit : by_id)
                           .emplace(visit.id.empty() ? visit.unit : visit.id, &visit);
    if (fresh) continue;
    const std::string also = std::to_string(it->second->pos.line);
    if (visit.id.empty())
      diags.error(visit.pos,
                  text::Message("unit-visited-twice",
                                {{"id", visit.unit}, {"period", period.id}, {"line", also}}));
    else
      diags.error(visit.pos, text::Message("visit-id-twice", {{"id", visit.id}, {"line", also}}));
  }
  std::stable_sort(ins.visits.begin(), ins.visits.end(), [](const Visit& a, const Visit& b) {
    return std::tie(a.date, a.session, a.unit) < std::tie(b.date, b.session, b.unit);
  });
  period.inspections = std::move(ins);
}

}  // namespace thidua::load
