// periods/<id>/period.json, results.json|csv, results/*, inspections.json
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "load/json_reader.hpp"
#include "load/loaders.hpp"
#include "text/csv.hpp"
#include "text/links.hpp"

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

namespace {

/// Shared checks of one result, whichever format it came from.
class ResultChecker {
 public:
  ResultChecker(const Content& content, const Scheme* scheme, Period& period, Diagnostics& diags)
      : content_(content), scheme_(scheme), period_(period), diags_(diags) {
    for (const auto& r : period.results) seen_[r.unit] = r.pos;
    if (!scheme_) return;
    in_order_.emplace(*scheme_);
    for (const auto& s : scheme_->sections)
      for (const auto& c : s.criteria)
        criteria_.emplace(c.id, &c);  // the first of equal ids, as a scan finds it
  }

  bool unit(const std::string& id, const SourcePos& pos) {
    const Unit* u = content_.find_unit(id);
    if (!u) {
      diags_.error(pos, "unknown unit \"" + id + "\": it is not in units.json");
      return false;
    }
    if (auto [it, fresh] = seen_.emplace(id, pos); !fresh) {
      diags_.error(pos, "unit \"" + id + "\" is scored twice in period \"" + period_.id +
                            "\" (first in " + it->second.path + ":" +
                            std::to_string(it->second.line) + ")");
      return false;
    }
    if (!u->active_during(period_.start, period_.end))
      diags_.warning(pos,
                     "unit \"" + id + "\" was not active during period \"" + period_.id + "\"");
    return true;
  }

  /// Validates a score against its criterion; false when it must be rejected.
  /// `where` is the score's SourcePos, or what makes it when there is
  /// something to report: every score of every result comes here.
  template <typename Where>
  bool score(const std::string& criterion, Points value, const Where& where) {
    if (!scheme_) return true;
    auto found = criteria_.find(criterion);
    const Criterion* c = found == criteria_.end() ? nullptr : found->second;
    if (!c) {
      diags_.error(pos_of(where), "unknown criterion \"" + criterion + "\": scheme \"" +
                                      scheme_->id + "\" has no such criterion");
      return false;
    }
    if (value < 0 || value > c->max) {
      diags_.error(pos_of(where), "score " + format_points(value) + " of criterion \"" + criterion +
                                      "\" is outside 0.." + format_points(c->max));
      return false;
    }
    return true;
  }

  template <typename Where>
  bool target(const std::string& id, const Where& where) {
    if (!scheme_ || scheme_->find_target(id)) return true;
    diags_.error(pos_of(where), "unknown target \"" + id + "\": scheme \"" + scheme_->id +
                                    "\" has no such target");
    return false;
  }

  bool grade(const std::string& id, const SourcePos& pos) {
    if (!scheme_ || scheme_->find_grade(id)) return true;
    diags_.error(pos,
                 "unknown grade \"" + id + "\": scheme \"" + scheme_->id + "\" has no such grade");
    return false;
  }

  static const SourcePos& pos_of(const SourcePos& pos) { return pos; }
  template <typename MakePos>
  static SourcePos pos_of(const MakePos& make) {
    return make();
  }

  /// Warns about score-section criteria the result leaves out, except those in
  /// `silent`. Bonus and penalty criteria left out simply count as 0.
  /// `silent(id)` is asked only of criteria the result lacks.
  template <typename Silent>
  void missing(const Result& r, Silent silent) {
    if (!scheme_) return;
    const auto found = in_order_->find(r.scores);  // one walk, not a search per criterion
    std::string list;
    int n = 0;
    std::size_t place = 0;
    for (const auto& s : scheme_->sections)
      for (const auto& c : s.criteria) {
        // no bonus or penalty entered means none
        if (s.kind == SectionKind::kScore && !found[place] && !silent(c.id))
          list += (n++ ? ", " : "") + c.id;
        ++place;
      }
    if (n)
      diags_.warning(r.pos, "unit \"" + r.unit + "\" has no score for " + list +
                                (n == 1 ? " (counts as 0)" : " (count as 0)"));
  }

