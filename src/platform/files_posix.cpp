// platform/files.hpp on Linux (and, but for renameat2 and getdents64, POSIX).
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "platform/files.hpp"

namespace fs = std::filesystem;

namespace thidua::platform {
namespace {

/// `error`, when given, from errno `e`.
bool fail(Error* error, int e) {
  if (error) {
    error->message = std::strerror(e);
    switch (e) {
      case ENOENT:
        error->kind = Error::Kind::kNotFound;
        break;
      case EEXIST:
        error->kind = Error::Kind::kExists;
        break;
      case ELOOP:
      case ENOTDIR:
        error->kind = Error::Kind::kLink;
        break;
      case EBUSY:
        error->kind = Error::Kind::kBusy;
        break;
      case EINVAL:
      case ENOSYS:
        error->kind = Error::Kind::kUnsupported;
        break;
      default:
        error->kind = Error::Kind::kOther;
    }
  }
  return false;
}

bool fail(Error* error, Error::Kind kind, std::string message) {
  if (error) *error = {kind, std::move(message)};
  return false;
}

Type type_of(mode_t mode) {
  return S_ISREG(mode)   ? Type::kFile
         : S_ISDIR(mode) ? Type::kFolder
         : S_ISLNK(mode) ? Type::kLink
                         : Type::kOther;
}

void fill(const struct stat& st, Info* info) {
  if (!info) return;
  info->type = type_of(st.st_mode);
  info->size = static_cast<std::uintmax_t>(st.st_size);
  info->id = {static_cast<unsigned long long>(st.st_dev),
              static_cast<unsigned long long>(st.st_ino)};
  info->changed = {st.st_ctim.tv_sec, st.st_ctim.tv_nsec};
  info->access = {static_cast<unsigned>(st.st_mode & 07777), static_cast<unsigned>(st.st_gid)};
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

int fd_of(std::intptr_t h) { return static_cast<int>(h); }

bool write_fd(int fd, std::string_view bytes, Error* error) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(error, n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

FileTime file_time_now() {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return {now.tv_sec, now.tv_nsec};
}

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    if (h_ >= 0) ::close(fd_of(h_));
    h_ = o.h_;
    o.h_ = -1;
  }
  return *this;
}

Handle::~Handle() {
  if (h_ >= 0) ::close(fd_of(h_));
}

bool File::stat(Info* info, Error* error) const {
  struct stat st {};
  if (::fstat(fd_of(h_), &st) != 0) return fail(error, errno);
  fill(st, info);
  return true;
}

std::optional<std::size_t> File::read(char* into, std::size_t n, Error* error) {
  for (;;) {
    const ssize_t got = ::read(fd_of(h_), into, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) {
      fail(error, errno);
      return std::nullopt;
    }
  }
}

bool File::write_all(std::string_view bytes, Error* error) {
  return write_fd(fd_of(h_), bytes, error);
}

bool File::set_default_access(Error* error) {
  if (::fchmod(fd_of(h_), 0666 & ~current_umask()) != 0) return fail(error, errno);
  return true;
}

bool File::sync(Error* error) {
  if (::fsync(fd_of(h_)) != 0) return fail(error, errno);
  return true;
}

bool File::close(Error* error) {
  const int fd = fd_of(h_);
  h_ = -1;
  if (fd >= 0 && ::close(fd) != 0) return fail(error, errno);
  return true;
}

File File::open_regular(const fs::path& path, bool follow, Error* error) {
  const int fd =
      ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    if (errno == ELOOP && !follow)  // a link, not followed: not a regular file
      fail(error, Error::Kind::kNotRegular, "it is a link");
    else
      fail(error, errno);
    return {};
  }
  File f(fd);
  Info info;
  if (!f.stat(&info, error)) return {};
  if (info.type != Type::kFile) {
    fail(error, Error::Kind::kNotRegular, "not a regular file");
    return {};
  }
  return f;
}

Folder Folder::open(const fs::path& path, bool follow, Error* error) {
  const int fd =
      ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    fail(error, errno);
    return {};
  }
  return Folder(fd);
}

bool Folder::entries(const std::function<bool(std::string_view, Type)>& visit, Error* error) const {
  // getdents64 on our own descriptor: the entry's type comes with its name,
  // so callers stat only what they must.
  alignas(8) char buffer[16384];
  for (;;) {
    const ssize_t n = ::getdents64(fd_of(h_), buffer, sizeof buffer);
    if (n == 0) return true;
    if (n < 0) return fail(error, errno);
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buffer + at);
      at += e->d_reclen;
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      const Type type = e->d_type == DT_REG       ? Type::kFile
                        : e->d_type == DT_DIR     ? Type::kFolder
                        : e->d_type == DT_LNK     ? Type::kLink
                        : e->d_type == DT_UNKNOWN ? Type::kUnknown
                                                  : Type::kOther;
      if (!visit(name, type)) return false;
    }
  }
}

