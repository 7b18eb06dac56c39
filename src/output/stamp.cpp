#include "output/stamp.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "output/sink.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "text/sha256.hpp"

namespace fs = std::filesystem;

namespace thidua::output {

namespace {
constexpr const char* kHeader = "thidua build stamp 5";

/// Adds the regular files below the open folder `dir`, as `prefix` + their
/// path, to `files`. False at anything else, or at a file changed after
/// `limit`: by its change time, which no tool can set back, unlike the
/// modification time. Folders are told by the entry's type, so only files are
/// stat'ed, each by its name in its folder: walking with std::filesystem (or
/// opendir) cost a no-change build three to five system calls per entry, most
/// of its time.
bool list_files(const platform::Folder& dir, const std::string& prefix,
                const platform::FileTime& limit,
                std::vector<std::pair<std::string, std::uintmax_t>>& files) {
  using platform::Type;
  std::string name;
  return dir.entries(
      [&](std::string_view entry, Type type) {
        name.assign(entry);
        platform::Info info;
        if (type == Type::kFile || type == Type::kUnknown) {
          if (!dir.stat(name, &info, nullptr)) return false;
          type = info.type;
        }
        if (type == Type::kFolder) {
          const platform::Folder sub = dir.folder(name, nullptr);
          return sub.is_open() && list_files(sub, prefix + name + "/", limit, files);
        }
        if (type != Type::kFile || info.changed > limit) return false;
        files.push_back({prefix + name, info.size});
        return true;
      },
      nullptr);
}

}  // namespace

namespace {
fs::path beside(const fs::path& destination, const std::string& suffix) {
  return destination.parent_path() /
         platform::path_of("." + platform::text_of(destination.filename()) + suffix);
}
}  // namespace

fs::path stamp_path(const fs::path& destination) { return beside(destination, ".thidua-stamp"); }
fs::path spare_path(const fs::path& destination) { return beside(destination, ".thidua-spare"); }
fs::path spare_stamp_path(const fs::path& destination) {
  return beside(destination, ".thidua-spare-stamp");
}

namespace {

/// The head of the stamp `in` reads, and how many files it lists.
std::optional<StampHead> read_head(std::istream& in, std::size_t* made) {
  std::string header;
  StampHead s;
  if (!std::getline(in, header) || header != kHeader ||
      !(in >> s.inputs >> s.listing >> s.files >> s.warnings >> s.profile >> *made))
    return std::nullopt;
  if (s.listing == "-") s.listing.clear();
  return s;
}

}  // namespace

std::optional<StampHead> read_stamp_head(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::size_t made = 0;
  return read_head(in, &made);
}

std::optional<Stamp> read_stamp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::size_t made = 0;
  auto head = read_head(in, &made);
  if (!head) return std::nullopt;
  Stamp s{std::move(*head), {}};
  in.ignore(1);  // the line break
  // The rest read whole and cut in place: a line at a time, each field a
  // string of its own, cost 0.1 s for 120,000 files.
  s.made = MadeFiles(
      std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  // The files' paths and keys are places in the text read: the stamp's own
  // text, which `s.made` keeps (moving a std::string keeps its bytes where
  // they are, but a short one lives in the object: views are taken after).
  const std::string_view rest = s.made.text();
  std::string_view lines = rest;
  s.made.reserve(std::min(made, rest.size() / 6));  // a line takes at least 6 bytes
  // One file a line: its key ("-" for none), size and path, tab-separated.
  for (std::size_t i = 0; i < made && !lines.empty(); ++i) {
    const std::size_t end = lines.find('\n');
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
    const auto tab1 = line.find('\t');
    const auto tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) return std::nullopt;
    std::string_view key = line.substr(0, tab1);
    if (key == "-") key = {};
    std::uintmax_t size = 0;
    const auto [p, ec] = std::from_chars(line.data() + tab1 + 1, line.data() + tab2, size);
    if (ec != std::errc() || p != line.data() + tab2) return std::nullopt;
    // The spare's leftovers are removed by these names: one that leaves the
    // folder (a stamp written by another hand) makes the stamp worthless.
    const std::string_view name = line.substr(tab2 + 1);
    if (!is_safe_relative_path(name) || !s.made.add_within(name, key, size)) return std::nullopt;
  }
  if (s.made.size() != made) return std::nullopt;
  return s;
}

bool write_stamp(const fs::path& path, const Stamp& stamp, text::Message* error) {
  std::vector<StampedFile> files;
  files.reserve(stamp.made.size());
  for (const MadeFiles::File f : stamp.made) files.push_back({f.path, f.key, f.size});
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return write_stamp(path, stamp, files, error);
}