 private:
  const Content& content_;
  const Scheme* scheme_;
  std::optional<CriteriaInOrder> in_order_;  ///< the scheme's, to read a result's scores
  std::unordered_map<std::string_view, const Criterion*> criteria_;  ///< the scheme's, by id
  Period& period_;
  Diagnostics& diags_;
  std::map<std::string, SourcePos> seen_;
};

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

void load_results_json(const std::string& path, std::string_view text, ResultChecker& check,
                       Period& period, Diagnostics& diags) {
  JsonReader r(path, text, diags);
  auto root = r.parse();
  if (!root || !r.expect(*root, JsonValue::Type::kObject, "a results file")) return;
  r.check_keys(*root, {"results"}, "a results file");
  const JsonValue* list = root->get("results");
  if (!list) {
    r.error(*root, "missing required key \"results\"");
    return;
  }
  if (!r.expect(*list, JsonValue::Type::kArray, "\"results\"")) return;
  for (const auto& item : list->items) {
    if (!r.expect(item, JsonValue::Type::kObject, "each result")) continue;
    r.check_keys(item,
                 {"unit", "scores", "targets", "grade_override", "evidence", "note", "internal"},
                 "a result");
    Result res;
    res.pos = r.pos(item);
    auto unit = r.id(item, "unit", IdKind::kEntity, true);
    if (!unit || !check.unit(*unit, r.pos(*item.get("unit")))) continue;
    res.unit = *unit;
    if (const JsonValue* scores = item.get("scores"))
      res.scores = load_number_map(r, *scores, "\"scores\"",
                                   [&](const std::string& k, Points v, const auto& where) {
                                     return check.score(k, v, where);
                                   });
    if (const JsonValue* targets = item.get("targets"))
      res.targets = load_number_map(
          r, *targets, "\"targets\"",
          [&](const std::string& k, Points, const auto& where) { return check.target(k, where); });
    if (const JsonValue* go = item.get("grade_override")) {
      if (r.expect(*go, JsonValue::Type::kObject, "\"grade_override\"")) {
        r.check_keys(*go, {"grade", "reason"}, "\"grade_override\"");
        auto grade = r.id(*go, "grade", IdKind::kCriterion, true);
        auto reason = r.string(*go, "reason", true);
        if (reason && reason->empty())
          r.error(*go->get("reason"), "a grade override needs a reason");
        if (grade && reason && !reason->empty() && check.grade(*grade, r.pos(*go->get("grade"))))
          res.grade_override = GradeOverride{*grade, *reason};
      }
    }
    if (const JsonValue* ev = item.get("evidence")) {
      if (r.expect(*ev, JsonValue::Type::kObject, "\"evidence\"")) {
        // A link with an unsafe scheme (javascript:, data:, …) is dropped, with a warning.
        auto add = [&](const std::string& key, const JsonValue& url) {
          if (text::is_safe_link(url.text))
            res.evidence[key].push_back(url.text);
          else
            r.warning(url,
                      "evidence link left out: only http, https, mailto, tel and relative links "
                      "are published (write another site's address with https://)");
        };
        for (const auto& m : ev->members) {
          if (!check.score(m.key, 0, r.at(m.key_offset))) continue;
          if (m.value.is_string())
            add(m.key, m.value);
          else if (r.expect(m.value, JsonValue::Type::kArray, "evidence of \"" + m.key + "\""))
            for (const auto& url : m.value.items)
              if (r.expect(url, JsonValue::Type::kString, "an evidence link")) add(m.key, url);
        }
      }
    }
    if (auto note = r.string(item, "note", false)) res.note = *note;
    if (const JsonValue* internal = item.get("internal")) {
      if (r.expect(*internal, JsonValue::Type::kObject, "\"internal\"")) {
        if (const JsonValue* self = internal->get("self_scores"))
          res.self_scores = load_number_map(r, *self, "\"self_scores\"",
                                            [&](const std::string& k, Points v, const auto& where) {
                                              return check.score(k, v, where);
                                            });
        JsonValue rest = *internal;
        std::erase_if(rest.members, [](const JsonMember& m) { return m.key == "self_scores"; });
        JsonValue holder;
        holder.type = JsonValue::Type::kObject;
        holder.members.push_back({"internal", internal->offset, std::move(rest)});
        res.internal = r.internal(holder);
      }
    }
    // Criteria whose score was there but rejected already have their error.
    const JsonValue* scores = item.get("scores");
    check.missing(res, [&](const std::string& id) { return scores && scores->get(id); });
    period.results.push_back(std::move(res));
  }
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

void load_results_csv(const std::string& path, std::string_view text, const Scheme* scheme,
                      ResultChecker& check, Period& period, Diagnostics& diags) {
  text::TextIndex index(text);
  const text::CsvTable table = text::parse_csv(text);
  if (table.problem) {
    report_error(diags, path, index, table.problem->offset, table.problem->message);
    return;
  }
  const std::vector<text::CsvRow>& rows = table.rows;
  auto pos = [&](std::size_t offset) {
    auto [line, col] = index.locate(offset);
    return SourcePos{path, line, col};
  };
  if (rows.empty()) {
    diags.error({path, 1, 1},
                "empty results file: the first line must be a header \"unit,<criterion id>,…\"");
    return;
  }
  const text::CsvRow& header = rows[0];
  enum class Col { kUnit, kName, kScore, kTarget, kNote, kSkip };
  std::vector<std::pair<Col, std::string>> cols;
  bool has_unit = false, header_ok = true;
  std::set<std::string> seen_cols;
  for (const auto& f : header.fields) {
    std::string name = trim(f.text);
    if (!seen_cols.insert(name).second) {
      diags.error(pos(f.offset), "duplicate column \"" + name + "\"");
      header_ok = false;
    }
    if (name == "unit") {
      cols.emplace_back(Col::kUnit, name);
      has_unit = true;
    } else if (name == "name") {
      cols.emplace_back(Col::kName, name);
    } else if (name == "note") {
      cols.emplace_back(Col::kNote, name);
    } else if (name.starts_with("target:")) {
      std::string id = name.substr(7);
      if (!check.target(id, pos(f.offset))) header_ok = false;
      cols.emplace_back(Col::kTarget, id);
    } else if (!scheme || scheme->find_criterion(name)) {
      cols.emplace_back(Col::kScore, name);
    } else {
      diags.error(pos(f.offset), "unknown column \"" + name + "\": not a criterion of scheme \"" +
                                     scheme->id + "\", \"target:<id>\", \"note\" or \"name\"");
      cols.emplace_back(Col::kSkip, name);
      header_ok = false;
    }
  }
  if (!has_unit) {
    diags.error(pos(header.offset), "the header has no \"unit\" column");
    return;
  }
  std::set<std::string> absent;  // criteria with no column: reported once, here
  if (scheme) {
    std::string list;
    for (const auto& s : scheme->sections)
      for (const auto& c : s.criteria)
        if (s.kind == SectionKind::kScore && !seen_cols.count(c.id)) {
          absent.insert(c.id);
          list += (list.empty() ? "" : ", ") + c.id;
        }
    if (!absent.empty())
      diags.warning(pos(header.offset), "no column for " + list + ": every unit gets 0 there");
  }
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const text::CsvRow& row = rows[i];
    if (row.fields.size() != cols.size()) {
      // "8,5" unquoted in a comma-separated file is two fields, 8 and 5.
      bool split_decimal = false;
      for (std::size_t k = 0; k + 1 < row.fields.size() && row.fields.size() > cols.size(); ++k) {
        const std::string a = trim(row.fields[k].text), b = trim(row.fields[k + 1].text);
        split_decimal = split_decimal || (!a.empty() && b.size() <= 2 && !b.empty() &&
                                          a.find_first_not_of("0123456789") == std::string::npos &&
                                          b.find_first_not_of("0123456789") == std::string::npos);
      }
      diags.error(pos(row.offset),
                  "row has " + std::to_string(row.fields.size()) + " fields but the header has " +
                      std::to_string(cols.size()) +
                      (split_decimal ? ": a decimal comma (8,5) splits a number in two; write "
                                       "decimals with a dot (8.5)"
                                     : ""));
      continue;
    }
    if (!header_ok) continue;
    Result res;
    res.pos = pos(row.offset);
    bool ok = true;
    std::set<std::string> empty_cells;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const auto& [kind, name] = cols[k];
      const std::string cell = trim(row.fields[k].text);
      const SourcePos at = pos(row.fields[k].offset);
      switch (kind) {
        case Col::kUnit:
          if (!valid_id(cell, IdKind::kEntity)) {
            diags.error(at, "invalid unit id \"" + cell + "\": use " + id_rule(IdKind::kEntity));
            ok = false;
          } else if (!check.unit(cell, at)) {
            ok = false;
          } else {
            res.unit = cell;
          }
          break;
        case Col::kNote:
          res.note = row.fields[k].text;
          break;
        case Col::kName:
        case Col::kSkip:
          break;
        case Col::kScore:
        case Col::kTarget: {
          if (cell.empty()) break;
          ParsedPoints p = parse_points(cell);
          if (!p.value) {
            std::string why = p.error == ParsePointsError::kTooManyDecimals
                                  ? " has more than 2 decimals"
                              : cell.find(',') != std::string::npos
                                  ? " is not a number (write a dot as decimal separator: 8.5)"
                                  : " is not a number";
            diags.error(at, "\"" + cell + "\" in column \"" +
                                (kind == Col::kTarget ? "target:" : "") + name + "\"" + why);
            ok = false;
          } else if (kind == Col::kScore) {
            if (check.score(name, *p.value, at))
              res.scores[name] = *p.value;
            else
              ok = false;
          } else {
            res.targets[name] = *p.value;
          }
        }
      }
    }
    if (!ok || res.unit.empty()) continue;
    check.missing(res, [&](const std::string& id) { return absent.count(id) > 0; });
    period.results.push_back(std::move(res));
  }
}

}  // namespace

void load_results(const std::string& path, std::string_view text, const Content& content,
                  const Scheme* scheme, Period& period, Diagnostics& diags) {
  ResultChecker check(content, scheme, period, diags);
  if (path.ends_with(".csv"))
    load_results_csv(path, text, scheme, check, period, diags);
  else
    load_results_json(path, text, check, period, diags);
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
