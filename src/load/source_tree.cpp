#include "load/source_tree.hpp"

#include "model/paths.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace thidua::load {
DiskTree::DiskTree(fs::path root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec) root_ = fs::absolute(root);
}

std::vector<std::string> DiskTree::list(Diagnostics& diags) const {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::none, ec), end;
  if (ec) {
    diags.error({root_.string(), 0, 0}, "cannot read the content folder: " + ec.message());
    return out;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      diags.error({root_.string(), 0, 0}, "cannot read the content folder: " + ec.message());
      break;
    }
    const fs::path& p = it->path();
    const std::string rel = p.lexically_relative(root_).generic_string();
    if (it->is_symlink()) {
      fs::path target = fs::canonical(p, ec);
      if (ec || !path_contains(root_, target)) {
        diags.error(
            {rel, 0, 0},
            "symbolic link leads outside the content folder; replace it with the file itself");
        ec.clear();
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (fs::is_directory(target)) {
        // Following linked folders inside the root would list files twice.
        it.disable_recursion_pending();
        continue;
      }
    }
    if (it->is_regular_file()) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> DiskTree::read(const std::string& path) const {
  std::ifstream in(root_ / path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
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
  if (in.bad()) return std::nullopt;
  return std::move(ss).str();
}

std::vector<std::string> MemoryTree::list(Diagnostics&) const {
  std::vector<std::string> out;
  for (const auto& [path, text] : files_) out.push_back(path);
  return out;
}

std::optional<std::string> MemoryTree::read(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

}  // namespace thidua::load
