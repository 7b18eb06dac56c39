// The file system, as thidua needs it: folders and files opened without
// following links, listed and read from their own handles; the atomic swap of
// two folders; a rename that never replaces; temporary files and folders; a
// lock between processes. Every call into the operating system's file API is
// here (files_posix.cpp; a Windows build fills in the same interface), so the
// floors above need no <unistd.h>, <fcntl.h> or <sys/…>. Paths are
// std::filesystem paths; names inside a Folder are single path components.
// Text (UTF-8) becomes a path through platform::path_of (paths.hpp), never
// by conversion, which on Windows reads the C library's code page: the
// overloads for std::string are deleted to say so at compile time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace thidua::platform {

/// What the operating system said when a call failed: its own words
/// ("Permission denied"), and the few kinds thidua tells apart.
struct Error {
  enum class Kind {
    kOther,
    kNotFound,     ///< no such file or folder
    kExists,       ///< it is there already (a rename that never replaces)
    kLink,         ///< a link (or a file) stood where a folder was followed
    kBusy,         ///< in use: a mount point
    kUnsupported,  ///< the file system cannot do it (an atomic exchange)
    kNotRegular,   ///< a folder, a device, a pipe (or a link not followed) where a file was wanted
    kTooLarge,     ///< larger than the caller's limit
  };
  Kind kind = Kind::kOther;
  std::string message;
};

/// What a file is, as the folder lists it (links not followed).
enum class Type { kFile, kFolder, kLink, kOther, kUnknown };

/// Two names for one file have the same id.
struct FileId {
  unsigned long long device = 0, inode = 0;
  bool operator==(const FileId&) const = default;
};

/// A moment of the file system's clock.
struct FileTime {
  long long seconds = 0, nanoseconds = 0;
  auto operator<=>(const FileTime&) const = default;
};

/// Who may read and change a file, as the system keeps it: carried from an
/// old folder to the one that replaces it.
struct Access {
  unsigned mode = 0, group = 0;
};

struct Info {
  Type type = Type::kUnknown;
  std::uintmax_t size = 0;
  FileId id;
  FileTime changed;  ///< when its data or its entry last changed (ctime), which no tool sets back
  Access access;
};

/// What the system opened for us (a descriptor; a HANDLE on Windows):
/// moves, closes on destruction.
class Handle {
 public:
  Handle() = default;
  Handle(Handle&& o) noexcept : h_(o.h_) { o.h_ = -1; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  bool is_open() const { return h_ >= 0; }

 protected:
  explicit Handle(std::intptr_t h) : h_(h) {}
  std::intptr_t h_ = -1;
};

/// An open file.
class File : public Handle {
 public:
  File() = default;

  bool stat(Info* info, Error* error) const;
  /// Up to `n` bytes; 0 at the end; nullopt on failure.
  std::optional<std::size_t> read(char* into, std::size_t n, Error* error);
  bool write_all(std::string_view bytes, Error* error);
  /// Gives the file the mode a file the process creates gets (umask applied).
  bool set_default_access(Error* error);
  bool sync(Error* error);
  bool close(Error* error);

  /// The regular file at `path` for reading, opened without waiting on a
  /// pipe; with `follow` false a link at its last part is not followed.
  /// Else a closed File and `error` (kNotRegular for a link, a folder, a
  /// device).
  static File open_regular(const std::filesystem::path& path, bool follow, Error* error);
  static File open_regular(const std::string&, bool, Error*) = delete;  // path_of(text)

 private:
  friend class Folder;
  friend class TempFile;
  friend class Lock;
  explicit File(std::intptr_t h) : Handle(h) {}
};

/// One entry of a folder, its type as the listing says it (kUnknown where
/// the file system does not say: then stat it).
struct Entry {
  std::string name;
  Type type = Type::kUnknown;
};

/// An open folder. Names are looked up from it, so a folder renamed or
/// replaced above it does not change what it reads.
class Folder : public Handle {
 public:
  Folder() = default;

  /// The folder at `path`; with `follow` false, a link at its last part is
  /// refused (kLink).
  static Folder open(const std::filesystem::path& path, bool follow, Error* error);
  static Folder open(const std::string&, bool, Error*) = delete;  // path_of(text)

  /// Every entry but "." and "..", in the order the system gives them. Once
  /// per open folder: a second call finds none.
  bool entries(std::vector<Entry>* out, Error* error) const;
  /// The same, each given to `visit` as it is read, its name valid during
  /// the call only (no copy made); false from `visit` stops the listing,
  /// and then entries() is false with `error` untouched.
  bool entries(const std::function<bool(std::string_view name, Type type)>& visit,
               Error* error) const;
  /// What `name` is, a link not followed.
  bool stat(const std::string& name, Info* info, Error* error) const;
  /// The folder `name`, never through a link (kLink).
  Folder folder(const std::string& name, Error* error) const;
  /// The file `name` for reading, never through a link (kLink), without
  /// waiting on a pipe.
  File file(const std::string& name, Error* error) const;
  /// Creates or truncates the file `path` (below this folder) and writes `bytes`.
  bool write_file(const std::string& path, std::string_view bytes, Error* error) const;
  /// Makes the folder `path` below this one (kExists when it is there).
  bool make_folder(const std::string& path, Error* error) const;
  /// A second name, `path` below this folder, for the file at `existing`.
  bool link_from(const std::filesystem::path& existing, const std::string& path,
                 Error* error) const;
  bool link_from(const std::string&, const std::string&, Error*) const = delete;
  /// Removes the name `path` below this folder (a file or a link; the file
  /// itself goes when it has no other name). kNotFound when there is none.
  bool remove(const std::string& path, Error* error) const;
  /// Removes the folder `path` below this one, if it is empty.
  bool remove_folder(const std::string& path, Error* error) const;

