#include "output/sink.hpp"

#include "output/stamp.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace thidua::output {

bool MadeFiles::add(std::string_view path, std::string_view key, std::uintmax_t size) {
  if (contains(path)) return false;
  const Place place{text_.size(), path.size(), text_.size() + path.size(), key.size(), size};
  text_.append(path).append(key);
  return insert(place);
}

bool MadeFiles::add_within(std::string_view path, std::string_view key, std::uintmax_t size) {
  const std::less<const char*> before;
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  const auto within = [&](std::string_view v) {
    return v.empty() || (!before(v.data(), begin) && !before(end, v.data() + v.size()));
  };
  if (!within(path) || !within(key)) return false;
  if (contains(path)) return false;
  return insert({static_cast<std::size_t>(path.data() - begin), path.size(),
                 key.empty() ? 0 : static_cast<std::size_t>(key.data() - begin), key.size(), size});
}

void MadeFiles::reserve(std::size_t n) {
  places_.reserve(n);
  std::size_t slots = 16;
  while (slots < 2 * n) slots *= 2;
  if (slots > index_.size()) reindex(slots);
}

void MadeFiles::reindex(std::size_t slots) {
  std::vector<std::uint32_t> grown(slots, 0);
  const std::size_t mask = slots - 1;
  for (std::uint32_t i = 0; i < places_.size(); ++i) {
    std::size_t slot = std::hash<std::string_view>()(at(i).path) & mask;
    while (grown[slot]) slot = (slot + 1) & mask;
    grown[slot] = i + 1;
  }
  index_ = std::move(grown);
}

bool MadeFiles::insert(Place place) {
  if (places_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) return false;
  if ((places_.size() + 1) * 2 > index_.size())
    reindex(std::max<std::size_t>(16, index_.size() * 2));
  places_.push_back(place);
  const std::size_t mask = index_.size() - 1;
  std::size_t slot = std::hash<std::string_view>()(at(places_.size() - 1).path) & mask;
  while (index_[slot]) slot = (slot + 1) & mask;
  index_[slot] = static_cast<std::uint32_t>(places_.size());
  return true;
}

std::optional<MadeFiles::File> MadeFiles::find(std::string_view path) const {
  if (index_.empty()) return std::nullopt;
  const std::size_t mask = index_.size() - 1;
  for (std::size_t slot = std::hash<std::string_view>()(path) & mask; index_[slot];
       slot = (slot + 1) & mask)
    if (File f = at(index_[slot] - 1); f.path == path) return f;
  return std::nullopt;
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos)
    return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string_view part =
        path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string_view::npos)
      return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool Sink::write(const std::string& path, std::string_view bytes) {
  if (failed_) return false;
  text::Message error;
  if (!is_safe_relative_path(path))
    error = text::Message("io-unsafe-path", {{"path", path}});
  else if (put(path, bytes, &error))
    return true;
  fail(error);
  return false;
}

bool Sink::keep(const std::string& path, Earlier from) {
  return !failed_ && is_safe_relative_path(path) && keep_previous(path, from);
}

void Sink::fail(const text::Message& message) {
  std::lock_guard lock(error_mutex_);
  if (error_.empty()) error_ = message.empty() ? text::Message("io-not-written") : message;
  failed_ = true;
}

text::Message Sink::error() const {
  std::lock_guard lock(error_mutex_);
  return error_;
}

bool MemorySink::put(const std::string& path, std::string_view bytes, text::Message* error) {
  std::lock_guard lock(mutex_);
  if (files_.emplace(path, bytes).second) return true;
  *error = text::Message("io-written-twice", {{"path", path}});
  return false;
}

