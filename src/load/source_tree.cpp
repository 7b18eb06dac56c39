#include "load/source_tree.hpp"

#include "platform/files.hpp"
#include "platform/paths.hpp"

#include <algorithm>
#include <cctype>

namespace fs = std::filesystem;

namespace thidua::load {
namespace {

using platform::Type;

/// One folder of the walk: `dir` open on it, `rel` its path below the root
/// ("" for the root itself, else ending in '/').
void list_folder(const platform::Folder& dir, const std::string& rel, const fs::path& root,
                 std::vector<std::string>& out,
                 std::unordered_map<std::string, DiskTree::Listed>& listed, Diagnostics& diags) {
  const std::string folder = rel.empty() ? platform::text_of(root) : rel.substr(0, rel.size() - 1);
  std::vector<platform::Entry> entries;
  platform::Error error;
  if (!dir.entries(&entries, &error))
    diags.error({folder, 0, 0}, text::Message("cannot-read-folder", {{"reason", error.message}}));
  std::vector<std::string> names;
  for (auto& e : entries)
    if (!is_office_leftover(e.name)) names.push_back(std::move(e.name));
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const std::string path = rel + name;
    platform::Info info;
    if (!dir.stat(name, &info, &error)) {
      diags.error({path, 0, 0}, text::Message("cannot-read", {{"reason", error.message}}));
      continue;
    }
    DiskTree::Listed seen{path, 0, 0, false};
    if (info.type == Type::kLink) {
      // A link is followed only to a place inside the content folder.
      std::error_code ec;
      const fs::path target = fs::canonical(root / path, ec);
      if (ec) {
        diags.error({path, 0, 0}, ec == std::errc::too_many_symbolic_link_levels
                                      ? text::Message("link-loops")
                                      : text::Message("link-nowhere", {{"reason", ec.message()}}));
        continue;
      }
      if (!platform::path_contains(root, target)) {
        diags.error({path, 0, 0}, text::Message("link-outside"));
        continue;
      }
      if (!platform::stat(target, /*follow=*/true, &info, &error)) {
        diags.error({path, 0, 0}, text::Message("cannot-read", {{"reason", error.message}}));
        continue;
      }
      if (info.type == Type::kFolder) {
        // Following linked folders inside the root would list files twice.
        diags.warning({path, 0, 0},
                      text::Message("ignored", {{"why", text::Message("ignored-folder-link")}}));
        continue;
      }
      seen = {platform::generic_text_of(target.lexically_relative(root)), 0, 0, true};
    }
    if (info.type == Type::kFile) {
      seen.device = info.id.device;
      seen.inode = info.id.inode;
      seen.size = info.size;
      seen.changed = info.changed;
      listed[path] = std::move(seen);
      out.push_back(path);
    } else if (info.type == Type::kFolder) {
      const platform::Folder sub = dir.folder(name, &error);
      if (!sub.is_open())
        diags.error({path, 0, 0}, text::Message("cannot-read-folder", {{"reason", error.message}}));
      else
        list_folder(sub, path + '/', root, out, listed, diags);
    } else {
      diags.warning({path, 0, 0},
                    text::Message("ignored", {{"why", text::Message("ignored-not-regular")}}));
    }
  }
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
  platform::Error error;
  const platform::Folder root = platform::Folder::open(root_, /*follow=*/false, &error);
  if (!root.is_open())
    diags.error({platform::text_of(root_), 0, 0},
                text::Message("cannot-read-content", {{"reason", error.message}}));
  else
    list_folder(root, "", root_, out, listed, diags);
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

std::string DiskTree::listing(platform::FileTime settled) const {
  std::lock_guard lock(listed_mutex_);
  std::vector<const std::pair<const std::string, Listed>*> files;
  files.reserve(listed_.size());
  for (const auto& entry : listed_) {
    if (entry.first.starts_with(".")) continue;  // .git and the like: never read
    if (entry.second.changed >= settled) return "";
    files.push_back(&entry);
  }
  std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string out;
  for (const auto* f : files) {
    const Listed& l = f->second;
    out += f->first + '\t' + l.at + '\t' + std::to_string(l.size) + '\t' +
           std::to_string(l.device) + '\t' + std::to_string(l.inode) + '\t' +
           std::to_string(l.changed.seconds) + '.' + std::to_string(l.changed.nanoseconds) + '\n';
  }
  return out;
}

namespace {

/// Opens `rel` below the folder `root` one part at a time from the folder's
/// handle, following no link.
platform::File open_below(const fs::path& root, const std::string& rel, platform::Error* error) {
  platform::Folder dir = platform::Folder::open(root, /*follow=*/false, error);
  std::size_t start = 0;
  while (dir.is_open()) {
    const std::size_t slash = rel.find('/', start);
    const std::string part = rel.substr(start, slash == std::string::npos ? slash : slash - start);
    if (part.empty() || part == "." || part == "..") {
      *error = {platform::Error::Kind::kNotFound, "No such file or directory"};
      return {};
    }
    if (slash == std::string::npos) return dir.file(part, error);
    dir = dir.folder(part, error);
    start = slash + 1;
  }
  return {};
}

}  // namespace

namespace {
bool same_listing(const DiskTree::Listed& a, const DiskTree::Listed& b) {
  return a.at == b.at && a.device == b.device && a.inode == b.inode && a.link == b.link &&
         a.size == b.size && a.changed == b.changed;
}
}  // namespace

void DiskTree::remember(const std::string& path, std::string bytes) const {
  std::lock_guard lock(listed_mutex_);
  if (const auto it = listed_.find(path); it != listed_.end())
    remembered_[path] = {it->second, std::move(bytes)};
}

void DiskTree::forget() const {
  std::lock_guard lock(listed_mutex_);
  remembered_.clear();
}

std::optional<std::string> DiskTree::read(const std::string& path, std::string* why) const {
  std::optional<Listed> seen;
  {
    std::lock_guard lock(listed_mutex_);
    const auto it = listed_.find(path);
    if (it != listed_.end()) seen = it->second;
    if (const auto kept = remembered_.find(path); kept != remembered_.end()) {
      std::optional<std::string> bytes;
      if (seen && same_listing(kept->second.as, *seen)) bytes = std::move(kept->second.bytes);
      remembered_.erase(kept);
      if (bytes) return bytes;
    }
  }
  platform::Error error;
  platform::File file = open_below(root_, seen ? seen->at : path, &error);
  if (!file.is_open()) {
    if (why)
      *why = error.kind == platform::Error::Kind::kLink
                 ? "it or a folder above it became a symbolic link while thidua was reading the "
                   "folder: not read"
                 : error.message;
    return std::nullopt;
  }
  platform::Info info;
  const bool stat_ok = file.stat(&info, &error);
  if (!stat_ok || info.type != platform::Type::kFile ||
      (seen && (info.id.device != seen->device || info.id.inode != seen->inode))) {
    if (why)
      *why = !stat_ok ? error.message
                      : "it was replaced by another file while thidua was reading the folder: "
                        "not read";
    return std::nullopt;
  }
  if (info.size > kMaxRead) {
    if (why) *why = "it is larger than " + std::to_string(kMaxRead >> 20) + " MB";
    return std::nullopt;
  }
  // One read of the whole file into a string of its size, then on to its
  // end in case it grew while read (never past kMaxRead).
  std::string text(static_cast<std::size_t>(info.size), '\0');
  std::size_t done = 0;
  char more[1 << 12];
  for (;;) {
    const bool within = done < text.size();
    const auto n = within ? file.read(text.data() + done, text.size() - done, &error)
                          : file.read(more, sizeof more, &error);
    if (!n) {
      if (why) *why = error.message;
      return std::nullopt;
    }
    if (*n == 0) break;
    if (done + *n > kMaxRead) {
      if (why) *why = "it grew past " + std::to_string(kMaxRead >> 20) + " MB while read";
      return std::nullopt;
    }
    if (within)
      done += *n;
    else
      text.append(more, *n), done = text.size();
  }
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
