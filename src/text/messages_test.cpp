#include "text/messages.hpp"

#include <doctest/doctest.h>

using thidua::text::catalog_codes;
using thidua::text::catalog_problems;
using thidua::text::choose_language;
using thidua::text::Language;
using thidua::text::Message;

TEST_CASE("catalogs: every code in both languages, parsed by ICU, with the same arguments") {
  std::string problems;
  for (const auto& p : catalog_problems()) problems += p + "\n";
  CHECK(problems == "");
  CHECK(catalog_codes().size() > 150);
}

TEST_CASE("catalogs: a code missing from them is found by the test above") {
  // The check itself can fail: an unknown code is told as itself, and the
  // argument names of the two languages are compared.
  CHECK(Message("no-such-code").in(Language::kVi) == "no-such-code");
  CHECK(thidua::text::catalog_arguments("unknown-unit", Language::kVi) ==
        std::vector<std::string>{"hint", "id"});
  CHECK(thidua::text::catalog_arguments("unknown-unit", Language::kEn) ==
        std::vector<std::string>{"hint", "id"});
}

TEST_CASE("messages: plurals and numbers as each language says them") {
  const auto counts = [](int errors, int warnings, Language l) {
    return Message("counts", {{"errors", errors}, {"warnings", warnings}}).in(l);
  };
  CHECK(counts(1, 0, Language::kEn) == "1 error, 0 warnings");
  CHECK(counts(2, 1, Language::kEn) == "2 errors, 1 warning");
  CHECK(counts(2, 1, Language::kVi) == "2 lỗi, 1 cảnh báo");
  // Vietnamese groups thousands with a dot, English with a comma.
  CHECK(counts(12345, 0, Language::kEn) == "12,345 errors, 0 warnings");
  CHECK(counts(12345, 0, Language::kVi) == "12.345 lỗi, 0 cảnh báo");
}

TEST_CASE("messages: values are text, never pattern") {
  // An id holding braces or quotes is a value: it is not read as a pattern.
  const Message m("unknown-unit", {{"id", "{x}'{#}"}, {"hint", ""}});
  CHECK(m.in(Language::kEn) == "unknown unit \"{x}'{#}\": it is not in units.json");
  CHECK(m.in(Language::kVi) == "không có đơn vị \"{x}'{#}\": mã này không có trong units.json");
}

TEST_CASE("messages: a message inside another is told in the same language") {
  const Message hint("did-you-mean", {{"names", Message("name-1", {{"a", "don-vi-b"}})}});
  const Message m("unknown-unit", {{"id", "don-vi-bb"}, {"hint", hint}});
  CHECK(m.in(Language::kEn) ==
        "unknown unit \"don-vi-bb\": it is not in units.json (did you mean \"don-vi-b\"?)");
  CHECK(m.in(Language::kVi) ==
        "không có đơn vị \"don-vi-bb\": mã này không có trong units.json (có phải là "
        "\"don-vi-b\"?)");
  CHECK(m.mentions("name-1"));
  CHECK(!m.mentions("unknown-cluster"));
  CHECK(Message::verbatim("as it came {x}").in(Language::kVi) == "as it came {x}");
}

TEST_CASE("the language: --lang, then the locale, then the content, then Vietnamese") {
  CHECK(choose_language("en", {"vi_VN.UTF-8"}, "", "vi") == Language::kEn);
  CHECK(choose_language("", {nullptr, nullptr, "en_US.UTF-8"}, "", "vi") == Language::kEn);
  // LC_ALL before LC_MESSAGES before LANG.
  CHECK(choose_language("", {"vi_VN", "en_GB", "en_GB"}, "", "en") == Language::kVi);
  CHECK(choose_language("", {nullptr, "en", "vi"}, "", "vi") == Language::kEn);
  // C and POSIX count as not set.
  CHECK(choose_language("", {"C", "POSIX", "C.UTF-8"}, "", "en") == Language::kEn);
  CHECK(choose_language("", {"", nullptr, "C.utf8"}, "", "vi") == Language::kVi);
  // A language thidua does not speak passes to the content's.
  CHECK(choose_language("", {nullptr, nullptr, "fr_FR.UTF-8"}, "", "en") == Language::kEn);
  // Windows: the interface language, when the variables say nothing.
  CHECK(choose_language("", {nullptr, nullptr, nullptr}, "en-US", "vi") == Language::kEn);
  CHECK(choose_language("", {nullptr, nullptr, nullptr}, "", "") == Language::kVi);
  CHECK(!thidua::text::language_of("english"));
  CHECK(!thidua::text::language_of("C"));
}

#ifdef THIDUA_SOURCE_DIR
#include <fstream>
#include <regex>
#include <sstream>

TEST_CASE("every code a problem can carry is in docs/commands.md") {
  // The codes of the command line's own words are not problems: the same
  // list as scripts/message-codes (NOT_PROBLEMS).
  const std::regex not_problem(
      "^(help-|internal-error|usage-|organisation-on|note-|io-|output-|zip-|snapshot-|manifest-|"
      "why-|sig-|sign-|"
      "wrong-signing-key|"
      "template-|convert-form-|convert-document-kept|word-recognised|word-from-side|word-advice|in-"
      "paragraph|new-not-"
      "empty|file-not-made|static-unreadable|cli-|what-|advice-|"
      "where-|type-|"
      "name-|names-|did-you-mean|in-cell|in-row|problem-|"
      "problems-|serve-|serving|summary|counts|more-problems|up-to-date|nothing-written|wrote-|"
      "stage-time|signed-|its-seal|seal-howto|key-|secret-key-problem|password-of|file-problem|"
      "not-signed|signature-|verify-|starter-next|id-rule-|json-opened|ignored$|"
      "base-url-problem|cell-holds-|option-empty|no-period).*");
  std::ifstream in(std::string(THIDUA_SOURCE_DIR) + "/docs/commands.md");
  std::stringstream docs;
  docs << in.rdbuf();
  std::string missing;
  int documented = 0;
  for (const auto& code : catalog_codes()) {
    if (std::regex_match(code, not_problem)) continue;
    ++documented;
    if (docs.str().find("| `" + code + "` |") == std::string::npos) missing += code + " ";
  }
  CHECK(missing == "");
  CHECK(documented > 100);
}
#endif
