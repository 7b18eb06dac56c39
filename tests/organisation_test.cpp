// The organisation changes, history does not (units.json "changes"): each
// period is shown with the units as they stood at its end.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "built_site.hpp"
#include "load/load.hpp"
#include "load/load_test_content.hpp"
#include "load/source_tree.hpp"
#include "pipeline/inputs.hpp"
#include "pipeline/pipeline.hpp"

using namespace thidua;
using ordered = nlohmann::ordered_json;

namespace {

/// The sample content folder, in memory.
load::MemoryTree sample_tree() {
  load::DiskTree disk(std::filesystem::path(THIDUA_SOURCE_DIR) / "content");
  Diagnostics ignored;
  load::MemoryTree tree;
  for (const auto& path : disk.list(ignored)) tree.set(path, *disk.read(path));
  return tree;
}

/// The files of `files` under `prefix` (a period's pages, its open data).
test::Files under(const test::Files& files, const std::string& prefix) {
  test::Files out;
  for (const auto& [path, bytes] : files)
    if (path.starts_with(prefix)) out.emplace(path, bytes);
  return out;
}

/// The first path whose bytes differ between `a` and `b` (or that only one
/// has), for messages; "" when they are the same.
std::string first_difference(const test::Files& a, const test::Files& b) {
  for (const auto& [path, bytes] : a)
    if (!b.count(path) || b.at(path) != bytes) return path;
  for (const auto& [path, bytes] : b)
    if (!a.count(path)) return path;
  return "";
}

/// `tree` with random changes (a new name, another cluster, a new short name)
/// to `count` random units, each dated `from`, drawn from `seed`.
load::MemoryTree with_changes(const load::MemoryTree& tree, unsigned seed, int count,
                              const std::string& from) {
  std::mt19937 random(seed);
  ordered units = ordered::parse(*tree.read("units.json"));
  auto& list = units["units"];
  std::vector<std::string> clusters;
  for (const auto& c : units["clusters"]) clusters.push_back(c["id"]);
  for (int i = 0; i < count; ++i) {
    auto& u = list[random() % list.size()];
    ordered change = {{"from", from}};
    switch (random() % 3) {
      case 0:
        change["name"] = u["name"].get<std::string>() + " (mới " + std::to_string(i) + ")";
        break;
      case 1:
        change["cluster"] = clusters[random() % clusters.size()];
        break;
      default:
        change["short_name"] = "ĐV " + std::to_string(i);
        change["name"] = "Đơn vị đổi tên " + std::to_string(i);
        change["cluster"] = clusters[random() % clusters.size()];
    }
    if (u.contains("changes"))  // one change a date: merged into it
      for (auto& c : u["changes"])
        if (c["from"] == from) {
          for (auto& [k, v] : change.items()) c[k] = v;
          change = nullptr;
        }
    if (!change.is_null()) u["changes"].push_back(change);
  }
  load::MemoryTree out = tree;
  out.set("units.json", units.dump(2));
  return out;
}

/// The test folder `files` with unit "c" renamed "Đoàn cơ sở C" from `from`.
std::map<std::string, std::string> renamed_from(std::map<std::string, std::string> files,
                                                const std::string& from) {
  const std::string unit = R"({ "id": "c", "name": "Đoàn C" })";
  std::string& units = files["units.json"];
  REQUIRE(units.find(unit) != std::string::npos);
  units.replace(units.find(unit), unit.size(),
                R"({ "id": "c", "name": "Đoàn C", "changes": [ { "from": ")" + from +
                    R"(", "name": "Đoàn cơ sở C" } ] })");
  return files;
}

}  // namespace

