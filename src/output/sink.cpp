#include "output/sink.hpp"

#include "model/paths.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

namespace fs = std::filesystem;

namespace thidua::output {

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
  std::string error;
  if (!is_safe_relative_path(path))
    error = "unsafe output path \"" + path + "\"";
  else if (put(path, bytes, &error))
    return true;
  fail(error);
  return false;
}

void Sink::fail(const std::string& message) {
  std::lock_guard lock(error_mutex_);
  if (error_.empty()) error_ = message.empty() ? "a file could not be written" : message;
  failed_ = true;
}

std::string Sink::error() const {
  std::lock_guard lock(error_mutex_);
  return error_;
}

bool MemorySink::put(const std::string& path, std::string_view bytes, std::string* error) {
  std::lock_guard lock(mutex_);
  if (files_.emplace(path, bytes).second) return true;
  *error = "written twice: " + path;
  return false;
}

bool FolderSink::put(const std::string& path, std::string_view bytes, std::string* error) {
  const fs::path target = root_ / path;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  std::ofstream file(target, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (file) return true;
  *error = "cannot write " + target.string();
  return false;
}

namespace {

/// True when `path` is a regular file (not a link) holding exactly `bytes`.
bool same_file_content(const fs::path& path, std::string_view bytes) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::size_t>(st.st_size) != bytes.size())
    return false;
  std::ifstream in(path, std::ios::binary);
  std::string old(bytes.size(), '\0');
  in.read(old.data(), static_cast<std::streamsize>(old.size()));
  return in && old == bytes;
}

}  // namespace

