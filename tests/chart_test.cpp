// The charts' markup, kind by kind, against reviewed golden files.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "built_site.hpp"

using namespace thidua;

TEST_CASE("each kind of chart is its reviewed golden file") {
  // tests/broken/_base: three units, two of them in cluster k1, two periods.
  // THIDUA_UPDATE_GOLDEN=1 rewrites the files; review the diff before
  // committing it (each bar is one line: its label, length and value).
  const std::filesystem::path src = std::filesystem::path(THIDUA_SOURCE_DIR);
  load::DiskTree tree(src / "tests/broken/_base");
  const test::Files f = test::build_site(tree, Profile::kPublic);
  const std::vector<std::tuple<std::string, std::string, std::string>> charts = {
      {"ranking", "periods/p2/index.html", "chart-cluster-1"},
      {"grades", "periods/p2/index.html", "chart-grades"},
      {"sections", "periods/p2/index.html", "chart-sections"},
      {"unit-sections", "periods/p2/units/a/index.html", "chart-unit-sections"},
      {"history", "units/a/index.html", "chart-history"}};
  const bool update = std::getenv("THIDUA_UPDATE_GOLDEN") != nullptr;
  for (const auto& chart : charts) {  // no structured binding: clang 14 cannot capture one
    const auto& [kind_, page, id] = chart;
    const std::string kind = kind_;
    const std::string got = test::chart_html(f.at(page), id) + "</figure>\n";
    const std::filesystem::path golden = src / "tests/golden/charts" / (kind + ".html");
    if (update) {
      std::filesystem::create_directories(golden.parent_path());
      std::ofstream(golden, std::ios::binary) << got;
    }
    std::ifstream in(golden, std::ios::binary);
    const std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_MESSAGE(got == want, kind << " chart differs from " << golden.string());
  }
}

TEST_CASE("a unit's profile shows its history as a table and a chart") {
  const std::string& html = test::sample(Profile::kPublic).at("units/cuc-thue/index.html");
  // 2024-h1, 2024 and 2025-h1 (2025 is a draft): a row and a bar each; in
  // 2025-h1 Cục Thuế has 100 of 100 points and is 2nd.
  const std::string chart = test::chart_html(html, "chart-history");
  CHECK(test::count(chart, "class=\"bar-row\"") == 3);
  CHECK(chart.find("<span class=\"bar-label\">6 tháng đầu năm 2025</span>") != std::string::npos);
  CHECK(chart.find("width=\"100%\" height=\"14\"/>") != std::string::npos);
  CHECK(chart.find("100 · hạng 2") != std::string::npos);
  CHECK(test::count(html, "<td class=\"num\" data-label=\"Tổng điểm\">100 / 100</td>") == 1);
}
