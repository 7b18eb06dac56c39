// The platform floor's file calls, against what the system is known to do:
// each expectation below is the documented behaviour a Windows implementation
// must match too.
#include "platform/files.hpp"
#include "platform/paths.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace fs = std::filesystem;
using namespace thidua::platform;

namespace {

struct Scratch {
  fs::path path = make_temp_folder(fs::temp_directory_path(), "thidua-platform-", nullptr);
  Scratch() { REQUIRE(!path.empty()); }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("UTF-8 text becomes a path and comes back unchanged, its file found by that name") {
  const std::string name =
      "Văn phòng Đoàn – báo cáo.txt";  // written by hand: Vietnamese, an en dash
  const fs::path p = path_of(name);
  CHECK(text_of(p) == name);
  CHECK(generic_text_of(path_of("thư mục/" + name)) == "thư mục/" + name);
  // The path names the file the system lists under those bytes.
  Scratch s;
  Error e;
  REQUIRE(Folder::open(s.path, true, &e).write_file(name, "x", &e));
  std::vector<Entry> entries;
  REQUIRE(Folder::open(s.path, true, &e).entries(&entries, &e));
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].name == name);
  CHECK(read_small_file(s.path / p, 10, &e) == std::optional<std::string>("x"));
}

TEST_CASE("a folder lists its entries with their types, links not followed") {
  Scratch s;
  put(s.path / "a.txt", "a");
  fs::create_directory(s.path / "sub");
  fs::create_symlink("a.txt", s.path / "link");
  Error e;
  const Folder dir = Folder::open(s.path, /*follow=*/false, &e);
  REQUIRE(dir.is_open());
  std::vector<Entry> entries;
  REQUIRE(dir.entries(&entries, &e));
  std::set<std::pair<std::string, Type>> seen;
  for (auto& x : entries) {
    Type t = x.type;
    if (t == Type::kUnknown) {  // a file system that does not say: stat tells
      Info info;
      REQUIRE(dir.stat(x.name, &info, &e));
      t = info.type;
    }
    seen.insert({x.name, t});
  }
  CHECK(seen == std::set<std::pair<std::string, Type>>{
                    {"a.txt", Type::kFile}, {"sub", Type::kFolder}, {"link", Type::kLink}});
  Info info;
  REQUIRE(dir.stat("a.txt", &info, &e));
  CHECK(info.size == 1);
  // The link is described, not its target.
  REQUIRE(dir.stat("link", &info, &e));
  CHECK(info.type == Type::kLink);
}

TEST_CASE("nothing is opened through a link where links are not followed") {
  Scratch s;
  put(s.path / "real" / "f.txt", "secret");
  fs::create_directory_symlink(s.path / "real", s.path / "dirlink");
  fs::create_symlink(s.path / "real" / "f.txt", s.path / "filelink");
  Error e;
  CHECK_FALSE(Folder::open(s.path / "dirlink", /*follow=*/false, &e).is_open());
  CHECK(e.kind == Error::Kind::kLink);
  CHECK(Folder::open(s.path / "dirlink", /*follow=*/true, &e).is_open());
  const Folder top = Folder::open(s.path, false, &e);
  CHECK_FALSE(top.folder("dirlink", &e).is_open());
  CHECK(e.kind == Error::Kind::kLink);
  CHECK_FALSE(top.file("filelink", &e).is_open());
  CHECK(e.kind == Error::Kind::kLink);
  CHECK_FALSE(File::open_regular(s.path / "filelink", /*follow=*/false, &e).is_open());
  CHECK(e.kind == Error::Kind::kNotRegular);
  CHECK(File::open_regular(s.path / "filelink", /*follow=*/true, &e).is_open());
  CHECK_FALSE(File::open_regular(s.path / "real", /*follow=*/true, &e).is_open());
  CHECK(e.kind == Error::Kind::kNotRegular);
  CHECK_FALSE(top.file("missing", &e).is_open());
  CHECK(e.kind == Error::Kind::kNotFound);
  CHECK(e.message == "No such file or directory");
}

TEST_CASE("a file read to its end, a second name linked, a folder made below one") {
  Scratch s;
  Error e;
  const Folder dir = Folder::open(s.path, false, &e);
  REQUIRE(dir.write_file("x.txt", "hello", &e));
  REQUIRE(dir.make_folder("d", &e));
  CHECK_FALSE(dir.make_folder("d", &e));
  CHECK(e.kind == Error::Kind::kExists);
  CHECK_FALSE(dir.make_folder("no/such", &e));
  CHECK(e.kind == Error::Kind::kNotFound);
  REQUIRE(dir.write_file("d/y.txt", "", &e));
  REQUIRE(dir.link_from(s.path / "x.txt", "d/x2.txt", &e));
  Info a, b;
  REQUIRE(stat(s.path / "x.txt", false, &a, &e));
  REQUIRE(stat(s.path / "d" / "x2.txt", false, &b, &e));
  CHECK(a.id == b.id);  // one file, two names
  File f = dir.file("x.txt", &e);
  REQUIRE(f.is_open());
  char buf[3];
  std::string got;
  for (std::optional<std::size_t> n; (n = f.read(buf, sizeof buf, &e)) && *n;) got.append(buf, *n);
  CHECK(got == "hello");
}

