// The incremental build, as a property: whatever is edited, a build into a
// folder thidua made before gives byte for byte what a clean build of the
// same content gives. Random content, random edits of every kind a page can
// read (a score, a unit's name, a cluster, a scheme's maximum, a document, a
// free page, the theme's CSS, a visit, a period's status, a new period, a
// deleted file), in both profiles; each sequence from its own seed, so a
// failure names the seed and the edits that led to it.
//
// Its own test suite ("incremental"), run by ctest as the test of that name.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "load/source_tree.hpp"
#include "output/sink.hpp"
#include "pipeline/inputs.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/tasks.hpp"
#include "platform/files.hpp"

namespace thidua {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Files = std::map<std::string, std::string>;

/// The content folder as JSON and Markdown the test edits, and writes out.
class ContentFolder {
 public:
  ContentFolder(const fs::path& root, unsigned seed) : root_(root), rng_(seed) {
    site_ = {{"title", "Kết quả thi đua"},
             {"organization", "Đoàn Khối Thử nghiệm"},
             {"language", pick({"vi", "vi", "en"})},
             {"internal", {{"contact", "Văn phòng, máy lẻ 12"}}}};
    if (coin()) site_["base_url"] = "https://thidua.example.vn/";
    units_ = {{"clusters", json::array()}, {"units", json::array()}};
    for (int c = 0; c < 3; ++c)
      units_["clusters"].push_back(
          {{"id", "c" + std::to_string(c)}, {"name", "Khối " + std::to_string(c)}});
    const int n = 8 + static_cast<int>(rng_() % 13);
    for (int u = 0; u < n; ++u) {
      json unit = {{"id", "u" + std::to_string(u)},
                   {"name", "Chi đoàn " + std::string(1, static_cast<char>('A' + u))},
                   {"kind", "Chi đoàn cơ sở"},
                   {"cluster", "c" + std::to_string(rng_() % 3)},
                   {"internal", {{"secretary", "Bí thư " + std::to_string(u)}}}};
      if (u > 2 && coin()) unit["parent"] = "u" + std::to_string(rng_() % 3);
      units_["units"].push_back(unit);
    }
    scheme_ = {{"id", "s"},
               {"title", "Thang điểm"},
               {"sections",
                {{{"id", "I"},
                  {"title", "Giáo dục"},
                  {"criteria",
                   {{{"id", "I.1"}, {"title", "Học tập"}, {"max", 10}},
                    {{"id", "I.2"}, {"title", "Tuyên truyền"}, {"max", 10}}}}},
                 {{"id", "II"},
                  {"title", "Phong trào"},
                  {"criteria", {{{"id", "II.1"}, {"title", "Tình nguyện"}, {"max", 20}}}}},
                 {{"id", "T"},
                  {"title", "Điểm thưởng"},
                  {"kind", "bonus"},
                  {"max", 5},
                  {"criteria", {{{"id", "T.1"}, {"title", "Sáng kiến"}, {"max", 5}}}}},
                 {{"id", "P"},
                  {"title", "Điểm trừ"},
                  {"kind", "penalty"},
                  {"criteria", {{{"id", "P.1"}, {"title", "Báo cáo chậm"}, {"max", 5}}}}}}},
               {"grades",
                {{{"id", "a"}, {"label", "Xuất sắc"}, {"min", 35}},
                 {{"id", "b"}, {"label", "Tốt"}, {"min", 25}},
                 {{"id", "c"}, {"label", "Hoàn thành"}, {"min", 0}}}}};
    add_period();
    add_period();
    for (int d = 0; d < 2; ++d) add_document();
    pages_["gioi-thieu"] = "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n";
  }

