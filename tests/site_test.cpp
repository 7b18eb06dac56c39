// Structural tests of the built site: every page type on the sample content,
// links that resolve, numbers that match the model, and escaping.
#include <doctest/doctest.h>

#include <sstream>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "built_site.hpp"
#include "load/json_tree.hpp"
#include "load/source_tree.hpp"
#include "pipeline/pipeline.hpp"
#include "render/embedded.hpp"
#include "site/format.hpp"
#include "site/plan.hpp"
#include "site/search.hpp"
#include "text/fold.hpp"
#include "text/utf8.hpp"
#include "unzipped.hpp"

#include <openssl/evp.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

using namespace thidua;

namespace {

using test::build_site;
using test::chart_html;
using test::count;
using test::Files;
using test::sample;

std::string unescape_attr(std::string s) {
  for (std::size_t i; (i = s.find("&amp;")) != std::string::npos;) s.replace(i, 5, "&");
  return s;
}

/// Resolves a relative link of the page at `from` ("a/b/index.html").
std::string resolve(const std::string& from, std::string link) {
  if (auto hash = link.find('#'); hash != std::string::npos) link.resize(hash);
  std::vector<std::string> parts;
  std::string dir = from.substr(0, from.rfind('/') == std::string::npos ? 0 : from.rfind('/'));
  std::string all = dir.empty() ? link : dir + "/" + link;
  std::string seg;
  for (std::size_t i = 0; i <= all.size(); ++i) {
    if (i == all.size() || all[i] == '/') {
      if (seg == "..") {
        if (parts.empty()) return "<outside>";
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.push_back(seg);
      }
      seg.clear();
    } else {
      seg += all[i];
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string first_error(const Diagnostics& diags) {
  for (const auto& d : diags.items())
    if (d.severity == Severity::kError) return format_diagnostic(d);
  return "";
}

}  // namespace

TEST_CASE("the sample site has every page type of the contract") {
  const Files& f = sample(Profile::kPublic);
  for (const char* p : {"index.html", "periods/index.html", "periods/2025-h1/index.html",
                        "periods/2025-h1/units/cuc-thue/index.html", "units/index.html",
                        "units/cuc-thue/index.html", "documents/index.html",
                        "documents/ke-hoach-kiem-tra-6-thang-2025/index.html",
                        "gioi-thieu/index.html", "periods/2025-h1/clusters/khoi-kinh-te/index.html",
                        "huong-dan/doc-ket-qua/index.html", "404.html", "robots.txt", "sitemap.xml",
                        "feed.xml", "data/2025-h1/results.json", "data/2025-h1/results.csv"})
    CHECK_MESSAGE(f.count(p), p);
  CHECK_FALSE(f.count("periods/2025/index.html"));  // a draft, public build
}

TEST_CASE("every internal link resolves to a built file, naming index.html") {
  // Without base_url there is no feed.xml (nor sitemap.xml): nothing links it.
  for (auto [profile, base_url] :
       {std::pair{Profile::kPublic, true}, {Profile::kIntranet, true}, {Profile::kPublic, false}}) {
    const Files& f = sample(profile, base_url);
    CHECK(f.count("feed.xml") == (base_url ? 1 : 0));
    const std::regex link(R"re((?:href|src)="([^"]*)")re");
    int checked = 0;
    for (const auto& kv : f) {
      const std::string& path = kv.first;
      const std::string& html = kv.second;
      if (!path.ends_with(".html") || path == "404.html") continue;
      for (std::sregex_iterator it(html.begin(), html.end(), link), end; it != end; ++it) {
        const std::string url = unescape_attr((*it)[1]);
        if (url.starts_with("http://") || url.starts_with("https://") ||
            url.starts_with("mailto:") || url.starts_with("tel:") || url.starts_with("#"))
          continue;
        CHECK_MESSAGE(url.find("://") == std::string::npos, path << ": " << url);
        CHECK_MESSAGE(!url.starts_with("/"), path << ": root-relative " << url);
        const std::string target = resolve(path, url);
        CHECK_MESSAGE(f.count(target), path << ": broken link " << url);
        ++checked;
      }
    }
    CHECK(checked > 1000);
  }
}

TEST_CASE("the dashboard shows every ranked unit with its total and grade") {
  const Files& f = sample(Profile::kPublic);
  const std::string& html = f.at("periods/2025-h1/index.html");
  // One ranking row per ranked unit (43 in the sample) and one schedule row
  // per visit (4), each linking to a scorecard.
  CHECK(count(html, "<th scope=\"row\"><a href=\"../../periods/2025-h1/units/") == 43 + 4);
  // Cục Thuế: 100 points, graded "tốt" by override, 2nd overall.
  CHECK(html.find("<a href=\"../../periods/2025-h1/units/cuc-thue/index.html\">Đoàn cơ sở Cục Thuế "
                  "Thành phố</a></th>\n"
                  "  <td class=\"num\">100</td>") != std::string::npos);
  CHECK(html.find("Khối Đảng, Mặt trận và đoàn thể") != std::string::npos);
  CHECK(html.find("data/2025-h1/results.csv") != std::string::npos);
  // Cluster 1's chart, drawn in the page: a bar per ranked unit, as long as
  // its total is of the maximum 100 (Cục Thuế 100 is in cluster 2: 100%).
  const std::string ranking = chart_html(html, "chart-cluster-1");
  CHECK(ranking.find("role=\"img\" aria-label=\"Biểu đồ xếp hạng: ") != std::string::npos);
  CHECK(count(ranking, "class=\"bar-row\"") ==
        count(html.substr(0, html.find("chart-cluster-2")), "<th scope=\"row\"><a href="));
  CHECK(chart_html(html, "chart-cluster-2").find("width=\"100%\" height=\"14\"/>") !=
        std::string::npos);
  CHECK(html.find("<rect class=\"fill g") != std::string::npos);
  CHECK(html.find("fill=\"url(#hatch-g1)\"") != std::string::npos);
  CHECK(html.find("<pattern id=\"hatch-g1\"") != std::string::npos);
  // No script draws anything: no chart library, no chart data.
  CHECK(html.find("chart.umd") == std::string::npos);
  CHECK(html.find("application/json") == std::string::npos);
  CHECK(html.find("Lịch kiểm tra") != std::string::npos);
  // Vietnamese number format.
  CHECK(html.find("79,87") != std::string::npos);
}

TEST_CASE("a cluster of more than 20 shows its top 10 on the dashboard, all on its own page") {
  // Khối lớn: 25 units u01..u25 scoring 99, 98, …, 75; Khối nhỏ: 3 units.
  std::string units = R"({"clusters": [{"id": "khoi-lon", "name": "Khối lớn"},
                                         {"id": "khoi-nho", "name": "Khối nhỏ"}], "units": [)";
  std::string results = R"({"results": [)";
  for (int i = 1; i <= 28; ++i) {
    const std::string id = (i < 10 ? "u0" : "u") + std::to_string(i);
    const std::string sep = i > 1 ? "," : "";
    units += sep + R"({"id": ")" + id + R"(", "name": "Đoàn )" + id + R"(", "cluster": ")" +
             (i <= 25 ? "khoi-lon" : "khoi-nho") + "\"}";
    results +=
        sep + R"({"unit": ")" + id + R"(", "scores": {"I.1": )" + std::to_string(100 - i) + "}}";
  }
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Thi đua", "organization": "Tỉnh đoàn"})");
  t.set("units.json", units + "]}");
  t.set("schemes/s.json", R"({"id": "s", "title": "Thang điểm", "sections": [{"id": "I",
    "title": "Công tác", "criteria": [{"id": "I.1", "title": "Kết quả", "max": 100}]}],
    "grades": [{"id": "tot", "label": "Tốt", "min": 90}, {"id": "kha", "label": "Khá", "min": 0}]})");
  t.set("periods/p/period.json", R"({"id": "p", "title": "Năm 2024", "start": "2024-01-01",
    "end": "2024-12-31", "scheme": "s", "status": "published"})");
  t.set("periods/p/results.json", results + "]}");
  std::string diags;
  const Files f = test::build_site(t, Profile::kPublic, &diags);
  REQUIRE_MESSAGE(f.count("periods/p/index.html"), diags);
  const std::string& dash = f.at("periods/p/index.html");
  const std::string big =
      dash.substr(dash.find("id=\"khoi-khoi-lon\""),
                  dash.find("id=\"khoi-khoi-nho\"") - dash.find("id=\"khoi-khoi-lon\""));
  // The top 10 (99 … 90), in chart and table; the finding is the whole cluster's.
  CHECK(count(chart_html(big, "chart-cluster-1"), "class=\"bar-row\"") == 10);
  CHECK(count(big, "<th scope=\"row\">") == 10);
  CHECK(big.find("Đoàn u10") != std::string::npos);
  CHECK(big.find("Đoàn u11") == std::string::npos);
  CHECK(big.find("Khối lớn: 25 đơn vị, cao nhất 99, thấp nhất 75 (điểm tối đa 100); biểu đồ thể "
                 "hiện 10 đơn vị dẫn đầu") != std::string::npos);
  CHECK(big.find("10 đơn vị dẫn đầu trong số 25 · <a class=\"more\" "
                 "href=\"../../periods/p/clusters/khoi-lon/index.html\">") != std::string::npos);
  // A small cluster whole, with no link to more.
  const std::string small = dash.substr(dash.find("id=\"khoi-khoi-nho\""));
  CHECK(count(chart_html(small, "chart-cluster-2"), "class=\"bar-row\"") == 3);
  CHECK(small.find("class=\"more\" href=\"../../periods/p/clusters/") == std::string::npos);
  // Each cluster's page ranks it whole: the 25th, u25, last with 75.
  REQUIRE(f.count("periods/p/clusters/khoi-lon/index.html"));
  REQUIRE(f.count("periods/p/clusters/khoi-nho/index.html"));
  const std::string& page = f.at("periods/p/clusters/khoi-lon/index.html");
  CHECK(count(chart_html(page, "chart-cluster"), "class=\"bar-row\"") == 25);
  CHECK(count(page, "<th scope=\"row\">") == 25);
  CHECK(page.find("<title>Khối lớn — Năm 2024 · Thi đua</title>") != std::string::npos);
  CHECK(page.find("href=\"../../../../periods/p/units/u25/index.html\">Đoàn u25</a></th>\n"
                  "  <td class=\"num\">75</td>") != std::string::npos);
  CHECK(page.find("đơn vị dẫn đầu") == std::string::npos);
  CHECK(count(f.at("periods/p/clusters/khoi-nho/index.html"), "<th scope=\"row\">") == 3);
}