namespace {

constexpr std::string_view kMarkerHeader = "thidua output 2\n";

/// A path on one line of the marker: '\\' and line breaks escaped.
std::string marker_line(std::string_view path) {
  std::string out;
  for (const char c : path) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string output_marker_text(std::vector<std::string> paths) {
  std::sort(paths.begin(), paths.end());
  std::string text(kMarkerHeader);
  text +=
      "# This folder was written by thidua build; the next build replaces it.\n"
      "# These are the files it wrote. A build replaces the folder only while it\n"
      "# holds nothing else: add a file of your own and thidua leaves the folder alone.\n";
  for (const auto& p : paths) text += marker_line(p) + '\n';
  return text;
}

namespace {

/// Creates (or truncates) `name` in the folder `dir` and writes all of
/// `bytes`; false with errno set on failure.
bool write_file(int dir, const char* name, std::string_view bytes) {
  const int fd = ::openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  const int saved = errno;
  if (fd >= 0 && ::close(fd) != 0) return false;
  errno = saved;
  return ok;
}

/// Up to this many foreign entries are named in a refusal.
constexpr std::size_t kNamed = 3;

/// Why the existing, non-empty folder `dest` may not be replaced by a build,
/// or "" when it holds exactly what its marker lists.
std::string not_ours(const fs::path& dest) {
  const std::string refuse_tail =
      "; thidua will not delete it. Choose an empty or new --output folder";
  std::ifstream in(dest / kOutputMarker, std::ios::binary);
  if (!in)
    return "the output folder " + dest.string() + " is not empty and was not made by thidua" +
           refuse_tail;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!text.starts_with(kMarkerHeader))
    return "the output folder " + dest.string() + " holds a " + kOutputMarker +
           " file that does not list what thidua wrote (an older thidua, or a copy)" + refuse_tail +
           ", or delete this folder yourself";
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
    const std::string rel = it->path().lexically_relative(dest).generic_string();
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
    return "cannot read the output folder " + dest.string() + " (" + ec.message() +
           ") to check that it holds only what thidua wrote" + refuse_tail;
  if (foreign.empty()) return "";
  std::sort(foreign.begin(), foreign.end());
  std::string names;
  for (std::size_t i = 0; i < foreign.size() && i < kNamed; ++i)
    names += (i ? ", " : "") + marker_line(foreign[i]);
  if (foreign.size() > kNamed) names += " and " + std::to_string(foreign.size() - kNamed) + " more";
  return "the output folder " + dest.string() + " holds " +
         (foreign.size() == 1 ? "a file" : std::to_string(foreign.size()) + " files") +
         " thidua did not write (" + names +
         "); thidua will not delete them. Move them out of it, or choose another --output folder";
}

/// Why the site may not be written at `dest` with its content in `src`, or "".
std::string place_problem(const fs::path& dest, const fs::path& src) {
  if (dest == dest.root_path()) return "refusing to write the site into " + dest.string();
  if (path_contains(dest, src))
    return "the output folder " + dest.string() + " holds the content folder " + src.string() +
           "; choose another --output";
  if (path_contains(src, dest))
    return "the output folder " + dest.string() + " is inside the content folder " + src.string() +
           "; choose another --output";
  return "";
}

/// Takes the lock of `dest` (lock_path), waiting while another build holds
/// it: one build at a time, from this machine or from another container
/// sharing the folder. The lock file stays: removing it would let a third
/// build lock a file the second no longer sees. The open descriptor, or -1
/// with `error` set.
int take_lock(const fs::path& dest, const fs::path& lock_path,
              const std::function<void(const std::string&)>& notice, std::string* error) {
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) {
    *error = "cannot open the lock file " + lock_path.string() + ": " + std::strerror(errno);
    return -1;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
  if (errno == EWOULDBLOCK && notice)
    notice("another thidua build is writing " + dest.string() + "; waiting for it to finish");
  int rc;
  while ((rc = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
  }
  if (rc == 0) return fd;
  *error = "cannot lock " + lock_path.string() + ": " + std::strerror(errno);
  ::close(fd);
  return -1;
}

/// A new staging folder `<prefix>staging-XXXXXX` beside `dest`, after removing
/// those of builds killed before they cleaned up (while this build holds the
/// lock, no other is writing one). It takes the place of the old folder, so
/// it keeps its permissions and group (a folder of mode 2750 shared with the
/// web server stays so); a new one gets what mkdir would give it. Empty, with
/// `error` set, on failure.
fs::path make_staging(const fs::path& dest, const std::string& prefix, const struct stat* old,
                      const std::function<void(const std::string&)>& notice, std::string* error) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dest.parent_path(), ec)) {
    if (!e.path().filename().string().starts_with(prefix + "staging-")) continue;
    std::error_code e2;
    fs::remove_all(e.path(), e2);
  }
  std::string staging_name = (dest.parent_path() / (prefix + "staging-XXXXXX")).string();
  if (!::mkdtemp(staging_name.data())) {
    *error = "cannot create a staging folder beside " + dest.string() + ": " + std::strerror(errno);
    return {};
  }
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(staging_name.c_str(), old ? (old->st_mode & 07777) : (0777 & ~mask));
  if (old && ::chown(staging_name.c_str(), static_cast<uid_t>(-1), old->st_gid) != 0 && notice)
    notice("cannot give the new site the group of " + dest.string() + " (" + std::strerror(errno) +
           "); it gets the building user's group");
  return staging_name;
}

}  // namespace