bool write_stamp(const fs::path& path, const StampHead& stamp,
                 const std::vector<StampedFile>& sorted, text::Message* error) {
  const fs::path temp = platform::path_of(platform::text_of(path) + ".new");
  // A path with a line break (a static file's) cannot be listed: such a
  // stamp is not written, and the next build makes every file.
  std::size_t bytes = 0;
  for (const auto& f : sorted) {
    if (f.path.find('\n') != std::string_view::npos) {
      *error = text::Message("io-line-break-in-name");
      return false;
    }
    bytes += f.path.size() + f.key.size() + 24;
  }
  // Written whole, once: a stream's formatting, a field at a time, cost a
  // tenth of a second per 100,000 files.
  std::string text;
  text.reserve(bytes + 1024);
  const std::string_view listing = stamp.listing;
  for (const std::string_view line :
       {std::string_view(kHeader), std::string_view(stamp.inputs),
        listing.empty() ? std::string_view("-") : listing, std::string_view(stamp.files)}) {
    text += line;
    text += '\n';
  }
  const auto number = [&text](auto n) {
    char digits[24];
    text.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
  };
  number(stamp.warnings);
  text += '\n';
  text += stamp.profile.empty() ? "-" : stamp.profile;
  text += '\n';
  number(sorted.size());
  text += '\n';
  for (const auto& f : sorted) {
    text += f.key.empty() ? "-" : f.key;
    text += '\t';
    number(f.size);
    text += '\t';
    text += f.path;
    text += '\n';
  }
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
      *error =
          text::Message("io-cannot-write", {{"path", platform::text_of(temp)}, {"reason", "?"}});
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec)
    *error = text::Message("io-cannot-write",
                           {{"path", platform::text_of(path)}, {"reason", ec.message()}});
  return !ec;
}

void remove_stamp(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

std::string files_digest(const std::vector<std::pair<std::string, std::uintmax_t>>& files) {
  // A build's list comes sorted (StagedDirectory::written after commit).
  if (!std::is_sorted(files.begin(), files.end())) {
    auto sorted = files;
    std::sort(sorted.begin(), sorted.end());
    return files_digest(sorted);
  }
  std::string list;
  std::size_t bytes = 0;
  for (const auto& f : files) bytes += f.first.size() + 22;
  list.reserve(bytes);
  char digits[24];
  for (const auto& [path, size] : files) {
    list += path;
    list += '\t';
    list.append(digits, std::to_chars(digits, digits + sizeof digits, size).ptr);
    list += '\n';
  }
  return text::content_hash(list);
}

namespace {

/// Looks up listed files under `dir`: each a file of the size listed,
/// unchanged since `stamped`; with `folders`, each folder it lies in too
/// (unchanged since then), those the path before it did not lie in (the list
/// is sorted: each folder is looked at once).
struct Look {
  const platform::Folder& dir;
  platform::FileTime stamped;
  bool folders;
  std::string name;         ///< a path being looked up
  std::string_view before;  ///< the path looked up before

  bool operator()(std::string_view path, std::uintmax_t size) {
    name.assign(path);
    platform::Info info;
    if (!is_safe_relative_path(name) || !dir.stat(name, &info, nullptr) ||
        info.type != platform::Type::kFile || info.size != size || info.changed > stamped)
      return false;
    for (std::size_t slash = path.find('/'); folders && slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
      if (before.size() > slash && before[slash] == '/' &&
          before.substr(0, slash) == path.substr(0, slash))
        continue;
      name.assign(path.substr(0, slash));
      if (!dir.stat(name, &info, nullptr) || info.type != platform::Type::kFolder ||
          info.changed > stamped)
        return false;
    }
    before = path;
    return true;
  }
};

/// How many threads look: the lookups are system calls, each waiting on the
/// kernel's walk of a path.
unsigned look_threads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 8u); }

}  // namespace