bool Folder::stat(const std::string& name, Info* info, Error* error) const {
  struct stat st {};
  if (::fstatat(fd_of(h_), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return fail(error, errno);
  fill(st, info);
  return true;
}

Folder Folder::folder(const std::string& name, Error* error) const {
  const int fd = ::openat(fd_of(h_), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    fail(error, errno);
    return {};
  }
  return Folder(fd);
}

File Folder::file(const std::string& name, Error* error) const {
  const int fd = ::openat(fd_of(h_), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    fail(error, errno);
    return {};
  }
  return File(fd);
}

bool Folder::write_file(const std::string& path, std::string_view bytes, Error* error) const {
  const int fd = ::openat(fd_of(h_), path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return fail(error, errno);
  Error write_error;
  const bool written = write_fd(fd, bytes, &write_error);
  if (::close(fd) != 0) return fail(error, errno);
  if (!written && error) *error = write_error;
  return written;
}

bool Folder::make_folder(const std::string& path, Error* error) const {
  if (::mkdirat(fd_of(h_), path.c_str(), 0777) != 0) return fail(error, errno);
  return true;
}

bool Folder::link_from(const fs::path& existing, const std::string& path, Error* error) const {
  if (::linkat(AT_FDCWD, existing.c_str(), fd_of(h_), path.c_str(), 0) != 0)
    return fail(error, errno);
  return true;
}

bool Folder::remove(const std::string& path, Error* error) const {
  if (::unlinkat(fd_of(h_), path.c_str(), 0) != 0) return fail(error, errno);
  return true;
}

bool Folder::remove_folder(const std::string& path, Error* error) const {
  if (::unlinkat(fd_of(h_), path.c_str(), AT_REMOVEDIR) != 0) return fail(error, errno);
  return true;
}

bool stat(const fs::path& path, bool follow, Info* info, Error* error) {
  struct stat st {};
  if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0)
    return fail(error, errno);
  fill(st, info);
  return true;
}

bool exchange(const fs::path& a, const fs::path& b, Error* error) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0)
    return fail(error, errno);
  return true;
}

bool rename(const fs::path& from, const fs::path& to, Error* error) {
  if (std::rename(from.c_str(), to.c_str()) != 0) return fail(error, errno);
  return true;
}

bool rename_new(const fs::path& from, const fs::path& to, Error* error) {
  int r = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  if (r != 0 && errno == EINVAL) {  // a file system without it: link, which never replaces
    r = ::link(from.c_str(), to.c_str());
    if (r == 0) ::unlink(from.c_str());
  }
  if (r != 0) return fail(error, errno);
  return true;
}

fs::path make_temp_folder(const fs::path& parent, const std::string& prefix, Error* error) {
  std::string name = (parent / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(name.data())) {
    fail(error, errno);
    return {};
  }
  return name;
}

void set_access(const fs::path& path, const Access* like,
                const std::function<void(const std::string&)>& group_problem) {
  ::chmod(path.c_str(), like ? static_cast<mode_t>(like->mode) : (0777 & ~current_umask()));
  if (like && ::chown(path.c_str(), static_cast<uid_t>(-1), static_cast<gid_t>(like->group)) != 0 &&
      group_problem)
    group_problem(std::strerror(errno));
}

bool set_owner_only(const fs::path& path, Error* error) {
  if (::chmod(path.c_str(), 0700) != 0) return fail(error, errno);
  return true;
}

std::string temp_folder() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

fs::path cache_folder() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    return fs::path(xdg) / "thidua";
  if (const char* home = std::getenv("HOME"); home && *home == '/')
    return fs::path(home) / ".cache" / "thidua";
  return {};
}

std::optional<TempFile> TempFile::beside(const fs::path& target, Error* error) {
  std::string temp =
      (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  if (temp.front() != '/' && !target.has_parent_path()) temp = "./" + temp;
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    fail(error, errno);
    return std::nullopt;
  }
  return TempFile(std::move(temp), File(fd));
}

std::optional<TempFile> TempFile::in_temp_folder(const std::string& what, Error* error) {
  std::string temp = temp_folder() + "/thidua-" + what + "-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) {
    fail(error, errno);
    return std::nullopt;
  }
  return TempFile(std::move(temp), File(fd));
}

TempFile::~TempFile() {
  if (!path_.empty() && !kept_) ::unlink(path_.c_str());
}

std::optional<Lock> Lock::open(const fs::path& lock_file, Error* error) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0) {
    fail(error, errno);
    return std::nullopt;
  }
  return Lock(File(fd));
}

bool Lock::hold(const std::function<void()>& waiting, Error* error) {
  const int fd = fd_of(file_.h_);
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  if (errno == EWOULDBLOCK && waiting) waiting();
  int rc;
  while ((rc = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
  }
  if (rc != 0) return fail(error, errno);
  return true;
}

}  // namespace thidua::platform
