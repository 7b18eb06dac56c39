// The results cache: entries read back as written, damaged ones refused,
// and a load from it the same as a load from the files.
#include "load/results_cache.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "load/load.hpp"
#include "load/load_test_content.hpp"
#include "model/records.hpp"
#include "platform/files.hpp"

using namespace thidua;
using namespace thidua::load;
using namespace thidua::load::test;
namespace fs = std::filesystem;

namespace {

/// Every field of a result, as text: two results alike give the same.
std::string everything(const Result& r) {
  std::string s = records::hex(records::hash_of(r)) + '|' + r.unit;
  for (const auto* p : {&r.pos, &r.unit_pos})
    s += '|' + p->path + ':' + std::to_string(p->line) + ':' + std::to_string(p->column);
  s += '|' + r.unit_cell + '|' + r.unit_sheet + '|';
  for (const auto& [k, v] : r.self_scores) s += k + '=' + std::to_string(v) + ',';
  for (const auto& [k, v] : r.internal) s += k + '=' + v + ',';
  return s;
}

std::string everything(const std::vector<Result>& results) {
  std::string s;
  for (const auto& r : results) s += everything(r) + '\n';
  return s;
}

Result full() {
  Result r;
  r.unit = "doan-xa-an-binh";
  r.scores = {{"I.1", 950}, {"I.2", -25}, {"T.1", 0}};
  r.targets = {{"ty-le", 8650}};
  r.grade_override = GradeOverride{"tot", "Quyết định 12-QĐ/ĐTN"};
  r.evidence = {{"I.1", {"https://a.example/1", "https://a.example/2"}}, {"I.2", {}}};
  r.note = "Ghi chú: \"có\"\nhai dòng";
  r.self_scores = {{"I.1", 1000}};
  r.internal = {{"assessor_note", "đạt"}, {"phone", ""}};
  r.pos = {"periods/2024-h1/results.xlsx", 7, -1};
  r.unit_pos = {"periods/2024-h1/results.xlsx", 7, 2};
  r.unit_cell = "B7";
  r.unit_sheet = "Kết quả";
  return r;
}

}  // namespace

TEST_CASE("results cache: an entry reads back every field of every result") {
  std::vector<Result> results{full(), Result{}, full()};
  results[2].unit = "b";
  results[2].grade_override.reset();
  const std::string bytes = encode_results(results);
  const auto back = decode_results(bytes);
  REQUIRE(back);
  CHECK(everything(*back) == everything(results));
  CHECK(back->at(0).evidence == results[0].evidence);
  CHECK(back->at(0).grade_override->reason == "Quyết định 12-QĐ/ĐTN");
  CHECK_FALSE(back->at(2).grade_override);
  CHECK(decode_results(encode_results({}))->empty());
}

TEST_CASE("results cache: a result with the keys of the one before is written without them") {
  const std::size_t one = encode_results({full()}).size();
  Result b = full();
  b.unit = "b";
  const std::size_t two = encode_results({full(), b}).size();
  const std::size_t fixed = 17 + 1 + 32;  // "thidua results 2\n", the count, the checksum
  // The second result is the first without the keys of its scores, targets
  // and self scores (I.1, I.2, T.1; ty-le; I.1: each a length byte and its
  // bytes, 22 in all), and with an id 14 bytes shorter.
  CHECK(two - one == one - fixed - 22 - 14);
  const auto back = decode_results(encode_results({full(), b}));
  REQUIRE(back);
  CHECK(everything(*back) == everything(std::vector<Result>{full(), b}));
}

TEST_CASE("results cache: an entry cut short or with any byte changed is refused") {
  const std::string bytes = encode_results({full(), full()});
  for (std::size_t n = 0; n < bytes.size(); ++n)
    CHECK_FALSE(decode_results(std::string_view(bytes).substr(0, n)));
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string changed = bytes;
    changed[i] = static_cast<char>(changed[i] ^ 0x20);
    CHECK_FALSE(decode_results(changed));
  }
  CHECK_FALSE(decode_results(bytes + "x"));
}

