#include "output/sink.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "output/stamp.hpp"
#include "platform/files.hpp"

using namespace thidua::output;
namespace fs = std::filesystem;

TEST_CASE("a sink keeps its first failure and writes nothing after it") {
  MemorySink sink;
  CHECK(sink.write("a.html", "A"));
  CHECK(sink.error().empty());
  CHECK_FALSE(sink.write("a.html", "again"));
  CHECK(sink.error().in(thidua::text::Language::kEn) == "written twice: a.html");
  CHECK_FALSE(sink.write("b.html", "B"));  // stopped
  sink.fail(thidua::text::Message::verbatim("a later failure"));
  CHECK(sink.error().in(thidua::text::Language::kEn) == "written twice: a.html");
  CHECK(sink.files() == std::map<std::string, std::string>{{"a.html", "A"}});
}

TEST_CASE("a sink refuses paths that leave its folder") {
  for (const char* path : {"../x", "/etc/x", "a//b", "a/./b", "a\\b", ""}) {
    MemorySink sink;
    CHECK_FALSE(sink.write(path, "x"));
    CHECK(sink.error().in(thidua::text::Language::kEn) ==
          std::string("unsafe output path \"") + path + "\"");
    CHECK(sink.files().empty());
  }
}

namespace {

/// Fails every write of a path that starts with "bad".
class Flaky : public Sink {
 public:
  std::atomic<int> puts{0};

 protected:
  bool put(const std::string& path, std::string_view, thidua::text::Message* error) override {
    ++puts;
    if (!path.starts_with("bad")) return true;
    *error = thidua::text::Message::verbatim("cannot write " + path);
    return false;
  }
};

}  // namespace

TEST_CASE("writers on many threads: one first failure, the others stop") {
  Flaky sink;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&sink, t] {
      for (int i = 0; i < 1000; ++i)
        if (!sink.write((i == 500 ? "bad" : "ok") + std::to_string(t) + "-" + std::to_string(i),
                        "x"))
          return;
    });
  for (auto& t : threads) t.join();
  CHECK(sink.failed());
  const std::string e = sink.error().in(thidua::text::Language::kEn);
  CHECK(e.starts_with("cannot write bad"));
  CHECK(e.ends_with("-500"));
  CHECK(sink.puts <= 8 * 501);  // each thread stops at its own failure at the latest
}

TEST_CASE(
    "a stamp naming a file outside its folder is not read (the spare's leftovers are removed by "
    "name)") {
  const fs::path dir =
      thidua::platform::make_temp_folder(fs::temp_directory_path(), "thidua-stamp-", nullptr);
  REQUIRE(!dir.empty());
  const fs::path stamp = dir / ".site.thidua-spare-stamp";
  auto with_file = [&](const std::string& name) {
    std::ofstream(stamp) << "thidua build stamp 5\nin\n-\nfiles\n0\npublic\n1\n-\t5\t" << name
                         << "\n";
    return read_stamp(stamp);
  };
  const auto good = with_file("periods/index.html");
  REQUIRE(good);
  CHECK(good->made.contains("periods/index.html"));
  for (const char* bad : {"../outside.txt", "/etc/passwd", "a/../../b", "a//b", "./x"})
    CHECK_MESSAGE(!with_file(bad), bad);
  fs::remove_all(dir);
}

TEST_CASE("an up-to-date output is told by looking up the files its stamp lists") {
  const fs::path dir =
      thidua::platform::make_temp_folder(fs::temp_directory_path(), "thidua-stamped-", nullptr);
  REQUIRE(!dir.empty());
  const fs::path site = dir / "site";
  auto put = [&](const std::string& name, const std::string& text) {
    fs::create_directories((site / name).parent_path());
    std::ofstream(site / name, std::ios::binary) << text;
  };
  // Many files, so that each of the threads has a part of the list.
  Stamp stamp{{"in", "-", "files", 0, "public"}, {}};
  for (int i = 0; i < 40; ++i) {
    const std::string name = "p" + std::to_string(i) + "/index.html";
    put(name, "page " + std::to_string(i));
    stamp.made.add(name, "k", ("page " + std::to_string(i)).size());
  }
  put("a.txt", "abc");
  stamp.made.add("a.txt", "", 3);
  auto stamped = [&] {
    thidua::text::Message error;
    REQUIRE(write_stamp(stamp_path(site), stamp, &error));
  };
  // Change times are kept to a tick of a few milliseconds.
  auto later = [] { std::this_thread::sleep_for(std::chrono::milliseconds(30)); };
  stamped();
  CHECK(files_as_stamped(site));
  // Read in blocks that end inside lines, the last one too.
  for (std::size_t block : {1, 7, 64, 1000}) CHECK_MESSAGE(files_as_stamped(site, block), block);
  later();
  put("a.txt", "abd");  // the same size, changed after the stamp
  CHECK_FALSE(files_as_stamped(site));
  stamped();
  CHECK(files_as_stamped(site));
  fs::remove(site / "p17/index.html");
  CHECK_FALSE(files_as_stamped(site));
  CHECK_FALSE(files_as_stamped(site, 64));
  put("p17/index.html", "page 17");
  stamped();
  CHECK(files_as_stamped(site));
  put("p3/index.html", "page 3, longer");
  stamped();  // listed at its old size
  CHECK_FALSE(files_as_stamped(site));
  put("p3/index.html", "page 3");
  stamped();
  CHECK(output_matches(site, stamp));
  // A file added by another hand is not looked for (output_matches finds
  // it); nor one added deeper, nor an empty folder, nor
  // a file written again with the same bytes. Each is undone, the site
  // stamped again.
  const auto touched = [&](const std::function<void()>& touch, const fs::path& added) {
    later();
    touch();
    CHECK(files_as_stamped(site) == !added.empty());  // the file put back is newer
    CHECK_FALSE(output_matches(site, stamp));
    if (!added.empty()) fs::remove(site / added);
    stamped();
    CHECK(output_matches(site, stamp));
  };
  touched([&] { put("extra.txt", "x"); }, "extra.txt");
  touched([&] { put("p5/extra.html", "x"); }, "p5/extra.html");
  touched([&] { fs::create_directory(site / "p6/empty"); }, "p6/empty");
  touched([&] { put("p7/index.html", "page 7"); }, "");
  fs::remove_all(dir);
}

