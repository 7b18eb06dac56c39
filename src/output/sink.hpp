// The output stage: every byte of a build goes through a Sink.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "text/messages.hpp"

namespace thidua::platform {
class Folder;
class Lock;
class TempFile;
}  // namespace thidua::platform

namespace thidua::output {

/// Every file a build wrote, by path: its size, and the hash of what it was
/// made from ("" for a file that does not say: assets, static files, a
/// signature). Kept as one text, each file's path and key places in it, and
/// an index of its own: a stamp of 120,000 files read into a map of strings
/// took 23 MB in 360,000 allocations, and two are read at each build.
class MadeFiles {
 public:
  struct File {
    std::string_view path, key;
    std::uintmax_t size = 0;
  };
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = File;
    using difference_type = std::ptrdiff_t;
    using reference = File;
    File operator*() const { return of_->at(at_); }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return at_ == o.at_; }

   private:
    friend class MadeFiles;
    const_iterator(const MadeFiles* of, std::size_t at) : of_(of), at_(at) {}
    const MadeFiles* of_;
    std::size_t at_;
  };

  MadeFiles() = default;
  /// Files whose paths and keys lie in `text`, added with add_within().
  explicit MadeFiles(std::string text) : text_(std::move(text)) {}

  /// Adds a file, its path and key copied; false (nothing added) when a
  /// file of that path is there already.
  bool add(std::string_view path, std::string_view key, std::uintmax_t size);
  /// The same with `path` and `key` views into the text given at
  /// construction: nothing copied.
  bool add_within(std::string_view path, std::string_view key, std::uintmax_t size);
  /// Room for `n` files, the index made once for them.
  void reserve(std::size_t n);
  /// The text the files' paths and keys lie in.
  std::string_view text() const { return text_; }
  /// The file at `path`, or nullopt.
  std::optional<File> find(std::string_view path) const;
  bool contains(std::string_view path) const { return find(path).has_value(); }
  std::size_t size() const { return places_.size(); }
  bool empty() const { return places_.empty(); }
  /// The `i`th file added.
  File operator[](std::size_t i) const { return at(i); }
  /// The files in the order they were added.
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, places_.size()}; }

 private:
  struct Place {
    std::size_t path, path_size, key, key_size;
    std::uintmax_t size;
  };
  File at(std::size_t i) const {
    const Place& p = places_[i];
    const std::string_view text = text_;
    return {text.substr(p.path, p.path_size), text.substr(p.key, p.key_size), p.size};
  }
  bool insert(Place place);
  void reindex(std::size_t slots);
  std::string text_;
  std::vector<Place> places_;
  /// Open addressing: 0 for none, else a place's index + 1; its size a power
  /// of two, never more than half full.
  std::vector<std::uint32_t> index_;
};

/// Which earlier build a kept file comes from.
enum class Earlier {
  kLastBuild,  ///< the one in the output folder: linked from it
  kSpare,      ///< the one before it, in the folder being built (the spare): left as it is
};

/// Where a build's files go. Keeps the first failure itself, whichever
/// thread met it, so a build has one place to ask what went wrong.
class Sink {
 public:
  virtual ~Sink() = default;
  /// Writes `bytes` at `path` (relative, '/' separators, no ".."). False
  /// when this write fails or an earlier one did (nothing is written then);
  /// error() says why. Safe to call from several threads at once.
  bool write(const std::string& path, std::string_view bytes);
  /// Keeps the file at `path` as an earlier build made it, without making it
  /// again: an incremental build whose inputs for it are unchanged. False
  /// when this sink cannot (it has no such build, or the file is not there):
  /// make it then.
  bool keep(const std::string& path, Earlier from);
  /// Records a failure met while making a file (a static file that cannot be
  /// read): the build stops as it would on a failed write.
  void fail(const text::Message& message);
  bool failed() const { return failed_; }
  /// The first failure, or "" when there was none.
  text::Message error() const;

 protected:
  /// Writes one file; false with `error` set on an I/O failure.
  virtual bool put(const std::string& path, std::string_view bytes, text::Message* error) = 0;
  virtual bool keep_previous(const std::string& /*path*/, Earlier /*from*/) { return false; }

 private:
  std::atomic<bool> failed_{false};
  mutable std::mutex error_mutex_;
  text::Message error_;
};

/// Keeps files in memory: the snapshot before it is zipped, the files the
/// preview server has made, and tests. A path written twice is a failure (a
/// build writes each file once).
class MemorySink : public Sink {
 public:
  /// The files written, by path; read it while no write runs.
  const std::map<std::string, std::string>& files() const { return files_; }
  std::map<std::string, std::string> take() { return std::move(files_); }

 protected:
  bool put(const std::string& path, std::string_view bytes, text::Message* error) override;

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> files_;
};

/// Files written straight into a folder that exists, parent folders made as
/// needed: `thidua new`, which writes into a new or empty folder and keeps
/// nothing of a build (no staging, no marker).
class FolderSink : public Sink {
 public:
  explicit FolderSink(std::filesystem::path root) : root_(std::move(root)) {}

 protected:
  bool put(const std::string& path, std::string_view bytes, text::Message* error) override;

 private:
  std::filesystem::path root_;
};

/// The file that marks a folder as thidua's output. It lists every file the
/// build wrote; a later build replaces the folder only while it holds
/// nothing else, so a marker copied along with a site into a folder of the
/// user's own files never grants its deletion.
inline constexpr const char* kOutputMarker = ".thidua-output";
/// The marker of a folder holding exactly `paths` (in any order).
std::string output_marker_text(std::vector<std::string_view> paths);

