#include "load/workbook.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "load/workbook_parts.hpp"
#include "platform/paths.hpp"
#include "text/controls.hpp"

namespace thidua::load {
namespace {

using workbook_parts::Xml;

const text::Message kSaveAsXlsx("advice-save-xlsx");

/// How many characters a UTF-8 text holds.
std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

text::Message too_long(const text::Message& what) {
  return text::Message("workbook-cell-too-long", {{"what", what}, {"max", kMaxCellText}});
}

text::Message too_much_text() {
  return text::Message("workbook-too-much-text", {{"mb", kMaxWorkbookText >> 20}});
}

text::Message too_many_cells() {
  return text::Message("workbook-too-many-cells", {{"max", kMaxWorkbookCells}});
}

/// True when `s` is a whole number of decimal digits (no sign, point or exponent).
bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The text of each <si> of sharedStrings.xml: its <t>, or its runs' <t>
/// joined (phonetic <rPh> runs left out).
bool shared_strings(const std::string& text, std::vector<std::string>& out,
                    text::Message* problem) {
  Xml x(kSaveAsXlsx);
  bool in_t = false;
  int in_rph = 0;
  std::size_t total = 0;
  x.on_start = [&](std::string_view name, Xml::Attrs) {
    if (name == "si") {
      if (out.size() >= kMaxWorkbookCells)
        return x.fail(text::Message("workbook-too-many-strings", {{"max", kMaxWorkbookCells}}));
      out.emplace_back();
    }
    if (name == "rPh") ++in_rph;
    if (name == "t") in_t = true;
  };
  x.on_end = [&](std::string_view name) {
    if (name == "rPh") --in_rph;
    if (name == "t") in_t = false;
  };
  x.on_text = [&](std::string_view s) {
    if (!in_t || in_rph || out.empty()) return;
    total += s.size();
    if (total > kMaxSharedStrings)
      return x.fail(text::Message("workbook-strings-too-large", {{"mb", kMaxSharedStrings >> 20}}));
    out.back().append(s);
    if (characters(out.back()) > kMaxCellText)
      return x.fail(too_long(text::Message("what-shared-string")));
  };
  return x.parse("xl/sharedStrings.xml", text, problem);
}

/// "D7" → row 7, column 4; false when it is no cell reference.
bool parse_ref(std::string_view ref, int& row, int& column) {
  std::size_t i = 0;
  long c = 0, r = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && c <= 16384)
    c = c * 26 + (ref[i++] - 'A' + 1);
  if (i == 0 || i == ref.size()) return false;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || r > 1048576) return false;
    r = r * 10 + (ref[i] - '0');
  }
  if (c < 1 || c > 16384 || r < 1 || r > 1048576) return false;
  row = static_cast<int>(r);
  column = static_cast<int>(c);
  return true;
}

/// Gives `cell` its kind and text from the cell's type attribute and saved
/// value; false when a shared string it names is not there.
bool typed(const std::string& type, const std::string& value, const std::string& inline_text,
           const std::vector<std::string>& strings, SheetCell& cell) {
  if (type == "s") {
    if (!all_digits(value)) return false;
    const long i = std::atol(value.c_str());
    if (static_cast<std::size_t>(i) >= strings.size()) return false;
    cell.text = strings[static_cast<std::size_t>(i)];
  } else if (type == "inlineStr") {
    cell.text = inline_text;
  } else if (type == "str") {
    cell.text = value;
  } else if (type == "b") {
    cell.kind = SheetCell::Kind::kBool;
    cell.text = value == "1" ? "TRUE" : "FALSE";
  } else if (type == "e") {
    cell.kind = SheetCell::Kind::kError;
    cell.text = value;
  } else if (type == "d") {
    cell.kind = SheetCell::Kind::kDate;
    cell.text = value;
  } else {
    cell.kind = SheetCell::Kind::kNumber;
    cell.text = value;
  }
  return true;
}

/// The cells of one worksheet part.
struct Totals {
  std::size_t cells = 0, text = 0;  ///< of every sheet read so far
};