TEST_CASE("a scorecard explains its total, grade, rank and change in steps") {
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Thi đua", "organization": "Tỉnh đoàn"})");
  t.set("units.json", R"({"clusters": [{"id": "k1", "name": "Khối 1"}], "units": [
    {"id": "a", "name": "Đoàn A", "cluster": "k1"}, {"id": "b", "name": "Đoàn B", "cluster": "k1"},
    {"id": "c", "name": "Đoàn C", "cluster": "k1"}, {"id": "d", "name": "Đoàn D", "cluster": "k1"}]})");
  t.set("schemes/s.json", R"({"id": "s", "title": "Thang điểm", "sections": [
    {"id": "I", "title": "Công tác", "criteria": [{"id": "I.1", "title": "Một", "max": 10},
                                                  {"id": "I.2", "title": "Hai", "max": 10}]},
    {"id": "T", "title": "Thưởng", "kind": "bonus", "max": 5, "criteria": [
      {"id": "T.1", "title": "Mô hình", "max": 5}, {"id": "T.2", "title": "Sáng kiến", "max": 5}]},
    {"id": "P", "title": "Trừ", "kind": "penalty", "criteria": [{"id": "P.1", "title": "Chậm", "max": 10}]}],
    "grades": [{"id": "tot", "label": "Tốt", "min": 15}, {"id": "kha", "label": "Khá", "min": 0}]})");
  t.set("periods/p1/period.json", R"({"id": "p1", "title": "Kỳ 1", "start": "2024-01-01",
    "end": "2024-06-30", "scheme": "s"})");
  t.set("periods/p1/results.json", R"({"results": [{"unit": "a", "scores": {"I.1": 5}},
    {"unit": "b", "scores": {"I.1": 10}}]})");
  t.set("periods/p2/period.json", R"({"id": "p2", "title": "Kỳ 2", "start": "2024-07-01",
    "end": "2024-12-31", "scheme": "s"})");
  t.set("periods/p2/results.json", R"({"results": [
    {"unit": "a", "scores": {"I.1": 9, "I.2": 8.5, "T.1": 4, "T.2": 3, "P.1": 2}},
    {"unit": "b", "scores": {"I.1": 9, "I.2": 8.5, "T.1": 4, "T.2": 3, "P.1": 2}},
    {"unit": "c", "scores": {"I.1": 1, "I.2": 0, "T.1": 0, "T.2": 0, "P.1": 10}},
    {"unit": "d", "scores": {"I.1": 10, "I.2": 10, "T.1": 0, "T.2": 0, "P.1": 0},
     "grade_override": {"grade": "kha", "reason": "Vi phạm kỷ luật"}}]})");
  std::string diags;
  const Files f = test::build_site(t, Profile::kPublic, &diags);
  auto steps = [&](const std::string& path) {
    REQUIRE_MESSAGE(f.count(path), diags);
    const std::string& html = f.at(path);
    const auto from = html.find("<details class=\"explain\">");
    REQUIRE(from != std::string::npos);
    return html.substr(from, html.find("</details>", from) - from);
  };
  // a: I 9 + 8,5; bonus 7 capped at 5; penalty 2: 17,5 + 5 − 2 = 20,5 of 20,
  // tied first with b; in p1 a had 5 points, 2nd behind b's 10.
  const std::string a = steps("periods/p2/units/a/index.html");
  for (const char* line :
       {"<li>I. Công tác: 9 + 8,5 = 17,5 (tối đa 20)</li>",
        "<li>T. Thưởng: 4 + 3 = 7, tính tối đa 5 → 5</li>", "<li>P. Trừ: 2 → trừ 2</li>",
        "<li>Tổng điểm: 17,5 + 5 − 2 = 20,5 / 20</li>",  // the maximum: score sections only
        "<li>Xếp loại: 20,5 điểm đạt mức “Tốt” (từ 15 điểm)</li>",
        "<li>Hạng chung: 1 trên 4 đơn vị (đồng hạng với Đoàn B)</li>",
        "<li>Hạng trong khối (Khối 1): 1 trên 4 đơn vị</li>",
        "<li>So với kỳ Kỳ 1: Hạng chung 2 → 1 (tăng 1), Tổng điểm 5 → 20,5 (+15,5)</li>"})
    CHECK_MESSAGE(a.find(line) != std::string::npos, line << "\n" << a);
  // c: 1 + 0 − 10 is below 0, so 0; it had no result in p1.
  const std::string c = steps("periods/p2/units/c/index.html");
  CHECK(c.find("<li>T. Thưởng: 0 + 0 = 0 (tối đa 5)</li>") != std::string::npos);
  CHECK(c.find("<li>Tổng điểm: 1 + 0 − 10 = −9, không thấp hơn 0 → 0 / 20</li>") !=
        std::string::npos);
  CHECK(c.find("<li>Hạng chung: 4 trên 4 đơn vị</li>") != std::string::npos);
  CHECK(c.find("<li>So với kỳ Kỳ 1: đơn vị chưa được xếp hạng ở kỳ đó.</li>") != std::string::npos);
  // d: 20 points reach "Tốt", overridden to "Khá" with its reason.
  CHECK(steps("periods/p2/units/d/index.html")
            .find("<li>Xếp loại: theo tổng điểm là “Tốt” (từ 15 điểm), được điều chỉnh thành "
                  "“Khá”. Lý do: Vi phạm kỷ luật</li>") != std::string::npos);
  // The first period has nothing to compare with.
  CHECK(steps("periods/p1/units/a/index.html")
            .find("<li>Không có kỳ trước để so sánh thứ hạng và điểm.</li>") != std::string::npos);
}