bool FolderSink::put(const std::string& path, std::string_view bytes, text::Message* error) {
  const fs::path target = root_ / path;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  std::ofstream file(target, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (file) return true;
  *error = text::Message("io-cannot-write", {{"path", platform::text_of(target)}, {"reason", "?"}});
  return false;
}

namespace {

/// True when `path` is a regular file (not a link) holding exactly `bytes`.
bool same_file_content(const fs::path& path, std::string_view bytes) {
  platform::Info info;
  if (!platform::stat(path, /*follow=*/false, &info, nullptr) ||
      info.type != platform::Type::kFile || info.size != bytes.size())
    return false;
  std::ifstream in(path, std::ios::binary);
  std::string old(bytes.size(), '\0');
  in.read(old.data(), static_cast<std::streamsize>(old.size()));
  return in && old == bytes;
}

}  // namespace

namespace {

constexpr std::string_view kMarkerHeader = "thidua output 2\n";

/// A path on one line of the marker, added to `out`: '\\' and line breaks
/// escaped.
void add_marker_line(std::string& out, std::string_view path) {
  for (const char c : path) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

std::string marker_line(std::string_view path) {
  std::string out;
  add_marker_line(out, path);
  return out;
}

}  // namespace

std::string output_marker_text(std::vector<std::string_view> paths) {
  // A build's list comes sorted: 120,000 paths sorted again cost 40 ms.
  if (!std::is_sorted(paths.begin(), paths.end())) std::sort(paths.begin(), paths.end());
  std::size_t bytes = 512;
  for (const auto p : paths) bytes += p.size() + 1;
  std::string text;
  text.reserve(bytes);
  text += kMarkerHeader;
  text +=
      "# This folder was written by thidua build; the next build replaces it.\n"
      "# These are the files it wrote. A build replaces the folder only while it\n"
      "# holds nothing else: add a file of your own and thidua leaves the folder alone.\n";
  for (const auto p : paths) {
    add_marker_line(text, p);
    text += '\n';
  }
  return text;
}

namespace {

/// Up to this many foreign entries are named in a refusal.
constexpr std::size_t kNamed = 3;

/// Why the existing, non-empty folder `dest` may not be replaced by a build,
/// or "" when it holds exactly what its marker lists.
text::Message not_ours(const fs::path& dest) {
  std::ifstream in(dest / kOutputMarker, std::ios::binary);
  if (!in) return text::Message("output-not-ours", {{"folder", platform::text_of(dest)}});
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!text.starts_with(kMarkerHeader))
    return text::Message("output-old-marker",
                         {{"folder", platform::text_of(dest)}, {"marker", kOutputMarker}});
  std::unordered_set<std::string> files, folders;
  std::size_t start = kMarkerHeader.size();
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line;
    for (std::size_t i = start; i < end; ++i) {
      if (text[i] == '\\' && i + 1 < end) {
        line += text[i + 1] == 'n' ? '\n' : text[i + 1];
        ++i;
      } else {
        line += text[i];
      }
    }
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    for (auto slash = line.find('/'); slash != std::string::npos; slash = line.find('/', slash + 1))
      folders.insert(line.substr(0, slash));
    files.insert(std::move(line));
  }
  std::vector<std::string> foreign;
  std::error_code ec;
  fs::recursive_directory_iterator it(dest, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string rel = platform::generic_text_of(it->path().lexically_relative(dest));
    if (rel == kOutputMarker) continue;
    const auto status = it->symlink_status(ec);
    if (ec) break;
    const bool known = fs::is_directory(status)      ? folders.count(rel) > 0
                       : fs::is_regular_file(status) ? files.count(rel) > 0
                                                     : false;
    if (!known) {
      foreign.push_back(rel);
      if (fs::is_directory(status)) it.disable_recursion_pending();
    }
  }
  if (ec)
    return text::Message("output-unreadable",
                         {{"folder", platform::text_of(dest)}, {"reason", ec.message()}});
  if (foreign.empty()) return {};
  std::sort(foreign.begin(), foreign.end());
  std::string names;
  for (std::size_t i = 0; i < foreign.size() && i < kNamed; ++i)
    names += (i ? ", " : "") + marker_line(foreign[i]);
  return text::Message("output-foreign-files",
                       {{"folder", platform::text_of(dest)},
                        {"n", foreign.size()},
                        {"names", names},
                        {"more", foreign.size() > kNamed ? foreign.size() - kNamed : 0}});
}

/// Why the site may not be written at `dest` with its content in `src`, or
/// an empty message.
text::Message place_problem(const fs::path& dest, const fs::path& src) {
  if (dest == dest.root_path())
    return text::Message("output-root", {{"folder", platform::text_of(dest)}});
  if (platform::path_contains(dest, src))
    return text::Message("output-holds-content", {{"folder", platform::text_of(dest)},
                                                  {"content", platform::text_of(src)}});
  if (platform::path_contains(src, dest))
    return text::Message("output-inside-content", {{"folder", platform::text_of(dest)},
                                                   {"content", platform::text_of(src)}});
  return {};
}

/// A new staging folder `<prefix>staging-XXXXXX` beside `dest`, after removing
/// those of builds killed before they cleaned up (while this build holds the
/// lock, no other is writing one). It takes the place of the old folder, so
/// it keeps its permissions and group (a folder of mode 2750 shared with the
/// web server stays so); a new one gets what mkdir would give it. Empty, with
/// `error` set, on failure.
fs::path make_staging(const fs::path& dest, const std::string& prefix, const platform::Access* old,
                      const std::function<void(const text::Message&)>& notice,
                      text::Message* error) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dest.parent_path(), ec)) {
    if (!platform::text_of(e.path().filename()).starts_with(prefix + "staging-")) continue;
    std::error_code e2;
    fs::remove_all(e.path(), e2);
  }
  platform::Error why;
  const fs::path staging =
      platform::make_temp_folder(dest.parent_path(), prefix + "staging-", &why);
  if (staging.empty()) {
    *error = text::Message("io-cannot-stage",
                           {{"folder", platform::text_of(dest)}, {"reason", why.message}});
    return {};
  }
  platform::set_access(staging, old, [&](const std::string& problem) {
    if (notice)
      notice(
          text::Message("note-group", {{"folder", platform::text_of(dest)}, {"reason", problem}}));
  });
  return staging;
}

}  // namespace