  /// One random edit; what it did, to print when a build differs.
  std::string edit() {
    switch (rng_() % 13) {
      case 0:
      case 1: {  // a score: ties are likely, scores take few values
        json& r = random_result();
        if (r.is_null()) return "no result to change";
        const char* criterion = pick({"I.1", "I.2", "II.1", "T.1", "P.1"});
        const int max = std::string(criterion) == "II.1"   ? 20
                        : std::string(criterion)[0] == 'I' ? 10
                                                           : 5;
        r["scores"][criterion] = static_cast<int>(rng_() % (max + 1));
        return "score " + std::string(criterion) + " of " + r["unit"].get<std::string>();
      }
      case 2:
      case 12: {
        json& u = random_unit();
        // Anywhere in name order: first, last or among those it ties with.
        u["name"] = "Chi đoàn " + std::string(1, static_cast<char>('A' + rng_() % 22)) +
                    std::to_string(rng_() % 10);
        return "name of " + u["id"].get<std::string>();
      }
      case 3: {
        if (coin()) {
          json& u = random_unit();
          u["cluster"] = "c" + std::to_string(rng_() % 3);
          return "cluster of " + u["id"].get<std::string>();
        }
        json& c = units_["clusters"][rng_() % 3];
        c["name"] = "Khối " + std::to_string(rng_() % 50);
        return "name of cluster " + c["id"].get<std::string>();
      }
      case 4: {  // a scheme's maximum: raised, so every score stays valid
        json& cr = scheme_["sections"][0]["criteria"][rng_() % 2];
        cr["max"] = cr["max"].get<int>() + 1 + static_cast<int>(rng_() % 3);
        return "max of " + cr["id"].get<std::string>();
      }
      case 5: {
        if (documents_.empty()) return add_document();
        auto it = std::next(documents_.begin(), static_cast<long>(rng_() % documents_.size()));
        it->second = document_text(static_cast<int>(rng_() % 100));
        return "document " + it->first;
      }
      case 6:
        css_ = "body{color:#" + std::to_string(100 + rng_() % 800) + "}\n";
        return "theme CSS";
      case 7:
        if (periods_.size() < 4) return add_period();
        [[fallthrough]];
      case 8: {  // a deleted file
        if (!documents_.empty() && coin()) {
          auto it = std::next(documents_.begin(), static_cast<long>(rng_() % documents_.size()));
          const std::string name = it->first;
          documents_.erase(it);
          return "deleted document " + name;
        }
        if (!pages_.empty() && coin()) {
          pages_.clear();
          return "deleted page";
        }
        Period& p = periods_[rng_() % periods_.size()];
        json& results = p.results["results"];
        if (results.empty()) return "no result to delete";
        const std::string unit = results.back()["unit"];
        results.erase(results.size() - 1);
        return "deleted the result of " + unit + " in " + p.id;
      }
      case 9: {
        Period& p = periods_[rng_() % periods_.size()];
        p.settings["status"] = pick({"draft", "published", "archived"});
        return "status of " + p.id;
      }
      case 10: {
        Period& p = periods_[rng_() % periods_.size()];
        const json& u = random_unit();
        p.visits = {{"team", {{{"name", "Trưởng đoàn"}, {"role", "Trưởng đoàn"}}}},
                    {"visits",
                     {{{"unit", u["id"]},
                       {"date", p.settings["end"]},
                       {"form", "Làm việc trực tiếp " + std::to_string(rng_() % 9)},
                       {"findings", {{"strengths", {"Tốt " + std::to_string(rng_() % 9)}}}},
                       {"internal", {{"contact", "Đ/c Nam"}}}}}}};
        return "visit of " + u["id"].get<std::string>() + " in " + p.id;
      }
      default: {
        pages_["gioi-thieu"] =
            "---\ntitle: Giới thiệu " + std::to_string(rng_() % 9) + "\n---\n\nSửa.\n";
        return "free page";
      }
    }
  }

  /// Writes the whole folder afresh (files no longer there are removed).
  void write() const {
    std::error_code ec;
    fs::remove_all(root_, ec);
    put("site.json", site_.dump(2));
    put("units.json", units_.dump(2));
    put("schemes/s.json", scheme_.dump(2));
    for (const auto& p : periods_) {
      put("periods/" + p.id + "/period.json", p.settings.dump(2));
      put("periods/" + p.id + "/results.json", p.results.dump(2));
      if (!p.visits.is_null()) put("periods/" + p.id + "/inspections.json", p.visits.dump(2));
    }
    for (const auto& [name, text] : documents_) put("documents/" + name + ".md", text);
    for (const auto& [name, text] : pages_) put("pages/" + name + ".md", text);
    if (!css_.empty()) put("themes/default/assets/site.css", css_);
  }

 private:
  struct Period {
    std::string id;
    json settings, results, visits;
  };

  bool coin() { return rng_() % 2 == 0; }
  const char* pick(std::initializer_list<const char*> options) {
    return *std::next(options.begin(), static_cast<long>(rng_() % options.size()));
  }
  json& random_unit() { return units_["units"][rng_() % units_["units"].size()]; }
  json& random_result() {
    static json none;
    Period& p = periods_[rng_() % periods_.size()];
    json& results = p.results["results"];
    if (results.empty()) return none;
    return results[rng_() % results.size()];
  }

