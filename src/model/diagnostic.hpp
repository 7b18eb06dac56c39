// Diagnostics: what is wrong (or odd) with the input, with where it is.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"
#include "text/messages.hpp"

namespace thidua {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourcePos pos;
  text::Message what;  ///< its code and values, to be told in any language
  std::string cell;    ///< "D2" when it is about a cell of a spreadsheet or CSV
  /// The message in `l`, as shown (shown_message). Told only when asked: a
  /// file of 10,000 faults prints 200 of them.
  std::string text(text::Language l) const;
};

/// A message as it is kept and shown: the control rule applied, each quoted
/// value ("…") of more than 80 characters cut (text::excerpt), and the whole
/// at most 2,000 characters. A 40 MB cell quoted in a message printed 84 MB,
/// and the preview would have put it into every page.
std::string shown_message(std::string message, text::Language l = text::Language::kEn);

/// Collects diagnostics; never throws.
class Diagnostics {
 public:
  void error(const SourcePos& pos, text::Message what) {
    add(Severity::kError, pos, std::move(what));
  }
  void warning(const SourcePos& pos, text::Message what) {
    add(Severity::kWarning, pos, std::move(what));
  }
  /// One about cell `cell` ("D2") of a spreadsheet or CSV.
  void error(const SourcePos& pos, text::Message what, std::string cell) {
    add(Severity::kError, pos, std::move(what), std::move(cell));
  }
  void warning(const SourcePos& pos, text::Message what, std::string cell) {
    add(Severity::kWarning, pos, std::move(what), std::move(cell));
  }

  bool has_errors() const;
  int count(Severity s) const;
  const std::vector<Diagnostic>& items() const { return items_; }
  /// Sorts by path, line, column, then severity, for a stable report.
  void sort();
  template <typename Pred>
  void remove_if(Pred pred) {
    std::erase_if(items_, pred);
  }
  void append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  }

 private:
  void add(Severity s, const SourcePos& pos, text::Message what, std::string cell = {});
  std::vector<Diagnostic> items_;
};

/// "path:line:col: error: message". A fault in a whole file (a link, a name)
/// points at 1:1; one in a command-line option ("--base-url") has no position.
/// The message in `l` ("error" and "warning" stay English: editors and
/// scripts read them).
std::string format_diagnostic(const Diagnostic& d, text::Language l = text::Language::kEn);

/// The diagnostics as JSON Lines for `--format json`: one object a line,
/// {"file", "line", "column", "cell", "severity", "code", "message"}
/// (docs/commands.md).
std::string diagnostic_json(const Diagnostic& d, text::Language l);

}  // namespace thidua
