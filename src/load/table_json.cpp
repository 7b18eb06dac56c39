#include "load/table_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "text/csv.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"

namespace thidua::load {
namespace {

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// One sheet, or a CSV as one sheet without a name.
struct Grid {
  std::string sheet;
  std::vector<SheetCell> cells;             ///< non-empty, by row then column
  std::vector<std::pair<int, int>> source;  ///< a CSV's: each cell's line and column in the text
};

/// What a column's cells are, as the JSON field they stand for.
enum class Field { kString, kDate, kLines, kNumber, kBool };

/// A column of a table: its header's name and the JSON member it fills
/// (`object`.`key`, or `key` of the row's object when `object` is "").
struct Column {
  int column = 0;  ///< 1-based
  std::string name;
  std::string object, key;
  Field field = Field::kString;
  bool known = true;       ///< false: a column the table does not have (said once, not read)
  std::size_t header = 0;  ///< the header cell, in `Grid::cells`
};

/// A table of a grid: its header row and columns, the cells of its rows.
struct Table {
  const Grid* grid = nullptr;
  int header_row = 0;
  std::vector<Column> columns;
  std::size_t first = 0;  ///< the first cell after the header row
};

/// How a header name of one kind of table becomes a JSON member.
using ColumnRule = Column (*)(const std::string& name);

/// The columns of units and clusters, as one list for messages.
constexpr const char* kUnitColumns =
    "id, name, short_name, kind, parent, cluster, active_from, active_to, predecessors, "
    "internal:<field>";

Column units_column(const std::string& name) {
  if (name == "active_from") return {0, name, "active", "from", Field::kDate};
  if (name == "active_to") return {0, name, "active", "to", Field::kDate};
  if (name == "predecessors") return {0, name, "", name, Field::kLines};
  if (name.starts_with("internal:")) return {0, name, "internal", name.substr(9), Field::kString};
  const bool known = name == "id" || name == "name" || name == "short_name" || name == "kind" ||
                     name == "parent" || name == "cluster";
  return {0, name, "", name, Field::kString, known};
}

Column known_if(const std::string& name, std::initializer_list<std::string_view> names,
                Field field = Field::kString) {
  const bool known = std::find(names.begin(), names.end(), name) != names.end();
  return {0, name, "", name, field, known};
}

Column unit_change_column(const std::string& name) {
  return known_if(name, {"unit", "from", "name", "short_name", "kind", "cluster", "parent"},
                  name == "from" ? Field::kDate : Field::kString);
}

Column cluster_change_column(const std::string& name) {
  return known_if(name, {"cluster", "from", "name"},
                  name == "from" ? Field::kDate : Field::kString);
}

Column section_column(const std::string& name) {
  return known_if(name, {"id", "title", "max", "kind"},
                  name == "max" ? Field::kNumber : Field::kString);
}

Column grade_column(const std::string& name) {
  return known_if(name, {"id", "label", "min"}, name == "min" ? Field::kNumber : Field::kString);
}

Column target_column(const std::string& name) {
  return known_if(name, {"id", "label", "unit", "goal", "lower_is_better"},
                  name == "goal"              ? Field::kNumber
                  : name == "lower_is_better" ? Field::kBool
                                              : Field::kString);
}

Column correction_column(const std::string& name) {
  return known_if(name, {"date", "units", "change", "reason", "sealed"},
                  name == "date"    ? Field::kDate
                  : name == "units" ? Field::kLines
                                    : Field::kString);
}

Column team_column(const std::string& name) { return known_if(name, {"name", "role", "title"}); }

Column visit_column(const std::string& name) {
  if (name == "strengths" || name == "weaknesses" || name == "causes" || name == "recommendations")
    return {0, name, "findings", name, Field::kLines};
  if (name.starts_with("internal:")) return {0, name, "internal", name.substr(9), Field::kString};
  return known_if(name, {"unit", "date", "session", "form", "id", "revision", "status"},
                  name == "date"       ? Field::kDate
                  : name == "revision" ? Field::kNumber
                                       : Field::kString);
}

/// The field of a `field, value` row of a period: its dates are dates.
Field period_field(const std::string& name) {
  return name == "start" || name == "end" || name == "published" ? Field::kDate : Field::kString;
}

Field scheme_field(const std::string&) { return Field::kString; }

class Maker {
 public:
  Maker(const std::string& path, TableTree& tree, Diagnostics& diags)
      : tree_(tree), reader_(path, tree.places, diags) {}

