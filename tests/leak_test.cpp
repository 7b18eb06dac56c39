// The leak test: a distinctive marker in every internal field of the sample
// content must appear nowhere in a public build and somewhere in an intranet
// build. A public build that shows internal data is the worst bug thidua can
// have; this test is its tripwire.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "built_site.hpp"
#include "load/source_tree.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/tasks.hpp"
#include "platform/files.hpp"
#include "sign/minisign.hpp"
#include "site/content_files.hpp"
#include "site/results_template.hpp"
#include "site/word_writer.hpp"
#include "unzipped.hpp"

#include <archive.h>
#include <archive_entry.h>

using namespace thidua;
using ordered = nlohmann::ordered_json;

namespace {

struct Planted {
  load::MemoryTree tree;
  std::set<std::string> markers;
  std::set<std::string> in_results;  ///< of them, those in a result's "internal"
};

std::string marker(std::set<std::string>& markers) {
  std::string m = "LEAKMARK" + std::to_string(markers.size()) + "X";
  markers.insert(m);
  return m;
}

/// Replaces every text under an "internal" key with a new marker.
void plant_json(ordered& v, bool inside, std::set<std::string>& markers) {
  if (v.is_object()) {
    for (auto& [k, x] : v.items()) plant_json(x, inside || k == "internal", markers);
  } else if (v.is_array()) {
    for (auto& x : v) plant_json(x, inside, markers);
  } else if (inside && v.is_string()) {
    v = v.get<std::string>() + " " + marker(markers);
  }
}

Planted plant_sample() {
  Planted p;
  load::DiskTree disk(std::filesystem::path(THIDUA_SOURCE_DIR) / "content");
  Diagnostics ignored;
  std::set<std::string> draft_periods;
  for (const auto& path : disk.list(ignored)) {
    std::string text = *disk.read(path);
    if (path.ends_with("period.json") && text.find("\"draft\"") != std::string::npos)
      draft_periods.insert(path.substr(0, path.size() - std::string("period.json").size()));
    p.tree.set(path, text);
  }
  for (const auto& path : disk.list(ignored)) {
    std::string text = *p.tree.read(path);
    bool draft = false;
    for (const auto& d : draft_periods) draft = draft || path.starts_with(d);
    if (path.ends_with(".json")) {
      ordered v = ordered::parse(text);
      const std::size_t before = p.markers.size();
      plant_json(v, false, p.markers);
      if (v.contains("results"))
        for (std::size_t i = before; i < p.markers.size(); ++i)
          p.in_results.insert("LEAKMARK" + std::to_string(i) + "X");
      // Everything a draft period says is internal until it is published.
      if (draft && path.ends_with("period.json"))
        v["title"] = v["title"].get<std::string>() + " " + marker(p.markers);
      if (draft && v.contains("results"))
        for (auto& r : v["results"]) r["note"] = marker(p.markers);
      p.tree.set(path, v.dump(2));
    } else if (path.ends_with(".md") && text.find("\nvisibility: internal") != std::string::npos) {
      const auto title_end = text.find('\n', text.find("\ntitle:") + 1);
      text.insert(title_end, " " + marker(p.markers));
      p.tree.set(path, text + "\n\n" + marker(p.markers) + "\n");
    }
  }
  p.tree.set("pages/noi-bo.md", "---\ntitle: Nội bộ " + marker(p.markers) +
                                    "\nvisibility: internal\n---\n" + marker(p.markers) + "\n");
  // Internal Word documents: a document and a page, internal by their side
  // files; their words, their originals and their pictures' folder nowhere public.
  Document d;
  d.title = "Kế hoạch nội bộ " + marker(p.markers);
  d.kind = "plan";
  d.number = "9-KH/ĐTN";
  d.issuer = "Văn phòng";
  d.issued = Date{2025, 6, 1};
  d.body = "Nội dung " + marker(p.markers) + "\n";
  p.tree.set("documents/2025/word-noi-bo.docx", site::word_document(d, ""));
  p.tree.set("documents/2025/word-noi-bo.yml", "visibility: internal\n");
  Page pg;
  pg.title = "Trang nội bộ " + marker(p.markers);
  pg.body = "Trang " + marker(p.markers) + "\n";
  p.tree.set("pages/word-noi-bo.docx", site::word_page(pg));
  p.tree.set("pages/word-noi-bo.yml", "visibility: internal\n");
  return p;
}

using test::build_site;

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A zip's entries by name, workbooks inside it unpacked too.
std::map<std::string, std::string> zip_entries(const std::string& bytes) {
  std::map<std::string, std::string> entries;
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  REQUIRE(archive_read_open_memory(a, bytes.data(), bytes.size()) == ARCHIVE_OK);
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string data;
    char buf[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
      data.append(buf, static_cast<std::size_t>(n));
    const std::string name = archive_entry_pathname(e);
    entries[name] = name.ends_with(".xlsx") ? test::unzipped(data) : data;
  }
  archive_read_free(a);
  return entries;
}

/// No file of the public site `pub` holds a planted marker.
void check_no_marker(const std::map<std::string, std::string>& pub) {
  for (const auto& kv : pub) {
    CHECK_MESSAGE(kv.first.find("word-noi-bo") == std::string::npos, kv.first);
    const std::string text = kv.first.ends_with(".docx") ? test::unzipped(kv.second) : kv.second;
    const auto at = text.find("LEAKMARK");
    CHECK_MESSAGE(
        at == std::string::npos,
        "public " << kv.first << " leaks: " << text.substr(at == std::string::npos ? 0 : at, 12));
  }
}

}  // namespace

