// The output stage: every byte of a build goes through a Sink.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

namespace thidua::output {

class Sink {
 public:
  virtual ~Sink() = default;
  /// Writes `bytes` at `path` (relative, '/' separators, no "..").
  /// Returns false and sets `error` on an I/O failure.
  virtual bool write(const std::string& path, std::string_view bytes, std::string* error) = 0;
};

/// Keeps files in memory: tests and the preview server.
class MemorySink : public Sink {
 public:
  bool write(const std::string& path, std::string_view bytes, std::string* error) override;
  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::map<std::string, std::string> files_;
};

/// The file that marks a folder as thidua's output, safe to replace.
inline constexpr const char* kOutputMarker = ".thidua-output";

/// Builds into a staging folder beside the destination and swaps it in with one
/// atomic rename, so the destination is always either the old or the new site.
/// Until commit() the destination is untouched; without commit() the staging
/// folder is removed.
class StagedDirectory : public Sink {
 public:
  /// Checks that `destination` may be replaced: it does not exist, is empty, or
  /// holds the marker of an earlier build; and it is neither the source folder
  /// nor a folder that contains it. nullptr and `error` set otherwise.
  static std::unique_ptr<StagedDirectory> open(const std::filesystem::path& destination,
                                               const std::filesystem::path& source,
                                               std::string* error);
  ~StagedDirectory() override;

  /// Safe to call from several threads at once.
  bool write(const std::string& path, std::string_view bytes, std::string* error) override;
  /// Swaps the staged site in. False (destination untouched) on failure.
  bool commit(std::string* error);

 private:
  StagedDirectory(std::filesystem::path destination, std::filesystem::path staging, bool had_site);
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool had_site_;  ///< the destination holds an earlier build to link unchanged files from
  bool committed_ = false;
  void make_folder(const std::string& folder);
  int staging_fd_ = -1;  ///< staging_ open: files are made relative to it
  std::mutex folders_mutex_;
  std::unordered_set<std::string> folders_;  ///< created below staging_
};

/// True when `path` is relative, uses '/' and has no empty, "." or ".." part.
bool is_safe_relative_path(std::string_view path);

}  // namespace thidua::output
