#include "load/source_tree.hpp"

#include "model/paths.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace thidua::load {
namespace {

/// One folder of the walk: `fd` open on it, `rel` its path below the root
/// ("" for the root itself, else ending in '/').
void list_folder(int fd, const std::string& rel, const fs::path& root,
                 std::vector<std::string>& out,
                 std::unordered_map<std::string, DiskTree::Listed>& listed, Diagnostics& diags) {
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    diags.error({rel.empty() ? root.string() : rel.substr(0, rel.size() - 1), 0, 0},
                std::string("cannot read this folder: ") + std::strerror(errno));
    return;
  }
  const std::string folder = rel.empty() ? root.string() : rel.substr(0, rel.size() - 1);
  std::vector<std::string> names;
  while (true) {
    errno = 0;
    const struct dirent* e = ::readdir(dir);
    if (!e) {
      if (errno != 0)
        diags.error({folder, 0, 0},
                    std::string("cannot read this folder: ") + std::strerror(errno));
      break;
    }
    const std::string_view name = e->d_name;
    if (name != "." && name != ".." && !is_office_leftover(name)) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const std::string path = rel + name;
    struct stat st;
    if (::fstatat(::dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      diags.error({path, 0, 0}, std::string("cannot read this file: ") + std::strerror(errno));
      continue;
    }
    DiskTree::Listed seen{path, 0, 0, false};
    if (S_ISLNK(st.st_mode)) {
      // A link is followed only to a place inside the content folder.
      std::error_code ec;
      const fs::path target = fs::canonical(root / path, ec);
      if (ec) {
        diags.error({path, 0, 0},
                    ec == std::errc::too_many_symbolic_link_levels
                        ? "symbolic link loops back on itself; replace it with the file itself"
                        : "symbolic link leads nowhere (" + ec.message() +
                              "); replace it with the file itself");
        continue;
      }
      if (!path_contains(root, target)) {
        diags.error(
            {path, 0, 0},
            "symbolic link leads outside the content folder; replace it with the file itself");
        continue;
      }
      if (::stat(target.c_str(), &st) != 0) {
        diags.error({path, 0, 0}, std::string("cannot read this file: ") + std::strerror(errno));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        // Following linked folders inside the root would list files twice.
        diags.warning({path, 0, 0},
                      "ignored: a link to a folder of the content folder (its files are read "
                      "where they are)");
        continue;
      }
      seen = {target.lexically_relative(root).generic_string(), 0, 0, true};
    }
    if (S_ISREG(st.st_mode)) {
      seen.device = st.st_dev;
      seen.inode = st.st_ino;
      seen.size = static_cast<std::uintmax_t>(st.st_size);
      listed[path] = std::move(seen);
      out.push_back(path);
    } else if (S_ISDIR(st.st_mode)) {
      const int sub =
          ::openat(::dirfd(dir), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0)
        diags.error({path, 0, 0}, std::string("cannot read this folder: ") + std::strerror(errno));
      else
        list_folder(sub, path + '/', root, out, listed, diags);
    } else {
      diags.warning({path, 0, 0}, "ignored: not a regular file (a named pipe, socket or device)");
    }
  }
  ::closedir(dir);
}

}  // namespace

DiskTree::DiskTree(fs::path root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec) root_ = fs::absolute(root);
}

bool is_office_leftover(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with("#")) ||
         lower == "thumbs.db" || lower == "desktop.ini" || lower == ".ds_store";
}

std::vector<std::string> DiskTree::list(Diagnostics& diags) const {
  std::vector<std::string> out;
  std::unordered_map<std::string, Listed> listed;
  const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    diags.error({root_.string(), 0, 0},
                std::string("cannot read the content folder: ") + std::strerror(errno));
  else
    list_folder(fd, "", root_, out, listed, diags);
  std::sort(out.begin(), out.end());
  std::lock_guard lock(listed_mutex_);
  listed_ = std::move(listed);
  return out;
}

bool DiskTree::is_link(const std::string& path) const {
  std::lock_guard lock(listed_mutex_);
  const auto it = listed_.find(path);
  return it != listed_.end() && it->second.link;
}

std::optional<std::uintmax_t> DiskTree::listed_size(const std::string& path) const {
  std::lock_guard lock(listed_mutex_);
  const auto it = listed_.find(path);
  if (it == listed_.end()) return std::nullopt;
  return it->second.size;
}

namespace {

/// Opens `rel` below the folder `root` one part at a time from the folder's
/// descriptor, following no link: -1 with errno otherwise.
int open_below(const fs::path& root, const std::string& rel) {
  int dir = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  std::size_t start = 0;
  while (dir >= 0) {
    const std::size_t slash = rel.find('/', start);
    const std::string part = rel.substr(start, slash == std::string::npos ? slash : slash - start);
    if (part.empty() || part == "." || part == "..") {
      ::close(dir);
      errno = ENOENT;
      return -1;
    }
    const int flags = slash == std::string::npos ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
                                                 : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    const int next = ::openat(dir, part.c_str(), flags);
    const int saved = errno;
    ::close(dir);
    errno = saved;
    if (slash == std::string::npos) return next;
    dir = next;
    start = slash + 1;
  }
  return -1;
}

}  // namespace

std::optional<std::string> DiskTree::read(const std::string& path, std::string* why) const {
  std::optional<Listed> seen;
  {
    std::lock_guard lock(listed_mutex_);
    if (const auto it = listed_.find(path); it != listed_.end()) seen = it->second;
  }
  const int fd = open_below(root_, seen ? seen->at : path);
  if (fd < 0) {
    if (why)
      *why = errno == ELOOP || errno == ENOTDIR
                 ? "it or a folder above it became a symbolic link while thidua was reading the "
                   "folder: not read"
                 : std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  const bool stat_ok = ::fstat(fd, &st) == 0;
  if (!stat_ok || !S_ISREG(st.st_mode) ||
      (seen && (st.st_dev != seen->device || st.st_ino != seen->inode))) {
    const int saved = errno;
    ::close(fd);
    if (why)
      *why = !stat_ok ? std::strerror(saved)
                      : "it was replaced by another file while thidua was reading the folder: "
                        "not read";
    return std::nullopt;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxRead) {
    ::close(fd);
    if (why) *why = "it is larger than " + std::to_string(kMaxRead >> 20) + " MB";
    return std::nullopt;
  }
  // One read of the whole file into a string of its size, then on to its
  // end in case it grew while read (never past kMaxRead).
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  char more[1 << 12];
  for (;;) {
    const bool within = done < text.size();
    const ssize_t n =
        within ? ::read(fd, text.data() + done, text.size() - done) : ::read(fd, more, sizeof more);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      if (why) *why = std::strerror(saved);
      return std::nullopt;
    }
    if (n == 0) break;
    if (done + static_cast<std::size_t>(n) > kMaxRead) {
      ::close(fd);
      if (why) *why = "it grew past " + std::to_string(kMaxRead >> 20) + " MB while read";
      return std::nullopt;
    }
    if (within)
      done += static_cast<std::size_t>(n);
    else
      text.append(more, static_cast<std::size_t>(n)), done = text.size();
  }
  ::close(fd);
  text.resize(done);
  return text;
}

std::vector<std::string> MemoryTree::list(Diagnostics&) const {
  std::vector<std::string> out;
  for (const auto& [path, text] : files_)
    if (!is_office_leftover(path.substr(path.rfind('/') + 1))) out.push_back(path);
  return out;
}

std::optional<std::uintmax_t> MemoryTree::listed_size(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second.size();
}

std::optional<std::string> MemoryTree::read(const std::string& path, std::string*) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

}  // namespace thidua::load