TEST_CASE("a name removed leaves the file's other name; a folder goes only when empty") {
  Scratch s;
  Error e;
  const Folder dir = Folder::open(s.path, false, &e);
  REQUIRE(dir.make_folder("d", &e));
  REQUIRE(dir.write_file("d/x.txt", "kept", &e));
  REQUIRE(dir.link_from(s.path / "d" / "x.txt", "x2.txt", &e));
  REQUIRE(dir.remove("d/x.txt", &e));
  CHECK(slurp(s.path / "x2.txt") == "kept");
  CHECK_FALSE(dir.remove("d/x.txt", &e));
  CHECK(e.kind == Error::Kind::kNotFound);
  REQUIRE(dir.write_file("d/y.txt", "", &e));
  CHECK_FALSE(dir.remove_folder("d", &e));
  CHECK(std::filesystem::exists(s.path / "d" / "y.txt"));
  REQUIRE(dir.remove("d/y.txt", &e));
  CHECK(dir.remove_folder("d", &e));
  CHECK_FALSE(std::filesystem::exists(s.path / "d"));
}

TEST_CASE("rename_new never replaces; exchange swaps two folders in one step") {
  Scratch s;
  put(s.path / "new.txt", "new");
  put(s.path / "old.txt", "old");
  Error e;
  CHECK_FALSE(rename_new(s.path / "new.txt", s.path / "old.txt", &e));
  CHECK(e.kind == Error::Kind::kExists);
  CHECK(slurp(s.path / "old.txt") == "old");
  REQUIRE(rename_new(s.path / "new.txt", s.path / "fresh.txt", &e));
  CHECK(slurp(s.path / "fresh.txt") == "new");
  CHECK_FALSE(fs::exists(s.path / "new.txt"));

  put(s.path / "a" / "which", "a");
  put(s.path / "b" / "which", "b");
  if (exchange(s.path / "a", s.path / "b", &e)) {
    CHECK(slurp(s.path / "a" / "which") == "b");
    CHECK(slurp(s.path / "b" / "which") == "a");
  } else {
    CHECK(e.kind == Error::Kind::kUnsupported);  // the callers' fallback
  }
}

TEST_CASE("a temporary file is removed unless kept; a new one never takes a name") {
  Scratch s;
  Error e;
  std::string path;
  {
    auto t = TempFile::beside(s.path / "target.zip", &e);
    REQUIRE(t);
    path = t->path();
    CHECK(fs::path(path).parent_path() == s.path);
    CHECK(fs::path(path).filename().string().starts_with(".target.zip."));
    REQUIRE(t->file().write_all("zip", &e));
  }
  CHECK_FALSE(fs::exists(path));
  {
    auto t = TempFile::beside(s.path / "target.zip", &e);
    REQUIRE(t);
    path = t->path();
    REQUIRE(t->file().write_all("kept", &e));
    REQUIRE(t->file().close(&e));
    t->keep();
  }
  CHECK(slurp(path) == "kept");
  auto a = TempFile::beside(s.path / "same", &e), b = TempFile::beside(s.path / "same", &e);
  REQUIRE((a && b));
  CHECK(a->path() != b->path());
}

TEST_CASE("a small file is read whole, within its limit, only when regular") {
  Scratch s;
  put(s.path / "key", "0123456789");
  Error e;
  CHECK(read_small_file(s.path / "key", 10, &e) == "0123456789");
  CHECK_FALSE(read_small_file(s.path / "key", 9, &e));
  CHECK(e.kind == Error::Kind::kTooLarge);
  CHECK_FALSE(read_small_file(s.path / "nothing", 10, &e));
  CHECK(e.kind == Error::Kind::kNotFound);
  CHECK_FALSE(read_small_file(s.path, 10, &e));
  CHECK(e.kind == Error::Kind::kNotRegular);
  fs::create_symlink(s.path / "key", s.path / "key-link");
  CHECK(read_small_file(s.path / "key-link", 10, &e) == "0123456789");  // a link is followed
}

TEST_CASE("the lock file is opened, held and left in place") {
  Scratch s;
  Error e;
  {
    auto lock = Lock::open(s.path / ".lock", &e);
    REQUIRE(lock);
    bool waited = false;
    CHECK(lock->hold([&] { waited = true; }, &e));
    CHECK_FALSE(waited);
  }
  CHECK(fs::exists(s.path / ".lock"));
  fs::create_symlink(s.path / "elsewhere", s.path / ".linked-lock");
  CHECK_FALSE(Lock::open(s.path / ".linked-lock", &e));  // never through a link
  CHECK_FALSE(fs::exists(s.path / "elsewhere"));
}
