// The parts of platform/files.hpp that need no call of their own into the
// system: written once over the rest (files_posix.cpp, files_windows.cpp).
#include "platform/files.hpp"

#include <vector>

namespace thidua::platform {

bool Folder::entries(std::vector<Entry>* out, Error* error) const {
  return entries(
      [out](std::string_view name, Type type) {
        out->push_back({std::string(name), type});
        return true;
      },
      error);
}

std::optional<std::string> read_small_file(const std::filesystem::path& path, std::size_t limit,
                                           Error* error) {
  File f = File::open_regular(path, /*follow=*/true, error);
  if (!f.is_open()) return std::nullopt;
  Info info;
  if (!f.stat(&info, error)) return std::nullopt;
  if (info.size > limit) {
    if (error) *error = {Error::Kind::kTooLarge, ""};
    return std::nullopt;
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(info.size));
  std::vector<char> buffer(std::size_t{1} << 16);
  char* buf = buffer.data();
  while (text.size() <= limit) {
    const auto n = f.read(buf, buffer.size(), error);
    if (!n) return std::nullopt;
    if (*n == 0) return text;
    text.append(buf, *n);
  }
  if (error) *error = {Error::Kind::kTooLarge, ""};
  return std::nullopt;
}

}  // namespace thidua::platform