TEST_CASE("counts group their thousands as the language writes them") {
  const site::Locale vi = site::locale_for("vi"), en = site::locale_for("en");
  CHECK(site::format_count(0, vi) == "0");
  CHECK(site::format_count(999, vi) == "999");
  CHECK(site::format_count(1000, vi) == "1.000");
  CHECK(site::format_count(10000, vi) == "10.000");
  CHECK(site::format_count(123456, vi) == "123.456");
  CHECK(site::format_count(1234567, vi) == "1.234.567");
  CHECK(site::format_count(1234567, en) == "1,234,567");
}

TEST_CASE("page weight: a scorecard with its stylesheet under 40 KB, a 20-unit chart under 12 KB") {
  // Issue #16's bars, before compression: every scorecard of the sample with
  // the stylesheet it loads; a ranking chart of 20 units of long names.
  const Files& f = sample(Profile::kPublic);
  std::size_t css = 0, largest = 0;
  std::string largest_path;
  for (const auto& [path, bytes] : f) {
    if (path.starts_with("assets/site.") && path.ends_with(".css")) css = bytes.size();
    if (path.starts_with("periods/") && path.find("/units/") != std::string::npos &&
        bytes.size() > largest) {
      largest = bytes.size();
      largest_path = path;
    }
  }
  REQUIRE(css > 0);
  REQUIRE(largest > 0);
  CHECK_MESSAGE(largest + css < 40000,
                largest_path << " " << largest << " bytes + stylesheet " << css << " bytes");

  std::string units = R"({"clusters": [{"id": "k", "name": "Khối sở, ngành kinh tế"}], "units": [)";
  std::string results = R"({"results": [)";
  for (int i = 1; i <= 20; ++i) {
    const std::string id = "u" + std::to_string(i), sep = i > 1 ? "," : "";
    units += sep + R"({"id": ")" + id +
             R"(", "name": "Chi đoàn cơ sở Trung tâm Khuyến nông và Phát triển nông thôn số )" +
             std::to_string(i) + R"(", "cluster": "k"})";
    results += sep + R"({"unit": ")" + id + R"(", "scores": {"I.1": )" +
               std::to_string(100 - 3 * i) + ".25}}";
  }
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Thi đua"})");
  t.set("units.json", units + "]}");
  t.set("schemes/s.json", R"({"id": "s", "title": "Thang điểm", "sections": [{"id": "I",
    "title": "Công tác", "criteria": [{"id": "I.1", "title": "Một", "max": 100}]}],
    "grades": [{"id": "xs", "label": "Hoàn thành xuất sắc nhiệm vụ", "min": 90},
               {"id": "tot", "label": "Hoàn thành tốt nhiệm vụ", "min": 70},
               {"id": "ht", "label": "Hoàn thành nhiệm vụ", "min": 50},
               {"id": "k", "label": "Không hoàn thành nhiệm vụ", "min": 0}]})");
  t.set("periods/p/period.json", R"({"id": "p", "title": "Năm 2024", "start": "2024-01-01",
    "end": "2024-12-31", "scheme": "s"})");
  t.set("periods/p/results.json", results + "]}");
  std::string diags;
  const Files g = test::build_site(t, Profile::kPublic, &diags);
  REQUIRE_MESSAGE(g.count("periods/p/index.html"), diags);
  const std::string chart = chart_html(g.at("periods/p/index.html"), "chart-cluster-1");
  CHECK(count(chart, "class=\"bar-row\"") == 20);  // the whole cluster, not its top 10
  CHECK_MESSAGE(chart.size() < 12000, "a 20-unit chart takes " << chart.size() << " bytes");
}

TEST_CASE("ranks and counts of units on the pages group their thousands") {
  // 1,001 units in one cluster, u0001 best in p1 and last in p2: u0001 is
  // 1st then 1,001st (down 1,000), u1001 the other way round.
  std::string units = R"({"clusters": [{"id": "k", "name": "Khối"}], "units": [)";
  std::string first = R"({"results": [)", second = first;
  for (int i = 1; i <= 1001; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "u%04d", i);
    const std::string sep = i > 1 ? "," : "";
    units += sep + R"({"id": ")" + id + R"(", "name": "Đoàn )" + id + R"(", "cluster": "k"})";
    first +=
        sep + R"({"unit": ")" + id + R"(", "scores": {"I.1": )" + std::to_string(2000 - i) + "}}";
    second += sep + R"({"unit": ")" + id + R"(", "scores": {"I.1": )" + std::to_string(i) + "}}";
  }
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Thi đua"})");
  t.set("units.json", units + "]}");
  t.set("schemes/s.json", R"({"id": "s", "title": "Thang điểm", "sections": [{"id": "I",
    "title": "Công tác", "criteria": [{"id": "I.1", "title": "Một", "max": 2000}]}],
    "grades": [{"id": "kha", "label": "Khá", "min": 0}]})");
  t.set("periods/p1/period.json", R"({"id": "p1", "title": "Kỳ một", "start": "2024-01-01",
    "end": "2024-06-30", "scheme": "s"})");
  t.set("periods/p1/results.json", first + "]}");
  t.set("periods/p2/period.json", R"({"id": "p2", "title": "Kỳ hai", "start": "2024-07-01",
    "end": "2024-12-31", "scheme": "s"})");
  t.set("periods/p2/results.json", second + "]}");
  std::string diags;
  const Files f = test::build_site(t, Profile::kPublic, &diags);
  REQUIRE_MESSAGE(f.count("periods/p2/units/u0001/index.html"), diags);
  const std::string& down = f.at("periods/p2/units/u0001/index.html");
  CHECK(down.find("<dd>1.001 <small>/ 1.001</small> <span class=\"change change-down\">") !=
        std::string::npos);
  CHECK(down.find("<dd>1.001 <small>/ 1.001</small></dd>") != std::string::npos);  // in cluster
  CHECK(down.find("<span aria-hidden=\"true\">▼ 1.000</span><span class=\"sr\">") !=
        std::string::npos);
  CHECK(down.find("<li>Hạng chung: 1.001 trên 1.001 đơn vị</li>") != std::string::npos);
  CHECK(down.find("<li>Hạng trong khối (Khối): 1.001 trên 1.001 đơn vị</li>") != std::string::npos);
  CHECK(down.find("Hạng chung 1 → 1.001 (") != std::string::npos);
  CHECK(down.find("<span>← Đơn vị xếp trên (1.000)</span> Đoàn u0002</a>") != std::string::npos);
  CHECK(down.find("<td class=\"num\">1.001</td>") != std::string::npos);  // other periods
  const std::string& dash = f.at("periods/p2/index.html");
  // Totals are points, not counts: 1001 stays as it is.
  CHECK(dash.find("Khối: 1.001 đơn vị, cao nhất 1001, thấp nhất 1 (điểm tối đa 2000)") !=
        std::string::npos);
  CHECK(dash.find("class=\"chart-desc\">1.001 đơn vị: 1.001 Khá</figcaption>") !=
        std::string::npos);
  const std::string& unit = f.at("units/u0001/index.html");
  CHECK(unit.find("Kỳ một: 1999, hạng 1; Kỳ hai: 1, hạng 1.001.") != std::string::npos);
  CHECK(unit.find("<td class=\"num\" data-label=\"Hạng chung\">1.001 / 1.001</td>") !=
        std::string::npos);
}