 private:
  explicit Folder(std::intptr_t h) : Handle(h) {}
#ifdef _WIN32
  // Windows has no openat(): names are looked up from the folder's path,
  // and the handle, held open, keeps the folder from being removed.
  Folder(std::intptr_t h, std::wstring path) : Handle(h), path_(std::move(path)) {}
  std::wstring path_;
#endif
};

/// Whether a folder's change time (Info::changed) moves whenever an entry is
/// added to it, removed from it or renamed in it: POSIX says so of every
/// file system; Windows keeps no such time on FAT.
#ifdef _WIN32
inline constexpr bool kFolderTimesCoverEntries = false;
#else
inline constexpr bool kFolderTimesCoverEntries = true;
#endif

/// The system clock now, as the file system keeps change times (Info::changed).
FileTime file_time_now();

/// What `path` is (`info` may be null: does it exist?); `follow` false
/// describes a link itself.
bool stat(const std::filesystem::path& path, bool follow, Info* info, Error* error);
bool stat(const std::string&, bool, Info*, Error*) = delete;

/// Swaps the two folders in one step: each name then holds what the other
/// held. kUnsupported where the file system cannot (then move them one at a
/// time), kBusy for a mount point.
bool exchange(const std::filesystem::path& a, const std::filesystem::path& b, Error* error);
bool exchange(const std::string&, const std::filesystem::path&, Error*) = delete;
bool exchange(const std::filesystem::path&, const std::string&, Error*) = delete;
/// Moves `from` to `to`, replacing what is there.
bool rename(const std::filesystem::path& from, const std::filesystem::path& to, Error* error);
bool rename(const std::string&, const std::filesystem::path&, Error*) = delete;
bool rename(const std::filesystem::path&, const std::string&, Error*) = delete;
/// Moves the file `from` to `to` only if `to` does not exist (kExists);
/// never replaces, even where the file system has no such rename.
bool rename_new(const std::filesystem::path& from, const std::filesystem::path& to, Error* error);
bool rename_new(const std::string&, const std::filesystem::path&, Error*) = delete;
bool rename_new(const std::filesystem::path&, const std::string&, Error*) = delete;

/// A new, empty folder `<parent>/<prefix>XXXXXX` of a name nobody has: its
/// path, or empty with `error`.
std::filesystem::path make_temp_folder(const std::filesystem::path& parent,
                                       const std::string& prefix, Error* error);
std::filesystem::path make_temp_folder(const std::string&, const std::string&, Error*) = delete;
/// Gives `path` the access of the folder it replaces (`like`), or, without
/// one, what a folder the process creates gets. A group that cannot be
/// given is told to `group_problem` (the rest is still done).
void set_access(const std::filesystem::path& path, const Access* like,
                const std::function<void(const std::string&)>& group_problem);

/// Lets only the owner into the folder `path` (mode 0700): a copy of a site
/// kept beside it, which a web server serving the parent must not serve.
bool set_owner_only(const std::filesystem::path& path, Error* error);
bool set_owner_only(const std::string&, Error*) = delete;

/// The folder for temporary files: $TMPDIR, else the system's.
std::string temp_folder();

/// Where thidua keeps what it may compute again, the user's own:
/// $XDG_CACHE_HOME/thidua (when absolute), else ~/.cache/thidua; on Windows
/// %LOCALAPPDATA%\thidua\cache. Empty when the system says none. Not made.
std::filesystem::path cache_folder();

/// A new file of a name nobody has, open for writing: ".<name>.XXXXXX"
/// beside `target` (to be renamed over it), or "thidua-<what>-XXXXXX" in
/// temp_folder(). Removed on destruction unless kept.
class TempFile {
 public:
  static std::optional<TempFile> beside(const std::filesystem::path& target, Error* error);
  static std::optional<TempFile> beside(const std::string&, Error*) = delete;
  static std::optional<TempFile> in_temp_folder(const std::string& what, Error* error);
  TempFile(TempFile&&) = default;
  ~TempFile();
  const std::string& path() const { return path_; }
  File& file() { return file_; }
  /// Leaves the file where it is (renamed, or handed on).
  void keep() { kept_ = true; }

 private:
  TempFile(std::string path, File file) : path_(std::move(path)), file_(std::move(file)) {}
  std::string path_;
  File file_;
  bool kept_ = false;
};

/// The lock of a file between processes, of this machine or another
/// container sharing the folder: held from hold() while the object lives.
/// The lock file itself stays.
class Lock {
 public:
  /// Opens (or creates) the lock file, never through a link.
  static std::optional<Lock> open(const std::filesystem::path& lock_file, Error* error);
  static std::optional<Lock> open(const std::string&, Error*) = delete;
  /// Takes the lock, waiting while another process holds it, after telling
  /// `waiting` once.
  bool hold(const std::function<void()>& waiting, Error* error);
  Lock(Lock&&) = default;

 private:
  explicit Lock(File f) : file_(std::move(f)) {}
  File file_;
};

/// The bytes of the regular file at `path` (a link followed), when it
/// holds at most `limit` (kTooLarge otherwise, also for one that grows
/// while read); nullopt with `error` otherwise.
std::optional<std::string> read_small_file(const std::filesystem::path& path, std::size_t limit,
                                           Error* error);
std::optional<std::string> read_small_file(const std::string&, std::size_t, Error*) = delete;

}  // namespace thidua::platform