TEST_CASE("a signed public build and a signed snapshot hold no internal field") {
  // What signing adds (manifest.json, its signature and trusted comment,
  // minisign.pub) and the snapshot zip, searched like the pages.
  const Planted p = plant_sample();
  const fs::path dir =
      platform::make_temp_folder(fs::temp_directory_path(), "thidua-leak-", nullptr);
  REQUIRE(!dir.empty());
  Diagnostics ignored;
  for (const auto& path : p.tree.list(ignored)) {
    fs::create_directories((dir / "src" / path).parent_path());
    std::ofstream(dir / "src" / path, std::ios::binary) << *p.tree.read(path);
  }
  REQUIRE(std::system(("minisign -G -W -p " + (dir / "key.pub").string() + " -s " +
                       (dir / "key.sec").string() + " >/dev/null 2>&1")
                          .c_str()) == 0);
  thidua::text::Message error;
  const auto key = sign::parse_secret_key(read_file(dir / "key.sec"), "", &error);
  REQUIRE_MESSAGE(key, error.in(thidua::text::Language::kEn));

  auto search = [](const std::string& what, const std::string& bytes) {
    const auto at = bytes.find("LEAKMARK");
    CHECK_MESSAGE(at == std::string::npos,
                  what << " leaks: " << bytes.substr(at == std::string::npos ? 0 : at, 12));
    CHECK_MESSAGE(bytes.find("periods/2025/") == std::string::npos, what << " names the draft");
  };
  pipeline::Request rq;
  rq.source = (dir / "src").string();
  rq.output = (dir / "out").string();
  rq.jobs = 1;
  const auto built = pipeline::build_folder(
      rq, &*key, [](const pipeline::Pipeline&) {}, [](const auto&) {});
  REQUIRE_MESSAGE(built.status == pipeline::Status::kDone,
                  built.error.in(thidua::text::Language::kEn));
  int files = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir / "out")) {
    if (!f.is_regular_file()) continue;
    const std::string bytes = read_file(f.path());
    search("signed public " + f.path().string(),
           f.path().extension() == ".xlsx" ? test::unzipped(bytes) : bytes);
    ++files;
  }
  CHECK(files > 150);
  for (const char* signed_file : {"manifest.json", "manifest.json.minisig", "minisign.pub"})
    CHECK_MESSAGE(fs::exists(dir / "out" / signed_file), signed_file);

  rq.period = "2024-h1";
  rq.output = (dir / "snapshot.zip").string();
  const auto archived = pipeline::archive_period(rq, &*key, [](const pipeline::Pipeline&) {});
  REQUIRE_MESSAGE(archived.status == pipeline::Status::kDone,
                  archived.error.in(thidua::text::Language::kEn));
  const auto entries = zip_entries(read_file(dir / "snapshot.zip"));
  CHECK(entries.size() > 50);
  CHECK(entries.count("manifest.json.minisig"));
  for (const auto& [name, bytes] : entries) search("snapshot " + name, bytes);

  // Public builds into a folder an intranet build wrote, the second made in
  // the spare: neither they nor what is kept beside them (the spare, the
  // stamps) hold an internal field.
  pipeline::Request site = rq;
  site.period.clear();
  site.output = (dir / "site").string();
  site.profile = Profile::kIntranet;
  auto build = [&] {
    const auto r = pipeline::build_folder(
        site, nullptr, [](const pipeline::Pipeline&) {}, [](const auto&) {});
    REQUIRE_MESSAGE(r.status == pipeline::Status::kDone, r.error.in(thidua::text::Language::kEn));
  };
  build();
  // Every file of the public site and beside it; how many there are.
  auto search_beside = [&](const std::string& when) {
    int files = 0;
    for (const auto& f : fs::recursive_directory_iterator(dir)) {
      const std::string rel = fs::relative(f.path(), dir).generic_string();
      if (!f.is_regular_file() || !(rel.starts_with("site/") || rel.starts_with(".site.")))
        continue;
      const std::string bytes = read_file(f.path());
      search(when + ": " + rel, f.path().extension() == ".xlsx" ? test::unzipped(bytes) : bytes);
      ++files;
    }
    return files;
  };
  site.profile = Profile::kPublic;
  build();
  CHECK_FALSE(fs::exists(dir / ".site.thidua-spare"));
  CHECK(search_beside("public after intranet") > 150);
  std::ofstream(dir / "src" / "pages" / "gioi-thieu.md", std::ios::app) << "\nThêm một dòng.\n";
  build();
  CHECK(fs::exists(dir / ".site.thidua-spare"));
  CHECK(search_beside("public made in the spare") > 300);  // the site, its spare, stamps
  // Nothing else is kept beside the site: the results cache, which holds
  // internal fields, is in the user's own cache folder.
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".site."))
      CHECK_MESSAGE((name == ".site.thidua-stamp" || name == ".site.thidua-spare" ||
                     name == ".site.thidua-spare-stamp" || name == ".site.thidua-lock"),
                    name);
  }
  fs::remove_all(dir);
}

