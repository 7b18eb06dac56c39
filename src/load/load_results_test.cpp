// Results as spreadsheets write them, and what office machines leave behind.
#include <doctest/doctest.h>

#include <algorithm>

#include "load/load.hpp"
#include "load/load_test_content.hpp"

using namespace thidua;
using namespace thidua::load;
using namespace thidua::load::test;

namespace {

/// The valid folder with its results given as this CSV instead.
Loaded with_csv(const std::string& csv) {
  auto files = valid_files();
  files.erase("periods/p1/results.json");
  files["periods/p1/results.csv"] = csv;
  return load_content(MemoryTree(files));
}

const Result* result_of(const Loaded& l, const std::string& unit) {
  for (const auto& r : l.content.periods.at(0).results)
    if (r.unit == unit) return &r;
  return nullptr;
}

std::vector<std::string> messages(const Loaded& l, Severity severity) {
  std::vector<std::string> out;
  for (const auto& d : l.diags.items())
    if (d.severity == severity) out.push_back(format_diagnostic(d));
  return out;
}

}  // namespace

TEST_CASE("CSV as spreadsheets save it in a Vietnamese locale: decimal commas") {
  // Excel with Vietnamese regional settings: ';' between fields, decimal
  // commas; a dot is still read as a decimal point.
  Loaded l = with_csv("unit;I.1;I.2\r\na;8,5;9\r\nb;7,25;10\r\nc;0,5;1.5\r\n");
  CHECK(messages(l, Severity::kError).empty());
  REQUIRE(result_of(l, "a"));
  CHECK(result_of(l, "a")->scores.at("I.1") == 850);
  CHECK(result_of(l, "a")->scores.at("I.2") == 900);
  CHECK(result_of(l, "b")->scores.at("I.1") == 725);
  CHECK(result_of(l, "c")->scores.at("I.1") == 50);
  CHECK(result_of(l, "c")->scores.at("I.2") == 150);
  // Google Sheets in a Vietnamese locale: ',' between fields, the decimal
  // comma inside quotes.
  Loaded g = with_csv("unit,I.1,I.2\na,\"8,5\",9\nb,1,1\nc,1,1\n");
  CHECK(messages(g, Severity::kError).empty());
  CHECK(result_of(g, "a")->scores.at("I.1") == 850);
  // Thousands separators stay errors; so do three decimals after a comma.
  CHECK(messages(with_csv("unit;I.1;I.2\na;1.000,5;9\nb;1;1\nc;1;1\n"), Severity::kError) ==
        std::vector<std::string>{"periods/p1/results.csv:2:3: error: cell B2: \"1.000,5\" in "
                                 "column \"I.1\" is not a number "
                                 "(write it without a thousands separator: 1000,5 or 1000.5)"});
  CHECK(
      messages(with_csv("unit;I.1;I.2\na;8,555;9\nb;1;1\nc;1;1\n"), Severity::kError) ==
      std::vector<std::string>{
          "periods/p1/results.csv:2:3: error: cell B2: \"8,555\" in column \"I.1\" has more than 2 "
          "decimals"});
}

TEST_CASE("CSV: columns headed '#' or nothing are the office's own; rows without a unit skipped") {
  Loaded l =
      with_csv("unit,I.1,# tổng,,I.2,#,note\na,1,=B2+E2,x,2,y,ghi chú\nb,1,,,1,,\nc,1,,,1,,\n");
  CHECK(messages(l, Severity::kError).empty());
  REQUIRE(result_of(l, "a"));
  CHECK(result_of(l, "a")->scores.at("I.1") == 100);
  CHECK(result_of(l, "a")->scores.at("I.2") == 200);
  CHECK(result_of(l, "a")->scores.size() == 2);
  CHECK(result_of(l, "a")->note == "ghi chú");
  // A row without a unit is skipped: silently when it holds no score.
  Loaded s = with_csv("unit;I.1;I.2\na;1;1\n;;\n;5;\nb;1;1\nc;1;1\n");
  CHECK(messages(s, Severity::kError).empty());
  CHECK(s.content.periods.at(0).results.size() == 3);
  const auto warnings = messages(s, Severity::kWarning);
  CHECK(std::count(warnings.begin(), warnings.end(),
                   "periods/p1/results.csv:4:1: warning: row without a unit id skipped: its "
                   "scores are not read") == 1);
  CHECK(std::none_of(warnings.begin(), warnings.end(), [](const std::string& w) {
    return w.starts_with("periods/p1/results.csv:3:");
  }));
}

TEST_CASE("CSV: a unit with every score, target and note cell empty is not scored yet") {
  // As a workbook's row already was (a CSV saved from a template lists every unit).
  Loaded l = with_csv("unit,name,I.1,I.2,note\na,Đơn vị A,1,2,\nb,Đơn vị B,,,\nc,Đơn vị C,1,1,\n");
  CHECK(messages(l, Severity::kError).empty());
  CHECK(result_of(l, "a"));
  CHECK_FALSE(result_of(l, "b"));  // not a result of zeros
  CHECK(result_of(l, "c"));
  const auto warnings = messages(l, Severity::kWarning);
  CHECK(std::none_of(warnings.begin(), warnings.end(), [](const std::string& w) {
    return w.starts_with("periods/p1/results.csv:3:");  // no "missing I.1, I.2" for b
  }));
}

TEST_CASE("files office machines leave behind are not listed") {
  for (const char* name : {"~$diem.xlsx", ".~lock.diem.xlsx#", "Thumbs.db", "thumbs.db",
                           "desktop.ini", "Desktop.ini", ".DS_Store"})
    CHECK_MESSAGE(is_office_leftover(name), name);
  for (const char* name : {"diem.xlsx", ".~lock.diem.xlsx", "a~$b.xlsx", "Thumbs.db.bak",
                           "desktop.ini.txt", "DS_Store"})
    CHECK_FALSE_MESSAGE(is_office_leftover(name), name);
  auto files = valid_files();
  const std::size_t before = load_content(MemoryTree(files)).diags.items().size();
  files["periods/p1/results/~$diem.xlsx"] = "owner";
  files["periods/p1/.~lock.results.csv#"] = "lock";
  files["static/Thumbs.db"] = "thumbnails";
  files["documents/desktop.ini"] = "[.ShellClassInfo]";
  files[".DS_Store"] = "finder";
  Loaded l = load_content(MemoryTree(files));
  CHECK(l.diags.items().size() == before);  // no warning, no error
  CHECK(l.content.static_files.empty());    // not published
}
