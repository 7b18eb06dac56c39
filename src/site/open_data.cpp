#include "site/open_data.hpp"

#include <nlohmann/json.hpp>

#include "site/xlsx.hpp"
#include "text/controls.hpp"
#include "text/csv.hpp"

namespace thidua::site {
namespace {

using Json = nlohmann::ordered_json;

/// Exact hundredths as JSON number text: 9 for 900, 87.5 for 8750, the text
/// nlohmann writes for the number p / 100 (points_test checks them all in a
/// wide range).
std::string number(Points p) { return format_points(p, '.'); }

template <typename T>
std::string optional_number(const std::optional<T>& v) {
  if (!v) return "null";
  if constexpr (std::is_same_v<T, int>)
    return std::to_string(*v);
  else
    return number(*v);
}

/// A text cell a spreadsheet will not run: text starting with = + - @ or a
/// tab or carriage return gets a leading apostrophe (OWASP's advice for CSV
/// injection), then RFC 4180 quoting.
std::string csv_text(const std::string& raw) {
  const std::string text = thidua::text::without_controls(raw);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
    return text::csv_quote("'" + text);
  return text::csv_quote(text);
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

/// One JSON object written straight into `out` in dump(2)'s layout, `depth`
/// levels down; keys and scalars are spelled by nlohmann (escaping, the
/// shortest text of a number). A results row has some sixty members, and
/// building each as a JSON value to dump it was most of the file's time.
class ObjectText {
 public:
  ObjectText(std::string& out, int depth) : out_(out), depth_(depth) { out_ += '{'; }
  /// A member whose value is `json` (already JSON text).
  void member(std::string_view key, const std::string& json) {
    begin(key);
    out_ += json;
  }
  /// The same with the key already JSON text ("\"I.1\"").
  void member_quoted(const std::string& quoted_key, const std::string& json) {
    begin_quoted(quoted_key);
    out_ += json;
  }
  /// A member whose value is an object: write it into the returned writer.
  ObjectText object(std::string_view key) {
    begin(key);
    return ObjectText(out_, depth_ + 1);
  }
  void close() {
    if (!empty_) {
      out_ += '\n';
      out_.append(2 * depth_, ' ');
    }
    out_ += '}';
  }
  static std::string dump(const Json& v) {
    return v.dump(-1, ' ', false, Json::error_handler_t::strict);
  }
  /// A text as a JSON string. Most need no escape and are only quoted;
  /// nlohmann spells any that has a quote, a backslash or a control character.
  static std::string text(std::string_view s) {
    bool spelled = false;  // has a quote, a backslash or a tab or line break
    for (unsigned char c : s) {
      if (thidua::text::may_start_control(c) && thidua::text::has_controls(s))
        return text(thidua::text::without_controls(s));  // the control rule
      spelled = spelled || c < 0x20 || c == '"' || c == '\\';
    }
    if (spelled) return dump(Json(s));
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
  }
  static std::string text_or_null(const std::string* s) { return s ? text(*s) : "null"; }

 private:
  void begin(std::string_view key) { begin_quoted(text(key)); }
  void begin_quoted(const std::string& quoted_key) {
    out_ += empty_ ? "\n" : ",\n";
    empty_ = false;
    out_.append(2 * (depth_ + 1), ' ');
    out_ += quoted_key;
    out_ += ": ";
  }
  std::string& out_;
  int depth_;
  bool empty_ = true;
};

}  // namespace

// The same text as building the whole document and dump(2), one result at a
// time: the whole tree of a 10,000-unit period took tens of megabytes.
std::string results_json(const score::PeriodScores& ps) {
  std::string out = "{\n  \"period\": " + dump_at(Json(ps.period->id), 1) +
                    ",\n  \"scheme\": " + dump_at(Json(ps.scheme->id), 1) +
                    ",\n  \"max\": " + number(ps.scheme->max()) + ",\n  \"results\": [";
  // Criterion ids as JSON keys, spelled once for the whole file.
  std::vector<std::string> criteria;
  for (const auto& s : ps.scheme->sections)
    for (const auto& c : s.criteria) criteria.push_back(ObjectText::text(c.id));
  const CriteriaInOrder order(*ps.scheme);
  bool first = true;
  for (const auto& r : ps.ranked) {
    out += first ? "\n    " : ",\n    ";
    first = false;
    ObjectText row(out, 2);
    row.member("unit", ObjectText::text(r.unit->id));
    row.member("name", ObjectText::text(r.unit->name));
    row.member("cluster", ObjectText::text(r.unit->cluster));
    row.member("total", number(r.total));
    row.member("grade", ObjectText::text_or_null(r.grade ? &r.grade->id : nullptr));
    row.member("grade_label", ObjectText::text_or_null(r.grade ? &r.grade->label : nullptr));
    row.member("grade_reason",
               ObjectText::text_or_null(r.result->grade_override ? &r.result->grade_override->reason
                                                                 : nullptr));
    row.member("rank", std::to_string(r.rank));
    row.member("cluster_rank", std::to_string(r.cluster_rank));
    row.member("rank_change", optional_number(r.rank_change));
    row.member("total_change", optional_number(r.total_change));
    ObjectText sections = row.object("sections");
    for (std::size_t i = 0; i < ps.scheme->sections.size(); ++i)
      sections.member(ps.scheme->sections[i].id, number(r.sections[i]));
    sections.close();
    ObjectText scores = row.object("scores");
    const auto points = order.find(r.result->scores);
    for (std::size_t i = 0; i < criteria.size(); ++i)
      scores.member_quoted(criteria[i], number(points[i] ? *points[i] : 0));
    scores.close();
    ObjectText targets = row.object("targets");
    for (const auto& t : r.targets) {
      ObjectText target = targets.object(t.target->id);
      target.member("actual", number(t.actual));
      target.member("goal", number(t.target->goal));
      target.member("met", std::string(t.met ? "true" : "false"));
      target.close();
    }
    targets.close();
    row.close();
  }
  out += first ? "]" : "\n  ]";
  Json unranked = Json::array();
  for (const Unit* u : ps.unranked) unranked.push_back(u->id);
  out += ",\n  \"unranked\": " + dump_at(unranked, 1);
  if (!ps.period->corrections.empty()) {  // on the record, with the numbers they changed
    Json list = Json::array();
    for (const auto& c : ps.period->corrections)
      list.push_back(Json{{"date", c.date.iso()},
                          {"units", c.units},
                          {"change", thidua::text::without_controls(c.change)},
                          {"reason", thidua::text::without_controls(c.reason)}});
    out += ",\n  \"corrections\": " + dump_at(list, 1);
  }
  out += "\n}\n";
  return out;
}

namespace {

/// One cell of the results table, the same for CSV and workbook.
struct Cell {
  enum class Kind { kEmpty, kText, kPoints, kCount } kind = Kind::kEmpty;
  std::string text;
  long long n = 0;  ///< kPoints: hundredths; kCount: the number
};

Cell text_cell(std::string s) { return {Cell::Kind::kText, std::move(s), 0}; }
Cell points_cell(Points p) { return {Cell::Kind::kPoints, "", p}; }
Cell count_cell(long long n) { return {Cell::Kind::kCount, "", n}; }

/// The results of a period as rows, each handed to `emit` (one vector,
/// reused): the header, then one row per ranked unit (docs/content-format.md,
/// open data).
template <typename Emit>
void results_rows(const score::PeriodScores& ps, Emit emit) {
  std::vector<Cell> row;
  for (const char* h : {"unit", "name", "cluster", "total", "grade", "rank", "cluster_rank"})
    row.push_back(text_cell(h));
  for (const auto& s : ps.scheme->sections)
    for (const auto& c : s.criteria) row.push_back(text_cell(c.id));
  // After the criteria, what explains the total: each section's value after
  // its cap (a capped bonus does not add up from its criteria), and the grade
  // in words with the reason of an override.
  for (const auto& s : ps.scheme->sections) row.push_back(text_cell("section:" + s.id));
  row.push_back(text_cell("grade_label"));
  row.push_back(text_cell("grade_reason"));
  emit(row);
  const CriteriaInOrder order(*ps.scheme);
  for (const auto& r : ps.ranked) {
    row.clear();
    row.push_back(text_cell(r.unit->id));
    row.push_back(text_cell(r.unit->name));
    row.push_back(text_cell(r.unit->cluster));
    row.push_back(points_cell(r.total));
    row.push_back(r.grade ? text_cell(r.grade->id) : Cell{});
    row.push_back(count_cell(r.rank));
    row.push_back(count_cell(r.cluster_rank));
    for (const Points* p : order.find(r.result->scores)) row.push_back(points_cell(p ? *p : 0));
    for (const Points v : r.sections) row.push_back(points_cell(v));
    row.push_back(r.grade ? text_cell(r.grade->label) : Cell{});
    // As in results.json: the reason of any override, also one that keeps
    // the grade the total gives.
    row.push_back(r.result->grade_override ? text_cell(r.result->grade_override->reason) : Cell{});
    emit(row);
  }
}

}  // namespace

std::string results_csv(const score::PeriodScores& ps) {
  std::string out = "\xEF\xBB\xBF";
  results_rows(ps, [&](const std::vector<Cell>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      switch (row[i].kind) {
        case Cell::Kind::kEmpty:
          break;
        case Cell::Kind::kText:
          out += csv_text(row[i].text);
          break;
        case Cell::Kind::kPoints:
          out += format_points(row[i].n);
          break;
        case Cell::Kind::kCount:
          out += std::to_string(row[i].n);
          break;
      }
    }
    out += "\r\n";
  });
  return out;
}

std::string results_xlsx(const score::PeriodScores& ps, const std::string& results_sheet,
                         const std::string& scheme_sheet, std::string* error) {
  XlsxWriter w(static_cast<std::time_t>(ps.period->end.days()) * 86400);
  w.sheet(results_sheet);
  results_rows(ps, [&](const std::vector<Cell>& row) {
    for (const Cell& c : row) {
      switch (c.kind) {
        case Cell::Kind::kEmpty:
          w.empty();
          break;
        case Cell::Kind::kText:
          w.text(c.text);
          break;
        case Cell::Kind::kPoints:
        case Cell::Kind::kCount:
          w.number(c.kind == Cell::Kind::kPoints ? static_cast<double>(c.n) / 100
                                                 : static_cast<double>(c.n));
          break;
      }
    }
    w.end_row();
  });
  // The scheme: its sections and criteria with their maximums, then its grades.
  w.sheet(scheme_sheet);
  for (const char* h : {"id", "title", "kind", "max"}) w.text(h);
  w.end_row();
  for (const auto& s : ps.scheme->sections) {
    w.text(s.id);
    w.text(s.title);
    w.text(s.kind == SectionKind::kScore   ? "score"
           : s.kind == SectionKind::kBonus ? "bonus"
                                           : "penalty");
    if (s.kind == SectionKind::kPenalty && !s.cap)
      w.empty();  // deducts what is entered
    else
      w.number(static_cast<double>(s.max()) / 100);
    w.end_row();
    for (const auto& c : s.criteria) {
      w.text(c.id);
      w.text(c.title);
      w.text("criterion");
      w.number(static_cast<double>(c.max) / 100);
      w.end_row();
    }
  }
  w.end_row();
  for (const char* h : {"grade", "label", "min"}) w.text(h);
  w.end_row();
  for (const auto& g : ps.scheme->grades) {
    w.text(g.id);
    w.text(g.label);
    w.number(static_cast<double>(g.min) / 100);
    w.end_row();
  }
  std::string bytes = w.finish();
  if (bytes.empty()) *error = w.error();
  return bytes;
}

std::string unit_history_csv(const Unit& unit, const std::vector<score::PeriodScores>& scores) {
  std::string out = "\xEF\xBB\xBF";
  out +=
      "period,title,start,end,total,max,grade,grade_label,rank,ranked,cluster_rank,rank_change,"
      "total_change\r\n";
  for (const auto& ps : scores) {
    const auto* r = ps.scheme ? ps.find(unit) : nullptr;
    if (!r) continue;
    const Period& p = *ps.period;
    out += text::csv_quote(p.id) + "," + csv_text(p.title) + "," + p.start.iso() + "," +
           p.end.iso() + "," + format_points(r->total) + "," + format_points(ps.scheme->max()) +
           "," +
           (r->grade ? text::csv_quote(r->grade->id) + "," + csv_text(r->grade->label) : ",") +
           "," + std::to_string(r->rank) + "," + std::to_string(ps.ranked.size()) + "," +
           std::to_string(r->cluster_rank) + "," +
           (r->rank_change ? std::to_string(*r->rank_change) : "") + "," +
           (r->total_change ? format_points(*r->total_change) : "") + "\r\n";
  }
  return out;
}

}  // namespace thidua::site