TEST_CASE("a scorecard names at most five units it ties with, and counts the rest") {
  // One unit ahead, then seven tied on 5 points, then one behind: the tie is
  // found in the middle of the ranking, not only at its head.
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Thi đua"})");
  std::string units = R"({"units": [)", results = R"({"results": [)";
  const std::vector<std::pair<std::string, int>> scored = {
      {"a", 9}, {"b", 5}, {"c", 5}, {"d", 5}, {"e", 5}, {"f", 5}, {"g", 5}, {"h", 5}, {"i", 1}};
  for (const auto& [id, points] : scored) {
    const bool first = id == "a";
    units +=
        std::string(first ? "" : ",") + R"({"id": ")" + id + R"(", "name": "Đoàn )" + id + "\"}";
    results += std::string(first ? "" : ",") + R"({"unit": ")" + id + R"(", "scores": {"I.1": )" +
               std::to_string(points) + "}}";
  }
  t.set("units.json", units + "]}");
  t.set("schemes/s.json", R"({"id": "s", "title": "Thang điểm", "sections": [{"id": "I",
    "title": "Công tác", "criteria": [{"id": "I.1", "title": "Một", "max": 10}]}],
    "grades": [{"id": "kha", "label": "Khá", "min": 0}]})");
  t.set("periods/p/period.json", R"({"id": "p", "title": "Kỳ", "start": "2024-01-01",
    "end": "2024-06-30", "scheme": "s"})");
  t.set("periods/p/results.json", results + "]}");
  std::string diags;
  const Files f = test::build_site(t, Profile::kPublic, &diags);
  auto page = [&](const std::string& id) {
    const std::string path = "periods/p/units/" + id + "/index.html";
    REQUIRE_MESSAGE(f.count(path), diags);
    return f.at(path);
  };
  CHECK(page("b").find("<li>Hạng chung: 2 trên 9 đơn vị (đồng hạng với Đoàn c, Đoàn d, Đoàn e, "
                       "Đoàn f, Đoàn g và 1 đơn vị khác)</li>") != std::string::npos);
  CHECK(page("e").find("<li>Hạng chung: 2 trên 9 đơn vị (đồng hạng với Đoàn b, Đoàn c, Đoàn d, "
                       "Đoàn f, Đoàn g và 1 đơn vị khác)</li>") != std::string::npos);
  CHECK(page("a").find("<li>Hạng chung: 1 trên 9 đơn vị</li>") != std::string::npos);
  CHECK(page("i").find("<li>Hạng chung: 9 trên 9 đơn vị</li>") != std::string::npos);
}

TEST_CASE("the intranet sets self scores beside assessed ones; the furthest units lead") {
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Thi đua"})");
  t.set("units.json", R"({"units": [{"id": "a", "name": "Đoàn A"}, {"id": "b", "name": "Đoàn B"},
                                    {"id": "c", "name": "Đoàn C"}]})");
  t.set("schemes/s.json", R"({"id": "s", "title": "Thang điểm", "sections": [{"id": "I",
    "title": "Công tác", "criteria": [{"id": "I.1", "title": "Một", "max": 10},
                                      {"id": "I.2", "title": "Hai", "max": 10}]}],
    "grades": [{"id": "kha", "label": "Khá", "min": 0}]})");
  t.set("periods/p/period.json", R"({"id": "p", "title": "Kỳ", "start": "2024-01-01",
    "end": "2024-06-30", "scheme": "s"})");
  // a scored itself 10 + 10 against 9 + 8,5 (+2,5); b 5 against 9 (−4); c as assessed.
  t.set("periods/p/results.json", R"({"results": [
    {"unit": "a", "scores": {"I.1": 9, "I.2": 8.5}, "internal": {"self_scores": {"I.1": 10, "I.2": 10}}},
    {"unit": "b", "scores": {"I.1": 9, "I.2": 9}, "internal": {"self_scores": {"I.1": 5}}},
    {"unit": "c", "scores": {"I.1": 7, "I.2": 7}, "internal": {"self_scores": {"I.1": 7, "I.2": 7}}}]})");
  std::string diags;
  const Files f = test::build_site(t, Profile::kIntranet, &diags);
  REQUIRE_MESSAGE(f.count("periods/p/index.html"), diags);
  const std::string& dash = f.at("periods/p/index.html");
  const auto b_row = dash.find(
      ">Đoàn B</a></th><td class=\"num\">5</td><td class=\"num\">9</td>"
      "<td class=\"num\">−4</td>");
  const auto a_row = dash.find(
      ">Đoàn A</a></th><td class=\"num\">20</td><td class=\"num\">17,5</td>"
      "<td class=\"num\">+2,5</td>");
  CHECK(b_row != std::string::npos);
  CHECK(a_row != std::string::npos);
  CHECK(b_row < a_row);  // furthest first
  const auto gaps = dash.find("id=\"self-gaps\"");
  REQUIRE(gaps != std::string::npos);
  CHECK(dash.find(">Đoàn C</a></th><td class=\"num\">14", gaps) == std::string::npos);  // no gap
  const std::string& card = f.at("periods/p/units/a/index.html");
  // Each cell under its column's name (the table stacks on a phone).
  const auto cells = [](const char* own, const char* assessed, const char* diff) {
    return std::string("<td class=\"num\" data-label=\"Tự chấm\">") + own +
           "</td><td class=\"num\" data-label=\"Điểm\">" + assessed +
           "</td><td class=\"num\" data-label=\"Chênh lệch\">" + diff + "</td>";
  };
  CHECK(card.find("<table class=\"criteria stack\">") != std::string::npos);
  CHECK(card.find(cells("10", "9", "+1")) != std::string::npos);
  CHECK(card.find(cells("10", "8,5", "+1,5")) != std::string::npos);
  // b scored itself I.2 not at all: no difference to show there.
  CHECK(f.at("periods/p/units/b/index.html").find(cells("", "9", "")) != std::string::npos);
  // None of it in a public build.
  const Files pub = test::build_site(t, Profile::kPublic);
  CHECK(pub.at("periods/p/index.html").find("self-gaps") == std::string::npos);
  CHECK(pub.at("periods/p/units/a/index.html").find("+1,5") == std::string::npos);
}

