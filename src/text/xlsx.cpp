#include "text/xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "text/controls.hpp"

namespace thidua::text {
namespace {

/// How many characters `s` shows (UTF-8 code points).
std::size_t shown_length(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// A number as a table shows it: the shortest of "%.2f" without trailing zeros.
std::size_t number_length(double v) {
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) s.pop_back();
  return s.size();
}

/// Removes the file it names when it goes.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

}  // namespace

std::string xlsx_bytes(const std::vector<XlsxSheet>& sheets, std::time_t created,
                       std::string* error) {
  // libxlsxwriter writes to a file: one of our own, read back and removed.
  const char* tmp = std::getenv("TMPDIR");
  TempFile file{std::string(tmp && *tmp ? tmp : "/tmp") + "/thidua-xlsx-XXXXXX"};
  const int fd = ::mkstemp(file.path.data());
  if (fd < 0) {
    *error = "cannot make a temporary file for a workbook in " +
             std::filesystem::path(file.path).parent_path().string();
    file.path.clear();
    return "";
  }
  ::close(fd);
  lxw_workbook* wb = workbook_new(file.path.c_str());
  if (!wb) {
    *error = "cannot start a workbook";
    return "";
  }
  lxw_doc_properties properties{};
  properties.created = created;
  workbook_set_properties(wb, &properties);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  for (const XlsxSheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    if (!ws) {
      workbook_close(wb);
      *error = "cannot add the sheet \"" + sheet.name + "\" to a workbook";
      return "";
    }
    std::vector<std::size_t> widths;
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto& row = sheet.rows[r];
      if (widths.size() < row.size()) widths.resize(row.size(), 0);
      for (std::size_t c = 0; c < row.size(); ++c) {
        const XlsxCell& cell = row[c];
        const auto rr = static_cast<lxw_row_t>(r);
        const auto cc = static_cast<lxw_col_t>(c);
        if (cell.kind == XlsxCell::Kind::kText) {
          const std::string text = without_controls(cell.text);
          worksheet_write_string(ws, rr, cc, text.c_str(), r == 0 ? bold : nullptr);
          widths[c] = std::max(widths[c], shown_length(text));
        } else if (cell.kind == XlsxCell::Kind::kNumber) {
          worksheet_write_number(ws, rr, cc, cell.number, nullptr);
          widths[c] = std::max(widths[c], number_length(cell.number));
        }
      }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::clamp<std::size_t>(widths[c] + 2, 6, 60)),
                           widths[c] + 2 > 60 ? wrap : nullptr);
    worksheet_freeze_panes(ws, 1, 0);
  }
  if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    *error = std::string("cannot write a workbook: ") + lxw_strerror(e);
    return "";
  }
  std::ifstream in(file.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    *error = "cannot read back a workbook";
    return "";
  }
  return bytes;
}

}  // namespace thidua::text
