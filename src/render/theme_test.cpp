#include "render/theme.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "render/embedded.hpp"

using namespace thidua;

TEST_CASE("the binary carries the default theme and the pinned Chart.js") {
  render::Theme theme(nullptr, "default");
  auto chart = theme.file("assets/chart.umd.min.js");
  REQUIRE(chart);
  CHECK(chart->size() > 100000);
  CHECK(chart->find("Chart.js v4.") != std::string::npos);
  auto vi = theme.file("i18n/vi.json");
  REQUIRE(vi);
  CHECK(vi->find("Xếp loại") != std::string::npos);
  CHECK_FALSE(theme.file("i18n/fr.json"));
  const auto files = render::embedded_files();
  CHECK(std::is_sorted(files.begin(), files.end(),
                       [](const auto& a, const auto& b) { return a.path < b.path; }));
}

TEST_CASE("a content folder's theme overrides built-in files one by one") {
  const std::map<std::string, std::string> own = {{"i18n/vi.json", "{\"grade\": \"Phân loại\"}"},
                                                  {"assets/extra.css", "body{}"}};
  render::Theme theme(&own, "default");
  CHECK(theme.file("i18n/vi.json") == "{\"grade\": \"Phân loại\"}");
  CHECK(theme.file("i18n/en.json")->find("Grade") != std::string::npos);  // still built in
  auto assets = theme.list("assets/");
  CHECK(std::find(assets.begin(), assets.end(), "assets/extra.css") != assets.end());
  CHECK(std::find(assets.begin(), assets.end(), "assets/chart.umd.min.js") != assets.end());
  CHECK(std::is_sorted(assets.begin(), assets.end()));

  const std::map<std::string, std::string> other = {{"i18n/vi.json", "{}"}};
  render::Theme custom(&other, "other");  // a theme of its own falls back to the default
  CHECK(custom.file("i18n/vi.json") == "{}");
  CHECK(custom.file("i18n/en.json"));
}