  std::string add_period() {
    const int year = 2020 + static_cast<int>(periods_.size());
    Period p;
    p.id = std::to_string(year);
    p.settings = {{"id", p.id},
                  {"title", "Năm " + p.id},
                  {"start", p.id + "-01-01"},
                  {"end", p.id + "-12-31"},
                  {"scheme", "s"},
                  {"status", "published"},
                  {"published", std::to_string(year + 1) + "-01-15"}};
    p.results = {{"results", json::array()}};
    for (const auto& u : units_["units"]) {
      if (rng_() % 8 == 0) continue;  // not yet scored
      json r = {
          {"unit", u["id"]},
          {"scores", {{"I.1", 5 + rng_() % 2 * 5}, {"I.2", 10}, {"II.1", 10 + rng_() % 2 * 10}}}};
      // Few totals, so that ties are large: a scorecard names those it ties with.
      if (rng_() % 4 == 0) r["scores"]["T.1"] = 1 + rng_() % 2;
      if (rng_() % 8 == 0) r["scores"]["P.1"] = 1 + rng_() % 2;
      if (rng_() % 5 == 0) r["note"] = "Ghi chú " + std::to_string(rng_() % 9);
      p.results["results"].push_back(r);
    }
    periods_.push_back(p);
    return "new period " + p.id;
  }

  std::string document_text(int n) {
    const json& u = random_unit();
    std::string text = "---\ntitle: Kế hoạch số " + std::to_string(n) +
                       "\nnumber: " + std::to_string(n) + "-KH/ĐTN\nkind: plan\nissued: 2021-0" +
                       std::to_string(1 + n % 9) + "-10\nunits: [" + u["id"].get<std::string>() +
                       "]\n";
    if (!periods_.empty() && coin()) text += "period: " + periods_.front().id + "\n";
    if (rng_() % 4 == 0) text += "visibility: internal\n";
    return text + "---\n\nNội dung " + std::to_string(n) + ".\n";
  }
  std::string add_document() {
    const std::string name = "van-ban-" + std::to_string(next_document_++);
    documents_[name] = document_text(static_cast<int>(rng_() % 100));
    return "new document " + name;
  }

  void put(const std::string& path, const std::string& text) const {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path, std::ios::binary) << text;
  }

  fs::path root_;
  std::mt19937 rng_;
  json site_, units_, scheme_;
  std::vector<Period> periods_;
  std::map<std::string, std::string> documents_, pages_;
  std::string css_;
  int next_document_ = 0;
};

/// Every file below `root` but the output marker; a folder that holds no
/// file (which a clean build never leaves) as a file of that name ending in
/// "/", so that it shows as a difference.
Files read_folder(const fs::path& root) {
  Files files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_directory() && fs::is_empty(e.path()))
      files[fs::relative(e.path(), root).generic_string() + "/"] = "";
    if (!e.is_regular_file()) continue;
    const std::string path = fs::relative(e.path(), root).generic_string();
    if (path == output::kOutputMarker) continue;
    std::ifstream in(e.path(), std::ios::binary);
    files[path] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return files;
}

/// What a clean build of `source` makes, in memory; empty when it has errors.
Files clean_build(const fs::path& source, Profile profile) {
  load::DiskTree tree(source);
  pipeline::Pipeline b(tree, {.profile = profile});
  if (!b.ok()) return {};
  output::MemorySink sink;
  REQUIRE_MESSAGE(b.render(sink), sink.error().in(thidua::text::Language::kEn));
  return sink.take();
}

/// A sink that says which files a render made and which it kept.
class RecordingSink : public output::Sink {
 public:
  std::set<std::string> made, kept;

 protected:
  bool put(const std::string& path, std::string_view, text::Message*) override {
    std::lock_guard lock(mutex_);
    made.insert(path);
    return true;
  }
  bool keep_previous(const std::string& path, output::Earlier) override {
    std::lock_guard lock(mutex_);
    kept.insert(path);
    return true;
  }

 private:
  std::mutex mutex_;
};

/// The first difference between two sites, or "".
std::string difference(const Files& incremental, const Files& clean) {
  for (const auto& [path, bytes] : clean) {
    auto it = incremental.find(path);
    if (it == incremental.end()) return path + " is missing";
    if (it->second != bytes) return path + " differs";
  }
  for (const auto& [path, bytes] : incremental)
    if (!clean.count(path)) return path + " should not be there";
  return "";
}

}  // namespace

