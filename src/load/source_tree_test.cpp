#include "load/source_tree.hpp"
#include "platform/files.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace thidua;

namespace {

/// A folder of its own below $TMPDIR, removed at the end.
struct TempFolder {
  fs::path path;
  TempFolder() {
    path = platform::make_temp_folder(fs::temp_directory_path(), "thidua-tree-", nullptr);
    REQUIRE(!path.empty());
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a disk tree reads only the files it listed, never through a link made after") {
  TempFolder outside, content;
  put(outside.path / "secret.txt", "the machine's secret");
  put(outside.path / "conf" / "passwd", "root:x:0:0");
  put(content.path / "static" / "x.txt", "public text");
  put(content.path / "static" / "conf" / "passwd", "a harmless file");
  put(content.path / "periods" / "p" / "inspections.json", "{\"internal\": 1}");
  fs::create_symlink("../periods/p/inspections.json", content.path / "static" / "raw.json");

  load::DiskTree tree(content.path);
  Diagnostics diags;
  const auto files = tree.list(diags);
  REQUIRE(files == std::vector<std::string>{"periods/p/inspections.json", "static/conf/passwd",
                                            "static/raw.json", "static/x.txt"});
  CHECK(tree.is_link("static/raw.json"));
  CHECK_FALSE(tree.is_link("static/x.txt"));
  CHECK(tree.read("static/raw.json") == "{\"internal\": 1}");  // read at its target
  CHECK(tree.read("static/x.txt") == "public text");

  // A file swapped for a link to a file outside, after the listing.
  fs::remove(content.path / "static" / "x.txt");
  fs::create_symlink(outside.path / "secret.txt", content.path / "static" / "x.txt");
  std::string why;
  CHECK_FALSE(tree.read("static/x.txt", &why));
  CHECK(why.find("symbolic link") != std::string::npos);

  // A folder swapped for a link to a folder outside holding a file of the same name.
  fs::remove_all(content.path / "static" / "conf");
  fs::create_directory_symlink(outside.path / "conf", content.path / "static" / "conf");
  why.clear();
  CHECK_FALSE(tree.read("static/conf/passwd", &why));
  CHECK(why.find("symbolic link") != std::string::npos);

  // A file replaced by another file (renamed over it): not the file listed.
  put(content.path / "other.txt", "another file");
  fs::rename(content.path / "other.txt", content.path / "periods" / "p" / "inspections.json");
  why.clear();
  CHECK_FALSE(tree.read("periods/p/inspections.json", &why));
  CHECK(why.find("replaced by another file") != std::string::npos);

  // Listed again, the folder is what it now is: the link outside is refused.
  Diagnostics again;
  const auto now = tree.list(again);
  CHECK(std::find(now.begin(), now.end(), "static/x.txt") == now.end());
  CHECK(again.count(Severity::kError) >= 1);
  CHECK(tree.read("periods/p/inspections.json") == "another file");
}

TEST_CASE("a disk tree's listing changes with any file, unless a file changed just before") {
  TempFolder content;
  put(content.path / "units.json", "{\"units\": []}");
  put(content.path / "periods" / "p" / "results.json", "{\"results\": [1]}");
  auto listing = [&](platform::FileTime settled) {
    load::DiskTree tree(content.path);
    Diagnostics diags;
    tree.list(diags);
    REQUIRE(diags.items().empty());
    return tree.listing(settled);
  };
  auto in = [](int seconds) {
    platform::FileTime t = platform::file_time_now();
    t.seconds += seconds;
    return t;
  };
  const std::string first = listing(in(10));
  CHECK(first.find("periods/p/results.json\t") != std::string::npos);
  CHECK(listing(in(10)) == first);
  // A file changed at or after `settled` might change again unseen.
  CHECK(listing(in(-10)).empty());
  // The same size, other bytes, the same file (change times tick in
  // milliseconds).
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  put(content.path / "periods" / "p" / "results.json", "{\"results\": [2]}");
  const std::string second = listing(in(10));
  CHECK(second != first);
  // Saved as an editor saves: a new file renamed over the old.
  put(content.path / "units.json.tmp", "{\"units\": []}");
  fs::rename(content.path / "units.json.tmp", content.path / "units.json");
  CHECK(listing(in(10)) != second);
  // Hidden top-level folders are not the content's: a commit changes none of it.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const std::string third = listing(in(10));
  const platform::FileTime before_commit = platform::file_time_now();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  put(content.path / ".git" / "index", "a commit");
  CHECK(listing(in(10)) == third);
  CHECK(!listing(before_commit).empty());  // nor is its change too recent
  // A tree in memory cannot tell.
  load::MemoryTree memory(std::map<std::string, std::string>{{"units.json", "{}"}});
  Diagnostics diags;
  memory.list(diags);
  CHECK(memory.listing(in(10)).empty());
}

TEST_CASE("bytes handed back to a disk tree are given to the next read, only while unchanged") {
  TempFolder content;
  put(content.path / "a.json", "on disk");
  put(content.path / "b.json", "b on disk");
  const load::DiskTree tree(content.path);
  Diagnostics diags;
  REQUIRE(tree.list(diags).size() == 2);
  // Bytes that are not the file's: a read that gives them came from memory.
  tree.remember("a.json", "remembered");
  CHECK(tree.read("a.json") == "remembered");
  CHECK(tree.read("a.json") == "on disk");  // given once
  // Listed again after the file changed: read from the disk.
  tree.remember("a.json", "remembered");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  put(content.path / "a.json", "changed on disk");
  REQUIRE(tree.list(diags).size() == 2);
  CHECK(tree.read("a.json") == "changed on disk");
  // Forgotten: read from the disk.
  tree.remember("b.json", "remembered");
  tree.forget();
  CHECK(tree.read("b.json") == "b on disk");
  // A file the listing did not see is not remembered.
  tree.remember("c.json", "remembered");
  CHECK(!tree.read("c.json"));
}