std::unique_ptr<StagedDirectory> StagedDirectory::open(
    const fs::path& destination, const fs::path& source, std::string* error,
    const std::function<void(const std::string&)>& notice) {
  const fs::path dest = resolved_path(destination);
  if (*error = place_problem(dest, resolved_path(source)); !error->empty()) return nullptr;
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  if (ec) {
    *error = "cannot create " + dest.parent_path().string() + ": " + ec.message();
    return nullptr;
  }
  const std::string prefix = "." + dest.filename().string() + ".thidua-";
  const int lock_fd = take_lock(dest, dest.parent_path() / (prefix + "lock"), notice, error);
  if (lock_fd < 0) return nullptr;
  struct Unlock {
    int fd;
    ~Unlock() {
      if (fd >= 0) ::close(fd);
    }
  } unlock{lock_fd};

  struct stat dest_st;
  const bool exists = ::lstat(dest.c_str(), &dest_st) == 0;
  if (exists && !S_ISDIR(dest_st.st_mode)) {
    *error = dest.string() + " exists and is not a folder; choose another --output";
    return nullptr;
  }
  // A non-empty destination may only be replaced when it is an earlier build.
  const bool had_site = exists && !fs::is_empty(dest, ec);
  if (had_site) {
    if (*error = not_ours(dest); !error->empty()) return nullptr;
  }
  const fs::path staging = make_staging(dest, prefix, exists ? &dest_st : nullptr, notice, error);
  if (staging.empty()) return nullptr;
  std::unique_ptr<StagedDirectory> out(new StagedDirectory(dest, staging, had_site, lock_fd));
  unlock.fd = -1;
  if (out->staging_fd_ < 0) {
    *error = "cannot open " + staging.string() + ": " + std::strerror(errno);
    return nullptr;
  }
  return out;
}

StagedDirectory::StagedDirectory(fs::path destination, fs::path staging, bool had_site, int lock_fd)
    : destination_(std::move(destination)),
      staging_(std::move(staging)),
      had_site_(had_site),
      // Files and folders are made relative to the staging folder: the
      // kernel walks one short path per file, not the whole absolute one.
      staging_fd_(::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)),
      lock_fd_(lock_fd) {}

