#include "output/sink.hpp"

#include "model/paths.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

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

bool MemorySink::write(const std::string& path, std::string_view bytes, std::string* error) {
  if (!is_safe_relative_path(path)) {
    *error = "unsafe output path \"" + path + "\"";
    return false;
  }
  files_[path] = std::string(bytes);
  return true;
}

namespace {

fs::path resolved(const fs::path& p) {
  const fs::path a = absolute_folder(p);
  std::error_code ec;
  fs::path r = fs::weakly_canonical(a, ec);
  return ec ? a : r;
}

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

std::unique_ptr<StagedDirectory> StagedDirectory::open(const fs::path& destination,
                                                       const fs::path& source, std::string* error) {
  const fs::path dest = resolved(destination);
  const fs::path src = resolved(source);
  if (dest == dest.root_path()) {
    *error = "refusing to write the site into " + dest.string();
    return nullptr;
  }
  if (path_contains(dest, src)) {
    *error = "the output folder " + dest.string() + " holds the content folder " + src.string() +
             "; choose another --output";
    return nullptr;
  }
  if (path_contains(src, dest)) {
    *error = "the output folder " + dest.string() + " is inside the content folder " +
             src.string() + "; choose another --output";
    return nullptr;
  }
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    if (!fs::is_directory(dest, ec)) {
      *error = dest.string() + " exists and is not a folder; choose another --output";
      return nullptr;
    }
    if (!fs::is_empty(dest, ec) && !fs::exists(dest / kOutputMarker, ec)) {
      *error =
          "the output folder " + dest.string() +
          " is not empty and was not made by thidua; thidua will not delete it. Choose an empty "
          "or new --output folder";
      return nullptr;
    }
  }
  fs::create_directories(dest.parent_path(), ec);
  if (ec) {
    *error = "cannot create " + dest.parent_path().string() + ": " + ec.message();
    return nullptr;
  }
  // Leftovers of builds that were killed before cleaning up.
  const std::string prefix = "." + dest.filename().string() + ".thidua-";
  // They are named .<destination>.thidua-<pid>; a build killed while it
  // wrote, or while it deleted the previous site, leaves one behind. Remove
  // those whose process is gone.
  for (const auto& e : fs::directory_iterator(dest.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(pid_text);
    if (pid != getpid() && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) continue;
    std::error_code e2;
    fs::remove_all(e.path(), e2);
  }

  const fs::path staging = dest.parent_path() / (prefix + std::to_string(getpid()));
  fs::remove_all(staging, ec);
  fs::create_directory(staging, ec);
  if (ec) {
    *error = "cannot create " + staging.string() + ": " + ec.message();
    return nullptr;
  }
  std::unique_ptr<StagedDirectory> out(
      new StagedDirectory(dest, staging, fs::exists(dest / kOutputMarker, ec)));
  if (!out->write(kOutputMarker,
                  "This folder was written by thidua build; the next build replaces it.\n", error))
    return nullptr;
  return out;
}

StagedDirectory::StagedDirectory(fs::path destination, fs::path staging, bool had_site)
    : destination_(std::move(destination)),
      staging_(std::move(staging)),
      had_site_(had_site),
      // Files and folders are made relative to the staging folder: the
      // kernel walks one short path per file, not the whole absolute one.
      staging_fd_(::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}

StagedDirectory::~StagedDirectory() {
  if (staging_fd_ >= 0) ::close(staging_fd_);
  std::error_code ec;
  if (!committed_) fs::remove_all(staging_, ec);
}

/// mkdir of `folder` (relative to the staging folder), and its parents
/// first when they are missing. A failure shows when the file is opened.
void StagedDirectory::make_folder(const std::string& folder) {
  if (::mkdirat(staging_fd_, folder.c_str(), 0777) == 0 || errno != ENOENT) return;
  if (const auto slash = folder.rfind('/'); slash != std::string::npos)
    make_folder(folder.substr(0, slash));
  ::mkdirat(staging_fd_, folder.c_str(), 0777);
}

bool StagedDirectory::write(const std::string& path, std::string_view bytes, std::string* error) {
  if (!is_safe_relative_path(path)) {
    *error = "unsafe output path \"" + path + "\"";
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
      ::linkat(AT_FDCWD, (destination_ / path).c_str(), staging_fd_, path.c_str(), 0) == 0)
    return true;
  const int fd =
      ::openat(staging_fd_, path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0) ok = false;
  if (!ok) {
    *error = "cannot write " + (staging_ / path).string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool StagedDirectory::commit(std::string* error) {
  std::error_code ec;
  if (fs::exists(destination_, ec)) {
    // Atomic: the destination is the old site until the moment it is the new one.
    if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, destination_.c_str(), RENAME_EXCHANGE) !=
        0) {
      *error =
          "cannot swap the new site into " + destination_.string() + ": " + std::strerror(errno);
      return false;
    }
    committed_ = true;
    fs::remove_all(staging_, ec);  // now the old site
    return true;
  }
  if (std::rename(staging_.c_str(), destination_.c_str()) != 0) {
    *error = "cannot move the new site to " + destination_.string() + ": " + std::strerror(errno);
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace thidua::output
