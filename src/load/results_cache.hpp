// Results as an earlier load read them, kept in the user's cache folder
// (platform::cache_folder()), so that a build after an edit parses only the
// results of the periods that changed: at 10,000 units x 10 periods the
// results files are nine tenths of what a build reads.
//
// An entry is a period's results as its results files gave them, before
// they are merged: what load_results appended, read from the entry instead.
// Its name is a key over everything that loading read (the program, each
// results file's path and bytes, period.json, units and every scheme), so
// an entry is never stale, only unused; only results whose loading said
// nothing (no error, no warning) are kept, so a cached period's diagnostics
// are none. An entry ends with a SHA-256 of itself: a damaged or cut one is
// not used, and the files are read again.
#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace thidua::load {

/// The bytes an entry holds (its checksum included), and back: nullopt for
/// bytes that are not a whole, undamaged entry.
std::string encode_results(const std::vector<Result>& results);
std::optional<std::vector<Result>> decode_results(std::string_view bytes);

class ResultsCache {
 public:
  /// Entries in `folder`, for the program `binary` (its identity: a key of
  /// another program never matches). With `read` false, none is read (a
  /// clean build), only written. The folder is made when first written to,
  /// the owner's alone.
  ResultsCache(std::filesystem::path folder, std::string binary, bool read = true);

  /// The key of results loaded from `parts` (each length-tagged).
  std::string key(const std::vector<std::string_view>& parts) const;
  /// The results kept under `key`, or nullopt (none, damaged, not read).
  std::optional<std::vector<Result>> find(const std::string& key) const;
  /// Keeps `results` under `key`; a failure is silent (the cache is a
  /// shortcut, never a reason to fail). Safe from several threads.
  void put(const std::string& key, const std::vector<Result>& results) const;
  /// Removes the oldest entries (by when they were written) until those
  /// left take no more than `max_bytes`, never one found or put by this
  /// object.
  void trim(std::uintmax_t max_bytes) const;

  std::size_t found() const { return found_; }
  std::size_t put_count() const { return put_; }

 private:
  std::filesystem::path folder_;
  std::string binary_;
  bool read_;
  mutable std::atomic<std::size_t> found_{0}, put_{0};
  mutable std::mutex used_mutex_;
  mutable std::vector<std::string> used_;
};

/// At most this much of the cache folder is kept (what the last build used
/// always is).
inline constexpr std::uintmax_t kResultsCacheBytes = std::uintmax_t{1} << 30;

}  // namespace thidua::load