std::unique_ptr<StagedDirectory> StagedDirectory::open(
    const fs::path& destination, const fs::path& source, text::Message* error,
    const std::function<void(const text::Message&)>& notice, const StagingOptions& options) {
  const fs::path dest = platform::resolved_path(destination);
  if (*error = place_problem(dest, platform::resolved_path(source)); !error->empty())
    return nullptr;
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  if (ec) {
    *error = text::Message("io-cannot-create", {{"path", platform::text_of(dest.parent_path())},
                                                {"reason", ec.message()}});
    return nullptr;
  }
  const std::string prefix = "." + platform::text_of(dest.filename()) + ".thidua-";
  // One build at a time per destination, from this machine or from another
  // container sharing the folder.
  const fs::path lock_path = dest.parent_path() / (prefix + "lock");
  platform::Error why;
  auto lock = platform::Lock::open(lock_path, &why);
  if (!lock) {
    *error = text::Message("io-cannot-open-lock",
                           {{"path", platform::text_of(lock_path)}, {"reason", why.message}});
    return nullptr;
  }
  const auto waiting = [&] {
    if (notice) notice(text::Message("note-waiting", {{"folder", platform::text_of(dest)}}));
  };
  if (!lock->hold(waiting, &why)) {
    *error = text::Message("io-cannot-lock",
                           {{"path", platform::text_of(lock_path)}, {"reason", why.message}});
    return nullptr;
  }

  platform::Info dest_info;
  const bool exists = platform::stat(dest, /*follow=*/false, &dest_info, nullptr);
  if (exists && dest_info.type != platform::Type::kFolder) {
    *error = text::Message("output-not-folder", {{"folder", platform::text_of(dest)}});
    return nullptr;
  }
  // A non-empty destination may only be replaced when it is an earlier build.
  const bool had_site = exists && !fs::is_empty(dest, ec);
  if (had_site && !options.verified) {
    if (*error = not_ours(dest); !error->empty()) return nullptr;
  }
  fs::path staging =
      make_staging(dest, prefix, exists ? &dest_info.access : nullptr, notice, error);
  if (staging.empty()) return nullptr;
  // The spare, when there is one to build in, takes the staging folder's
  // name (so that a build killed meanwhile leaves it to be removed as any
  // staging folder); one not wanted is removed.
  const fs::path spare = spare_path(dest);
  const MadeFiles* in_spare = nullptr;
  platform::Info spare_info;
  if (platform::stat(spare, /*follow=*/false, &spare_info, nullptr)) {
    if (options.spare && had_site && spare_info.type == platform::Type::kFolder &&
        platform::rename(spare, staging, nullptr)) {
      in_spare = options.spare;
      platform::set_access(staging, &dest_info.access, nullptr);  // the site's again
    } else {
      fs::remove_all(spare, ec);
    }
  }
  // Files and folders are made relative to the staging folder: the kernel
  // walks one short path per file, not the whole absolute one.
  platform::Folder staged = platform::Folder::open(staging, /*follow=*/false, &why);
  if (!staged.is_open()) {
    *error = text::Message("io-cannot-open",
                           {{"path", platform::text_of(staging)}, {"reason", why.message}});
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    return nullptr;
  }
  return std::unique_ptr<StagedDirectory>(new StagedDirectory(
      dest, staging, had_site, std::move(staged),
      std::make_unique<platform::Lock>(std::move(*lock)), in_spare, options.keep_spare));
}