TEST_CASE("no internal field reaches a public build; all of them reach the intranet") {
  const Planted p = plant_sample();
  REQUIRE(p.markers.size() >= 60);  // site, units, results, visits, drafts, documents, pages

  const auto pub = build_site(p.tree, Profile::kPublic);
  REQUIRE(pub.size() > 150);
  check_no_marker(pub);
  // Self scores are numbers; their column and any page of the draft are the tells.
  for (const auto& kv : pub) {
    CHECK_MESSAGE(kv.second.find("Tự chấm") == std::string::npos, kv.first);
    CHECK_MESSAGE(kv.second.find("Chênh lệch") == std::string::npos, kv.first);
    CHECK_MESSAGE(kv.second.find("self-gaps") == std::string::npos, kv.first);
    CHECK_MESSAGE(!kv.first.starts_with("periods/2025/"), kv.first);
    CHECK_MESSAGE(!kv.first.starts_with("data/2025/"), kv.first);
    CHECK_MESSAGE(!kv.first.starts_with("noi-bo/"), kv.first);
  }
  CHECK(pub.at("sitemap.xml").find("periods/2025/") == std::string::npos);
  // Workbooks are searched inside: their texts are there to be found.
  REQUIRE(pub.count("data/2025-h1/results.xlsx"));
  CHECK(pub.at("data/2025-h1/results.xlsx").find("Chi đoàn") != std::string::npos);
  CHECK(pub.at("feed.xml").find("bien-ban-hop-tham-dinh") == std::string::npos);

  const auto intranet = build_site(p.tree, Profile::kIntranet);
  std::string all;
  for (const auto& kv : intranet) all += kv.second;
  for (const auto& m : p.markers)
    CHECK_MESSAGE(all.find(m) != std::string::npos, "intranet lacks " << m);
  CHECK(all.find("Tự chấm") != std::string::npos);
  CHECK(all.find("Chênh lệch") != std::string::npos);        // the difference column
  CHECK(all.find("id=\"self-gaps\"") != std::string::npos);  // the dashboard's furthest
}

TEST_CASE("a period's template holds internal fields only with --profile intranet") {
  // The template is the office's, made from the intranet's content (drafts
  // included). Made for the public it holds no internal field; made for the
  // intranet, the internal fields of results (the assessor's notes) and
  // nothing else internal: no unit's, visit's or document's. A draft's
  // title and notes are its own: only published periods are searched whole.
  const Planted p = plant_sample();
  pipeline::Pipeline b(p.tree, {.profile = Profile::kIntranet});
  REQUIRE(b.ok());
  int checked = 0;
  std::set<std::string> found;
  for (const Period& period : b.content().periods) {
    if (period.status == PeriodStatus::kDraft) continue;
    for (const bool internal : {false, true}) {
      std::string error;
      const site::ResultsTemplate t =
          site::results_template(b.content(), period, b.strings(), internal, &error);
      REQUIRE_MESSAGE(!t.bytes.empty(), error);
      const std::string text = test::unzipped(t.bytes);
      CHECK(text.find("Chi đoàn") != std::string::npos);  // its texts are searched
      for (auto at = text.find("LEAKMARK"); at != std::string::npos;
           at = text.find("LEAKMARK", at + 1)) {
        const std::string m = text.substr(at, text.find('X', at) + 1 - at);
        CHECK_MESSAGE(internal, period.id << "'s public template leaks " << m);
        CHECK_MESSAGE(p.in_results.count(m), period.id << "'s template holds " << m);
        found.insert(m);
      }
    }
    ++checked;
  }
  CHECK(checked >= 3);
  CHECK(found.size() >= 3);  // the intranet's templates hold assessor notes
}