StagedDirectory::~StagedDirectory() {
  if (staging_fd_ >= 0) ::close(staging_fd_);
  std::error_code ec;
  if (!committed_) fs::remove_all(staging_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
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
  if (::mkdirat(staging_fd_, folder.c_str(), 0777) == 0 || errno != ENOENT) return;
  if (const auto slash = folder.rfind('/'); slash != std::string::npos)
    make_folder(folder.substr(0, slash));
  ::mkdirat(staging_fd_, folder.c_str(), 0777);
}

bool StagedDirectory::put(const std::string& path, std::string_view bytes, std::string* error) {
  if (abandoned_) {
    *error = "the build was interrupted";
    return false;
  }
  // One mkdir per new folder and no stat; not under the lock, so the other
  // workers do not wait on it. Two workers may make the same folder: the
  // second mkdir fails with EEXIST, which is fine.
  const std::string folder =
      path.substr(0, path.rfind('/') == std::string::npos ? 0 : path.rfind('/'));
  if (!folder.empty()) {
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
  // A file the previous build wrote with the same bytes is linked, not
  // rewritten: it keeps its modification time, so rsync skips it.
  if (had_site_ && same_file_content(destination_ / path, bytes) &&
      ::linkat(AT_FDCWD, (destination_ / path).c_str(), staging_fd_, path.c_str(), 0) == 0) {
    std::lock_guard lock(written_mutex_);
    written_.push_back({path, bytes.size()});
    return true;
  }
  if (!write_file(staging_fd_, path.c_str(), bytes)) {
    *error = "cannot write " + (staging_ / path).string() + ": " + std::strerror(errno);
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

bool StagedDirectory::commit(std::string* error) {
  std::lock_guard lock(commit_mutex_);
  if (abandoned_) {
    *error = "the build was interrupted";
    return false;
  }
  {
    std::vector<std::string> paths;
    {
      std::lock_guard written_lock(written_mutex_);
      for (const auto& [path, size] : written_) paths.push_back(path);
    }
    const std::string marker = output_marker_text(std::move(paths));
    if (!write_file(staging_fd_, kOutputMarker, marker)) {
      *error = "cannot write " + (staging_ / kOutputMarker).string() + ": " + std::strerror(errno);
      return false;
    }
  }
  struct stat st;
  if (::lstat(destination_.c_str(), &st) != 0) {
    if (std::rename(staging_.c_str(), destination_.c_str()) != 0) {
      *error = "cannot move the new site to " + destination_.string() + ": " + std::strerror(errno);
      return false;
    }
    committed_ = true;
    return true;
  }
  // Atomic: the destination is the old site until the moment it is the new one.
  if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, destination_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    std::error_code ec;
    fs::remove_all(staging_, ec);  // now the old site
    return true;
  }
  if (const int e = errno; e != EINVAL && e != ENOSYS) {
    *error = "cannot swap the new site into " + destination_.string() + ": " + std::strerror(e) +
             (e == EBUSY ? " (it is a mount point: mount the folder that holds it instead)" : "");
    return false;
  }
  // A file system without an atomic exchange (some network and FUSE file
  // systems): the old site is moved aside, then the new one moved in. For a
  // moment there is no site at the destination; a build killed in that moment
  // leaves the old site beside it (as a staging folder), and the next build
  // builds anew.
  const fs::path old = staging_.string() + "-old";
  if (std::rename(destination_.c_str(), old.c_str()) != 0) {
    *error =
        "cannot move the old site out of " + destination_.string() + ": " + std::strerror(errno);
    return false;
  }
  if (std::rename(staging_.c_str(), destination_.c_str()) != 0) {
    *error = "cannot move the new site to " + destination_.string() + ": " + std::strerror(errno);
    std::rename(old.c_str(), destination_.c_str());  // the old site back in place
    return false;
  }
  committed_ = true;
  std::error_code ec;
  fs::remove_all(old, ec);
  return true;
}

namespace {

/// A fresh temporary name beside `target`: ".<name>.XXXXXX", made by mkostemp.
std::string temp_beside(const fs::path& target) {
  std::string temp =
      (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  if (temp.front() != '/' && !target.has_parent_path()) temp = "./" + temp;
  return temp;
}

std::string folder_of(const fs::path& target) {
  return target.has_parent_path() ? target.parent_path().string() : ".";
}

}  // namespace

bool write_new_file(const std::string& path, std::string_view bytes, std::string* error,
                    bool* exists) {
  if (exists) *exists = false;
  const fs::path target(path);
  std::string temp = temp_beside(target);
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot write in " + folder_of(target) + ": " + std::strerror(errno);
    return false;
  }
  bool ok = true;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  const mode_t mask = ::umask(0);  // as a file the process creates would have
  ::umask(mask);
  ok = ::fchmod(fd, 0666 & ~mask) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    *error = "cannot write " + path + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  int r = renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
  if (r != 0 && errno == EINVAL) {  // a file system without it: link, which never replaces
    r = ::link(temp.c_str(), path.c_str());
    if (r == 0) ::unlink(temp.c_str());
  }
  if (r != 0) {
    const int e = errno;
    ::unlink(temp.c_str());
    if (exists) *exists = e == EEXIST;
    *error =
        e == EEXIST ? path + " already exists" : "cannot write " + path + ": " + std::strerror(e);
    return false;
  }
  return true;
}

std::unique_ptr<ReplacingFile> ReplacingFile::open(const std::string& target, std::string* error) {
  std::string temp = temp_beside(target);
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot write in " + folder_of(target) + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::unique_ptr<ReplacingFile>(new ReplacingFile(target, std::move(temp), fd));
}

ReplacingFile::~ReplacingFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

bool ReplacingFile::commit(std::string* error) {
  const mode_t mask = ::umask(0);  // as a file the process creates would have
  ::umask(mask);
  bool ok = ::fchmod(fd_, 0666 & ~mask) == 0;
  ok = ::fsync(fd_) == 0 && ok;
  ok = ::close(fd_) == 0 && ok;
  fd_ = -1;
  if (!ok || ::rename(temp_.c_str(), target_.c_str()) != 0) {
    *error = "cannot write " + target_ + ": " + std::strerror(errno);
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace thidua::output