TEST_CASE("changes dated after a period never change a byte of its pages or open data") {
  // A property over random changes: dated after 2024's end (but before the
  // sample's own, of 2025-07-01), they leave 2024 and 2024-h1 as they were,
  // in both profiles; dated within 2024, they change 2024's pages.
  const load::MemoryTree tree = sample_tree();
  for (const Profile profile : {Profile::kPublic, Profile::kIntranet}) {
    const test::Files before = test::build_site(tree, profile);
    for (unsigned seed = 1; seed <= 3; ++seed) {
      INFO("seed " << seed);
      const test::Files after =
          test::build_site(with_changes(tree, seed, 6, "2025-01-01"), profile);
      for (const char* period : {"2024", "2024-h1"}) {
        const auto pages = std::string("periods/") + period + "/";
        const auto data = std::string("data/") + period + "/";
        CHECK(first_difference(under(before, pages), under(after, pages)) == "");
        CHECK(first_difference(under(before, data), under(after, data)) == "");
        CHECK(under(before, pages).size() > 40);
      }
      CHECK(under(before, "periods/2025-h1/") != under(after, "periods/2025-h1/"));
    }
    const test::Files within = test::build_site(with_changes(tree, 7, 6, "2024-10-01"), profile);
    CHECK(under(before, "periods/2024/") != under(within, "periods/2024/"));
    CHECK(under(before, "periods/2024-h1/") == under(within, "periods/2024-h1/"));
  }
}

TEST_CASE("a renamed unit: its past scorecard keeps its old name, its page the name of now") {
  // kho-bac is "Chi đoàn cơ sở Kho bạc Nhà nước Thành phố" in the khoi-kinh-te
  // cluster until it becomes "… Khu vực XVII" in khoi-noi-chinh; moved to
  // 2025-01-01 here, 2025-h1 (ending 2025-06-30, the latest published period)
  // is its first period under the new name.
  load::MemoryTree tree = sample_tree();
  std::string units = *tree.read("units.json");
  const std::string from = R"("from": "2025-07-01", "name": "Chi đoàn cơ sở Kho bạc)";
  REQUIRE(units.find(from) != std::string::npos);
  units.replace(units.find(from), from.size(),
                R"("from": "2025-01-01", "name": "Chi đoàn cơ sở Kho bạc)");
  tree.set("units.json", units);
  const test::Files site = test::build_site(tree, Profile::kPublic);
  const std::string old_name = "Chi đoàn cơ sở Kho bạc Nhà nước Thành phố";
  const std::string new_name = "Chi đoàn cơ sở Kho bạc Nhà nước Khu vực XVII";
  const std::string& card_2024 = site.at("periods/2024/units/kho-bac/index.html");
  CHECK(card_2024.find(old_name) != std::string::npos);
  CHECK(card_2024.find(new_name) == std::string::npos);
  const std::string& card_2025 = site.at("periods/2025-h1/units/kho-bac/index.html");
  CHECK(card_2025.find(new_name) != std::string::npos);
  CHECK(card_2025.find(old_name) == std::string::npos);
  // Its cluster then: 2024's economic cluster lists it, 2025-h1's does not.
  CHECK(site.at("periods/2024/clusters/khoi-kinh-te/index.html").find("kho-bac") !=
        std::string::npos);
  CHECK(site.at("periods/2025-h1/clusters/khoi-kinh-te/index.html").find("kho-bac") ==
        std::string::npos);
  CHECK(site.at("periods/2025-h1/clusters/khoi-noi-chinh/index.html").find("kho-bac") !=
        std::string::npos);
  // Its page: the name of now, and on each older row the name it had.
  const std::string& page = site.at("units/kho-bac/index.html");
  CHECK(page.find("<h1>" + new_name) != std::string::npos);
  CHECK(test::count(page, "khi đó là " + old_name) == 2);  // the rows of 2024-h1 and 2024
  // Open data of a past period: the name and cluster of then.
  const std::string& csv_2024 = site.at("data/2024/results.csv");
  const auto row = csv_2024.find("\nkho-bac,");
  REQUIRE(row != std::string::npos);
  CHECK(csv_2024.substr(row, 80).find(old_name + ",khoi-kinh-te,") != std::string::npos);
}