  JsonReader& reader() { return reader_; }

  /// The offset standing for cell `i` of `g`.
  std::size_t place(const Grid& g, std::size_t i) {
    const SheetCell& c = g.cells[i];
    CellPlace p{c.row, c.column, c.row, c.column, sheet(g)};
    if (!g.source.empty()) std::tie(p.line, p.column) = g.source[i];
    tree_.places.places.push_back(p);
    return tree_.places.places.size() - 1;
  }

  /// The offset standing for row `row`, column `column` of `g`, a cell that
  /// holds nothing.
  std::size_t place(const Grid& g, int row, int column) {
    tree_.places.places.push_back({row, column, row, column, sheet(g)});
    return tree_.places.places.size() - 1;
  }

  void error(std::size_t offset, text::Message m) {
    JsonValue at;
    at.offset = offset;
    reader_.error(at, std::move(m));
  }
  void warning(std::size_t offset, text::Message m) {
    JsonValue at;
    at.offset = offset;
    reader_.warning(at, std::move(m));
  }

  /// Cell `i` of `g` as a value of `field`; nullopt (said) when it cannot be one.
  std::optional<JsonValue> value(const Grid& g, std::size_t i, Field field) {
    const SheetCell& c = g.cells[i];
    JsonValue v;
    v.offset = place(g, i);
    v.type = JsonValue::Type::kString;
    switch (c.kind) {
      case SheetCell::Kind::kBool:
        if (field != Field::kBool) {
          error(v.offset, text::Message("cell-holds-bool", {{"value", c.text}}));
          return std::nullopt;
        }
        v.type = JsonValue::Type::kBool;
        v.boolean = c.text == "TRUE" || c.text == "1" || c.text == "true";
        return v;
      case SheetCell::Kind::kError:
        error(v.offset, text::Message("cell-holds-formula-error", {{"value", c.text}}));
        return std::nullopt;
      case SheetCell::Kind::kNoValue:
        error(v.offset, text::Message("cell-holds-unsaved-formula"));
        return std::nullopt;
      case SheetCell::Kind::kDate: {
        std::string iso = c.text.substr(0, std::min<std::size_t>(c.text.size(), 10));
        if (field == Field::kNumber) {
          error(v.offset, text::Message("cell-holds-date", {{"value", iso}}));
          return std::nullopt;
        }
        v.text = std::move(iso);
        return v;
      }
      case SheetCell::Kind::kNumber:
        // LibreOffice saves a true/false cell of an .xlsx as =TRUE(), 1.
        if (field == Field::kBool && (c.text == "1" || c.text == "0")) {
          v.type = JsonValue::Type::kBool;
          v.boolean = c.text == "1";
          return v;
        }
        if (field == Field::kDate) {
          const auto d = excel_date(c.text);
          v.text = d ? d->iso() : c.text;
          return v;
        }
        v.text = number_text(c.text);
        if (field == Field::kNumber) v.type = JsonValue::Type::kNumber;
        return v;
      case SheetCell::Kind::kText:
        break;
    }
    const std::string text = trimmed(c.text);
    if (field == Field::kLines) {
      v.type = JsonValue::Type::kArray;
      std::size_t start = 0;
      while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (std::string line = trimmed(std::string_view(text).substr(start, end - start));
            !line.empty()) {
          JsonValue item;
          item.type = JsonValue::Type::kString;
          item.offset = v.offset;
          item.text = std::move(line);
          v.items.push_back(std::move(item));
        }
        start = end + 1;
      }
      return v;
    }
    if (field == Field::kNumber) {
      // A number typed as text, with a decimal comma as Vietnamese writes it.
      std::string number = text;
      if (std::count(number.begin(), number.end(), ',') == 1 &&
          number.find('.') == std::string::npos)
        number[number.find(',')] = '.';
      double d = 0;
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), d);
      if (ec == std::errc() && end == number.data() + number.size()) {
        v.type = JsonValue::Type::kNumber;
        v.text = std::move(number);
        return v;
      }
    }
    if (field == Field::kBool) {
      const std::string l = lower(text);
      if (l == "true" || l == "false") {
        v.type = JsonValue::Type::kBool;
        v.boolean = l == "true";
        return v;
      }
    }
    v.text = text;
    return v;
  }

  /// A number cell as JSON writes it: what binary arithmetic leaves
  /// (7.7499999999) is put back to the hundredths it stands for.
  static std::string number_text(const std::string& text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) ||
        std::fabs(v) > 1e12)
      return text;
    const double hundredths = std::round(v * 100);
    if (std::fabs(v - hundredths / 100) > 1e-9) return text;
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%.2f", hundredths / 100);
    std::string s(buf, static_cast<std::size_t>(std::max(n, 0)));
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
  }

 private:
  /// The index of `g`'s sheet name in the places' list of sheets.
  std::uint32_t sheet(const Grid& g) {
    if (last_grid_ != &g) {
      auto& sheets = tree_.places.sheets;
      auto it = std::find(sheets.begin(), sheets.end(), g.sheet);
      if (it == sheets.end()) it = sheets.insert(sheets.end(), g.sheet);
      last_grid_ = &g;
      last_sheet_ = static_cast<std::uint32_t>(it - sheets.begin());
    }
    return last_sheet_;
  }

  TableTree& tree_;
  JsonReader reader_;
  const Grid* last_grid_ = nullptr;
  std::uint32_t last_sheet_ = 0;
};

