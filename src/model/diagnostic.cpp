#include "model/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include "text/controls.hpp"

#include <algorithm>
#include <tuple>

namespace thidua {

void Diagnostics::add(Severity s, const SourcePos& pos, text::Message what, std::string cell) {
  items_.push_back({s, pos, std::move(what), std::move(cell)});
}

std::string Diagnostic::text(text::Language l) const { return shown_message(what.in(l), l); }

bool Diagnostics::has_errors() const { return count(Severity::kError) > 0; }

int Diagnostics::count(Severity s) const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                        [s](const Diagnostic& d) { return d.severity == s; }));
}

std::string shown_message(std::string message, text::Language l) {
  const bool vi = l == text::Language::kVi;
  constexpr std::size_t kQuoted = 80, kWhole = 2000;
  if (message.size() <= kQuoted && !text::has_controls(message)) return message;
  std::string out;
  for (std::size_t at = 0; at < message.size();) {
    const std::size_t open = message.find('"', at);
    const std::size_t close = open == std::string::npos ? open : message.find('"', open + 1);
    if (close == std::string::npos) {
      out += text::without_controls(std::string_view(message).substr(at));
      break;
    }
    out += text::without_controls(std::string_view(message).substr(at, open + 1 - at));
    out += text::excerpt(std::string_view(message).substr(open + 1, close - open - 1), kQuoted, vi);
    out += '"';
    at = close + 1;
  }
  if (out.size() > kWhole) out = text::excerpt(out, kWhole, vi);
  return out;
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.path, a.pos.line, a.pos.column, a.severity) <
           std::tie(b.pos.path, b.pos.line, b.pos.column, b.severity);
  });
}

std::string format_diagnostic(const Diagnostic& d, text::Language l) {
  std::string out = d.pos.path.empty() ? "thidua" : d.pos.path;
  if (d.pos.line > 0) {
    out += ':' + std::to_string(d.pos.line);
    out += ':' + std::to_string(d.pos.column > 0 ? d.pos.column : 1);
  } else if (!d.pos.path.empty() && !d.pos.path.starts_with("-")) {
    out += ":1:1";
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.text(l);
  // One diagnostic, one line: a file name or a value holding a line break or
  // another control character must not forge a line of its own.
  std::string line;
  line.reserve(out.size());
  for (const char ch : out) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) {
      line += ch;
    } else if (c == '\n') {
      line += "\\n";
    } else if (c == '\t') {
      line += "\\t";
    } else if (c == '\r') {
      line += "\\r";
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      line += "\\x";
      line += kHex[c >> 4];
      line += kHex[c & 15];
    }
  }
  return line;
}

}  // namespace thidua

namespace thidua {

std::string diagnostic_json(const Diagnostic& d, text::Language l) {
  nlohmann::ordered_json j;
  j["file"] = d.pos.path.empty() || d.pos.path.starts_with("-")
                  ? nullptr
                  : nlohmann::ordered_json(d.pos.path);
  const bool placed = !d.pos.path.empty() && !d.pos.path.starts_with("-");
  j["line"] = placed ? nlohmann::ordered_json(d.pos.line > 0 ? d.pos.line : 1) : nullptr;
  j["column"] = placed
                    ? nlohmann::ordered_json(d.pos.line > 0 && d.pos.column > 0 ? d.pos.column : 1)
                    : nullptr;
  j["cell"] = d.cell.empty() ? nullptr : nlohmann::ordered_json(d.cell);
  j["severity"] = d.severity == Severity::kError ? "error" : "warning";
  const std::string& code = d.what.core().code();
  j["code"] = code.empty() ? nullptr : nlohmann::ordered_json(code);
  j["message"] = d.text(l);
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace thidua