TEST_CASE("a seal covers the organisation at its period's end: later changes keep it") {
  using load::test::valid_files;
  auto files = valid_files();
  const auto seal = [](const std::map<std::string, std::string>& f) {
    load::Loaded l = load::load_content(load::MemoryTree(f));
    REQUIRE_FALSE(l.diags.has_errors());
    return pipeline::period_seal(l.content.periods.at(0), l.content);
  };
  const std::string before = seal(files);
  CHECK(seal(renamed_from(files, "2024-07-01")) == before);  // after p1's end (2024-06-30)
  CHECK(seal(renamed_from(files, "2024-06-30")) != before);  // on its last day: it stood then
}

TEST_CASE("changes are checked: one a date, known clusters and parents") {
  using load::test::errors_with;
  const auto units = [](const std::string& changes) {
    return std::string(R"({ "clusters": [ { "id": "k1", "name": "Khối 1" } ], "units": [
    { "id": "a", "name": "Đoàn A", "cluster": "k1" },
    { "id": "b", "name": "Đoàn B", "parent": "a", "cluster": "k1",
      "internal": { "phone": "0900" } },
    { "id": "c", "name": "Đoàn C", "changes": )") +
           changes + " } ] }";
  };
  CHECK(load::test::starts_with(
      errors_with("units.json", units(R"([ { "from": "2025-01-01", "name": "X" },
      { "from": "2025-01-01", "cluster": "k1" } ])")),
      "units.json:6:17: error: unit \"c\" has two changes from 2025-01-01 (the first at line 5)"));
  CHECK(load::test::starts_with(
      errors_with("units.json", units(R"([ { "from": "2025-01-01", "cluster": "k9" } ])")),
      "units.json:5:84: error: unknown cluster \"k9\" of unit \"c\""));
  CHECK(load::test::starts_with(
      errors_with(
          "units.json",
          units(
              R"([ { "from": "2025-01-01", "parent": "zz" }, { "from": "2026-01-01", "name": "Y" } ])")),
      "units.json:5:83: error: unknown parent unit \"zz\" of \"c\""));
  CHECK(load::test::starts_with(errors_with("units.json", units(R"([ { "name": "Y" } ])")),
                                "units.json:5:49: error: missing required key \"from\""));
  // Back to no cluster and no parent: "".
  CHECK(errors_with("units.json",
                    units(R"([ { "from": "2025-01-01", "cluster": "", "parent": "" } ])"))
            .empty());
}

TEST_CASE("a merged unit's page continues its predecessors' history; theirs say what they became") {
  // The sample: so-tai-chinh-moi (from 2025-03-01) is formed by merging
  // so-ke-hoach and so-giao-thong (both to 2025-02-28).
  const test::Files& site = test::sample(Profile::kPublic);
  const std::string& merged = site.at("units/so-tai-chinh-moi/index.html");
  CHECK(merged.find("Đơn vị mới hợp nhất từ <a href=\"../../units/so-ke-hoach/index.html\">") !=
        std::string::npos);
  CHECK(merged.find("Kết quả của các đơn vị tiền thân") != std::string::npos);
  // Each predecessor's rows with their own totals, as their open data says.
  for (const char* period : {"2024-h1", "2024"}) {
    const std::string& csv = site.at(std::string("data/") + period + "/results.csv");
    const auto row = csv.find("\nso-ke-hoach,");
    REQUIRE(row != std::string::npos);
    // unit,name,cluster,total,…: the fourth field.
    std::string total = csv.substr(row + 1, csv.find('\n', row + 1) - row - 1);
    for (int i = 0; i < 3; ++i) total = total.substr(total.find(',') + 1);
    total = total.substr(0, total.find(','));
    std::replace(total.begin(), total.end(), '.', ',');
    INFO(period << ": " << total);
    CHECK(merged.find("../../periods/" + std::string(period) + "/units/so-ke-hoach/index.html") !=
          std::string::npos);
    CHECK(merged.find(">" + total + " / 100<") != std::string::npos);
  }
  // Against 2024-h1, in which it did not exist, its changes are null, its
  // predecessors' ranks notwithstanding.
  const auto data = nlohmann::json::parse(site.at("data/2025-h1/results.json"));
  bool found = false;
  for (const auto& r : data["results"])
    if (r["unit"] == "so-tai-chinh-moi") {
      found = true;
      CHECK(r["rank_change"].is_null());
      CHECK(r["total_change"].is_null());
    }
  CHECK(found);
  const std::string& gone = site.at("units/so-ke-hoach/index.html");
  CHECK(gone.find("Đã hợp nhất vào <a href=\"../../units/so-tai-chinh-moi/index.html\">") !=
        std::string::npos);
  // A split: so-van-hoa (to 2025-06-30) became so-van-hoa-the-thao and
  // so-du-lich (from 2025-07-01).
  const std::string& split = site.at("units/so-van-hoa/index.html");
  CHECK(split.find("Đã tách thành <a href=\"../../units/so-van-hoa-the-thao/index.html\">") !=
        std::string::npos);
  CHECK(split.find("<a href=\"../../units/so-du-lich/index.html\">") != std::string::npos);
  const std::string& part = site.at("units/so-du-lich/index.html");
  CHECK(part.find("Đơn vị tách từ <a href=\"../../units/so-van-hoa/index.html\">") !=
        std::string::npos);
  CHECK(part.find("../../periods/2024/units/so-van-hoa/index.html") != std::string::npos);
  // A unit with neither says neither.
  CHECK(site.at("units/kho-bac/index.html").find("class=\"lineage\"") == std::string::npos);
}

TEST_CASE("predecessors are checked: known, not itself, ended before the unit starts") {
  using load::test::errors_with;
  const auto units = [](const std::string& c, const std::string& d) {
    return R"({ "units": [ { "id": "a", "name": "A" }, { "id": "b", "name": "B" },
    { "id": "c", "name": "C")" +
           c + R"( },
    { "id": "d", "name": "D")" +
           d + " } ] }";
  };
  const std::string ended = R"(, "active": { "to": "2024-12-31" })";
  CHECK(errors_with("units.json", units(ended, R"(, "active": { "from": "2025-01-01" },
      "predecessors": ["c"])"))
            .empty());
  CHECK(load::test::has(
      errors_with("units.json", units(ended, R"(, "active": { "from": "2025-01-01" },
      "predecessors": ["x"])")),
      "units.json:4:24: error: unknown predecessor \"x\" of unit \"d\""));
  CHECK(load::test::has(
      errors_with("units.json", units("", R"(, "active": { "from": "2025-01-01" },
      "predecessors": ["c"])")),
      "units.json:4:24: error: predecessor \"c\" of unit \"d\" is still active on 2025-01-01"));
  CHECK(
      load::test::has(errors_with("units.json", units(ended, R"(, "predecessors": ["c"])")),
                      "units.json:3:48: error: unit \"d\" has predecessors (\"c\"…) but no start"));
  CHECK(load::test::has(
      errors_with("units.json", units(ended, R"(, "active": { "from": "2025-01-01" },
      "predecessors": ["d"])")),
      "units.json:4:24: error: unit \"d\" names itself among its predecessors"));
}

TEST_CASE("a cluster's dates: no unit is in it before it starts or after it ends") {
  using load::test::errors_with;
  const auto units = [](const std::string& cluster, const std::string& c) {
    return R"({ "clusters": [ { "id": "k1", "name": "Khối 1" },
    { "id": "k2", "name": "Khối 2")" +
           cluster + R"( } ], "units": [
    { "id": "a", "name": "Đoàn A", "cluster": "k1" }, { "id": "b", "name": "Đoàn B" },
    { "id": "c", "name": "Đoàn C")" +
           c + " } ] }";
  };
  const std::string ends = R"(, "active": { "to": "2024-12-31" })";
  // In k2 until it ends, then moved: fine; left in it: an error.
  CHECK(errors_with("units.json", units(ends, R"(, "cluster": "k2",
      "changes": [ { "from": "2025-01-01", "cluster": "k1" } ])"))
            .empty());
  CHECK(load::test::starts_with(
      errors_with("units.json", units(ends, R"(, "cluster": "k2",
      "changes": [ { "from": "2025-01-02", "cluster": "k1" } ])")),
      "units.json:4:47: error: cluster \"k2\" ends on 2024-12-31, but unit \"c\" is still in it"));
  CHECK(load::test::starts_with(errors_with("units.json", units(ends, R"(, "cluster": "k2")")),
                                "units.json:4:47: error: cluster \"k2\" ends on 2024-12-31"));
  // A unit that ends with it is fine.
  CHECK(errors_with("units.json",
                    units(ends, R"(, "cluster": "k2", "active": { "to": "2024-12-31" })"))
            .empty());
  // Moved into a cluster before it starts.
  CHECK(load::test::starts_with(
      errors_with("units.json",
                  units(R"(, "active": { "from": "2025-01-01" })",
                        R"(, "changes": [ { "from": "2024-12-01", "cluster": "k2" } ])")),
      "units.json:4:49: error: cluster \"k2\" starts on 2025-01-01, but unit \"c\" is in it "
      "before"));
}

TEST_CASE("no cycle of parents on the day of a change") {
  using load::test::errors_with;
  // From 2025-01-01 a's parent is b, whose parent is a.
  const std::string units = R"({ "units": [
    { "id": "a", "name": "Đoàn A", "changes": [ { "from": "2025-01-01", "parent": "b" } ] },
    { "id": "b", "name": "Đoàn B", "parent": "a" },
    { "id": "c", "name": "Đoàn C" } ] })";
  CHECK(load::test::starts_with(
      errors_with("units.json", units),
      "units.json:2:49: error: from 2025-01-01, units are their own ancestors: a → b → a"));
  // Moved the other way the same day: no cycle.
  std::string fine = units;
  const std::string from = R"({ "id": "b", "name": "Đoàn B", "parent": "a" })";
  fine.replace(fine.find(from), from.size(),
               R"({ "id": "b", "name": "Đoàn B", "parent": "a",
      "changes": [ { "from": "2025-01-01", "parent": "" } ] })");
  CHECK(errors_with("units.json", fine).empty());
}

TEST_CASE(
    "a sealed period: a change after it keeps the build going, one within it needs a correction") {
  using load::test::valid_files;
  auto files = valid_files();
  load::Loaded l = load::load_content(load::MemoryTree(files));
  REQUIRE_FALSE(l.diags.has_errors());
  const std::string seal = pipeline::period_seal(l.content.periods.at(0), l.content);
  std::string& period = files["periods/p1/period.json"];
  const std::string published = R"("status": "published")";
  REQUIRE(period.find(published) != std::string::npos);
  period.replace(period.find(published), published.size(),
                 R"("status": "archived", "sealed": ")" + seal + "\"");
  const auto errors = [](const std::map<std::string, std::string>& f) {
    pipeline::Pipeline b(load::MemoryTree(f), {.profile = Profile::kIntranet});
    std::string out;
    for (const auto& d : b.diags().items())
      if (d.severity == Severity::kError) out += format_diagnostic(d) + "\n";
    return out;
  };
  CHECK(errors(files) == "");
  CHECK(errors(renamed_from(files, "2024-07-01")) == "");
  CHECK(errors(renamed_from(files, "2024-03-01"))
            .find("period \"p1\" is sealed, but its results, "
                  "inspections, units or scheme changed") != std::string::npos);
}