/// The first row of `g` whose names (its text cells, trimmed) `accepts`,
/// as a table whose columns `rule` makes; nullopt when no row is one.
template <typename Accepts>
std::optional<Table> find_table(const Grid& g, Accepts accepts, ColumnRule rule) {
  std::size_t i = 0;
  while (i < g.cells.size()) {
    const int row = g.cells[i].row;
    std::set<std::string> names;
    std::size_t end = i;
    for (; end < g.cells.size() && g.cells[end].row == row; ++end)
      if (g.cells[end].kind == SheetCell::Kind::kText) names.insert(trimmed(g.cells[end].text));
    if (!accepts(names)) {
      i = end;
      continue;
    }
    Table t;
    t.grid = &g;
    t.header_row = row;
    t.first = end;
    for (std::size_t k = i; k < end; ++k) {
      const SheetCell& c = g.cells[k];
      const std::string name = c.kind == SheetCell::Kind::kText ? trimmed(c.text) : "";
      if (name.empty() || name.starts_with("#")) continue;  // the office's own column
      Column col = rule(name);
      col.column = c.column;
      col.header = k;
      t.columns.push_back(std::move(col));
    }
    return t;
  }
  return std::nullopt;
}

/// A sheet's table whose header row has all of `names`.
std::optional<Table> table_with(const Grid& g, std::initializer_list<std::string_view> names,
                                ColumnRule rule) {
  return find_table(
      g,
      [&](const std::set<std::string>& have) {
        return std::all_of(names.begin(), names.end(),
                           [&](std::string_view n) { return have.count(std::string(n)) > 0; });
      },
      rule);
}

/// The first sheet of `gs` with a table of `names` (nullopt when none).
std::optional<Table> first_table(const std::vector<Grid>& gs,
                                 std::initializer_list<std::string_view> names, ColumnRule rule) {
  for (const Grid& g : gs)
    if (auto t = table_with(g, names, rule)) return t;
  return std::nullopt;
}

/// The cells of one row, by the name of their column.
struct RowCells : std::vector<std::pair<const std::string*, std::size_t>> {
  const std::size_t* find(std::string_view name) const {
    for (const auto& [n, i] : *this)
      if (*n == name) return &i;
    return nullptr;
  }
};

