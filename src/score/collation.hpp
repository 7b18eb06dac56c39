// Name order of the site's language (ICU): Vietnamese puts Ấp after An and
// Đ after D, which byte order does not.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Collator;
U_NAMESPACE_END

namespace thidua::score {

class NameCollator {
 public:
  /// Vietnamese order (ICU "vi"), whatever the site's language: the names
  /// are Vietnamese on an English site too, and ties and lists by name must
  /// not change order with the interface (an English collator put "Ưa"
  /// before "Ub", reading Ư as a U with a mark; Vietnamese puts Ư after U).
  NameCollator();
  ~NameCollator();
  NameCollator(const NameCollator&) = delete;
  NameCollator& operator=(const NameCollator&) = delete;

  /// A byte string whose order is the collation order of `text` (UTF-8).
  std::string sort_key(std::string_view text) const;
  bool less(std::string_view a, std::string_view b) const { return sort_key(a) < sort_key(b); }

 private:
  std::unique_ptr<icu::Collator> collator_;
};

}  // namespace thidua::score
