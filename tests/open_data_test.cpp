// The open data a build writes: results.csv and results.json of the sample.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "built_site.hpp"

using namespace thidua;
using test::sample;

namespace {

/// The cells of the results.csv row of `unit`, by column name (a plain
/// split: the sample's names and reasons hold no quote; the reason's comma
/// is inside its quotes and joined back).
std::map<std::string, std::string> csv_row(const std::string& csv, const std::string& unit) {
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else if (c != '\r') {
        cell += c;
      }
    }
    cells.push_back(cell);
    return cells;
  };
  std::istringstream in(csv.substr(3));  // past the BOM
  std::string line;
  std::getline(in, line);
  const auto header = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    if (cells.at(0) != unit) continue;
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = cells.at(i);
    return row;
  }
  return {};
}

}  // namespace

TEST_CASE("results.csv explains each total: sections after their caps, the grade and its reason") {
  const test::Files& f = sample(Profile::kPublic);
  // 2024-h1: thanh-tra's bonus criteria give 3 + 3, the bonus section is
  // capped at 5 (schemes/2024.json); its total is 18.25 + 28.5 + 33 + 14.25 + 5.
  auto r = csv_row(f.at("data/2024-h1/results.csv"), "thanh-tra");
  REQUIRE_FALSE(r.empty());
  CHECK(r["T.1"] == "3");
  CHECK(r["T.2"] == "3");
  CHECK(r["section:T"] == "5");
  CHECK(r["section:I"] == "18.25");
  CHECK(r["section:P"] == "0");
  CHECK(r["total"] == "99");
  CHECK(r["grade_label"] == "Hoàn thành xuất sắc nhiệm vụ");
  CHECK(r["grade_reason"] == "");
  // 2025-h1: cuc-thue's grade is overridden, with its reason.
  auto o = csv_row(f.at("data/2025-h1/results.csv"), "cuc-thue");
  REQUIRE_FALSE(o.empty());
  CHECK(o["grade_reason"] ==
        "Có 01 đoàn viên bị xử lý kỷ luật khiển trách trong kỳ, không xét mức Hoàn thành xuất "
        "sắc nhiệm vụ.");
}

TEST_CASE("results.json is written a result at a time, in exactly the text of one dump") {
  load::DiskTree disk(std::filesystem::path(THIDUA_SOURCE_DIR) / "content");
  Diagnostics ignored;
  load::MemoryTree tree;
  for (const auto& path : disk.list(ignored)) tree.set(path, *disk.read(path));
  tree.set("periods/2026/period.json",  // a period whose results are still empty
           R"({"id": "2026", "title": "Năm 2026", "start": "2026-01-01", "end": "2026-12-31",
               "scheme": "2025", "status": "draft"})");
  tree.set("periods/2026/results.json", R"({"results": []})");
  int empty = 0, full = 0;
  for (const auto& [path, text] : test::build_site(tree, Profile::kIntranet)) {
    if (!path.starts_with("data/") || !path.ends_with("/results.json")) continue;
    const auto doc = nlohmann::ordered_json::parse(text);
    CHECK(doc.dump(2, ' ', false) + "\n" == text);
    (doc["results"].empty() ? empty : full)++;
  }
  CHECK(full > 0);
  CHECK(empty == 1);  // "results": [] has its own spelling
}

TEST_CASE("an override that keeps the grade keeps its reason in results.json, .csv and .xlsx") {
  load::DiskTree disk(std::filesystem::path(THIDUA_SOURCE_DIR) / "content");
  Diagnostics ignored;
  load::MemoryTree tree;
  for (const auto& path : disk.list(ignored)) tree.set(path, *disk.read(path));
  // cuc-thue's total gives "xuat-sac" (the sample overrides it to "tot"):
  // overridden to the grade it has anyway, with a reason.
  const std::string path = "periods/2025-h1/results/khoi-kinh-te.json";
  std::string text = *tree.read(path);
  const auto at = text.find("\"grade\": \"tot\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 14, "\"grade\": \"xuat-sac\"");
  tree.set(path, text);
  const auto f = test::build_site(tree, Profile::kPublic);
  const std::string reason =
      "Có 01 đoàn viên bị xử lý kỷ luật khiển trách trong kỳ, không xét mức Hoàn thành xuất sắc "
      "nhiệm vụ.";
  const auto row = csv_row(f.at("data/2025-h1/results.csv"), "cuc-thue");
  CHECK(row.at("grade") == "xuat-sac");
  CHECK(row.at("grade_reason") == reason);
  const auto json = nlohmann::json::parse(f.at("data/2025-h1/results.json"));
  for (const auto& r : json["results"])
    if (r["unit"] == "cuc-thue") CHECK(r["grade_reason"] == reason);
  // The workbook (unpacked by build_site) holds the reason as a text.
  CHECK(f.at("data/2025-h1/results.xlsx").find(reason) != std::string::npos);
}