/// Each row of `t` after its header with a value in one of its columns, as
/// the object its JSON form has: the columns' members in header order.
/// `row_done(object, cells)` sees each (the cells by column name).
template <typename RowDone>
void table_rows(Maker& m, const Table& t, const char* columns, RowDone row_done) {
  const Grid& g = *t.grid;
  int widest = 0;
  for (const Column& c : t.columns) widest = std::max(widest, c.column);
  std::vector<const Column*> by_column(static_cast<std::size_t>(widest) + 1, nullptr);
  std::vector<std::size_t> key_place(by_column.size(), 0);  // each header's, made once
  std::set<std::string> seen;
  bool header_ok = true;
  for (const Column& c : t.columns) {
    if (!c.known) {  // a typo, or the office's own column: said once, at its header
      m.warning(m.place(g, c.header),
                text::Message("table-column-not-read", {{"name", c.name}, {"columns", columns}}));
      continue;
    }
    by_column[static_cast<std::size_t>(c.column)] = &c;
    key_place[static_cast<std::size_t>(c.column)] = m.place(g, c.header);
    if (!seen.insert(c.name).second) {
      m.error(m.place(g, c.header), text::Message("table-duplicate-column", {{"name", c.name}}));
      header_ok = false;
    }
  }
  if (!header_ok) return;
  std::size_t i = t.first;
  while (i < g.cells.size()) {
    const int row = g.cells[i].row;
    JsonValue object;
    object.type = JsonValue::Type::kObject;
    RowCells cells;  // the cell of each column name
    bool first = true;
    for (; i < g.cells.size() && g.cells[i].row == row; ++i) {
      const auto column = static_cast<std::size_t>(g.cells[i].column);
      if (column >= by_column.size() || !by_column[column]) continue;
      const Column& c = *by_column[column];
      if (g.cells[i].kind == SheetCell::Kind::kText &&
          g.cells[i].text.find_first_not_of(" \t\r\n") == std::string::npos)
        continue;
      if (first) object.offset = m.place(g, i), first = false;
      cells.emplace_back(&c.name, i);
      auto v = m.value(g, i, c.field);
      if (!v) continue;
      if (v->type == JsonValue::Type::kArray && v->items.empty()) continue;
      const std::size_t key_offset = key_place[column];
      if (c.object.empty()) {
        object.members.push_back({c.key, key_offset, std::move(*v)});
        continue;
      }
      auto parent = std::find_if(object.members.begin(), object.members.end(),
                                 [&](const JsonMember& mm) { return mm.key == c.object; });
      if (parent == object.members.end()) {
        JsonValue nested;
        nested.type = JsonValue::Type::kObject;
        nested.offset = v->offset;
        object.members.push_back({c.object, key_offset, std::move(nested)});
        parent = object.members.end() - 1;
      }
      parent->value.members.push_back({c.key, key_offset, std::move(*v)});
    }
    if (!first) row_done(std::move(object), cells);
  }
}

/// The grids of `path`'s bytes: a workbook's visible sheets, or a CSV;
/// empty when it cannot be read (said).
std::vector<Grid> grids(const std::string& path, std::string_view bytes, Diagnostics& diags) {
  std::vector<Grid> out;
  const std::string ext = lower(path.substr(path.rfind('.') + 1));
  if (ext == "csv") {
    text::TextIndex index(bytes);
    text::CsvTable table = text::parse_csv(bytes);
    if (table.problem) {
      const auto [line, col] = index.locate(table.problem->offset);
      diags.error({path, line, col}, table.problem->message);
      return out;
    }
    Grid g;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
      for (std::size_t f = 0; f < table.rows[r].fields.size(); ++f) {
        auto& field = table.rows[r].fields[f];
        if (field.text.empty()) continue;
        g.cells.push_back({static_cast<int>(r) + 1, static_cast<int>(f) + 1, SheetCell::Kind::kText,
                           std::move(field.text)});
        g.source.push_back(index.locate(field.offset));
      }
    out.push_back(std::move(g));
    return out;
  }
  Workbook wb = ext == "ods" ? read_ods(bytes) : read_xlsx(bytes);
  if (!wb.problem.empty()) {
    diags.error({path, 0, 0}, wb.problem);
    return out;
  }
  for (Sheet& s : wb.sheets)
    if (!s.hidden) out.push_back(Grid{std::move(s.name), std::move(s.cells), {}});
  return out;
}

JsonValue list(std::size_t offset) {
  JsonValue v;
  v.type = JsonValue::Type::kArray;
  v.offset = offset;
  return v;
}

