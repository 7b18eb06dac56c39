// Diagnostics: what is wrong (or odd) with the input, with where it is.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace thidua {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourcePos pos;
  std::string message;
};

/// A message as it is kept and shown: the control rule applied, each quoted
/// value ("…") of more than 80 characters cut (text::excerpt), and the whole
/// at most 2,000 characters. A 40 MB cell quoted in a message printed 84 MB,
/// and the preview would have put it into every page.
std::string shown_message(std::string message);

/// Collects diagnostics; never throws.
class Diagnostics {
 public:
  void error(const SourcePos& pos, std::string message) {
    items_.push_back({Severity::kError, pos, shown_message(std::move(message))});
  }
  void warning(const SourcePos& pos, std::string message) {
    items_.push_back({Severity::kWarning, pos, shown_message(std::move(message))});
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
  std::vector<Diagnostic> items_;
};

/// "path:line:col: error: message". A fault in a whole file (a link, a name)
/// points at 1:1; one in a command-line option ("--base-url") has no position.
std::string format_diagnostic(const Diagnostic& d);

}  // namespace thidua