StagedDirectory::StagedDirectory(fs::path destination, fs::path staging, bool had_site,
                                 platform::Folder staged, std::unique_ptr<platform::Lock> lock,
                                 const MadeFiles* spare, bool keep_spare)
    : destination_(std::move(destination)),
      staging_(std::move(staging)),
      had_site_(had_site),
      spare_(spare),
      keep_spare_(keep_spare),
      staged_(std::make_unique<platform::Folder>(std::move(staged))),
      lock_(std::move(lock)) {}

StagedDirectory::~StagedDirectory() {
  staged_.reset();
  std::error_code ec;
  if (!committed_) fs::remove_all(staging_, ec);
  lock_.reset();  // releases the lock
}

std::optional<std::string> StagedDirectory::read_back(const std::string& path) const {
  std::ifstream in(staging_ / path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::vector<std::pair<std::string, std::uintmax_t>> StagedDirectory::written() const {
  std::lock_guard lock(written_mutex_);
  return written_;
}

/// mkdir of `folder` (relative to the staging folder), and its parents
/// first when they are missing. A failure shows when the file is opened.
void StagedDirectory::make_folder(const std::string& folder) {
  platform::Error why;
  if (staged_->make_folder(folder, &why)) return;
  // In the spare, a file of the site before may stand where this one has a
  // folder: it goes.
  platform::Info info;
  if (why.kind == platform::Error::Kind::kExists && spare_ &&
      staged_->stat(folder, &info, nullptr) && info.type != platform::Type::kFolder &&
      staged_->remove(folder, nullptr) && staged_->make_folder(folder, &why))
    return;
  if (why.kind != platform::Error::Kind::kNotFound) return;
  if (const auto slash = folder.rfind('/'); slash != std::string::npos)
    make_folder(folder.substr(0, slash));
  staged_->make_folder(folder, nullptr);
}

void StagedDirectory::ensure_parent(const std::string& path) {
  // One mkdir per new folder and no stat; not under the lock, so the other
  // workers do not wait on it. Two workers may make the same folder: the
  // second mkdir fails with EEXIST, which is fine.
  const std::string folder =
      path.substr(0, path.rfind('/') == std::string::npos ? 0 : path.rfind('/'));
  if (folder.empty()) return;
  bool known;
  {
    std::lock_guard lock(folders_mutex_);
    known = folders_.count(folder) > 0;
  }
  if (!known) {
    make_folder(folder);
    std::lock_guard lock(folders_mutex_);
    folders_.insert(folder);
  }
}

void StagedDirectory::clear_spare(const std::string& path) {
  if (spare_ && spare_->contains(path)) staged_->remove(path, nullptr);
}

bool StagedDirectory::keep_previous(const std::string& path, Earlier from) {
  if (abandoned_) return false;
  if (from == Earlier::kSpare) {
    const auto file = spare_ ? spare_->find(path) : std::nullopt;
    if (!file) return false;
    std::lock_guard lock(written_mutex_);
    written_.push_back({path, file->size});
    return true;
  }
  if (!had_site_) return false;
  platform::Info info;
  if (!platform::stat(destination_ / path, /*follow=*/false, &info, nullptr) ||
      info.type != platform::Type::kFile)
    return false;
  ensure_parent(path);
  clear_spare(path);
  if (!staged_->link_from(destination_ / path, path, nullptr)) return false;
  std::lock_guard lock(written_mutex_);
  written_.push_back({path, info.size});
  return true;
}

bool StagedDirectory::put(const std::string& path, std::string_view bytes, text::Message* error) {
  if (abandoned_) {
    *error = text::Message("io-interrupted");
    return false;
  }
  ensure_parent(path);
  clear_spare(path);
  // A file the previous build wrote with the same bytes is linked, not
  // rewritten: it keeps its modification time, so rsync skips it.
  if (had_site_ && same_file_content(destination_ / path, bytes) &&
      staged_->link_from(destination_ / path, path, nullptr)) {
    std::lock_guard lock(written_mutex_);
    written_.push_back({path, bytes.size()});
    return true;
  }
  if (platform::Error why; !staged_->write_file(path, bytes, &why)) {
    *error = text::Message("io-cannot-write",
                           {{"path", platform::text_of(staging_ / path)}, {"reason", why.message}});
    return false;
  }
  std::lock_guard lock(written_mutex_);
  written_.push_back({path, bytes.size()});
  return true;
}

void StagedDirectory::abandon() {
  std::lock_guard lock(commit_mutex_);
  abandoned_ = true;
  if (committed_) return;
  // A worker may still be making a file it began before the flag: the
  // removal then meets a folder that is not empty. Again until it is gone.
  std::error_code ec;
  for (int tries = 0; tries < 100; ++tries) {
    fs::remove_all(staging_, ec);
    if (!fs::exists(staging_, ec)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool StagedDirectory::commit(text::Message* error) {
  std::lock_guard lock(commit_mutex_);
  if (abandoned_) {
    *error = text::Message("io-interrupted");
    return false;
  }
  {
    std::vector<std::string_view> paths;
    {
      // Sorted once, here, for the marker and for whoever asks written().
      std::lock_guard written_lock(written_mutex_);
      std::sort(written_.begin(), written_.end());
      paths.reserve(written_.size());
      for (const auto& [path, size] : written_) paths.push_back(path);
    }
    const std::string marker = output_marker_text(std::move(paths));
    if (spare_) {
      remove_spare_leftovers();
      staged_->remove(kOutputMarker, nullptr);  // the spare's own: written anew
    }
    if (platform::Error why; !staged_->write_file(kOutputMarker, marker, &why)) {
      *error = text::Message(
          "io-cannot-write",
          {{"path", platform::text_of(staging_ / kOutputMarker)}, {"reason", why.message}});
      return false;
    }
  }
  platform::Error why;
  if (!platform::stat(destination_, /*follow=*/false, nullptr, nullptr)) {
    if (!platform::rename(staging_, destination_, &why)) {
      *error = text::Message("io-cannot-move-new", {{"folder", platform::text_of(destination_)},
                                                    {"reason", why.message}});
      return false;
    }
    committed_ = true;
    return true;
  }
  // Atomic: the destination is the old site until the moment it is the new one.
  if (platform::exchange(staging_, destination_, &why)) {
    committed_ = true;
    retire(staging_);  // now the old site
    return true;
  }
  if (why.kind != platform::Error::Kind::kUnsupported) {
    *error = text::Message(
        why.kind == platform::Error::Kind::kBusy ? "io-cannot-swap-mount" : "io-cannot-swap",
        {{"folder", platform::text_of(destination_)}, {"reason", why.message}});
    return false;
  }
  // A file system without an atomic exchange (some network and FUSE file
  // systems): the old site is moved aside, then the new one moved in. For a
  // moment there is no site at the destination; a build killed in that moment
  // leaves the old site beside it (as a staging folder), and the next build
  // builds anew.
  const fs::path old = platform::path_of(platform::text_of(staging_) + "-old");
  if (!platform::rename(destination_, old, &why)) {
    *error = text::Message("io-cannot-move-old",
                           {{"folder", platform::text_of(destination_)}, {"reason", why.message}});
    return false;
  }
  if (!platform::rename(staging_, destination_, &why)) {
    *error = text::Message("io-cannot-move-new",
                           {{"folder", platform::text_of(destination_)}, {"reason", why.message}});
    platform::rename(old, destination_, nullptr);  // the old site back in place
    return false;
  }
  committed_ = true;
  retire(old);
  return true;
}

void StagedDirectory::retire(const fs::path& old) {
  std::error_code ec;
  const fs::path spare = spare_path(destination_);
  // Only its owner may read it: a web server that serves the output's
  // parent folder must not serve the site before the last one.
  if (keep_spare_ && !fs::exists(spare, ec) && platform::set_owner_only(old, nullptr) &&
      platform::rename(old, spare, nullptr)) {
    kept_spare_ = true;
    return;
  }
  fs::remove_all(old, ec);
}

void StagedDirectory::remove_spare_leftovers() {
  std::unordered_set<std::string_view> written;
  {
    std::lock_guard lock(written_mutex_);
    written.reserve(written_.size());
    for (const auto& [path, size] : written_) written.insert(path);
  }
  std::set<std::string, std::greater<>> folders;  // deepest first
  for (const MadeFiles::File file : *spare_) {
    if (written.count(file.path)) continue;
    const std::string path(file.path);
    staged_->remove(path, nullptr);
    for (auto slash = path.rfind('/'); slash != std::string::npos && slash > 0;
         slash = path.rfind('/', slash - 1))
      folders.insert(path.substr(0, slash));
  }
  // A folder of which every file went is removed too, as a clean build
  // would not make it; one that still holds files stays.
  for (const auto& folder : folders) staged_->remove_folder(folder, nullptr);
}

namespace {

std::string folder_of(const fs::path& target) {
  return target.has_parent_path() ? platform::text_of(target.parent_path()) : ".";
}

}  // namespace

bool write_new_file(const std::string& path, std::string_view bytes, text::Message* error,
                    bool* exists) {
  if (exists) *exists = false;
  platform::Error why;
  auto temp = platform::TempFile::beside(platform::path_of(path), &why);
  if (!temp) {
    *error =
        text::Message("io-cannot-write-in", {{"folder", folder_of(path)}, {"reason", why.message}});
    return false;
  }
  // Its mode as a file the process creates would have.
  if (!temp->file().write_all(bytes, &why) || !temp->file().set_default_access(&why) ||
      !temp->file().close(&why)) {
    *error = text::Message("io-cannot-write", {{"path", path}, {"reason", why.message}});
    return false;
  }
  if (!platform::rename_new(platform::path_of(temp->path()), platform::path_of(path), &why)) {
    if (exists) *exists = why.kind == platform::Error::Kind::kExists;
    *error = why.kind == platform::Error::Kind::kExists
                 ? text::Message("io-exists", {{"path", path}})
                 : text::Message("io-cannot-write", {{"path", path}, {"reason", why.message}});
    return false;
  }
  temp->keep();
  return true;
}

std::unique_ptr<ReplacingFile> ReplacingFile::open(const std::string& target,
                                                   text::Message* error) {
  platform::Error why;
  auto temp = platform::TempFile::beside(platform::path_of(target), &why);
  if (!temp) {
    *error = text::Message("io-cannot-write-in",
                           {{"folder", folder_of(target)}, {"reason", why.message}});
    return nullptr;
  }
  return std::unique_ptr<ReplacingFile>(
      new ReplacingFile(target, std::make_unique<platform::TempFile>(std::move(*temp))));
}

ReplacingFile::ReplacingFile(std::string target, std::unique_ptr<platform::TempFile> temp)
    : target_(std::move(target)), temp_path_(temp->path()), temp_(std::move(temp)) {}

ReplacingFile::~ReplacingFile() = default;

bool ReplacingFile::write(std::string_view bytes, text::Message* error) {
  platform::Error why;
  if (temp_->file().write_all(bytes, &why)) return true;
  *error = text::Message("io-cannot-write", {{"path", temp_path_}, {"reason", why.message}});
  return false;
}

bool ReplacingFile::commit(text::Message* error) {
  platform::File& f = temp_->file();
  platform::Error why;
  // Its mode as a file the process creates would have.
  if (!f.set_default_access(&why) || !f.sync(&why) || !f.close(&why) ||
      !platform::rename(platform::path_of(temp_path_), platform::path_of(target_), &why)) {
    *error = text::Message("io-cannot-write", {{"path", target_}, {"reason", why.message}});
    return false;
  }
  temp_->keep();
  return true;
}

}  // namespace thidua::output