TEST_CASE("a penalty taken off shows with a minus; no penalty is 0, not −0") {
  const Files& f = sample(Profile::kPublic);
  const std::string& penalised = f.at("periods/2024-h1/units/ban-to-chuc/index.html");
  CHECK(penalised.find("<td class=\"num\">−4</td>") != std::string::npos);
  CHECK(penalised.find("<span class=\"section-total\">−4</span>") != std::string::npos);
  int cards = 0;
  for (const auto& file : f) {  // not a structured binding: clang 14 cannot capture one
    const std::string& path = file.first;
    if (!path.starts_with("periods/") || path.find("/units/") == std::string::npos) continue;
    ++cards;
    CHECK_MESSAGE(file.second.find(">−0<") == std::string::npos, path);
  }
  CHECK(cards > 40);
}

TEST_CASE("the scorecard tells total, grade override, ranks and findings") {
  const Files& f = sample(Profile::kPublic);
  const std::string& html = f.at("periods/2025-h1/units/cuc-thue/index.html");
  CHECK(html.find("<dd>100 <small>/ 100</small>") != std::string::npos);
  CHECK(html.find("Xếp loại được điều chỉnh") != std::string::npos);
  CHECK(html.find("<dd>2 <small>/ 43</small>") != std::string::npos);
  CHECK(html.find("Hạng trong khối") != std::string::npos);
  // Its sections chart: a bar per score section on its maximum's track, the
  // cluster's average marked; Cục Thuế's 100 points fill every section.
  const std::string chart = chart_html(html, "chart-unit-sections");
  CHECK(chart.find("role=\"img\" aria-label=\"Điểm theo nội dung so với trung bình khối và "
                   "điểm tối đa\" aria-describedby=\"chart-unit-sections-desc\"") !=
        std::string::npos);
  const std::size_t n = count(chart, "class=\"bar-row\"");
  CHECK(n >= 3);
  CHECK(count(chart, "<rect class=\"track\"") == n);
  CHECK(count(chart, "<rect class=\"marker\"") == n);
  CHECK(count(chart, "<rect class=\"fill s0\" width=\"100%\"") == n);
  CHECK(chart.find("trung bình khối") != std::string::npos);
  CHECK(html.find("class=\"prev\"") != std::string::npos);
  CHECK(html.find("class=\"next\"") != std::string::npos);
  // No pattern definitions on pages without charts.
  CHECK(f.at("documents/index.html").find("hatch-g1") == std::string::npos);
}

TEST_CASE("a target's unit follows its number: a sign at once, a word after a no-break space") {
  const std::string& html = sample(Profile::kPublic).at("periods/2025-h1/units/kho-bac/index.html");
  CHECK(html.find("<td class=\"num\" data-label=\"Chỉ tiêu đề ra\">90%</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num\" data-label=\"Thực hiện\">1\u00a0người</td>") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num\" data-label=\"Chỉ tiêu đề ra\">2\u00a0người</td>") !=
        std::string::npos);
  CHECK(html.find("1người") == std::string::npos);
}

TEST_CASE("public pages carry no internal data; the intranet carries it and says so") {
  const std::string contact = "máy lẻ 12";  // site.json internal.contact in the sample
  for (const auto& kv : sample(Profile::kPublic)) {
    const std::string& path = kv.first;
    const std::string& bytes = kv.second;
    CHECK_MESSAGE(bytes.find(contact) == std::string::npos, path);
    CHECK_MESSAGE(bytes.find("noindex") == std::string::npos, path);
  }
  const Files& in = sample(Profile::kIntranet);
  CHECK(in.at("index.html").find(contact) != std::string::npos);
  CHECK(in.at("index.html").find("noindex") != std::string::npos);
  CHECK(in.at("robots.txt").find("Disallow: /") != std::string::npos);
  // The draft period is there, with its banner on the dashboard and scorecards.
  const std::string& draft = in.at("periods/2025/index.html");
  CHECK(draft.find("banner-draft") != std::string::npos);
  for (const auto& kv : in)
    if (kv.first.starts_with("periods/2025/units/"))
      CHECK_MESSAGE(kv.second.find("banner-draft") != std::string::npos, kv.first);
}

TEST_CASE("every page has the CSP meta and no inline script or handler") {
  const std::regex inline_script(R"re(<script(?![^>]*\b(?:src|type="application/json"))[^>]*>)re");
  const std::regex handler(R"re(<[^>]+\son[a-z]+\s*=)re", std::regex::icase);
  for (const auto& kv : sample(Profile::kIntranet)) {
    const std::string& path = kv.first;
    const std::string& html = kv.second;
    if (!path.ends_with(".html")) continue;
    CHECK_MESSAGE(
        html.find("Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'") !=
            std::string::npos,
        path);
    CHECK_MESSAGE(!std::regex_search(html, inline_script), path);
    CHECK_MESSAGE(!std::regex_search(html, handler), path);
    CHECK_MESSAGE(html.find("javascript:") == std::string::npos, path);
  }
}

namespace {

/// The text of a CSS string token ("…" with \hex escapes), decoded by hand.
std::string css_unquote(const std::string& token) {
  REQUIRE(token.size() >= 2);
  REQUIRE(token.front() == '"');
  REQUIRE(token.back() == '"');
  std::string out;
  for (std::size_t i = 1; i + 1 < token.size(); ++i) {
    if (token[i] != '\\') {
      REQUIRE(token[i] != '"');
      out += token[i];
      continue;
    }
    std::size_t end = i + 1;
    while (end < token.size() && std::isxdigit(static_cast<unsigned char>(token[end]))) ++end;
    REQUIRE(end > i + 1);  // only hex escapes are written
    out += static_cast<char>(std::stoi(token.substr(i + 1, end - i - 1), nullptr, 16));
    i = end < token.size() && token[end] == ' ' ? end : end - 1;
  }
  return out;
}

/// A page's inline <style> blocks.
std::vector<std::string> inline_styles(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<style>"); at != std::string::npos;
       at = html.find("<style>", at + 1)) {
    const auto end = html.find("</style>", at);
    REQUIRE(end != std::string::npos);
    out.push_back(html.substr(at + 7, end - at - 7));
  }
  return out;
}

/// The content of the @page margin box `box` in a print style.
std::string margin_box(const std::string& style, const std::string& box) {
  const auto at = style.find("@" + box + "{content:");
  if (at == std::string::npos) return "";
  const auto from = at + box.size() + 10;
  auto end = from + 1;
  while (end < style.size() && !(style[end] == '"' && style[end - 1] != '\\')) ++end;
  return css_unquote(style.substr(from, end - from + 1));
}

}  // namespace