TEST_CASE("the internal columns of a units table stay out of a public build") {
  // The planted units.json as units.csv, its internal fields as
  // internal:<field> columns (the units alone: their clusters dropped).
  Planted p = plant_sample();
  const ordered units = ordered::parse(*p.tree.read("units.json"));
  std::vector<std::string> fields;
  for (const auto& u : units["units"])
    if (u.contains("internal"))
      for (const auto& [k, v] : u["internal"].items())
        if (std::find(fields.begin(), fields.end(), k) == fields.end()) fields.push_back(k);
  REQUIRE(fields.size() >= 2);
  std::string csv = "id,name,parent";
  for (const auto& f : fields) csv += ",internal:" + f;
  csv += "\n";
  std::size_t planted = 0;
  for (const auto& u : units["units"]) {
    csv += u["id"].get<std::string>() + ",\"" + u["name"].get<std::string>() + "\"," +
           u.value("parent", "");
    for (const auto& f : fields) {
      const std::string v = u.contains("internal") ? u["internal"].value(f, "") : "";
      planted += v.find("LEAKMARK") != std::string::npos;
      csv += ",\"" + v + "\"";
    }
    csv += "\n";
  }
  REQUIRE(planted >= 20);
  p.tree.erase("units.json");
  p.tree.set("units.csv", csv);
  std::string diags;
  const auto pub = build_site(p.tree, Profile::kPublic, &diags);
  REQUIRE_MESSAGE(pub.size() > 150, diags);
  check_no_marker(pub);
  std::string all;
  for (const auto& kv : build_site(p.tree, Profile::kIntranet)) all += kv.second;
  std::size_t shown = 0;
  for (auto at = all.find("LEAKMARK"); at != std::string::npos; at = all.find("LEAKMARK", at + 1))
    ++shown;
  CHECK(shown >= planted);  // the intranet shows them: the columns were read
}

TEST_CASE("a folder converted to workbooks keeps its internal fields out of a public build") {
  // thidua convert's workbooks of the planted sample: the units' internal
  // columns, the results' self scores and assessor's notes, the visits'
  // internal columns, all read back from tables. The public build of that
  // folder holds none of them; the intranet's shows them.
  const Planted p = plant_sample();
  pipeline::Pipeline b(p.tree, {.profile = Profile::kIntranet});
  REQUIRE(b.ok());
  const site::ContentFiles books = site::content_files(b.content(), site::ContentForm::kWorkbooks,
                                                       b.strings(), pipeline::read_back);
  REQUIRE_MESSAGE(books.error.empty(), books.error);
  load::MemoryTree tree;
  Diagnostics ignored;
  for (const auto& path : p.tree.list(ignored))
    if (!site::is_record_file(path) &&
        std::find(books.replaced.begin(), books.replaced.end(), path) == books.replaced.end())
      tree.set(path, *p.tree.read(path));
  std::size_t planted = 0;
  for (const auto& f : books.files) {
    tree.set(f.path, f.bytes);
    const std::string text =
        f.path.ends_with(".xlsx") || f.path.ends_with(".docx") ? test::unzipped(f.bytes) : f.bytes;
    for (auto at = text.find("LEAKMARK"); at != std::string::npos;
         at = text.find("LEAKMARK", at + 1))
      ++planted;
  }
  REQUIRE(planted >= 40);  // the workbooks do hold them
  REQUIRE(tree.read("units.xlsx"));
  std::string diags;
  const auto pub = build_site(tree, Profile::kPublic, &diags);
  REQUIRE_MESSAGE(pub.size() > 150, diags);
  check_no_marker(pub);
  for (const auto& kv : pub)
    CHECK_MESSAGE(kv.second.find("Tự chấm") == std::string::npos, kv.first);
  std::string all;
  for (const auto& kv : build_site(tree, Profile::kIntranet)) all += kv.second;
  CHECK(all.find("LEAKMARK") != std::string::npos);
  CHECK(all.find("Tự chấm") != std::string::npos);
}