bool files_as_stamped(const fs::path& destination, std::size_t block_size) {
  const fs::path path = stamp_path(destination);
  platform::Info stamped;
  if (!platform::stat(path, /*follow=*/true, &stamped, nullptr)) return false;
  std::ifstream in(path, std::ios::binary);
  // The head: the header, inputs, listing, files, warnings, profile and how
  // many files follow, a line each.
  std::string line;
  std::size_t count = 0;
  for (int i = 0; i < 7; ++i) {
    if (!std::getline(in, line) || (i == 0 && line != kHeader)) return false;
    if (i == 6) {
      const auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), count);
      if (ec != std::errc() || p != line.data() + line.size()) return false;
    }
  }
  const platform::Folder dir = platform::Folder::open(destination, /*follow=*/true, nullptr);
  if (!dir.is_open()) return false;
  std::atomic<bool> same{true};
  std::atomic<std::size_t> seen{0};
  // Lines of a file each: its key, size and path, tab-separated.
  auto check = [&](std::string_view lines) {
    Look look{dir, stamped.changed, /*folders=*/false, {}, {}};
    std::size_t n = 0;
    while (!lines.empty() && same) {
      const std::size_t end = lines.find('\n');
      const std::string_view line = lines.substr(0, end);
      lines.remove_prefix(end + 1);
      const std::size_t tab1 = line.find('\t');
      const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
      if (tab2 == std::string_view::npos) return same.store(false);
      std::uintmax_t size = 0;
      const auto [p, ec] = std::from_chars(line.data() + tab1 + 1, line.data() + tab2, size);
      if (ec != std::errc() || p != line.data() + tab2) return same.store(false);
      if (!look(line.substr(tab2 + 1), size)) return same.store(false);
      ++n;
    }
    seen += n;
  };
  // The list read a block at a time (a site of a million files has a stamp
  // of 100 MB), each block's whole lines cut into a part per thread.
  const unsigned parts = look_threads();
  std::string block, rest;
  std::vector<char> buffer(std::max<std::size_t>(block_size, 1));
  while (same && in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    block = std::move(rest);
    block.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    const std::size_t whole = block.rfind('\n') + 1;  // 0 when no line ends in it
    if (!in && whole != block.size()) return false;   // the last line has no end
    rest.assign(block, whole);
    const std::string_view lines(block.data(), whole);
    std::vector<std::string_view> part;
    for (std::size_t start = 0; start < lines.size();) {
      std::size_t end = lines.find('\n', start + lines.size() / parts);
      end = end == std::string_view::npos ? lines.size() : end + 1;
      part.push_back(lines.substr(start, end - start));
      start = end;
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < part.size(); ++i) threads.emplace_back(check, part[i]);
    if (!part.empty()) check(part[0]);
    for (auto& t : threads) t.join();
  }
  return same && seen == count && rest.empty();
}

bool output_matches(const fs::path& destination, const Stamp& stamp) {
  // A folder's change time moves when an entry is added to it, removed or
  // renamed: when no folder of the site changed after the stamp, nothing was
  // added, and each listed file is looked up by its path, as
  // files_as_stamped does. A stat of each folder costs half a listing of it.
  // Where a folder's change time says nothing of its entries (FAT on Windows;
  // and there a listing is what costs least), each folder is listed.
  if (platform::kFolderTimesCoverEntries) {
    // The stamp's own list, read already (in path order, as written): each
    // file and folder looked up, a stretch of the list a thread.
    platform::Info stamped, root;
    if (!platform::stat(stamp_path(destination), /*follow=*/true, &stamped, nullptr) ||
        !platform::stat(destination, /*follow=*/true, &root, nullptr) ||
        root.changed > stamped.changed)
      return false;
    const platform::Folder dir = platform::Folder::open(destination, /*follow=*/true, nullptr);
    if (!dir.is_open()) return false;
    std::atomic<bool> same{true};
    const std::size_t n = stamp.made.size(), parts = look_threads();
    auto check = [&](std::size_t part) {
      Look look{dir, stamped.changed, /*folders=*/true, {}, {}};
      for (std::size_t i = n * part / parts; i < n * (part + 1) / parts && same; ++i)
        if (const MadeFiles::File f = stamp.made[i]; !look(f.path, f.size)) same = false;
    };
    std::vector<std::thread> threads;
    for (std::size_t part = 1; part < parts; ++part) threads.emplace_back(check, part);
    check(0);
    for (auto& t : threads) t.join();
    return same;
  }
  platform::Info stamped;
  if (!platform::stat(stamp_path(destination), /*follow=*/true, &stamped, nullptr)) return false;
  std::vector<std::pair<std::string, std::uintmax_t>> files;
  const platform::Folder dir = platform::Folder::open(destination, /*follow=*/true, nullptr);
  if (!dir.is_open() || !list_files(dir, "", stamped.changed, files)) return false;
  std::erase_if(files, [](const auto& f) { return f.first == kOutputMarker; });
  return files_digest(files) == stamp.files;
}

}  // namespace thidua::output
