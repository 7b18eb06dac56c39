#include "text/messages.hpp"

#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "text/embedded.hpp"

namespace thidua::text {
namespace {

/// One catalog: "code = pattern" a line; '#' starts a comment line.
std::map<std::string, std::string, std::less<>> parse_catalog(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty() || line.front() == '#') continue;
    const std::size_t eq = line.find(" = ");
    if (eq == std::string_view::npos) continue;  // catalog_problems() names it
    out.emplace(std::string(line.substr(0, eq)), std::string(line.substr(eq + 3)));
  }
  return out;
}

struct Catalogs {
  std::map<std::string, std::string, std::less<>> vi, en;
  std::vector<std::string> malformed;  ///< lines that are neither comment nor "code = pattern"
  const std::map<std::string, std::string, std::less<>>& of(Language l) const {
    return l == Language::kVi ? vi : en;
  }
};

const Catalogs& catalogs() {
  static const Catalogs c = [] {
    Catalogs out;
    for (const auto& f : catalog_files()) {
      auto& into = f.path == "messages/vi.txt" ? out.vi : out.en;
      into = parse_catalog(f.bytes);
      std::string_view rest = f.bytes;
      int line_no = 0;
      while (!rest.empty()) {
        ++line_no;
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        if (!line.empty() && line.front() != '#' && line.find(" = ") == std::string_view::npos)
          out.malformed.push_back(std::string(f.path) + ":" + std::to_string(line_no) +
                                  ": not \"code = pattern\"");
      }
    }
    return out;
  }();
  return c;
}

icu::Locale locale_of(Language l) { return icu::Locale(l == Language::kVi ? "vi" : "en"); }

std::string utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