namespace {

load::MemoryTree hostile_tree(const std::string& evil, const std::string& language = "vi") {
  auto q = [](const std::string& s) { return nlohmann::json(s).dump(); };
  load::MemoryTree t;
  t.set("site.json", R"~({ "title": )~" + q(evil) + R"~(, "language": ")~" + language +
                         R"~(", "base_url": "https://example.vn/td/" })~");
  t.set("units.json",
        R"~({ "clusters": [ { "id": "k1", "name": )~" + q(evil) +
            R"~( } ], "units": [ { "id": "a", "name": )~" + q(evil) + R"~(, "short_name": )~" +
            q(evil) + R"~(, "kind": )~" + q(evil) +
            R"~(, "cluster": "k1" }, { "id": "b", "name": "Đoàn B", "cluster": "k1" } ] })~");
  t.set("schemes/s1.json",
        R"~({ "id": "s1", "title": )~" + q(evil) + R"~(, "sections": [
      { "id": "I", "title": )~" +
            q(evil) + R"~(, "criteria": [ { "id": "I.1", "title": )~" + q(evil) +
            R"~(, "max": 100 } ] } ],
    "grades": [ { "id": "tot", "label": )~" +
            q(evil) + R"~(, "min": 50 }, { "id": "khong", "label": "Không", "min": 0 } ] })~");
  t.set("periods/p1/period.json",
        R"~({ "id": "p1", "title": )~" + q(evil) +
            R"~(, "start": "2024-07-02", "end": "2024-12-31", "scheme": "s1" })~");
  t.set(
      "periods/p1/results.json",
      R"~({ "results": [
      { "unit": "a", "scores": { "I.1": 87.5 }, "note": )~" +
          q(evil) +
          R"~(, "evidence": { "I.1": ["javascript:alert(1)", "//share.example/e", "https://ok.example/x"] } },
      { "unit": "b", "scores": { "I.1": 40 } } ] })~");
  t.set("documents/d.md", "---\ntitle: " + q(evil) + "\nnumber: " + q(evil) +
                              "\nissued: 2024-07-02\nunits: [a]\nrecipients: [" + q(evil) +
                              "]\n---\n" + evil +
                              "\n\n[x](javascript:alert(1)) [y](//share.example/m)\n");
  return t;
}

}  // namespace

TEST_CASE("a page's one inline style heads and foots its printed sheets, allowed by its hash") {
  const auto sample_site = nlohmann::json::parse(
      std::ifstream(std::filesystem::path(THIDUA_SOURCE_DIR) / "content/site.json"));
  const std::string organization = sample_site["organization"];
  const std::string base = sample_site["base_url"];
  for (const bool with_base : {true, false}) {
    for (const auto& kv : sample(Profile::kPublic, with_base)) {
      const std::string& path = kv.first;
      const std::string& html = kv.second;
      if (!path.ends_with(".html")) continue;
      const auto styles = inline_styles(html);
      REQUIRE_MESSAGE(styles.size() == 1, path);
      const std::string& style = styles[0];
      // Allowed by name: the policy's hash is the SHA-256 of exactly these bytes.
      unsigned char digest[32];
      unsigned int length = 0;
      EVP_Digest(style.data(), style.size(), digest, &length, EVP_sha256(), nullptr);
      unsigned char b64[45];
      EVP_EncodeBlock(b64, digest, 32);
      CHECK_MESSAGE(html.find("style-src 'self' 'sha256-" +
                              std::string(reinterpret_cast<char*>(b64)) + "'") != std::string::npos,
                    path);
      // The header names the organisation and the page's title (the one in <title>).
      const auto title_at = html.find("<title>") + 7;
      const std::string title = html.substr(title_at, html.find("</title>") - title_at);
      const std::string head = margin_box(style, "top-left");
      CHECK_MESSAGE(head.starts_with(organization + " · "), path);
      CHECK_MESSAGE(title.find(head.substr(organization.size() + 4, 20)) != std::string::npos,
                    (path + ": " + head + " | " + title));
      // The footer is the page's address, when it has one.
      const std::string page =
          path.ends_with("index.html") ? path.substr(0, path.size() - 10) : path;
      CHECK_MESSAGE(margin_box(style, "bottom-left") == (with_base ? base + page : ""), path);
    }
  }
  // Hostile text is a string inside the header and cannot end the style.
  const std::string evil = "</style><script>alert(1)</script>\"}@import 'x';\\";
  const Files f = build_site(hostile_tree(evil), Profile::kPublic);
  const std::string& card = f.at("periods/p1/units/a/index.html");
  const auto styles = inline_styles(card);
  REQUIRE(styles.size() == 1);
  CHECK(styles[0].find('<') == std::string::npos);
  CHECK(margin_box(styles[0], "top-left").find(evil) != std::string::npos);
  CHECK(count(styles[0], "@page{") == 1);
}

