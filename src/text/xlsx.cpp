#include "text/xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

#include "text/controls.hpp"

namespace thidua::text {
namespace {

/// How many characters `s` shows (UTF-8 code points).
std::size_t shown_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// How wide a number shows: "%.2f" without trailing zeros.
std::size_t number_length(double v) {
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) s.pop_back();
  return s.size();
}

/// libxlsxwriter (1.1.4) calls gmtime(), whose result lives in one buffer
/// shared by all threads, while it writes a workbook's dates: one workbook
/// closes at a time, so two periods' workbooks made at once cannot swap them.
std::mutex close_mutex;

}  // namespace

struct XlsxWriter::State {
  std::string path, tmpdir;  ///< libxlsxwriter writes to a file: ours, read back and removed
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* wrap = nullptr;
  lxw_row_t row = 0;
  lxw_col_t col = 0;
  std::vector<std::size_t> widths;  ///< of the current sheet's columns, in characters
  std::string cleaned;
  ~State() {
    if (wb) {
      std::lock_guard lock(close_mutex);
      workbook_close(wb);
    }
    if (!path.empty()) ::unlink(path.c_str());
  }
};

XlsxWriter::XlsxWriter(std::time_t created) : s_(std::make_unique<State>()) {
  const char* tmp = std::getenv("TMPDIR");
  s_->tmpdir = tmp && *tmp ? tmp : "/tmp";
  s_->path = s_->tmpdir + "/thidua-xlsx-XXXXXX";
  const int fd = ::mkstemp(s_->path.data());
  if (fd < 0) {
    error_ = "cannot make a temporary file for a workbook in " + s_->tmpdir;
    s_->path.clear();
    return;
  }
  ::close(fd);
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

void XlsxWriter::end_sheet() {
  if (!s_->ws) return;
  const auto& w = s_->widths;
  for (std::size_t c = 0; c < w.size(); ++c)
    worksheet_set_column(s_->ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         static_cast<double>(std::clamp<std::size_t>(w[c] + 2, 6, 60)),
                         w[c] + 2 > 60 ? s_->wrap : nullptr);
  worksheet_freeze_panes(s_->ws, 1, 0);
  s_->ws = nullptr;
}

void XlsxWriter::sheet(const std::string& name) {
  if (!ok()) return;
  end_sheet();
  s_->ws = workbook_add_worksheet(s_->wb, name.c_str());
  if (!s_->ws) error_ = "cannot add the sheet \"" + name + "\" to a workbook";
  s_->row = 0;
  s_->col = 0;
  s_->widths.clear();
}

void XlsxWriter::text(std::string_view s) {
  if (!ok() || !s_->ws) return;
  s_->cleaned = has_controls(s) ? without_controls(s) : std::string(s);
  worksheet_write_string(s_->ws, s_->row, s_->col, s_->cleaned.c_str(),
                         s_->row == 0 ? s_->bold : nullptr);
  if (s_->widths.size() <= s_->col) s_->widths.resize(s_->col + 1, 0);
  s_->widths[s_->col] = std::max(s_->widths[s_->col], shown_length(s_->cleaned));
  ++s_->col;
}

void XlsxWriter::number(double v) {
  if (!ok() || !s_->ws) return;
  worksheet_write_number(s_->ws, s_->row, s_->col, v, nullptr);
  if (s_->widths.size() <= s_->col) s_->widths.resize(s_->col + 1, 0);
  s_->widths[s_->col] = std::max(s_->widths[s_->col], number_length(v));
  ++s_->col;
}

void XlsxWriter::empty() { ++s_->col; }

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
  std::ifstream in(s_->path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) error_ = "cannot read back a workbook";
  return bytes;
}

}  // namespace thidua::text