/// Compiled patterns, made once each: a file of 10,000 wrong ids tells one
/// message 10,000 times.
class Formats {
 public:
  std::string format(Language l, const std::string& code, const std::string& pattern,
                     const std::vector<icu::UnicodeString>& names,
                     const std::vector<icu::Formattable>& values) {
    std::lock_guard lock(mutex_);
    auto& slot = (l == Language::kVi ? vi_ : en_)[code];
    if (!slot) {
      UErrorCode status = U_ZERO_ERROR;
      UParseError where;
      slot = std::make_unique<icu::MessageFormat>(icu::UnicodeString::fromUTF8(pattern),
                                                  locale_of(l), where, status);
      if (U_FAILURE(status)) slot.reset();
    }
    if (!slot) return pattern;
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out;
    slot->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
    return U_FAILURE(status) ? pattern : utf8(out);
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<icu::MessageFormat>> vi_, en_;
};

Formats& formats() {
  static Formats f;
  return f;
}

std::vector<std::string> argument_names(const std::string& pattern, std::string* problem) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where;
  icu::MessagePattern parsed(icu::UnicodeString::fromUTF8(pattern), &where, status);
  if (U_FAILURE(status)) {
    if (problem) *problem = "does not parse at offset " + std::to_string(where.offset);
    return {};
  }
  std::vector<std::string> names;
  for (int32_t i = 0; i < parsed.countParts(); ++i) {
    const icu::MessagePattern::Part& part = parsed.getPart(i);
    if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME)
      names.push_back(utf8(parsed.getSubstring(part)));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

std::optional<Language> language_of(std::string_view name) {
  auto starts = [&](std::string_view code) {
    return name.starts_with(code) &&
           (name.size() == code.size() || name[code.size()] == '_' || name[code.size()] == '-' ||
            name[code.size()] == '.' || name[code.size()] == '@');
  };
  if (starts("vi")) return Language::kVi;
  if (starts("en")) return Language::kEn;
  return std::nullopt;
}

std::string_view language_code(Language l) { return l == Language::kVi ? "vi" : "en"; }

std::optional<Language> language_before_content(std::string_view flag,
                                                std::initializer_list<const char*> locale,
                                                std::string_view interface) {
  if (auto l = language_of(flag)) return l;
  for (const char* value : locale) {
    if (!value) continue;
    const std::string_view v(value);
    if (v.empty() || v == "C" || v == "POSIX" || v.starts_with("C.")) continue;
    if (auto l = language_of(v)) return l;
    return language_of(interface);  // set, to a language thidua does not speak
  }
  return language_of(interface);
}

Language choose_language(std::string_view flag, std::initializer_list<const char*> locale,
                         std::string_view interface, std::string_view content) {
  if (auto l = language_before_content(flag, locale, interface)) return *l;
  return language_of(content).value_or(Language::kVi);
}

Arg::Arg(const Message& m) : value_(std::make_shared<const Message>(m)) {}
Arg::Arg(Message&& m) : value_(std::make_shared<const Message>(std::move(m))) {}

Message::Message(std::string_view code,
                 std::initializer_list<std::pair<std::string_view, Arg>> args)
    : code_(code) {
  args_.reserve(args.size());
  for (const auto& [name, value] : args) args_.emplace_back(std::string(name), value);
}

Message Message::verbatim(std::string text) {
  Message m;
  m.args_.emplace_back("text", Arg(std::move(text)));
  return m;
}

const Message& Message::core() const {
  static constexpr std::string_view kWrappers[] = {"in-cell",         "in-cell-of-sheet",
                                                   "in-row-of-sheet", "in-paragraph",
                                                   "ignored",         "base-url-problem"};
  if (std::find(std::begin(kWrappers), std::end(kWrappers), code_) == std::end(kWrappers))
    return *this;
  for (const auto& [n, v] : args_)
    if (n == "message" || n == "why" || n == "problem")
      if (const auto* m = std::get_if<std::shared_ptr<const Message>>(&v.value_))
        if (*m) return (*m)->core();
  return *this;
}

bool Message::mentions(std::string_view code) const {
  if (code_ == code) return true;
  for (const auto& [n, v] : args_)
    if (const auto* m = std::get_if<std::shared_ptr<const Message>>(&v.value_))
      if (*m && (*m)->mentions(code)) return true;
  return false;
}

std::string_view Message::text_arg(std::string_view name) const {
  for (const auto& [n, v] : args_)
    if (n == name)
      if (const auto* s = std::get_if<std::string>(&v.value_)) return *s;
  return {};
}

std::string Message::in(Language l) const {
  if (code_.empty()) return std::string(text_arg("text"));
  const auto& catalog = catalogs().of(l);
  const auto found = catalog.find(code_);
  if (found == catalog.end()) return code_;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args_.size());
  values.reserve(args_.size());
  for (const auto& [name, arg] : args_) {
    names.push_back(icu::UnicodeString::fromUTF8(name));
    if (const auto* s = std::get_if<std::string>(&arg.value_)) {
      values.emplace_back(icu::UnicodeString::fromUTF8(*s));
    } else if (const auto* n = std::get_if<std::int64_t>(&arg.value_)) {
      values.emplace_back(static_cast<int64_t>(*n));
    } else {
      const auto& inner = std::get<std::shared_ptr<const Message>>(arg.value_);
      values.emplace_back(icu::UnicodeString::fromUTF8(inner ? inner->in(l) : ""));
    }
  }
  return formats().format(l, code_, found->second, names, values);
}

std::vector<std::string> catalog_codes() {
  const Catalogs& c = catalogs();
  std::vector<std::string> out;
  for (const auto& [code, pattern] : c.en) out.push_back(code);
  for (const auto& [code, pattern] : c.vi)
    if (!c.en.contains(code)) out.push_back(code);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> catalog_arguments(std::string_view code, Language l) {
  const auto& catalog = catalogs().of(l);
  const auto found = catalog.find(code);
  return found == catalog.end() ? std::vector<std::string>{}
                                : argument_names(found->second, nullptr);
}

std::vector<std::string> catalog_problems() {
  const Catalogs& c = catalogs();
  std::vector<std::string> out = c.malformed;
  if (c.vi.empty() || c.en.empty()) out.push_back("a catalog is missing or empty");
  for (const std::string& code : catalog_codes()) {
    std::vector<std::string> names[2];
    for (const Language l : {Language::kVi, Language::kEn}) {
      const auto& catalog = c.of(l);
      const auto found = catalog.find(code);
      const std::string lang(language_code(l));
      if (found == catalog.end()) {
        out.push_back(lang + ": no \"" + code + "\"");
        continue;
      }
      std::string problem;
      names[l == Language::kEn] = argument_names(found->second, &problem);
      if (!problem.empty()) out.push_back(lang + ": \"" + code + "\" " + problem);
      if (found->second.empty()) out.push_back(lang + ": \"" + code + "\" is empty");
    }
    if (names[0] != names[1] && c.vi.contains(code) && c.en.contains(code))
      out.push_back("\"" + code + "\": vi and en name different arguments");
  }
  return out;
}

}  // namespace thidua::text