TEST_CASE("hostile text stays text in every file") {
  const std::string evil =
      "<script>alert(1)</script>\"'><img src=x onerror=alert(2)></script>\u202Eevil\x01&amp;";
  std::string diags;
  const Files f = build_site(hostile_tree(evil), Profile::kPublic, &diags);
  REQUIRE_MESSAGE(f.count("periods/p1/units/a/index.html"), diags);
  CHECK(diags.find("periods/p1/results.json:2:") != std::string::npos);
  CHECK(diags.find("warning: evidence link left out") != std::string::npos);
  for (const auto& kv : f) {
    const std::string& path = kv.first;
    const std::string& bytes = kv.second;
    // No file carries the control rule's characters, raw or escaped.
    CHECK_MESSAGE(bytes.find("\u202E") == std::string::npos, path);
    CHECK_MESSAGE(bytes.find('\x01') == std::string::npos, path);
    CHECK_MESSAGE(bytes.find("\\u0001") == std::string::npos, path);
    // Open data holds the text (it is data, not markup; results.json is
    // parsed, results.csv opened by spreadsheets).
    if (path.starts_with("assets/") || path.starts_with("data/")) continue;
    CHECK_MESSAGE(bytes.find("<script>alert") == std::string::npos, path);
    CHECK_MESSAGE(bytes.find("<img src=x") == std::string::npos, path);
    CHECK_MESSAGE(bytes.find("javascript:") == std::string::npos, path);
    if (path.ends_with(".html")) {
      CHECK_MESSAGE(bytes.find("share.example") == std::string::npos, path);
      CHECK_MESSAGE(bytes.find("\u202E") == std::string::npos, path);
      CHECK_MESSAGE(bytes.find('\x01') == std::string::npos, path);
      // JSON blocks cannot be ended early.
      CHECK_MESSAGE(bytes.find("</script>\\\"") == std::string::npos, path);
    }
  }
  // Every file, open data included, holds the text less the control
  // rule's characters (here U+202E and U+0001): written out by hand.
  const std::string shown =
      "<script>alert(1)</script>\"'><img src=x onerror=alert(2)></script>evil&amp;";
  const auto results = nlohmann::ordered_json::parse(f.at("data/p1/results.json"));
  CHECK(results.dump(2, ' ', false) + "\n" == f.at("data/p1/results.json"));
  CHECK(results["results"][0]["name"] == shown);
  CHECK(results["results"][0]["grade_label"] == shown);
  const std::string& index = f.at("search/index.js");
  const auto items =
      nlohmann::json::parse(index.substr(index.find('{'), index.rfind('}') - index.find('{') + 1));
  for (const auto& item : items["items"])
    CHECK(item["url"].get<std::string>().find(':') == std::string::npos);
  CHECK(index.find("</script") == std::string::npos);
  const std::string& card = f.at("periods/p1/units/a/index.html");
  CHECK(card.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;") != std::string::npos);
  // The unit's name in its cluster's ranking chart, as text.
  const std::string ranking = chart_html(f.at("periods/p1/index.html"), "chart-cluster-1");
  CHECK(ranking.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;") != std::string::npos);
  CHECK(ranking.find("<script") == std::string::npos);
  CHECK(card.find("https://ok.example/x") != std::string::npos);
}

TEST_CASE("English sites format numbers and dates the English way") {
  const Files f = build_site(hostile_tree("Unit A", "en"), Profile::kPublic);
  const std::string& card = f.at("periods/p1/units/a/index.html");
  CHECK(card.find("<dd>87.5 <small>/ 100</small>") != std::string::npos);
  CHECK(card.find("Rank in cluster") != std::string::npos);
  CHECK(f.at("index.html").find("2 Jul 2024") != std::string::npos);
  const Files vi = build_site(hostile_tree("Unit A", "vi"), Profile::kPublic);
  CHECK(vi.at("periods/p1/units/a/index.html").find("<dd>87,5 <small>/ 100</small>") !=
        std::string::npos);
  CHECK(vi.at("index.html").find("02/07/2024") != std::string::npos);
}

TEST_CASE("a theme template that does not parse is an input error at its path") {
  load::MemoryTree t = hostile_tree("A");
  t.set("themes/default/templates/home.mustache", "{{#unclosed}}");
  pipeline::Pipeline b(t, {.profile = Profile::kPublic});
  REQUIRE_FALSE(b.ok());
  CHECK(first_error(b.diags()).starts_with("themes/default/templates/home.mustache:1:1: error:"));
}

TEST_CASE("a static file may not replace a generated one") {
  load::MemoryTree t = hostile_tree("A");
  t.set("static/robots.txt", "mine");
  t.set("static/logo.svg", "<svg/>");
  pipeline::Pipeline b(t, {.profile = Profile::kPublic});
  REQUIRE_FALSE(b.ok());
  CHECK(first_error(b.diags()).find("static/robots.txt") == 0);
}

TEST_CASE("each unit has its history as CSV, public periods only") {
  const std::string& csv = sample(Profile::kPublic).at("data/units/cuc-thue.csv");
  CHECK(csv.starts_with("\xEF\xBB\xBFperiod,title,start,end,total,max,grade,grade_label,rank,"));
  CHECK(count(csv, "\r\n") == 4);  // header, 2024-h1, 2024, 2025-h1 (2025 is a draft)
  CHECK(csv.find("\r\n2025-h1,6 tháng đầu năm 2025,2025-01-01,2025-06-30,100,100,tot,") !=
        std::string::npos);
  CHECK(count(sample(Profile::kIntranet).at("data/units/cuc-thue.csv"), "\r\n") == 5);
}

TEST_CASE("search folds case, diacritics and đ") {
  CHECK(text::fold("Đoàn cơ sở Cục Thuế") == "doan co so cuc thue");
  CHECK(text::fold("ĐẢNG ỦY Khối") == "dang uy khoi");
  // The same as ICU's transliterator "NFD; [:Nonspacing Mark:] Remove; NFC;
  // Lower" (which it replaced for speed), on every Vietnamese letter, other
  // Latin, decomposed input, Greek, Cyrillic, CJK and symbols.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> reference(icu::Transliterator::createInstance(
      "NFD; [:Nonspacing Mark:] Remove; NFC; Lower", UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  auto icu_fold = [&](icu::UnicodeString u) {
    u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0110)), icu::UnicodeString("d"));
    u.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0111)), icu::UnicodeString("d"));
    reference->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  };
  for (const std::string text :
       {"aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ",
        "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴ",
        "Cu\xCC\x9B\xCC\x81"
        "c Thue\xCC\x82\xCC\x81",  // ư and ế typed as combining marks
        "Ça Øre Ñandú İstanbul ß Œuvre Ǆ ﬁ Å", "Ελληνικά Άλφα", "Привет Ёж", "青年团 ①②",
        "x² — “q” 🙂"})
    CHECK_MESSAGE(text::fold(text) == icu_fold(icu::UnicodeString::fromUTF8(text)), text);
  // Texts of Latin letters are folded a character at a time (a table made by
  // ICU): the same, on random mixes of them, as the whole text through ICU.
  const icu::UnicodeString pool = icu::UnicodeString::fromUTF8(
      "aàạăằặâấđĐeéêễiịoòôổơởuúưựyỹAÀẠĂẰẶÂẤEÉÊỄIỊOÒÔỔƠỞUÚƯỰYỸ ÇØßİŒǄÅĳĲſẞǅǈ019 .,-·");
  std::uint32_t seed = 1;
  for (int n = 0; n < 2000; ++n) {
    icu::UnicodeString u;
    for (int k = 0; k < 12; ++k) {
      seed = seed * 1664525u + 1013904223u;
      u.append(pool.char32At(
          pool.moveIndex32(0, static_cast<int32_t>((seed >> 8) % pool.countChar32()))));
    }
    std::string text;
    u.toUTF8String(text);
    REQUIRE_MESSAGE(text::fold(text) == icu_fold(u), text);
  }
  const Files& f = sample(Profile::kPublic);
  const std::string& index = f.at("search/index.js");
  CHECK(index.starts_with("window.THIDUA_SEARCH = {"));
  CHECK(index.find("cuc thue") != std::string::npos);
  CHECK(index.find("bien-ban-hop-tham-dinh") == std::string::npos);  // an internal document
  CHECK(sample(Profile::kIntranet).at("search/index.js").find("bien-ban-hop-tham-dinh") !=
        std::string::npos);
  CHECK(f.at("search/index.html").find("search/index.js") != std::string::npos);
}

TEST_CASE("open data CSV cannot carry a spreadsheet formula") {
  for (const std::string evil : {"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"}) {
    const Files f = build_site(hostile_tree(evil), Profile::kPublic);
    const std::string& csv = f.at("data/p1/results.csv");
    const bool guarded = csv.find(",'" + evil.substr(0, 2)) != std::string::npos ||
                         csv.find(",\"'" + evil.substr(0, 2)) != std::string::npos;
    CHECK_MESSAGE(guarded, csv);
    CHECK(csv.find("," + evil) == std::string::npos);
  }
}

TEST_CASE("a file made on demand (the preview server) is the file the build writes") {
  // What `thidua build` wrote to disk, read back: the command's own path
  // (its threads, its staged folder), not the pipeline's render().
  namespace fs = std::filesystem;
  const fs::path content = fs::path(THIDUA_SOURCE_DIR) / "content";
  const fs::path out =
      fs::temp_directory_path() / ("thidua-on-demand-" + std::to_string(std::random_device()()));
  fs::remove_all(out);
  const std::string command = std::string(THIDUA_BINARY) +
                              " build --quiet --profile intranet --source '" + content.string() +
                              "' --output '" + out.string() + "' 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  Files written;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file() || e.path().filename() == ".thidua-output") continue;
    std::ifstream in(e.path(), std::ios::binary);
    written[e.path().lexically_relative(out).generic_string()] =
        std::string(std::istreambuf_iterator<char>(in), {});
  }
  fs::remove_all(out);
  for (const char* beside : {".thidua-stamp", ".thidua-lock"})
    fs::remove(out.parent_path() / ("." + out.filename().string() + beside));

  load::DiskTree tree(content);
  pipeline::Pipeline b(tree, {.profile = Profile::kIntranet});
  REQUIRE(b.ok());
  const auto paths = b.paths();
  CHECK(paths.size() == written.size());
  thidua::text::Message error;
  for (const auto& path : paths) {
    const auto bytes = b.file(path, &error);
    REQUIRE_MESSAGE(bytes, path);
    REQUIRE_MESSAGE(written.count(path), path);
    CHECK_MESSAGE(*bytes == written.at(path), path);
  }
  CHECK_FALSE(b.file("no/such/page.html", &error));
  CHECK_FALSE(b.file("../units.json", &error));
  CHECK_FALSE(b.file("units.json", &error));  // a source file is not a file of the site
}

