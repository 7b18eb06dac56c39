#include "load/source_tree.hpp"
#include "platform/files.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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