TEST_SUITE("incremental") {
  TEST_CASE("an incremental build is byte for byte a clean build, whatever was edited") {
    const fs::path base = platform::make_temp_folder(
        fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path(),
        "thidua-incremental-", nullptr);
    REQUIRE(!base.empty());
    // The results cache of these builds, its own: periods loaded from it
    // must give the bytes a clean build (which reads none) gives.
    const std::string cache_home = (base / "cache-home").string();
#ifdef _WIN32
    const char* kCacheVariable = "LOCALAPPDATA";
    const auto set_variable = [&](const char* value) {
      _putenv_s(kCacheVariable, value ? value : "");
    };
#else
    const char* kCacheVariable = "XDG_CACHE_HOME";
    const auto set_variable = [&](const char* value) {
      value ? setenv(kCacheVariable, value, 1) : unsetenv(kCacheVariable);
    };
#endif
    const char* was = std::getenv(kCacheVariable);
    const std::optional<std::string> before = was ? std::optional<std::string>(was) : std::nullopt;
    set_variable(cache_home.c_str());
    constexpr int kSequences = 200, kEdits = 3;
    std::size_t builds = 0, kept = 0, made = 0;
    for (int seq = 0; seq < kSequences; ++seq) {
      const unsigned seed = 1000u + static_cast<unsigned>(seq);
      const Profile profile = seq % 2 ? Profile::kIntranet : Profile::kPublic;
      const fs::path source = base / "content", output = base / "site";
      std::error_code ec;
      fs::remove_all(output, ec);
      fs::remove(output.parent_path() / ".site.thidua-stamp", ec);
      ContentFolder content(source, seed);
      content.write();
      std::string history = "seed " + std::to_string(seed) +
                            (profile == Profile::kIntranet ? ", intranet" : ", public");
      for (int step = 0; step <= kEdits; ++step) {
        if (step > 0) {
          history += "; " + content.edit();
          content.write();
        }
        pipeline::Request rq;
        rq.source = pipeline::GivenPath(source.string());
        rq.output = pipeline::GivenPath(output.string());
        rq.profile = profile;
        rq.jobs = 2;
        const auto r = pipeline::build_folder(rq, nullptr, [](const pipeline::Pipeline&) {}, {});
        const Files clean = clean_build(source, profile);
        if (r.status == pipeline::Status::kInputErrors) {
          CHECK_MESSAGE(clean.empty(), history);  // both refuse it
          continue;
        }
        REQUIRE_MESSAGE(
            (r.status == pipeline::Status::kDone || r.status == pipeline::Status::kUpToDate),
            history << ": " << r.error.in(thidua::text::Language::kEn));
        ++builds;
        if (r.status == pipeline::Status::kDone && step > 0) {
          kept += r.kept;
          made += r.files - r.kept;
        }
        const std::string diff = difference(read_folder(output), clean);
        REQUIRE_MESSAGE(diff.empty(), history << ": " << diff);
      }
    }
    const fs::path cache = platform::cache_folder();
    const bool cached = fs::path(cache).string().starts_with(cache_home) && fs::exists(cache) &&
                        !fs::is_empty(cache);
    set_variable(before ? before->c_str() : nullptr);
    fs::remove_all(base);
    MESSAGE(builds << " builds compared; after an edit " << made << " files made, " << kept
                   << " kept");
    CHECK(cached);  // the builds kept results, and read them
    // The property holds trivially if nothing is ever kept. (Which files are
    // kept is the next test's.)
    CHECK(builds >= kSequences * (kEdits + 1) * 9 / 10);
    CHECK(kept > made / 4);
  }
}