TEST_CASE("a stamp reads back as written, its lines as the format says") {
  const fs::path dir =
      thidua::platform::make_temp_folder(fs::temp_directory_path(), "thidua-stamp-", nullptr);
  REQUIRE(!dir.empty());
  Stamp stamp{{"inputs-hash", "listing-hash", "files-digest", 12, "intranet"}, {}};
  stamp.made.add("b/index.html", "key-b", 1234567890123);
  stamp.made.add("a.css", "", 0);
  stamp.made.add("đơn-vị/a/index.html", "key-c", 7);
  thidua::text::Message error;
  REQUIRE(write_stamp(dir / "stamp", stamp, &error));
  std::ifstream in(dir / "stamp", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text ==
        "thidua build stamp 5\ninputs-hash\nlisting-hash\nfiles-digest\n12\nintranet\n3\n"
        "-\t0\ta.css\nkey-b\t1234567890123\tb/index.html\nkey-c\t7\tđơn-vị/a/index.html\n");
  const auto back = read_stamp(dir / "stamp");
  REQUIRE(back);
  CHECK(back->inputs == "inputs-hash");
  CHECK(back->listing == "listing-hash");
  CHECK(back->files == "files-digest");
  CHECK(back->warnings == 12);
  CHECK(back->profile == "intranet");
  CHECK(back->made.size() == 3);
  CHECK(back->made.find("b/index.html")->key == "key-b");
  CHECK(back->made.find("b/index.html")->size == 1234567890123u);
  CHECK(back->made.find("a.css")->key.empty());
  // Without a listing or a profile: "-" in their place.
  stamp.listing.clear();
  stamp.profile.clear();
  REQUIRE(write_stamp(dir / "stamp", stamp, &error));
  const auto bare = read_stamp_head(dir / "stamp");
  REQUIRE(bare);
  CHECK(bare->listing.empty());
  CHECK(bare->profile == "-");
  // One written by another hand: a count it does not hold (however large), a
  // size that is not a number, a line without its fields, a path that
  // leaves the folder: none is read.
  const std::string head = "thidua build stamp 5\ni\nl\nf\n0\npublic\n";
  for (const std::string& body :
       {std::string("999999999999999999\nk\t1\ta.html\n"), std::string("1\nk\t1x\ta.html\n"),
        std::string("1\nk\t-1\ta.html\n"), std::string("1\nk 1 a.html\n"),
        std::string("1\nk\t1\t../a.html\n"), std::string("2\nk\t1\ta.html\n")}) {
    std::ofstream(dir / "stamp", std::ios::binary) << head << body;
    CHECK_MESSAGE(!read_stamp(dir / "stamp"), body);
  }
  std::ofstream(dir / "stamp", std::ios::binary) << head << "2\n-\t0\ta.css\nk\t12\tb/c.html";
  const auto hand = read_stamp(dir / "stamp");
  REQUIRE(hand);
  CHECK(hand->made.find("a.css")->key.empty());
  CHECK(hand->made.find("b/c.html")->size == 12);
  fs::remove_all(dir);
}

TEST_CASE("a build's list of files finds each by its path, and refuses a path twice") {
  MadeFiles made;
  CHECK(!made.find("a"));
  // Enough files that the index grows several times.
  for (int i = 0; i < 5000; ++i)
    REQUIRE(made.add("units/u" + std::to_string(i) + "/index.html", "k" + std::to_string(i), i));
  CHECK(made.size() == 5000);
  CHECK(!made.add("units/u7/index.html", "other", 1));  // there already: unchanged
  for (int i = 0; i < 5000; i += 499) {
    const auto f = made.find("units/u" + std::to_string(i) + "/index.html");
    REQUIRE(f);
    CHECK(f->key == "k" + std::to_string(i));
    CHECK(f->size == static_cast<std::uintmax_t>(i));
  }
  CHECK(!made.find("units/u5000/index.html"));
  CHECK(!made.find("units/u7"));
  // In the order added.
  std::size_t n = 0;
  for (const MadeFiles::File f : made)
    CHECK(f.path == "units/u" + std::to_string(n++) + "/index.html");
  CHECK(n == 5000);
  // Places in a text given: nothing outside it.
  const std::string outside = "b.html";
  MadeFiles within(std::string("a.html\tkey-a\n"));
  const std::string_view text = within.text();
  CHECK(within.add_within(text.substr(0, 6), text.substr(7, 5), 3));
  CHECK(!within.add_within(outside, "", 1));
  CHECK(within.find("a.html")->key == "key-a");
  CHECK(!within.find("b.html"));
}
