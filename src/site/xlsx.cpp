#include "site/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>

#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "text/controls.hpp"

namespace thidua::site {
namespace {

/// How many characters `s` shows (UTF-8 code points).
std::size_t shown_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// `s` cut to `n` characters (code points), as Excel counts them.
std::string cut(std::string_view s, std::size_t n) {
  std::size_t i = 0, count = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == n) break;
  return std::string(s.substr(0, i));
}

/// `s` under the control rule: what a workbook's XML may hold of it (a
/// vertical tab pasted from Word made the part ill-formed).
std::string clean(std::string_view s) {
  return text::has_controls(s) ? text::without_controls(s) : std::string(s);
}

/// libxlsxwriter (1.1.4) calls gmtime(), whose result lives in one buffer
/// shared by all threads, while it writes a workbook's dates: one workbook
/// closes at a time, so two periods' workbooks made at once cannot swap them.
std::mutex close_mutex;

/// The temporary files of the workbooks being written, for
/// remove_unfinished_workbooks().
struct Unfinished {
  std::mutex mutex;
  std::set<std::string> paths;
} unfinished;

void remember(const std::string& path) {
  std::lock_guard lock(unfinished.mutex);
  unfinished.paths.insert(path);
}

void forget(const std::string& path) {
  std::lock_guard lock(unfinished.mutex);
  unfinished.paths.erase(path);
}

}  // namespace

void remove_unfinished_workbooks() {
  std::lock_guard lock(unfinished.mutex);
  std::error_code ec;
  for (const auto& path : unfinished.paths) std::filesystem::remove(path, ec);
  unfinished.paths.clear();
}

std::size_t number_width(double v) {
  // Scores are hundredths at most: counted without printing, as a sheet
  // asks it of every number cell. When v·100 is a whole number, "%.2f"
  // prints exactly those hundredths (v is within a rounding of them).
  const double hundredths = v * 100;
  if (std::abs(hundredths) < 1e15 && hundredths == std::floor(hundredths)) {
    auto n = static_cast<unsigned long long>(std::abs(hundredths));
    std::size_t width = std::signbit(v) ? 1 : 0;  // "-0" too, as "%.2f" has it
    const unsigned long long cents = n % 100;
    if (cents != 0) width += cents % 10 != 0 ? 3 : 2;  // ".25", ".5"
    n /= 100;
    do ++width;
    while (n /= 10);
    return width;
  }
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) s.pop_back();
  return s.size();
}