TEST_CASE("results cache: a load from it is the load from the files; what changed is read") {
  const fs::path folder =
      platform::make_temp_folder(fs::temp_directory_path(), "thidua-rc-", nullptr);
  REQUIRE(!folder.empty());
  auto files = valid_files();
  // A draft without results: nothing to keep for it.
  files["periods/p2/period.json"] = R"({ "id": "p2", "title": "Cả năm", "start": "2024-07-01",
    "end": "2024-12-31", "scheme": "s1", "status": "draft" })";
  const Loaded parsed = load_content(MemoryTree(files));
  REQUIRE_FALSE(parsed.diags.has_errors());
  REQUIRE(parsed.content.periods.size() == 2);
  {
    const ResultsCache first(folder / "cache", "program 1");
    const Loaded a = load_content(MemoryTree(files), nullptr, &first);
    CHECK(first.found() == 0);
    CHECK(first.put_count() == 1);  // the one period with results
    CHECK(everything(a.content.periods.at(0).results) ==
          everything(parsed.content.periods.at(0).results));
  }
  {
    const ResultsCache second(folder / "cache", "program 1");
    const Loaded b = load_content(MemoryTree(files), nullptr, &second);
    CHECK(second.found() == 1);
    CHECK(second.put_count() == 0);
    CHECK(everything(b.content.periods.at(0).results) ==
          everything(parsed.content.periods.at(0).results));
    CHECK(b.diags.items().size() == parsed.diags.items().size());
  }
  // Another program, a clean build, a unit's name, the results: read anew.
  CHECK(ResultsCache(folder / "cache", "program 2").key({"x"}) !=
        ResultsCache(folder / "cache", "program 1").key({"x"}));
  const auto loads_from_cache = [&](const std::map<std::string, std::string>& f, bool read) {
    const ResultsCache c(folder / "cache", "program 1", read);
    load_content(MemoryTree(f), nullptr, &c);
    return c.found() == 1;
  };
  CHECK(loads_from_cache(files, true));
  CHECK_FALSE(loads_from_cache(files, false));
  auto renamed = files;
  renamed["units.json"].replace(renamed["units.json"].find("Đoàn C"), 6, "Đoàn D");
  CHECK_FALSE(loads_from_cache(renamed, true));
  auto rescored = files;
  rescored["periods/p1/results.json"].replace(
      rescored["periods/p1/results.json"].find("\"I.1\": 7"), 8, "\"I.1\": 6");
  CHECK_FALSE(loads_from_cache(rescored, true));
  CHECK(loads_from_cache(rescored, true));  // kept by the load before
  fs::remove_all(folder);
}

TEST_CASE("results cache: results whose loading said anything are not kept") {
  const fs::path folder =
      platform::make_temp_folder(fs::temp_directory_path(), "thidua-rc-", nullptr);
  REQUIRE(!folder.empty());
  auto files = valid_files();
  // A unit the units do not have: an error, said again at every load.
  files["periods/p1/results.json"] =
      R"({ "results": [ { "unit": "x", "scores": { "I.1": 1 } } ] })";
  for (int i = 0; i < 2; ++i) {
    const ResultsCache c(folder / "cache", "program 1");
    const Loaded l = load_content(MemoryTree(files), nullptr, &c);
    CHECK(l.diags.has_errors());
    CHECK(c.found() == 0);
    CHECK(c.put_count() == 0);
  }
  fs::remove_all(folder);
}

TEST_CASE("results cache: trimmed oldest first, never what this load used") {
  const fs::path folder =
      platform::make_temp_folder(fs::temp_directory_path(), "thidua-rc-", nullptr);
  REQUIRE(!folder.empty());
  const ResultsCache old(folder, "program 1");
  const std::vector<Result> results{full()};
  for (const char* k : {"a", "b", "c"}) old.put(old.key({k}), results);
  const std::uintmax_t entry = fs::file_size(folder / old.key({"a"}));
  fs::path foreign = folder / "notes.txt";
  platform::Folder::open(folder, true, nullptr).write_file("notes.txt", "keep me", nullptr);
  // An entry another build is writing now: left to it (one a day old would go).
  const std::string writing = "." + old.key({"d"}) + ".abc123";
  platform::Folder::open(folder, true, nullptr).write_file(writing, "half", nullptr);
  const ResultsCache now(folder, "program 1");
  REQUIRE(now.find(old.key({"a"})));  // used now, though the oldest
  now.trim(entry);                    // room for one
  CHECK(fs::exists(folder / old.key({"a"})));
  CHECK_FALSE(fs::exists(folder / old.key({"b"})));
  CHECK_FALSE(fs::exists(folder / old.key({"c"})));
  CHECK(fs::exists(foreign));  // not an entry: left alone
  CHECK(fs::exists(folder / writing));
  fs::remove_all(folder);
}
