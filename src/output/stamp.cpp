#include "output/stamp.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "model/paths.hpp"
#include "output/sink.hpp"
#include "render/renderer.hpp"

namespace fs = std::filesystem;

namespace thidua::output {

namespace {
constexpr const char* kHeader = "thidua build stamp 1";
}

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
  return render::content_hash(list);
}

bool output_matches(const fs::path& destination, const Stamp& stamp) {
  struct stat stamp_st;
  if (::stat(stamp_path(destination).c_str(), &stamp_st) != 0) return false;
  std::vector<std::pair<std::string, std::uintmax_t>> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(destination, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    struct stat st;
    if (::lstat(it->path().c_str(), &st) != 0) return false;
    if (S_ISDIR(st.st_mode)) continue;
    if (!S_ISREG(st.st_mode)) return false;
    // Changed after the stamp: not what the stamp describes any more. The
    // change time, which no tool can set back, unlike the modification time.
    if (st.st_ctim.tv_sec > stamp_st.st_ctim.tv_sec ||
        (st.st_ctim.tv_sec == stamp_st.st_ctim.tv_sec &&
         st.st_ctim.tv_nsec > stamp_st.st_ctim.tv_nsec))
      return false;
    const std::string rel = it->path().lexically_relative(destination).generic_string();
    if (rel != kOutputMarker) files.push_back({rel, static_cast<std::uintmax_t>(st.st_size)});
  }
  return !ec && files_digest(std::move(files)) == stamp.files;
}

}  // namespace thidua::output