TEST_CASE("the built-in theme's UI strings give each key once, in both languages alike") {
  std::map<std::string, std::vector<std::string>> keys;
  for (const auto& f : render::embedded_files()) {
    if (!f.path.starts_with("themes/default/i18n/")) continue;
    const std::string text(f.bytes);
    Diagnostics d;
    const auto tree = load::parse_json(text, std::string(f.path), text::TextIndex(text), d);
    CHECK_MESSAGE(d.items().empty(), (d.items().empty() ? "" : format_diagnostic(d.items()[0])));
    REQUIRE(tree);
    for (const auto& m : tree->members) keys[std::string(f.path)].push_back(m.key);
  }
  REQUIRE(keys.size() == 2);
  // A plural form ("units_lower_one") is a language's own, beside a key both have.
  auto without_plural_forms = [](std::vector<std::string> all) {
    std::vector<std::string> out;
    for (const auto& k : all) {
      const auto under = k.rfind('_');
      const std::string form = under == std::string::npos ? "" : k.substr(under + 1);
      const bool plural =
          form == "zero" || form == "one" || form == "two" || form == "few" || form == "many";
      if (!plural)
        out.push_back(k);
      else
        CHECK_MESSAGE(std::count(all.begin(), all.end(), k.substr(0, under)) == 1, k);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(without_plural_forms(keys["themes/default/i18n/vi.json"]) ==
        without_plural_forms(keys["themes/default/i18n/en.json"]));
}

TEST_CASE("English counts take ICU's plural forms: 1 unit, 2 units") {
  load::MemoryTree t;
  t.set("site.json", R"({"title": "Results", "language": "en"})");
  t.set("units.json",
        R"({"clusters": [{"id": "a", "name": "Cluster A"}, {"id": "b", "name": "Cluster B"}],
    "units": [{"id": "u1", "name": "Unit One", "cluster": "a"}, {"id": "u2", "name": "Unit Two", "cluster": "b"},
              {"id": "u3", "name": "Unit Three", "cluster": "b"}]})");
  t.set("schemes/s.json", R"({"id": "s", "title": "Scheme", "sections": [{"id": "I",
    "title": "Work", "criteria": [{"id": "I.1", "title": "Result", "max": 100}]}],
    "grades": [{"id": "good", "label": "Good", "min": 0}]})");
  t.set("periods/p/period.json", R"({"id": "p", "title": "2024", "start": "2024-01-01",
    "end": "2024-12-31", "scheme": "s", "status": "published"})");
  t.set("periods/p/results.json", R"({"results": [{"unit": "u1", "scores": {"I.1": 80}},
    {"unit": "u2", "scores": {"I.1": 70}}, {"unit": "u3", "scores": {"I.1": 60}}]})");
  const Files f = test::build_site(t, Profile::kPublic);
  const std::string& dash = f.at("periods/p/index.html");
  CHECK(dash.find("Cluster A <small class=\"meta\">1 unit ·") != std::string::npos);
  CHECK(dash.find("Cluster B <small class=\"meta\">2 units ·") != std::string::npos);
}

TEST_CASE(
    "a document's heading: its kind on a line, the title without the kind, the number whole") {
  const test::Files& f = sample(Profile::kPublic);
  const std::string& plan = f.at("documents/ke-hoach-kiem-tra-6-thang-2025/index.html");
  CHECK(plan.find("<h1 class=\"doc-title\"><span class=\"doc-kind\">Kế hoạch</span> Kiểm tra công "
                  "tác Đoàn và phong trào thanh niên 6 tháng đầu năm 2025</h1>") !=
        std::string::npos);
  CHECK(plan.find("Số: <span class=\"nowrap\">58-KH/ĐTN</span>") != std::string::npos);
  // kind: guidance, one of the kinds the contract added (it was refused).
  const std::string& guide = f.at("documents/huong-dan-cham-diem-2024/index.html");
  CHECK(guide.find("<span class=\"doc-kind\">Hướng dẫn</span> Chấm điểm thi đua") !=
        std::string::npos);
  // A title that does not start with its kind is shown whole (an internal record).
  const std::string& report =
      sample(Profile::kIntranet).at("documents/bien-ban-hop-tham-dinh/index.html");
  CHECK(report.find("<span class=\"doc-kind\">Báo cáo</span> Biên bản họp thẩm định") !=
        std::string::npos);
}

TEST_CASE(
    "a scorecard's criteria: every row as wide as its header, penalties as deductions, links on "
    "paper") {
  const std::string& page = sample(Profile::kPublic).at("periods/2025-h1/units/so-y-te/index.html");
  const auto table = page.substr(page.find("<table class=\"criteria"));
  const auto end = table.find("</table>");
  // The header has 4 cells (criterion, score, max, evidence); so has every row.
  std::size_t rows = 0;
  for (std::size_t at = table.find("<tr"); at < end; at = table.find("<tr", at + 1)) {
    const auto row = table.substr(at, table.find("</tr>", at) - at);
    CHECK_MESSAGE(test::count(row, "<td") + test::count(row, "<th") == 4, row);
    ++rows;
  }
  CHECK(rows > 20);
  // P.1 nobody entered: a plain 0; P.2 deducts 4, shown as its section shows it.
  CHECK(page.find("<span class=\"cid\">P.1</span> Chậm nộp báo cáo (trừ 2 điểm mỗi lần)</th><td "
                  "class=\"num\" data-label=\"Điểm\">0</td>") != std::string::npos);
  CHECK(page.find("<td class=\"num deduct\" data-label=\"Điểm\">−4</td>") != std::string::npos);
  // Evidence: the link, and its host and path for paper.
  CHECK(page.find("<span class=\"print-only\"> "
                  "(drive.tangiang.example.vn/doankhoi/2025/soyte-y-tuong-so.pdf)</span>") !=
        std::string::npos);
}

TEST_CASE(
    "dashboard: a section's kind only where its title does not say it, counts with their word") {
  const std::string& page = sample(Profile::kPublic).at("periods/2025-h1/index.html");
  CHECK(page.find("<th scope=\"row\">T. Điểm thưởng</th>") != std::string::npos);
  CHECK(page.find("<th scope=\"row\">P. Điểm trừ</th>") != std::string::npos);
  CHECK(page.find("Điểm thưởng <span class=\"meta\">Điểm thưởng") == std::string::npos);
  CHECK(page.find(">Điểm chấm<") == std::string::npos);
  CHECK(page.find("<small class=\"meta\">10 đơn vị · Điểm trung bình 77,18</small>") !=
        std::string::npos);
}

TEST_CASE("a unit's history says what each change is against, and stacks on a phone") {
  const std::string& page = sample(Profile::kPublic).at("units/so-y-te/index.html");
  // 2025-h1 compares with 2024-h1 (its compare_to), not with the row above (Năm 2024).
  CHECK(page.find("<span aria-hidden=\"true\">▲ 2</span><span class=\"sr\">tăng 2</span></span><br>"
                  "<small class=\"meta\">so với 6 tháng đầu năm 2024</small>") !=
        std::string::npos);
  CHECK(page.find("<table class=\"stack\">") != std::string::npos);
  CHECK(page.find("<td class=\"num\" data-label=\"Tổng điểm\">77,75 / 100</td>") !=
        std::string::npos);
}