/// units.xlsx: a sheet of units and one of clusters, each found by its
/// header: `id` and `name`, and for units any column only a unit has; of two
/// sheets with only what both have, the first is the units'.
void units_tree(Maker& m, const std::string& path, const std::vector<Grid>& gs, TableTree& tree,
                Diagnostics& diags) {
  const auto both = [](const std::set<std::string>& names) {
    return names.count("id") && names.count("name");
  };
  const auto unit_only = [](const Table& t) {
    return std::any_of(t.columns.begin(), t.columns.end(), [](const Column& c) {
      return c.name == "short_name" || c.name == "kind" || c.name == "parent" ||
             c.name == "cluster" || c.name == "predecessors" || c.object == "internal";
    });
  };
  std::optional<Table> units, clusters;
  std::vector<Table> plain;
  for (const Grid& g : gs)
    if (auto t = find_table(g, both, units_column)) {
      if (!units && unit_only(*t))
        units = std::move(t);
      else
        plain.push_back(std::move(*t));
    }
  std::size_t next = 0;
  if (!units && next < plain.size()) units = plain[next++];
  if (next < plain.size()) clusters = plain[next++];
  for (; next < plain.size(); ++next)
    diags.warning({path, plain[next].header_row, 1},
                  text::Message("table-sheet-not-read", {{"sheet", plain[next].grid->sheet}}));
  if (!units) {
    diags.error({path, 0, 0}, text::Message("table-no-header", {{"columns", "id, name"}}));
    return;
  }
  JsonValue root;
  root.type = JsonValue::Type::kObject;
  root.offset = m.place(*units->grid, units->header_row, 1);
  if (clusters) {
    JsonValue items = list(m.place(*clusters->grid, clusters->header_row, 1));
    table_rows(m, *clusters, "id, name, active_from, active_to",
               [&](JsonValue o, const auto&) { items.items.push_back(std::move(o)); });
    root.members.push_back({"clusters", items.offset, std::move(items)});
  }
  JsonValue items = list(root.offset);
  table_rows(m, *units, kUnitColumns, [&](JsonValue o, const RowCells& cells) {
    // A new row without its id: the office is told the id its name makes,
    // to copy in (ids are permalinks: never made up silently).
    if (!cells.find("id") && cells.find("name")) {
      const std::string name = trimmed(units->grid->cells[*cells.find("name")].text);
      m.error(o.offset,
              text::Message("table-row-without-id", {{"name", name}, {"id", id_of_name(name)}}));
      return;
    }
    items.items.push_back(std::move(o));
  });
  // Dated changes, each row added to its unit's (or cluster's) "changes";
  // "-" is a field that changes back to nothing.
  const auto attach = [&](JsonValue& owners, const char* key, const std::optional<Table>& t,
                          const char* columns, const char* unknown) {
    if (!t) return;
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < owners.items.size(); ++i)
      if (const JsonValue* id = owners.items[i].get("id"); id && id->is_string())
        by_id.emplace(id->text, i);
    table_rows(m, *t, columns, [&](JsonValue o, const auto&) {
      const JsonValue* who = o.get(key);
      if (!who) return;  // a change of no unit: its row says nothing to anyone
      const auto it = by_id.find(who->text);
      if (it == by_id.end()) {
        m.error(who->offset,
                text::Message(unknown, {{"id", who->text}, {"hint", text::Message()}}));
        return;
      }
      std::erase_if(o.members, [&](const JsonMember& mm) { return mm.key == key; });
      for (auto& mm : o.members)
        if (mm.value.is_string() && mm.value.text == "-") mm.value.text.clear();
      JsonValue& owner = owners.items[it->second];
      auto changes = std::find_if(owner.members.begin(), owner.members.end(),
                                  [](const JsonMember& mm) { return mm.key == "changes"; });
      if (changes == owner.members.end()) {
        owner.members.push_back({"changes", o.offset, list(o.offset)});
        changes = owner.members.end() - 1;
      }
      changes->value.items.push_back(std::move(o));
    });
  };
  std::optional<Table> unit_changes, cluster_changes;
  for (const Grid& g : gs) {
    if (!unit_changes) unit_changes = table_with(g, {"unit", "from"}, unit_change_column);
    if (!cluster_changes && !table_with(g, {"unit", "from"}, unit_change_column))
      cluster_changes = table_with(g, {"cluster", "from"}, cluster_change_column);
  }
  attach(items, "unit", unit_changes, "unit, from, name, short_name, kind, cluster, parent",
         "unknown-unit");
  root.members.push_back({"units", items.offset, std::move(items)});
  if (cluster_changes) {
    auto clusters_list = std::find_if(root.members.begin(), root.members.end(),
                                      [](const JsonMember& mm) { return mm.key == "clusters"; });
    if (clusters_list != root.members.end())
      attach(clusters_list->value, "cluster", cluster_changes, "cluster, from, name",
             "unknown-cluster-change");
  }
  tree.root = std::move(root);
}

Column field_value_column(const std::string& name) { return known_if(name, {"field", "value"}); }