TEST_SUITE("incremental") {
  TEST_CASE("one score changed: the files that show it are made again, the others kept") {
    // The sample on the intranet: period 2025 (a draft) is the latest, and no
    // period is compared with it. A score of ban-tuyen-giao in it changes
    // its total and so its rank, the averages of its cluster and of the
    // period; nothing of the other periods but that unit's own rows.
    const fs::path sample = fs::path(THIDUA_SOURCE_DIR) / "content";
    std::map<std::string, std::string> files;
    load::DiskTree disk(sample);
    Diagnostics ignored;
    for (const auto& path : disk.list(ignored)) files[path] = *disk.read(path);
    load::MemoryTree before_tree(files);
    pipeline::Pipeline before(before_tree, {.profile = Profile::kIntranet});
    REQUIRE(before.ok());
    pipeline::Increment first;
    RecordingSink sink1;
    REQUIRE(before.render(sink1, 2, &first));
    CHECK(sink1.kept.empty());
    CHECK(first.made == sink1.made.size());

    std::string& results = files["periods/2025/results.json"];
    const std::string from =
        "\"unit\": \"ban-tuyen-giao\",\n      \"scores\": {\n        \"I.1\": 8,";
    const auto at = results.find(from);
    REQUIRE(at != std::string::npos);
    results.replace(at, from.size(),
                    "\"unit\": \"ban-tuyen-giao\",\n      \"scores\": {\n        \"I.1\": 7,");
    load::MemoryTree after_tree(files);
    pipeline::Pipeline after(after_tree, {.profile = Profile::kIntranet});
    REQUIRE(after.ok());
    output::MadeFiles made;
    for (const auto& [path, key] : first.made_from) made.add(path, key, 0);
    pipeline::Increment second{.before = &made};
    RecordingSink sink2;
    REQUIRE(after.render(sink2, 2, &second));
    CHECK(second.kept == sink2.kept.size());
    // Made again: the unit's own pages, the period's dashboard and open data,
    // the pages that list everything.
    for (const char* path :
         {"periods/2025/units/ban-tuyen-giao/index.html", "units/ban-tuyen-giao/index.html",
          "data/units/ban-tuyen-giao.csv", "periods/2025/index.html", "data/2025/results.json",
          "data/2025/results.xlsx", "index.html", "search/index.js"})
      CHECK_MESSAGE(sink2.made.count(path), path);
    // Kept: the other periods, and the other units' pages in them.
    for (const char* path : {"periods/2024/index.html", "periods/2024/units/so-y-te/index.html",
                             "periods/2025-h1/units/kho-bac/index.html", "data/2024/results.json",
                             "data/2025-h1/results.xlsx", "data/units/so-y-te.csv"})
      CHECK_MESSAGE(sink2.kept.count(path), path);
    // Far fewer made than kept.
    CHECK(sink2.made.size() * 3 < sink2.kept.size());
  }
}

TEST_SUITE("incremental") {
  TEST_CASE("a listing the last build recorded: its inputs are known without reading a file") {
    /// A tree in memory whose listing is given, counting what is read.
    class CountingTree : public load::MemoryTree {
     public:
      using MemoryTree::MemoryTree;
      std::string said;
      mutable int reads = 0;
      std::optional<std::string> read(const std::string& path, std::string* why) const override {
        ++reads;
        return MemoryTree::read(path, why);
      }
      std::string listing(platform::FileTime) const override { return said; }
    };
    CountingTree tree(
        std::map<std::string, std::string>{{"site.json", "{}"}, {"units.json", "{\"units\": []}"}});
    tree.said = "site.json 2 1\nunits.json 14 1\n";
    const auto first = pipeline::input_fingerprint(tree, Profile::kPublic, "", "");
    REQUIRE(!first.inputs.empty());
    REQUIRE(!first.listing.empty());
    CHECK(tree.reads == 2);
    // The same listing: the inputs recorded with it, nothing read.
    tree.reads = 0;
    const auto again =
        pipeline::input_fingerprint(tree, Profile::kPublic, "", "", first.listing, "recorded");
    CHECK(again.inputs == "recorded");
    CHECK(tree.reads == 0);
    // Another profile, base URL or listing: every file is read.
    for (const auto& [profile, base_url, said] :
         {std::tuple{Profile::kIntranet, "", tree.said},
          std::tuple{Profile::kPublic, "https://x.example.vn/", tree.said},
          std::tuple{Profile::kPublic, "", std::string("site.json 2 2\nunits.json 14 1\n")}}) {
      tree.said = said;
      tree.reads = 0;
      const auto other =
          pipeline::input_fingerprint(tree, profile, base_url, "", first.listing, "recorded");
      CHECK(other.inputs != "recorded");
      CHECK(tree.reads == 2);
    }
    // No listing to go by (a file changed in the last moments): read.
    tree.said = "";
    tree.reads = 0;
    const auto unsure =
        pipeline::input_fingerprint(tree, Profile::kPublic, "", "", first.listing, "recorded");
    CHECK(unsure.inputs == first.inputs);
    CHECK(unsure.listing.empty());
    CHECK(tree.reads == 2);
  }
}

}  // namespace thidua