bool sheet_cells(const std::string& part, const std::string& text,
                 const std::vector<std::string>& strings, Sheet& sheet, Totals& totals,
                 text::Message* problem) {
  std::vector<SheetCell>& cells = sheet.cells;
  Xml x(kSaveAsXlsx);
  int row = 0, next_column = 1;
  SheetCell cell;
  std::string type, value, inline_text;
  bool in_cell = false, in_v = false, in_is_t = false, has_formula = false, has_value = false;
  x.on_start = [&](std::string_view name, Xml::Attrs attrs) {
    if (name == "row") {
      const std::string_view r = Xml::attr(attrs, "r");
      row = r.empty() ? row + 1 : all_digits(r) ? std::atoi(std::string(r).c_str()) : 0;
      if (row < 1 || row > 1048576)
        return x.fail(
            text::Message("workbook-bad-row",
                          {{"part", part}, {"row", text::excerpt(r)}, {"advice", kSaveAsXlsx}}));
      next_column = 1;
    } else if (name == "c") {
      in_cell = true;
      has_formula = has_value = false;
      value.clear();
      inline_text.clear();
      type = std::string(Xml::attr(attrs, "t"));
      cell = SheetCell{};
      cell.row = row;
      cell.column = next_column;
      if (const std::string_view ref = Xml::attr(attrs, "r"); !ref.empty()) {
        if (!parse_ref(ref, cell.row, cell.column))
          return x.fail(text::Message(
              "workbook-bad-cell-name",
              {{"part", part}, {"cell", text::excerpt(ref)}, {"advice", kSaveAsXlsx}}));
      }
      next_column = cell.column + 1;
    } else if (name == "mergeCell") {
      // "A1:A2": a merge of the cells from one corner to the other.
      const std::string_view ref = Xml::attr(attrs, "ref");
      const auto colon = ref.find(':');
      Merge m;
      if (colon != std::string_view::npos &&
          parse_ref(ref.substr(0, colon), m.first_row, m.first_column) &&
          parse_ref(ref.substr(colon + 1), m.last_row, m.last_column))
        sheet.merges.push_back(m);
    } else if (in_cell && name == "f") {
      has_formula = true;
    } else if (in_cell && name == "v") {
      in_v = has_value = true;
    } else if (in_cell && name == "t") {
      in_is_t = true;
      has_value = true;
    }
  };
  x.on_text = [&](std::string_view s) {
    if (in_v) value.append(s);
    if (in_is_t) inline_text.append(s);
    // A character takes at most 4 bytes: past that, no cell is this long.
    if (value.size() + inline_text.size() > 4 * kMaxCellText)
      return x.fail(
          too_long(text::Message("what-cell", {{"cell", cell_name(cell.row, cell.column)}})));
  };
  x.on_end = [&](std::string_view name) {
    if (name == "v") in_v = false;
    if (name == "t") in_is_t = false;
    if (name != "c" || !in_cell) return;
    in_cell = false;
    // An empty <v/> (some writers save a formula so) is no value either.
    if (type != "inlineStr" && value.empty()) has_value = false;
    if (!has_value && !has_formula) return;  // an empty cell (a style only)
    if (!has_value) {
      cell.kind = SheetCell::Kind::kNoValue;
    } else if (!typed(type, value, inline_text, strings, cell)) {
      return x.fail(text::Message(
          "workbook-missing-text",
          {{"part", part}, {"cell", cell_name(cell.row, cell.column)}, {"advice", kSaveAsXlsx}}));
    }
    if (cell.kind == SheetCell::Kind::kText && cell.text.empty()) return;
    if (characters(cell.text) > kMaxCellText)
      return x.fail(
          too_long(text::Message("what-cell", {{"cell", cell_name(cell.row, cell.column)}})));
    if (++totals.cells > kMaxWorkbookCells) return x.fail(too_many_cells());
    if ((totals.text += cell.text.size()) > kMaxWorkbookText) return x.fail(too_much_text());
    cells.push_back(std::move(cell));
  };
  if (!x.parse(part, text, problem)) return false;
  const auto by_place = [](const SheetCell& a, const SheetCell& b) {
    return a.row != b.row ? a.row < b.row : a.column < b.column;
  };
  // Writers keep rows and cells in order; a file that does not is sorted.
  if (!std::is_sorted(cells.begin(), cells.end(), by_place))
    std::stable_sort(cells.begin(), cells.end(), by_place);
  return true;
}