/// A `field, value` sheet's rows as members of `object`, each value of the
/// field `field_of` says. A field given twice is an error.
void field_rows(Maker& m, const std::vector<Grid>& gs, JsonValue& object,
                Field (*field_of)(const std::string&)) {
  const auto t = first_table(gs, {"field", "value"}, field_value_column);
  if (!t) return;
  const Grid& g = *t->grid;
  int field_column = 0, value_column = 0;
  for (const Column& c : t->columns)
    (c.name == "field" ? field_column : value_column) = c.known ? c.column : 0;
  std::map<std::string, std::size_t> seen;
  std::size_t i = t->first;
  while (i < g.cells.size()) {
    const int row = g.cells[i].row;
    std::optional<std::size_t> field, value;
    for (; i < g.cells.size() && g.cells[i].row == row; ++i) {
      if (g.cells[i].column == field_column) field = i;
      if (g.cells[i].column == value_column) value = i;
    }
    if (!field || !value) continue;
    const std::string name = trimmed(g.cells[*field].text);
    if (name.empty() || name.starts_with("#")) continue;
    const std::size_t key = m.place(g, *field);
    if (auto [it, fresh] = seen.emplace(name, g.cells[*field].row); !fresh) {
      m.error(key,
              text::Message("table-field-twice",
                            {{"field", name}, {"row", static_cast<std::int64_t>(it->second)}}));
      continue;
    }
    if (auto v = m.value(g, *value, field_of(name)))
      object.members.push_back({name, key, std::move(*v)});
  }
}

/// The rows of table `t` as the list `key` of `root`.
void list_member(Maker& m, JsonValue& root, const char* key, const std::optional<Table>& t,
                 const char* columns) {
  if (!t) return;
  JsonValue items = list(m.place(*t->grid, t->header_row, 1));
  table_rows(m, *t, columns,
             [&](JsonValue o, const auto&) { items.items.push_back(std::move(o)); });
  root.members.push_back({key, items.offset, std::move(items)});
}

JsonValue object_at(std::size_t offset) {
  JsonValue v;
  v.type = JsonValue::Type::kObject;
  v.offset = offset;
  return v;
}

/// A section's kind as offices mark it ("điểm cộng", "điểm trừ"), as the
/// JSON's word; any other text is left for the loader to refuse.
void section_kind(JsonValue& section) {
  for (auto& member : section.members) {
    if (member.key != "kind" || !member.value.is_string()) continue;
    std::string k = text::fold(lower(member.value.text));
    if (k == "diem cong" || k == "diem thuong" || k == "cong" || k == "thuong")
      member.value.text = "bonus";
    else if (k == "diem tru" || k == "tru")
      member.value.text = "penalty";
    else if (k == "diem" || k == "cham diem")
      member.value.text = "score";
  }
}

/// schemes/<id>.xlsx: the sections and criteria in one sheet (`id, title,
/// max, kind`: a row whose id is its section's id, a dot and more is a
/// criterion of the last section above it; any other row a section), the
/// grades (`id, label, min`) and targets (`id, label, goal`) on sheets of
/// their own, the scheme's id and title as `field, value` rows.
void scheme_tree(Maker& m, const std::string& path, const std::vector<Grid>& gs, TableTree& tree,
                 Diagnostics& diags) {
  const auto sections = first_table(gs, {"id", "title", "max"}, section_column);
  if (!sections) {
    diags.error({path, 0, 0},
                text::Message("table-no-header", {{"columns", "id, title, max, kind"}}));
    return;
  }
  JsonValue root = object_at(m.place(*sections->grid, sections->header_row, 1));
  field_rows(m, gs, root, scheme_field);
  JsonValue list_of_sections = list(root.offset);
  std::string section_id;
  table_rows(m, *sections, "id, title, max, kind", [&](JsonValue o, const auto&) {
    const JsonValue* id = o.get("id");
    const bool criterion = id && id->is_string() && !section_id.empty() &&
                           id->text.starts_with(section_id + ".") &&
                           id->text.size() > section_id.size() + 1;
    if (criterion) {
      list_of_sections.items.back().members.back().value.items.push_back(std::move(o));
      return;
    }
    section_id = id && id->is_string() ? id->text : "";
    section_kind(o);
    JsonValue criteria = list(o.offset);
    o.members.push_back({"criteria", o.offset, std::move(criteria)});
    list_of_sections.items.push_back(std::move(o));
  });
  root.members.push_back({"sections", list_of_sections.offset, std::move(list_of_sections)});
  std::optional<Table> grades, targets;
  for (const Grid& g : gs) {
    if (&g == sections->grid) continue;
    if (!grades) grades = table_with(g, {"id", "label", "min"}, grade_column);
    if (!targets) targets = table_with(g, {"id", "label", "goal"}, target_column);
  }
  list_member(m, root, "grades", grades, "id, label, min");
  list_member(m, root, "targets", targets, "id, label, unit, goal, lower_is_better");
  tree.root = std::move(root);
}

