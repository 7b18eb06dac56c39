#include "output/stamp.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "model/paths.hpp"
#include "output/sink.hpp"
#include "text/sha256.hpp"

namespace fs = std::filesystem;

namespace thidua::output {

namespace {
constexpr const char* kHeader = "thidua build stamp 1";

bool later(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/// Adds the regular files below the open folder `fd` (which it closes), as
/// `prefix` + their path, to `files`. False at anything else, or at a file
/// changed after `limit`: by its change time, which no tool can set back,
/// unlike the modification time. Folders are read with getdents64 and told by
/// the entry's type, so only files are stat'ed, each by its name in its
/// folder: walking with std::filesystem (or opendir) cost a no-change build
/// three to five system calls per entry, most of its time.
bool list_files(int fd, const std::string& prefix, const struct timespec& limit,
                std::vector<std::pair<std::string, std::uintmax_t>>& files) {
  alignas(8) char buffer[16384];
  bool ok = true;
  for (ssize_t n; ok && (n = ::getdents64(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      ok = false;
      break;
    }
    for (ssize_t at = 0; ok && at < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buffer + at);
      at += e->d_reclen;
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      unsigned char type = e->d_type;
      struct stat st;
      if (type == DT_REG || type == DT_UNKNOWN) {
        if (::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
          ok = false;
          break;
        }
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type == DT_DIR) {
        const int sub = ::openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        ok = sub >= 0 && list_files(sub, prefix + std::string(name) + "/", limit, files);
      } else if (type != DT_REG || later(st.st_ctim, limit)) {
        ok = false;
      } else {
        files.push_back({prefix + std::string(name), static_cast<std::uintmax_t>(st.st_size)});
      }
    }
  }
  ::close(fd);
  return ok;
}

}  // namespace

fs::path stamp_path(const fs::path& destination) {
  const fs::path dir = absolute_folder(destination);
  return dir.parent_path() / ("." + dir.filename().string() + ".thidua-stamp");
}

std::optional<Stamp> read_stamp(const fs::path& destination) {
  std::ifstream in(stamp_path(destination));
  std::string header;
  Stamp s;
  if (!std::getline(in, header) || header != kHeader || !(in >> s.inputs >> s.files >> s.warnings))
    return std::nullopt;
  return s;
}

bool write_stamp(const fs::path& destination, const Stamp& stamp, std::string* error) {
  const fs::path path = stamp_path(destination);
  const fs::path temp = path.string() + ".new";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << kHeader << '\n' << stamp.inputs << '\n' << stamp.files << '\n' << stamp.warnings << '\n';
    if (!out) {
      *error = "cannot write " + temp.string();
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) *error = "cannot write " + path.string() + ": " + ec.message();
  return !ec;
}

void remove_stamp(const fs::path& destination) {
  std::error_code ec;
  fs::remove(stamp_path(destination), ec);
}

std::string files_digest(std::vector<std::pair<std::string, std::uintmax_t>> files) {
  std::sort(files.begin(), files.end());
  std::string list;
  for (const auto& [path, size] : files) list += path + '\t' + std::to_string(size) + '\n';
  return text::content_hash(list);
}

bool output_matches(const fs::path& destination, const Stamp& stamp) {
  struct stat stamp_st;
  if (::stat(stamp_path(destination).c_str(), &stamp_st) != 0) return false;
  std::vector<std::pair<std::string, std::uintmax_t>> files;
  const int fd = ::open(destination.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || !list_files(fd, "", stamp_st.st_ctim, files)) return false;
  std::erase_if(files, [](const auto& f) { return f.first == kOutputMarker; });
  return files_digest(std::move(files)) == stamp.files;
}

}  // namespace thidua::output
