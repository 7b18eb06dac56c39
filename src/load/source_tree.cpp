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
                 std::vector<std::string>& out, Diagnostics& diags) {
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
    }
    if (S_ISREG(st.st_mode)) {
      out.push_back(path);
    } else if (S_ISDIR(st.st_mode)) {
      const int sub =
          ::openat(::dirfd(dir), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0)
        diags.error({path, 0, 0}, std::string("cannot read this folder: ") + std::strerror(errno));
      else
        list_folder(sub, path + '/', root, out, diags);
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
  const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    diags.error({root_.string(), 0, 0},
                std::string("cannot read the content folder: ") + std::strerror(errno));
  else
    list_folder(fd, "", root_, out, diags);
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> DiskTree::read(const std::string& path, std::string* why) const {
  std::ifstream in(root_ / path, std::ios::binary | std::ios::ate);
  if (!in) {
    if (why) *why = std::strerror(errno);
    return std::nullopt;
  }
  // One read of the whole file into a string of its size; through a
  // stringstream it was copied twice, a byte at a time.
  const std::streamoff size = in.tellg();
  if (size >= 0) {
    std::string text(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (in.read(text.data(), size) && in.peek() == std::char_traits<char>::eof()) return text;
    in.clear();
  }
  in.seekg(0);  // not a plain file, or it changed while read: read it to its end
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    if (why) *why = std::strerror(errno);
    return std::nullopt;
  }
  return std::move(ss).str();
}

std::vector<std::string> MemoryTree::list(Diagnostics&) const {
  std::vector<std::string> out;
  for (const auto& [path, text] : files_)
    if (!is_office_leftover(path.substr(path.rfind('/') + 1))) out.push_back(path);
  return out;
}

std::optional<std::string> MemoryTree::read(const std::string& path, std::string*) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

}  // namespace thidua::load