/// periods/<id>/period.xlsx: `field, value` rows, and the corrections
/// (`date, units, change, reason, sealed`) on a sheet of their own.
void period_tree(Maker& m, const std::string& path, const std::vector<Grid>& gs, TableTree& tree,
                 Diagnostics& diags) {
  const auto fields = first_table(gs, {"field", "value"}, field_value_column);
  if (!fields) {
    diags.error({path, 0, 0}, text::Message("table-no-header", {{"columns", "field, value"}}));
    return;
  }
  JsonValue root = object_at(m.place(*fields->grid, fields->header_row, 1));
  field_rows(m, gs, root, period_field);
  list_member(m, root, "corrections", first_table(gs, {"date", "change"}, correction_column),
              "date, units, change, reason, sealed");
  tree.root = std::move(root);
}

/// periods/<id>/inspections.xlsx: the team (`name, role, title`) and the
/// visits (`unit, date, …`, findings one per line of a cell).
void inspections_tree(Maker& m, const std::string& path, const std::vector<Grid>& gs,
                      TableTree& tree, Diagnostics& diags) {
  const auto visits = first_table(gs, {"unit", "date"}, visit_column);
  std::optional<Table> team;
  for (const Grid& g : gs)
    if (!team && (!visits || &g != visits->grid))
      team = table_with(g, {"name", "role"}, team_column);
  if (!visits && !team) {
    diags.error(
        {path, 0, 0},
        text::Message("table-no-header", {{"columns", "unit, date (visits); name, role (team)"}}));
    return;
  }
  const Table& first = team ? *team : *visits;
  JsonValue root = object_at(m.place(*first.grid, first.header_row, 1));
  list_member(m, root, "team", team, "name, role, title");
  list_member(m, root, "visits", visits,
              "unit, date, session, form, id, revision, status, strengths, weaknesses, causes, "
              "recommendations, internal:<field>");
  tree.root = std::move(root);
}

}  // namespace

bool is_table_file(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string ext = lower(path.substr(dot + 1));
  return ext == "xlsx" || ext == "ods" || ext == "csv";
}

std::optional<Date> excel_date(std::string_view number) {
  int serial = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), serial);
  if (ec != std::errc() || (end != number.data() + number.size() && *end != '.')) return {};
  if (end != number.data() + number.size())  // a time of day: not a date cell
    for (const char* p = end + 1; p != number.data() + number.size(); ++p)
      if (*p != '0') return {};
  if (serial < 61 || serial > 2958465) return {};  // before 1900-03-01 (Excel's false leap day)
  // 1899-12-30 is day 0; 1970-01-01, day 25569.
  return Date::from_days(serial - 25569);
}

FileTree::FileTree(TableFile kind, const std::string& path, std::string_view bytes,
                   Diagnostics& diags) {
  if (is_table_file(path)) {
    table_ = table_tree(kind, path, bytes, diags);
    reader_.emplace(path, table_.places, diags);
    root_ = std::move(table_.root);
  } else {
    reader_.emplace(path, bytes, diags);
    root_ = reader_->parse();
  }
}

TableTree table_tree(TableFile kind, const std::string& path, std::string_view bytes,
                     Diagnostics& diags) {
  TableTree tree;
  const std::vector<Grid> gs = grids(path, bytes, diags);
  if (gs.empty()) return tree;
  Maker m(path, tree, diags);
  switch (kind) {
    case TableFile::kUnits:
      units_tree(m, path, gs, tree, diags);
      break;
    case TableFile::kScheme:
      scheme_tree(m, path, gs, tree, diags);
      break;
    case TableFile::kPeriod:
      period_tree(m, path, gs, tree, diags);
      break;
    case TableFile::kInspections:
      inspections_tree(m, path, gs, tree, diags);
      break;
  }
  return tree;
}

}  // namespace thidua::load
