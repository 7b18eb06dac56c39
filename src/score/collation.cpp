#include "score/collation.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <stdexcept>
#include <vector>

namespace thidua::score {

NameCollator::NameCollator() {
  UErrorCode status = U_ZERO_ERROR;
  collator_.reset(icu::Collator::createInstance(icu::Locale("vi"), status));
  if (U_FAILURE(status) || !collator_) throw std::runtime_error("ICU collator unavailable for vi");
}

NameCollator::~NameCollator() = default;

std::string NameCollator::sort_key(std::string_view text) const {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::vector<uint8_t> buf(64 + text.size() * 4);
  int32_t n = collator_->getSortKey(s, buf.data(), static_cast<int32_t>(buf.size()));
  if (n > static_cast<int32_t>(buf.size())) {
    buf.resize(static_cast<std::size_t>(n));
    n = collator_->getSortKey(s, buf.data(), n);
  }
  // The key ends with a NUL, which we drop.
  return std::string(reinterpret_cast<const char*>(buf.data()),
                     n > 0 ? static_cast<std::size_t>(n - 1) : 0);
}

}  // namespace thidua::score