/// Where a relationship target of xl/workbook.xml lives in the zip; "" when
/// it would lie outside the zip ("../../etc/passwd").
std::string part_path(std::string_view target) {
  const std::string joined =
      target.starts_with("/") ? std::string(target.substr(1)) : "xl/" + std::string(target);
  const std::string normal = std::filesystem::path(joined).lexically_normal().generic_string();
  if (normal.empty() || normal.starts_with("..") || normal.starts_with("/")) return "";
  return normal;
}

}  // namespace

std::string cell_name(int row, int column) {
  std::string letters;
  for (int c = column; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row);
}

Workbook read_xlsx(std::string_view bytes) {
  Workbook wb;
  // First the workbook and its relations (and every part's name); then only
  // the parts they lead to: the visible sheets and the shared strings.
  std::vector<std::string> names;
  auto parts = workbook_parts::read_zip(
      bytes,
      [](const std::string& name) {
        return name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" ||
               name == "mimetype";
      },
      ".xlsx", kSaveAsXlsx, &wb.problem, &names);
  if (!parts) return wb;
  auto part = [&](const std::string& name) -> const std::string* {
    auto it = parts->find(name);
    return it == parts->end() ? nullptr : &it->second;
  };
  const std::string* workbook = part("xl/workbook.xml");
  const std::string* rels = part("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) {
    const std::string* mimetype = part("mimetype");
    wb.problem = mimetype && mimetype->starts_with("application/vnd.oasis.opendocument.spreadsheet")
                     ? text::Message("workbook-ods-named-xlsx")
                     : text::Message("workbook-not-xlsx", {{"advice", kSaveAsXlsx}});
    return wb;
  }
  std::map<std::string, std::string> targets;  // relationship id → part
  std::string strings_part = "xl/sharedStrings.xml";
  Xml r(kSaveAsXlsx);
  r.on_start = [&](std::string_view name, Xml::Attrs attrs) {
    if (name != "Relationship") return;
    const std::string target = part_path(Xml::attr(attrs, "Target"));
    targets[std::string(Xml::attr(attrs, "Id"))] = target;
    if (Xml::attr(attrs, "Type").ends_with("/sharedStrings") && !target.empty())
      strings_part = target;
  };
  if (!r.parse("xl/_rels/workbook.xml.rels", *rels, &wb.problem)) return wb;
  struct Entry {
    std::string name, part;
    bool hidden;
  };
  std::vector<Entry> entries;
  Xml w(kSaveAsXlsx);
  w.on_start = [&](std::string_view name, Xml::Attrs attrs) {
    if (name != "sheet") return;
    const std::string_view state = Xml::attr(attrs, "state");
    entries.push_back({std::string(Xml::attr(attrs, "name")),
                       targets[std::string(Xml::attr(attrs, "id"))],
                       state == "hidden" || state == "veryHidden"});
  };
  if (!w.parse("xl/workbook.xml", *workbook, &wb.problem)) return wb;
  std::set<std::string> wanted = {strings_part};
  for (const auto& e : entries) {
    if (e.hidden) continue;
    if (e.part.empty()) {
      wb.problem = text::Message("workbook-sheet-outside", {{"sheet", text::excerpt(e.name)}});
      return wb;
    }
    wanted.insert(e.part);
  }
  parts = workbook_parts::read_zip(
      bytes, [&](const std::string& name) { return wanted.count(name) > 0; }, ".xlsx", kSaveAsXlsx,
      &wb.problem);
  if (!parts) return wb;
  std::vector<std::string> strings;
  if (const std::string* sst = part(strings_part))
    if (!shared_strings(*sst, strings, &wb.problem)) return wb;
  Totals totals;
  for (const auto& e : entries) {
    Sheet sheet{e.name, e.hidden, {}, {}};
    if (!e.hidden) {
      const std::string* text = part(e.part);
      if (!text) {
        wb.problem = text::Message("workbook-sheet-missing", {{"sheet", text::excerpt(e.name)},
                                                              {"part", text::excerpt(e.part)},
                                                              {"advice", kSaveAsXlsx}});
        wb.sheets.clear();
        return wb;
      }
      if (!sheet_cells(e.part, *text, strings, sheet, totals, &wb.problem)) {
        wb.sheets.clear();
        return wb;
      }
    }
    wb.sheets.push_back(std::move(sheet));
  }
  return wb;
}

}  // namespace thidua::load