struct XlsxWriter::State {
  std::string path, tmpdir;  ///< libxlsxwriter writes to a file: ours, read back and removed
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* wrap = nullptr;
  lxw_format* styles[4] = {};  ///< by CellStyle, made when first used (kPlain: none)
  lxw_format* title = nullptr;
  SheetLayout layout;
  lxw_row_t row = 0;
  lxw_col_t col = 0;
  std::vector<std::size_t> widths;  ///< of the current sheet's columns, in characters
  std::vector<std::pair<int, int>> groups, folded;  ///< of the current sheet's columns
  std::string cleaned;
  ~State() {
    if (wb) {
      std::lock_guard lock(close_mutex);
      workbook_close(wb);
    }
    if (!path.empty()) {
      forget(path);  // first: a new workbook may get the name once it is gone
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  }
};

XlsxWriter::XlsxWriter(std::time_t created) : s_(std::make_unique<State>()) {
  s_->tmpdir = platform::temp_folder();
  auto temp = platform::TempFile::in_temp_folder("xlsx", nullptr);
  if (!temp) {
    error_ = "cannot make a temporary file for a workbook in " + s_->tmpdir;
    return;
  }
  temp->keep();  // removed by ~State
  s_->path = temp->path();
  remember(s_->path);
  // Row by row (the tables are written in order): libxlsxwriter then keeps
  // one row in memory, not the whole sheet, and writes strings inline.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = s_->tmpdir.data();
  s_->wb = workbook_new_opt(s_->path.c_str(), &options);
  if (!s_->wb) {
    error_ = "cannot start a workbook";
    return;
  }
  lxw_doc_properties properties{};
  properties.created = created;
  workbook_set_properties(s_->wb, &properties);
  s_->bold = workbook_add_format(s_->wb);
  format_set_bold(s_->bold);
  s_->wrap = workbook_add_format(s_->wb);
  format_set_text_wrap(s_->wrap);
}

XlsxWriter::~XlsxWriter() = default;

namespace {

/// The format of `style`, made the first time it is asked for: a workbook
/// that never uses one has the same bytes as before it existed.
lxw_format* style_format(lxw_workbook* wb, lxw_format* (&styles)[4], CellStyle style) {
  lxw_format*& f = styles[static_cast<int>(style)];
  if (f || style == CellStyle::kPlain) return f;
  f = workbook_add_format(wb);
  switch (style) {
    case CellStyle::kHeading:
      format_set_bold(f);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      break;
    case CellStyle::kInput:
      format_set_unlocked(f);
      format_set_bg_color(f, 0xFFF4C2);
      format_set_border(f, LXW_BORDER_HAIR);
      break;
    case CellStyle::kComputed:
      format_set_bg_color(f, 0xE8E8E8);
      break;
    case CellStyle::kPlain:
      break;
  }
  return f;
}

}  // namespace

void XlsxWriter::end_sheet() {
  if (!s_->ws) return;
  const auto& w = s_->widths;
  const auto in = [](const std::vector<std::pair<int, int>>& ranges, int c) {
    return std::any_of(ranges.begin(), ranges.end(),
                       [c](const auto& r) { return r.first <= c && c <= r.second; });
  };
  const auto after_folded = [&](int c) {
    return std::any_of(s_->folded.begin(), s_->folded.end(),
                       [c](const auto& r) { return r.second + 1 == c; });
  };
  const int columns = std::max(static_cast<int>(w.size()), [&] {
    int n = 0;  // the column after a folded group holds its button
    for (const auto& r : s_->folded) n = std::max(n, r.second + 2);
    return n;
  }());
  for (int c = 0; c < columns; ++c) {
    const std::size_t fitted = c < static_cast<int>(w.size()) ? w[c] : 0;
    lxw_row_col_options options{};
    options.level = in(s_->groups, c) ? 1 : 0;
    options.hidden = in(s_->folded, c) ? 1 : 0;
    options.collapsed = after_folded(c) ? 1 : 0;
    worksheet_set_column_opt(
        s_->ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
        static_cast<double>(std::clamp<std::size_t>(fitted + 2, s_->layout.min_width, 60)),
        fitted + 2 > 60 ? s_->wrap : nullptr,
        options.level || options.hidden || options.collapsed ? &options : nullptr);
  }
  if (s_->layout.freeze)
    worksheet_freeze_panes(s_->ws, static_cast<lxw_row_t>(s_->layout.header_row + 1),
                           static_cast<lxw_col_t>(s_->layout.frozen_columns));
  if (s_->layout.print_columns > 0 && s_->row > 0)
    worksheet_print_area(s_->ws, 0, 0, s_->row - 1,
                         static_cast<lxw_col_t>(s_->layout.print_columns - 1));
  s_->ws = nullptr;
}

void XlsxWriter::sheet(const std::string& name, const SheetLayout& layout) {
  if (!ok()) return;
  end_sheet();
  s_->ws = workbook_add_worksheet(s_->wb, name.c_str());
  if (!s_->ws) {
    error_ = "cannot add the sheet \"" + name + "\" to a workbook";
    return;
  }
  s_->layout = layout;
  if (layout.protect) {
    lxw_protection options{};
    options.format_columns = LXW_TRUE;  // widening a column is still allowed
    options.format_rows = LXW_TRUE;
    worksheet_protect(s_->ws, nullptr, &options);
  }
  if (layout.print_wide) {
    worksheet_set_paper(s_->ws, 9);  // A4
    worksheet_set_landscape(s_->ws);
    worksheet_fit_to_pages(s_->ws, 1, 0);
    worksheet_repeat_rows(s_->ws, 0, static_cast<lxw_row_t>(layout.header_row));
  }
  s_->row = 0;
  s_->col = 0;
  s_->widths.clear();
  s_->groups.clear();
  s_->folded.clear();
}

lxw_format* XlsxWriter::format(CellStyle style) const {
  if (static_cast<int>(s_->row) == s_->layout.header_row) return s_->bold;
  return style_format(s_->wb, s_->styles, style);
}

void XlsxWriter::fit(std::size_t width, CellStyle style) {
  if (static_cast<int>(s_->row) < s_->layout.header_row || style == CellStyle::kHeading) return;
  if (s_->widths.size() <= s_->col) s_->widths.resize(s_->col + 1, 0);
  s_->widths[s_->col] = std::max(s_->widths[s_->col], width);
}

void XlsxWriter::text(std::string_view s, CellStyle style) {
  if (!ok() || !s_->ws) return;
  s_->cleaned = clean(s);
  worksheet_write_string(s_->ws, s_->row, s_->col, s_->cleaned.c_str(), format(style));
  fit(shown_length(s_->cleaned), style);
  ++s_->col;
}

void XlsxWriter::number(double v, CellStyle style) {
  if (!ok() || !s_->ws) return;
  worksheet_write_number(s_->ws, s_->row, s_->col, v, format(style));
  fit(number_width(v), style);
  ++s_->col;
}

void XlsxWriter::empty(CellStyle style) {
  if (ok() && s_->ws && style != CellStyle::kPlain)
    worksheet_write_blank(s_->ws, s_->row, s_->col, format(style));
  ++s_->col;
}

void XlsxWriter::formula(const std::string& formula, double value) {
  if (!ok() || !s_->ws) return;
  const std::string f = clean(formula);  // a label quoted in it, typed by anyone
  worksheet_write_formula_num(s_->ws, s_->row, s_->col, f.c_str(), format(CellStyle::kComputed),
                              value);
  fit(number_width(value), CellStyle::kComputed);
  ++s_->col;
}

void XlsxWriter::formula(const std::string& formula, const std::string& shown) {
  if (!ok() || !s_->ws) return;
  const std::string f = clean(formula), value = clean(shown);
  worksheet_write_formula_str(s_->ws, s_->row, s_->col, f.c_str(), format(CellStyle::kComputed),
                              value.c_str());
  fit(shown_length(value), CellStyle::kComputed);
  ++s_->col;
}

void XlsxWriter::title(std::string_view s, int columns) {
  if (!ok() || !s_->ws || columns < 1) return;
  if (!s_->title) {
    s_->title = workbook_add_format(s_->wb);
    format_set_bold(s_->title);
    format_set_font_size(s_->title, 14);
  }
  s_->cleaned = clean(s);
  if (columns == 1)
    worksheet_write_string(s_->ws, s_->row, s_->col, s_->cleaned.c_str(), s_->title);
  else
    worksheet_merge_range(s_->ws, s_->row, s_->col, s_->row,
                          static_cast<lxw_col_t>(s_->col + static_cast<lxw_col_t>(columns) - 1),
                          s_->cleaned.c_str(), s_->title);
  s_->col += static_cast<lxw_col_t>(columns);
}

void XlsxWriter::row_height(double points) {
  if (ok() && s_->ws) worksheet_set_row(s_->ws, s_->row, points, nullptr);
}

void XlsxWriter::check(int first_row, int last_row, int column, const std::string& formula,
                       std::string_view title, std::string_view prompt, std::string_view error) {
  const std::string f = clean(formula);
  lxw_data_validation v{};
  v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
  v.value_formula = const_cast<char*>(f.c_str());
  validate(first_row, last_row, column, &v, title, prompt, error);
}

void XlsxWriter::choice(int first_row, int last_row, int column,
                        const std::vector<std::string>& values, std::string_view title,
                        std::string_view prompt, std::string_view error) {
  std::vector<std::string> kept;
  std::size_t length = 0;
  for (const auto& value : values) {
    kept.push_back(clean(value));
    length += shown_length(kept.back()) + 1;
  }
  if (length > 256) {  // Excel's limit on a list: a formula checks it instead
    const std::string cell = XlsxWriter::cell(first_row, column);
    std::string f = "=OR(";
    for (const auto& value : kept) {
      f += (f.size() > 4 ? "," : "") + cell + "=\"";
      for (char c : value) f += c == '"' ? std::string("\"\"") : std::string(1, c);
      f += "\"";
    }
    return check(first_row, last_row, column, f + ")", title, prompt, error);
  }
  std::vector<char*> list;
  for (auto& value : kept) list.push_back(value.data());
  list.push_back(nullptr);
  lxw_data_validation v{};
  v.validate = LXW_VALIDATION_TYPE_LIST;
  v.value_list = list.data();
  validate(first_row, last_row, column, &v, title, prompt, error);
}

void XlsxWriter::hint(int first_row, int last_row, int column, std::string_view title,
                      std::string_view prompt) {
  lxw_data_validation v{};
  v.validate = LXW_VALIDATION_TYPE_ANY;
  validate(first_row, last_row, column, &v, title, prompt, {});
}

void XlsxWriter::validate(int first_row, int last_row, int column, lxw_data_validation* validation,
                          std::string_view title, std::string_view prompt, std::string_view error) {
  if (!ok() || !s_->ws || last_row < first_row) return;
  std::string t = cut(clean(title), 32), p = cut(clean(prompt), 255), e = cut(clean(error), 255);
  lxw_data_validation& v = *validation;
  v.ignore_blank = LXW_VALIDATION_ON;
  v.show_input = LXW_VALIDATION_ON;
  v.input_title = t.data();
  v.input_message = p.data();
  if (!e.empty()) {
    v.show_error = LXW_VALIDATION_ON;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    v.error_title = t.data();
    v.error_message = e.data();
  }
  const auto c = static_cast<lxw_col_t>(column);
  if (worksheet_data_validation_range(s_->ws, static_cast<lxw_row_t>(first_row), c,
                                      static_cast<lxw_row_t>(last_row), c, &v) != LXW_NO_ERROR)
    error_ = "cannot add a check to a workbook's column " + std::to_string(column + 1);
}

void XlsxWriter::group(int first, int last, bool folded) {
  if (!ok() || !s_->ws || last < first) return;
  s_->groups.emplace_back(first, last);
  if (folded) s_->folded.emplace_back(first, last);
}

int XlsxWriter::row() const { return static_cast<int>(s_->row); }

std::string XlsxWriter::cell(int row, int column) {
  char name[LXW_MAX_CELL_NAME_LENGTH];
  lxw_rowcol_to_cell(name, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column));
  return name;
}

void XlsxWriter::end_row() {
  ++s_->row;
  s_->col = 0;
}

std::string XlsxWriter::finish() {
  if (!ok()) return "";
  end_sheet();
  lxw_error e;
  {
    std::lock_guard lock(close_mutex);
    e = workbook_close(s_->wb);
  }
  s_->wb = nullptr;
  if (e != LXW_NO_ERROR) {
    error_ = std::string("cannot write a workbook: ") + lxw_strerror(e);
    return "";
  }
  std::ifstream in(platform::path_of(s_->path), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) error_ = "cannot read back a workbook";
  return bytes;
}

}  // namespace thidua::site