struct StagingOptions {
  /// The caller checked that the destination holds exactly what the last
  /// build's stamp lists: open() does not walk it again.
  bool verified = false;
  /// The spare's files, as its stamp lists them (they must outlive the
  /// object): the site is made in the spare, and only what differs from it
  /// is written; files it has that this build does not are removed at
  /// commit(). Null, or no spare there: in a new, empty folder.
  const MadeFiles* spare = nullptr;
  /// After the swap, the old site is kept as the spare rather than removed.
  bool keep_spare = false;
};

/// Builds into a staging folder beside the destination and swaps it in with one
/// atomic rename, so the destination is always either the old or the new site.
/// Until commit() the destination is untouched; without commit() the staging
/// folder is removed. One build at a time per destination: open() takes a
/// lock (flock on .<destination>.thidua-lock beside it) that is held until the
/// object is destroyed, by this process only, whatever its process id.
class StagedDirectory : public Sink {
 public:
  /// Waits for the lock of `destination` (calling `notice` with a line to show when another
  /// build holds it), then checks that the destination may be replaced: it
  /// does not exist, is empty, or holds exactly the files its marker lists;
  /// and it is neither the source folder nor a folder that contains it.
  /// nullptr and `error` set otherwise.
  static std::unique_ptr<StagedDirectory> open(
      const std::filesystem::path& destination, const std::filesystem::path& source,
      text::Message* error, const std::function<void(const text::Message&)>& notice = {},
      const StagingOptions& options = {});
  ~StagedDirectory() override;

  /// Writes the marker and swaps the staged site in. False (destination
  /// untouched) on failure.
  bool commit(text::Message* error);
  /// Every file written so far (path, size), the marker left out: in no
  /// order before commit(), by path after it.
  std::vector<std::pair<std::string, std::uintmax_t>> written() const;
  /// The bytes of a file written so far (before commit), or nullopt.
  std::optional<std::string> read_back(const std::string& path) const;
  /// After commit(): whether the old site was kept as the spare.
  bool kept_spare() const { return kept_spare_; }
  /// Removes the staging folder at once (the build was interrupted); commit()
  /// fails after it. Safe to call from another thread than commit()'s.
  void abandon();

 private:
  StagedDirectory(std::filesystem::path destination, std::filesystem::path staging, bool had_site,
                  platform::Folder staged, std::unique_ptr<platform::Lock> lock,
                  const MadeFiles* spare, bool keep_spare);
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool had_site_;           ///< the destination holds an earlier build to link unchanged files from
  const MadeFiles* spare_;  ///< the staging folder is the spare, holding these files
  bool keep_spare_;
  bool kept_spare_ = false;
  bool committed_ = false;
  std::atomic<bool> abandoned_{false};  ///< no more writes: the staging folder is going
  std::mutex commit_mutex_;             ///< commit() and abandon(), one at a time
  bool put(const std::string& path, std::string_view bytes, text::Message* error) override;
  /// Links the destination's file into the staging folder, or leaves the
  /// spare's.
  bool keep_previous(const std::string& path, Earlier from) override;
  /// Removes the spare's file at `path` before another takes its name (it
  /// may be the destination's file too, by a second name: never written
  /// through).
  void clear_spare(const std::string& path);
  /// Removes the spare's files this build did not write, and the folders
  /// they leave empty.
  void remove_spare_leftovers();
  /// The old site, after the swap: kept as the spare, or removed.
  void retire(const std::filesystem::path& old);
  /// Makes the folders `path` is in, unless made already.
  void ensure_parent(const std::string& path);
  void make_folder(const std::string& folder);
  std::unique_ptr<platform::Folder> staged_;  ///< staging_ open: files are made relative to it
  std::unique_ptr<platform::Lock> lock_;      ///< the destination's, held
  std::mutex folders_mutex_;
  std::unordered_set<std::string> folders_;  ///< created below staging_
  mutable std::mutex written_mutex_;
  std::vector<std::pair<std::string, std::uintmax_t>> written_;
};

/// True when `path` is relative, uses '/' and has no empty, "." or ".." part.
bool is_safe_relative_path(std::string_view path);

/// Writes `bytes` as the new file `path`: into a temporary file beside it,
/// then renamed into place only if no file is there (an existing file is
/// never replaced or touched, nor is a half-written one ever left). False
/// with `error` set otherwise; `exists` tells the one case from the others.
bool write_new_file(const std::string& path, std::string_view bytes, text::Message* error,
                    bool* exists = nullptr);

/// A file that replaces `target` whole or not at all: written under a fresh
/// name of its own (made exclusively, so no link or other process's file is
/// ever written through) in the target's folder, then renamed over the target
/// by commit(), one atomic step: the target is the old file or the new one,
/// and two writers at once each leave a whole file. Removed unless committed.
class ReplacingFile {
 public:
  /// nullptr and `error` (with the system's reason) when the folder refuses it.
  static std::unique_ptr<ReplacingFile> open(const std::string& target, text::Message* error);
  ~ReplacingFile();
  ReplacingFile(const ReplacingFile&) = delete;
  ReplacingFile& operator=(const ReplacingFile&) = delete;
  /// Appends to the temporary file; false with `error` otherwise.
  bool write(std::string_view bytes, text::Message* error);
  /// The temporary file's name, fixed from open() on: a thread that ends the
  /// process on a signal removes it.
  const std::string& temp() const { return temp_path_; }
  /// Closes the file (its mode as the process's umask gives a new file) and
  /// renames it over the target. False with `error` otherwise.
  bool commit(text::Message* error);

 private:
  ReplacingFile(std::string target, std::unique_ptr<platform::TempFile> temp);
  std::string target_, temp_path_;
  std::unique_ptr<platform::TempFile> temp_;
};

}  // namespace thidua::output
