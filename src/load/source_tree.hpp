// The content folder as an interface: the disk for real builds, memory for tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/diagnostic.hpp"
#include "platform/files.hpp"

namespace thidua::load {

/// True for the files office machines leave beside the real ones, which no
/// listing shows: Excel's owner files (`~$name.xlsx`), LibreOffice's lock
/// files (`.~lock.name#`), Windows' `Thumbs.db` and `desktop.ini`, macOS's
/// `.DS_Store` (the last three in any case).
bool is_office_leftover(std::string_view file_name);

/// read() and listed_size() may be called from several threads at once (the
/// period folders load in parallel).
class SourceTree {
 public:
  virtual ~SourceTree() = default;
  /// Every regular file, as paths relative to the root with '/' separators,
  /// sorted, office leftovers left out. Reports files that cannot be used
  /// (links leading outside the root).
  virtual std::vector<std::string> list(Diagnostics& diags) const = 0;
  /// The bytes of `path` (as listed), or nullopt when it cannot be read
  /// (then `why`, when given, says why: "Permission denied").
  virtual std::optional<std::string> read(const std::string& path,
                                          std::string* why = nullptr) const = 0;
  /// True when `path` (as listed) is a symbolic link to a file of the folder.
  virtual bool is_link(const std::string&) const { return false; }
  /// The size of `path` when it was listed (nullopt: not known), so that a
  /// file over a limit is refused before it is read.
  virtual std::optional<std::uintmax_t> listed_size(const std::string&) const {
    return std::nullopt;
  }
  /// What the last list() saw of every file but those of hidden top-level
  /// folders (.git, which thidua never reads), one line each (its path,
  /// size, identity and change time): equal listings mean equal bytes, as long as
  /// no file changed in the moments before the listing, where a file
  /// system's coarse clock could hide a second change. "" when a file
  /// changed at `settled` or later, or the tree cannot tell.
  virtual std::string listing(platform::FileTime /*settled*/) const { return ""; }
  /// Hands back the bytes read of `path`: a tree may give them to the next
  /// read of it instead of reading the file again (a build reads each file
  /// to fingerprint the folder, then loads it).
  virtual void remember(const std::string& /*path*/, std::string /*bytes*/) const {}
};

/// A folder on disk. Never reads outside `root`: a symbolic link whose target
/// lies outside is reported and skipped; a file is read from the folder's own
/// descriptor, one part of its path at a time, never following a link (a link
/// listed inside the folder is read at its target), and only while it is the
/// file that was listed (the same device and inode): a folder or file swapped
/// for a link, or for another file, after the listing is refused, not read.
class DiskTree : public SourceTree {
 public:
  explicit DiskTree(std::filesystem::path root);
  std::vector<std::string> list(Diagnostics& diags) const override;
  std::optional<std::string> read(const std::string& path,
                                  std::string* why = nullptr) const override;
  bool is_link(const std::string& path) const override;
  std::optional<std::uintmax_t> listed_size(const std::string& path) const override;
  std::string listing(platform::FileTime settled) const override;
  /// Kept for one read, given then only while the listing shows the file as
  /// it was when remembered (listed again meanwhile and changed: read).
  void remember(const std::string& path, std::string bytes) const override;
  /// Drops what is remembered and was not read (files the load did not read,
  /// static files: read again when copied).
  void forget() const;
  const std::filesystem::path& root() const { return root_; }

  /// What the listing saw of a file.
  struct Listed {
    std::string at;  ///< where its bytes are: its own path, or a link's target
    unsigned long long device = 0, inode = 0;
    bool link = false;
    std::uintmax_t size = 0;
    platform::FileTime changed = {};
  };
  /// No file larger than this is ever read whole, even one that grew after
  /// the listing: more than any limit of the loaders.
  static constexpr std::uintmax_t kMaxRead = 1u << 30;

 private:
  std::filesystem::path root_;  ///< canonical
  mutable std::mutex listed_mutex_;
  mutable std::unordered_map<std::string, Listed> listed_;
  struct Remembered {
    Listed as;
    std::string bytes;
  };
  mutable std::unordered_map<std::string, Remembered> remembered_;  ///< under listed_mutex_
};

/// Files held in memory, for tests.
class MemoryTree : public SourceTree {
 public:
  MemoryTree() = default;
  explicit MemoryTree(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  void set(const std::string& path, std::string text) { files_[path] = std::move(text); }
  void erase(const std::string& path) { files_.erase(path); }
  std::vector<std::string> list(Diagnostics&) const override;
  std::optional<std::string> read(const std::string& path,
                                  std::string* why = nullptr) const override;
  std::optional<std::uintmax_t> listed_size(const std::string& path) const override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace thidua::load
