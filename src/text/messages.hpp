// Messages in the user's language: each has a stable code ("unknown-unit")
// and a pattern per language in the built-in catalogs (messages/en.txt,
// messages/vi.txt), ICU MessageFormat with named arguments, so plurals and
// numbers follow the language ("1 unit", "2 units"; "10.000 đơn vị").
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace thidua::text {

enum class Language { kVi, kEn };

/// "vi", "en", or a locale name that starts with one ("vi_VN.UTF-8",
/// "en_GB", "en-US"); nothing for any other, and for "C" and "POSIX".
std::optional<Language> language_of(std::string_view name);
/// "vi" or "en".
std::string_view language_code(Language l);

/// The language messages are told in, as the contract orders it: `flag`
/// (--lang) when given; else the first of `locale` (LC_ALL, LC_MESSAGES,
/// LANG, in that order, null when unset) that is set, where "", "C",
/// "C.UTF-8" and "POSIX" count as not set; else `interface` (Windows: the
/// user's interface language); else the content's `language`; else
/// Vietnamese. A locale of another language passes to the content's.
Language choose_language(std::string_view flag, std::initializer_list<const char*> locale,
                         std::string_view interface, std::string_view content);
/// The same, nothing when only the content's language would decide.
std::optional<Language> language_before_content(std::string_view flag,
                                                std::initializer_list<const char*> locale,
                                                std::string_view interface);

class Message;

/// A value a message names: a text (an id, a file, a value as typed), a
/// count (formatted and pluralised as the language does), or another
/// message, told in the same language.
class Arg {
 public:
  Arg(std::string s) : value_(std::move(s)) {}
  Arg(std::string_view s) : value_(std::string(s)) {}
  Arg(const char* s) : value_(std::string(s)) {}
  template <typename N>
  requires std::is_integral_v<N> &&(!std::is_same_v<N, bool>)&&(!std::is_same_v<N, char>)Arg(N n)
      : value_(static_cast<std::int64_t>(n)) {}
  Arg(const Message& m);
  Arg(Message&& m);

 private:
  friend class Message;
  std::variant<std::string, std::int64_t, std::shared_ptr<const Message>> value_;
};

/// A message: its code, the values it names. Told in a language by in().
class Message {
 public:
  Message() = default;
  Message(std::string_view code, std::initializer_list<std::pair<std::string_view, Arg>> args = {});
  /// A text that is the same in every language (a message of another
  /// program, quoted as it came), code "".
  static Message verbatim(std::string text);
  /// The same values under another code (a reader shared by workbooks and
  /// Word documents says "the document's part…" for a document).
  Message renamed(std::string_view code) const {
    Message m = *this;
    m.code_ = code;
    return m;
  }

  const std::string& code() const { return code_; }
  bool empty() const { return code_.empty() && args_.empty(); }
  /// The message in `l`; a code missing from the catalogs is told as itself.
  std::string in(Language l) const;
  /// The message this one says where it is about, or what it is, in
  /// ("cell D2: …", "ignored: …", "\"base_url\" …"): its stable code is the
  /// inner one's. Itself for any other.
  const Message& core() const;
  /// Whether this message, or one it names, has code `code`.
  bool mentions(std::string_view code) const;
  /// The value of the text argument `name`, or "".
  std::string_view text_arg(std::string_view name) const;

 private:
  std::string code_;
  std::vector<std::pair<std::string, Arg>> args_;
};

/// Every code of the built-in catalogs, sorted.
std::vector<std::string> catalog_codes();
/// What is wrong with the built-in catalogs ("vi: no \"unknown-unit\"", a
/// pattern ICU does not parse, arguments that differ between languages);
/// empty when nothing is.
std::vector<std::string> catalog_problems();
/// The argument names of `code`'s pattern in `l`, sorted.
std::vector<std::string> catalog_arguments(std::string_view code, Language l);

}  // namespace thidua::text
