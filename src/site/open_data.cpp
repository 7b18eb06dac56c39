#include "site/open_data.hpp"

#include <nlohmann/json.hpp>

#include "load/csv.hpp"

namespace thidua::site {
namespace {

using Json = nlohmann::ordered_json;

/// Exact hundredths as a JSON number: 9 for 900, 87.5 for 8750.
Json number(Points p) {
  if (p % 100 == 0) return Json(p / 100);
  return Json(static_cast<double>(p) / 100.0);  // shortest round-trip text is the decimal
}

template <typename T>
Json optional_number(const std::optional<T>& v) {
  if (!v) return Json(nullptr);
  if constexpr (std::is_same_v<T, int>)
    return Json(*v);
  else
    return number(*v);
}

Points score_of(const Result& r, const std::string& criterion) {
  auto it = r.scores.find(criterion);
  return it == r.scores.end() ? 0 : it->second;
}

/// A text cell a spreadsheet will not run: text starting with = + - @ or a
/// tab or carriage return gets a leading apostrophe (OWASP's advice for CSV
/// injection), then RFC 4180 quoting.
std::string csv_text(const std::string& text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    return load::csv_quote("'" + text);
  return load::csv_quote(text);
}

/// `value` as dump(2) would print it `depth` levels down: each line after the
/// first indented by 2 x depth more spaces (strings never hold a raw newline).
std::string dump_at(const Json& value, int depth) {
  const std::string text = value.dump(2, ' ', false, Json::error_handler_t::strict);
  const std::string indent(2 * depth, ' ');
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += indent;
  }
  return out;
}

}  // namespace

// The same text as building the whole document and dump(2), one result at a
// time: the whole tree of a 10,000-unit period took tens of megabytes.
std::string results_json(const score::PeriodScores& ps) {
  std::string out = "{\n  \"period\": " + dump_at(Json(ps.period->id), 1) +
                    ",\n  \"scheme\": " + dump_at(Json(ps.scheme->id), 1) +
                    ",\n  \"max\": " + dump_at(number(ps.scheme->max()), 1) + ",\n  \"results\": [";
  bool first = true;
  for (const auto& r : ps.ranked) {
    Json row;
    row["unit"] = r.unit->id;
    row["name"] = r.unit->name;
    row["cluster"] = r.unit->cluster;
    row["total"] = number(r.total);
    row["grade"] = r.grade ? Json(r.grade->id) : Json(nullptr);
    row["grade_label"] = r.grade ? Json(r.grade->label) : Json(nullptr);
    row["grade_reason"] =
        r.result->grade_override ? Json(r.result->grade_override->reason) : Json(nullptr);
    row["rank"] = r.rank;
    row["cluster_rank"] = r.cluster_rank;
    row["rank_change"] = optional_number(r.rank_change);
    row["total_change"] = optional_number(r.total_change);
    Json sections = Json::object();
    for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i)
      sections[ps.scheme->sections[i].id] = number(r.sections[i]);
    row["sections"] = std::move(sections);
    Json scores = Json::object();
    for (const auto& s : ps.scheme->sections)
      for (const auto& c : s.criteria) scores[c.id] = number(score_of(*r.result, c.id));
    row["scores"] = std::move(scores);
    Json targets = Json::object();
    for (const auto& t : r.targets)
      targets[t.target->id] =
          Json{{"actual", number(t.actual)}, {"goal", number(t.target->goal)}, {"met", t.met}};
    row["targets"] = std::move(targets);
    out += first ? "\n    " : ",\n    ";
    out += dump_at(row, 2);
    first = false;
  }
  out += first ? "]" : "\n  ]";
  Json unranked = Json::array();
  for (const Unit* u : ps.unranked) unranked.push_back(u->id);
  out += ",\n  \"unranked\": " + dump_at(unranked, 1) + "\n}\n";
  return out;
}

std::string results_csv(const score::PeriodScores& ps) {
  std::string out = "\xEF\xBB\xBF";
  out += "unit,name,cluster,total,grade,rank,cluster_rank";
  for (const auto& s : ps.scheme->sections)
    for (const auto& c : s.criteria) out += "," + load::csv_quote(c.id);
  out += "\r\n";
  for (const auto& r : ps.ranked) {
    out += load::csv_quote(r.unit->id) + "," + csv_text(r.unit->name) + "," +
           load::csv_quote(r.unit->cluster) + "," + format_points(r.total) + "," +
           (r.grade ? load::csv_quote(r.grade->id) : "") + "," + std::to_string(r.rank) + "," +
           std::to_string(r.cluster_rank);
    for (const auto& s : ps.scheme->sections)
      for (const auto& c : s.criteria) out += "," + format_points(score_of(*r.result, c.id));
    out += "\r\n";
  }
  return out;
}

std::string unit_history_csv(const Unit& unit, const std::vector<score::PeriodScores>& scores) {
  std::string out = "\xEF\xBB\xBF";
  out +=
      "period,title,start,end,total,max,grade,grade_label,rank,ranked,cluster_rank,rank_change,"
      "total_change\r\n";
  for (const auto& ps : scores) {
    const auto* r = ps.scheme ? ps.find(unit.id) : nullptr;
    if (!r) continue;
    const Period& p = *ps.period;
    out += load::csv_quote(p.id) + "," + csv_text(p.title) + "," + p.start.iso() + "," +
           p.end.iso() + "," + format_points(r->total) + "," + format_points(ps.scheme->max()) +
           "," +
           (r->grade ? load::csv_quote(r->grade->id) + "," + csv_text(r->grade->label) : ",") +
           "," + std::to_string(r->rank) + "," + std::to_string(ps.ranked.size()) + "," +
           std::to_string(r->cluster_rank) + "," +
           (r->rank_change ? std::to_string(*r->rank_change) : "") + "," +
           (r->total_change ? format_points(*r->total_change) : "") + "\r\n";
  }
  return out;
}

}  // namespace thidua::site
