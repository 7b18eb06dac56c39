// The content folder as an interface: the disk for real builds, memory for tests.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"

namespace thidua::load {

/// True for the files office machines leave beside the real ones, which no
/// listing shows: Excel's owner files (`~$name.xlsx`), LibreOffice's lock
/// files (`.~lock.name#`), Windows' `Thumbs.db` and `desktop.ini`, macOS's
/// `.DS_Store` (the last three in any case).
bool is_office_leftover(std::string_view file_name);

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
};

/// A folder on disk. Never reads outside `root`: a symbolic link whose target
/// lies outside is reported and skipped.
class DiskTree : public SourceTree {
 public:
  explicit DiskTree(std::filesystem::path root);
  std::vector<std::string> list(Diagnostics& diags) const override;
  std::optional<std::string> read(const std::string& path,
                                  std::string* why = nullptr) const override;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;  ///< canonical
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

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace thidua::load
