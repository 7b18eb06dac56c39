// platform/files.hpp on Windows. Paths are UTF-8 inside thidua and UTF-16 to
// the system, always absolute and prefixed with \\?\ so that no length limit
// (MAX_PATH) applies. A file another program holds open (Excel, an
// antivirus, an indexer) makes a call fail with a sharing violation for a
// moment: such calls are tried again for about four seconds before the failure
// is told, in the system's own words ("The process cannot access the file
// because it is being used by another process.").
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "platform/windows_text.hpp"

namespace fs = std::filesystem;

namespace thidua::platform {
namespace {

/// The path as the system takes it: absolute, backslashes, \\?\ before it
/// (\\?\UNC\ for a share).
std::wstring system_path(const fs::path& p) {
  if (p.native().starts_with(L"\\\\?\\")) return p.native();
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) a = p;
  std::wstring w = a.lexically_normal().make_preferred().wstring();
  while (w.size() > 3 && w.back() == L'\\') w.pop_back();
  if (w.starts_with(L"\\\\")) return L"\\\\?\\UNC\\" + w.substr(2);
  return L"\\\\?\\" + w;
}

/// `name` (one or more components, '/' between them) below the folder `base`.
std::wstring below(const std::wstring& base, const std::string& name) {
  std::wstring w = widen(name);
  for (auto& c : w)
    if (c == L'/') c = L'\\';
  return base + L"\\" + w;
}

/// The system's words for error `code`, in UTF-8, without the final line break.
std::string words(DWORD code) {
  wchar_t* text = nullptr;
  const DWORD n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string s = n ? narrow({text, n}) : "error " + std::to_string(code);
  if (text) LocalFree(text);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool fail(Error* error, DWORD code) {
  if (error) {
    error->message = words(code);
    switch (code) {
      case ERROR_FILE_NOT_FOUND:
      case ERROR_PATH_NOT_FOUND:
      case ERROR_INVALID_NAME:
        error->kind = Error::Kind::kNotFound;
        break;
      case ERROR_ALREADY_EXISTS:
      case ERROR_FILE_EXISTS:
        error->kind = Error::Kind::kExists;
        break;
      case ERROR_DIRECTORY:
      case ERROR_CANT_RESOLVE_FILENAME:
        error->kind = Error::Kind::kLink;
        break;
      case ERROR_NOT_SUPPORTED:
      case ERROR_INVALID_FUNCTION:
        error->kind = Error::Kind::kUnsupported;
        break;
      default:
        error->kind = Error::Kind::kOther;
    }
  }
  return false;
}

bool fail(Error* error, Error::Kind kind, std::string message) {
  if (error) *error = {kind, std::move(message)};
  return false;
}

/// Whether a failure may be another program holding the file for a moment.
bool held_by_another(DWORD code) {
  return code == ERROR_SHARING_VIOLATION || code == ERROR_LOCK_VIOLATION ||
         code == ERROR_ACCESS_DENIED || code == ERROR_USER_MAPPED_FILE ||
         code == ERROR_DELETE_PENDING;
}

/// Runs `call` (true on success) again while another program holds the file,
/// for about four seconds in all; the last error stays in GetLastError().
template <class Call>
bool retrying(Call call) {
  auto pause = std::chrono::milliseconds(20);
  for (int attempt = 0;; ++attempt) {
    if (call()) return true;
    const DWORD code = GetLastError();
    if (!held_by_another(code) || attempt == 9) {
      SetLastError(code);
      return false;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(800));
  }
}

HANDLE as_handle(std::intptr_t h) { return reinterpret_cast<HANDLE>(h); }
std::intptr_t from_handle(HANDLE h) { return reinterpret_cast<std::intptr_t>(h); }

constexpr DWORD kShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

/// Opens `path` (its own flags added: backup semantics opens folders too;
/// with `follow` false a link is opened as itself).
HANDLE open_path(const std::wstring& path, DWORD access, DWORD disposition, bool follow,
                 DWORD flags = 0) {
  HANDLE h = INVALID_HANDLE_VALUE;
  retrying([&] {
    h = CreateFileW(
        path.c_str(), access, kShareAll, nullptr, disposition,
        flags | FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT), nullptr);
    return h != INVALID_HANDLE_VALUE;
  });
  return h;
}

/// Links and junctions: what POSIX calls a symbolic link. Other reparse
/// points (OneDrive's files not yet downloaded, deduplicated files) are
/// files.
bool is_link(DWORD attributes, DWORD reparse_tag) {
  return (attributes & FILE_ATTRIBUTE_REPARSE_POINT) &&
         (reparse_tag == IO_REPARSE_TAG_SYMLINK || reparse_tag == IO_REPARSE_TAG_MOUNT_POINT);
}

Type type_of(DWORD attributes, DWORD reparse_tag) {
  if (is_link(attributes, reparse_tag)) return Type::kLink;
  if (attributes & FILE_ATTRIBUTE_DIRECTORY) return Type::kFolder;
  if (attributes & FILE_ATTRIBUTE_DEVICE) return Type::kOther;
  return Type::kFile;
}

bool stat_handle(HANDLE h, Info* info, Error* error) {
  BY_HANDLE_FILE_INFORMATION by{};
  if (!GetFileInformationByHandle(h, &by)) return fail(error, GetLastError());
  FILE_BASIC_INFO basic{};
  if (!GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic))
    return fail(error, GetLastError());
  DWORD tag = 0;
  if (by.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    FILE_ATTRIBUTE_TAG_INFO t{};
    if (GetFileInformationByHandleEx(h, FileAttributeTagInfo, &t, sizeof t)) tag = t.ReparseTag;
  }
  if (!info) return true;
  info->type = GetFileType(h) == FILE_TYPE_DISK ? type_of(by.dwFileAttributes, tag) : Type::kOther;
  info->size = (static_cast<std::uintmax_t>(by.nFileSizeHigh) << 32) | by.nFileSizeLow;
  info->id = {by.dwVolumeSerialNumber,
              (static_cast<unsigned long long>(by.nFileIndexHigh) << 32) | by.nFileIndexLow};
  // 100-nanosecond ticks since 1601: seconds and nanoseconds (only compared).
  const long long ticks = basic.ChangeTime.QuadPart;
  info->changed = {ticks / 10000000, (ticks % 10000000) * 100};
  info->access = {};  // Windows keeps access in ACLs, inherited from the parent folder
  return true;
}

bool write_handle(HANDLE h, std::string_view bytes, Error* error) {
  for (std::size_t done = 0; done < bytes.size();) {
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
    DWORD n = 0;
    if (!WriteFile(h, bytes.data() + done, chunk, &n, nullptr)) return fail(error, GetLastError());
    if (n == 0) return fail(error, ERROR_WRITE_FAULT);
    done += n;
  }
  return true;
}

/// Removes the file `path`: at once where the system can (POSIX semantics,
/// Windows 10 1709 and later: the name is free even while another program
/// still has the file open), else the classic way.
bool remove_file(const std::wstring& path, Error* error) {
  const bool ok = retrying([&] {
    HANDLE h = CreateFileW(path.c_str(), DELETE, kShareAll, nullptr, OPEN_EXISTING,
                           FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (h == INVALID_HANDLE_VALUE) return false;
    FILE_DISPOSITION_INFO_EX ex{};
    ex.Flags = FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS;
    // FileDispositionInfoEx (21), which MinGW's headers declare only for a
    // later _WIN32_WINNT than the Windows 10 thidua asks for.
    bool done =
        SetFileInformationByHandle(h, static_cast<FILE_INFO_BY_HANDLE_CLASS>(21), &ex, sizeof ex);
    if (!done) {
      FILE_DISPOSITION_INFO classic{};
      classic.DeleteFile = TRUE;
      done = SetFileInformationByHandle(h, FileDispositionInfo, &classic, sizeof classic);
    }
    const DWORD code = GetLastError();
    CloseHandle(h);
    SetLastError(code);
    return done;
  });
  return ok || fail(error, GetLastError());
}

/// A name nobody has yet: `stem` and six random letters.
std::wstring random_name(const std::wstring& stem) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr wchar_t kLetters[] = L"abcdefghijklmnopqrstuvwxyz0123456789";
  std::wstring name = stem;
  for (int i = 0; i < 6; ++i) name += kLetters[random() % 36];
  return name;
}

/// A new file of a random name beginning with `stem`, open for writing.
std::optional<std::pair<std::wstring, HANDLE>> create_new(const std::wstring& stem, Error* error) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::wstring path = random_name(stem);
    HANDLE h = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, kShareAll, nullptr,
                           CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h != INVALID_HANDLE_VALUE) return std::pair{std::move(path), h};
    if (GetLastError() != ERROR_FILE_EXISTS && GetLastError() != ERROR_ALREADY_EXISTS) break;
  }
  fail(error, GetLastError());
  return std::nullopt;
}

/// The path without the \\?\ thidua adds, as a user would write it.
std::wstring user_wide_path(const std::wstring& w) {
  if (w.starts_with(L"\\\\?\\UNC\\")) return L"\\\\" + w.substr(8);
  if (w.starts_with(L"\\\\?\\")) return w.substr(4);
  return w;
}
std::string user_path(const std::wstring& w) { return narrow(user_wide_path(w)); }

}  // namespace

FileTime file_time_now() {
  FILETIME now;
  GetSystemTimePreciseAsFileTime(&now);
  // As stat_handle gives ChangeTime: 100-nanosecond ticks since 1601.
  const long long ticks = static_cast<long long>(
      (static_cast<unsigned long long>(now.dwHighDateTime) << 32) | now.dwLowDateTime);
  return {ticks / 10000000, (ticks % 10000000) * 100};
}

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    if (h_ >= 0) CloseHandle(as_handle(h_));
    h_ = o.h_;
    o.h_ = -1;
  }
  return *this;
}

Handle::~Handle() {
  if (h_ >= 0) CloseHandle(as_handle(h_));
}

bool File::stat(Info* info, Error* error) const { return stat_handle(as_handle(h_), info, error); }

std::optional<std::size_t> File::read(char* into, std::size_t n, Error* error) {
  DWORD got = 0;
  const DWORD want = static_cast<DWORD>(std::min<std::size_t>(n, 1u << 30));
  if (!ReadFile(as_handle(h_), into, want, &got, nullptr)) {
    if (GetLastError() == ERROR_HANDLE_EOF || GetLastError() == ERROR_BROKEN_PIPE) return 0;
    fail(error, GetLastError());
    return std::nullopt;
  }
  return got;
}

bool File::write_all(std::string_view bytes, Error* error) {
  return write_handle(as_handle(h_), bytes, error);
}

bool File::set_default_access(Error*) { return true; }  // inherited from the folder

bool File::sync(Error* error) {
  if (!FlushFileBuffers(as_handle(h_))) return fail(error, GetLastError());
  return true;
}

bool File::close(Error* error) {
  HANDLE h = as_handle(h_);
  h_ = -1;
  if (h != INVALID_HANDLE_VALUE && !CloseHandle(h)) return fail(error, GetLastError());
  return true;
}

File File::open_regular(const fs::path& path, bool follow, Error* error) {
  HANDLE h = open_path(system_path(path), GENERIC_READ, OPEN_EXISTING, follow);
  if (h == INVALID_HANDLE_VALUE) {
    fail(error, GetLastError());
    return {};
  }
  File f(from_handle(h));
  Info info;
  if (!f.stat(&info, error)) return {};
  if (info.type == Type::kLink) {
    fail(error, Error::Kind::kNotRegular, "it is a link");
    return {};
  }
  if (info.type != Type::kFile) {
    fail(error, Error::Kind::kNotRegular, "not a regular file");
    return {};
  }
  return f;
}

Folder Folder::open(const fs::path& path, bool follow, Error* error) {
  std::wstring w = system_path(path);
  HANDLE h = open_path(w, FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES, OPEN_EXISTING, follow);
  if (h == INVALID_HANDLE_VALUE) {
    fail(error, GetLastError());
    return {};
  }
  Folder folder(from_handle(h), std::move(w));
  Info info;
  if (!stat_handle(h, &info, error)) return {};
  if (info.type == Type::kLink) {
    fail(error, Error::Kind::kLink, "it is a link");
    return {};
  }
  if (info.type != Type::kFolder) {
    fail(error, ERROR_DIRECTORY);
    return {};
  }
  return folder;
}

bool Folder::entries(const std::function<bool(std::string_view, Type)>& visit, Error* error) const {
  WIN32_FIND_DATAW found;
  HANDLE search = FindFirstFileExW((path_ + L"\\*").c_str(), FindExInfoBasic, &found,
                                   FindExSearchNameMatch, nullptr, FIND_FIRST_EX_LARGE_FETCH);
  if (search == INVALID_HANDLE_VALUE) {
    if (GetLastError() == ERROR_FILE_NOT_FOUND) return true;
    return fail(error, GetLastError());
  }
  bool ok = true;
  do {
    const std::wstring_view w = found.cFileName;
    if (w == L"." || w == L"..") continue;
    const std::string name = narrow(w);
    if (!visit(name, type_of(found.dwFileAttributes, found.dwReserved0))) {
      ok = false;
      break;
    }
  } while (FindNextFileW(search, &found));
  const DWORD code = GetLastError();
  FindClose(search);
  if (ok && code != ERROR_NO_MORE_FILES) return fail(error, code);
  return ok;
}

bool Folder::stat(const std::string& name, Info* info, Error* error) const {
  HANDLE h = open_path(below(path_, name), FILE_READ_ATTRIBUTES, OPEN_EXISTING, false);
  if (h == INVALID_HANDLE_VALUE) return fail(error, GetLastError());
  const bool ok = stat_handle(h, info, error);
  CloseHandle(h);
  return ok;
}

Folder Folder::folder(const std::string& name, Error* error) const {
  return Folder::open(fs::path(below(path_, name)), /*follow=*/false, error);
}

File Folder::file(const std::string& name, Error* error) const {
  HANDLE h = open_path(below(path_, name), GENERIC_READ, OPEN_EXISTING, false);
  if (h == INVALID_HANDLE_VALUE) {
    fail(error, GetLastError());
    return {};
  }
  File f(from_handle(h));
  Info info;
  if (!f.stat(&info, error)) return {};
  if (info.type == Type::kLink) {
    fail(error, Error::Kind::kLink, "it is a link");
    return {};
  }
  return f;
}

bool Folder::write_file(const std::string& path, std::string_view bytes, Error* error) const {
  HANDLE h =
      open_path(below(path_, path), GENERIC_WRITE, CREATE_ALWAYS, true, FILE_ATTRIBUTE_NORMAL);
  if (h == INVALID_HANDLE_VALUE) return fail(error, GetLastError());
  Error write_error;
  const bool written = write_handle(h, bytes, &write_error);
  if (!CloseHandle(h)) return fail(error, GetLastError());
  if (!written && error) *error = write_error;
  return written;
}

bool Folder::make_folder(const std::string& path, Error* error) const {
  const std::wstring w = below(path_, path);
  if (!retrying([&] { return CreateDirectoryW(w.c_str(), nullptr) != 0; }))
    return fail(error, GetLastError());
  return true;
}

bool Folder::link_from(const fs::path& existing, const std::string& path, Error* error) const {
  const std::wstring to = below(path_, path), from = system_path(existing);
  if (!retrying([&] { return CreateHardLinkW(to.c_str(), from.c_str(), nullptr) != 0; }))
    return fail(error, GetLastError());
  return true;
}

bool Folder::remove(const std::string& path, Error* error) const {
  return remove_file(below(path_, path), error);
}

bool Folder::remove_folder(const std::string& path, Error* error) const {
  const std::wstring w = below(path_, path);
  if (!retrying([&] { return RemoveDirectoryW(w.c_str()) != 0; }))
    return fail(error, GetLastError());
  return true;
}

bool stat(const fs::path& path, bool follow, Info* info, Error* error) {
  HANDLE h = open_path(system_path(path), FILE_READ_ATTRIBUTES, OPEN_EXISTING, follow);
  if (h == INVALID_HANDLE_VALUE) return fail(error, GetLastError());
  const bool ok = stat_handle(h, info, error);
  CloseHandle(h);
  return ok;
}

bool exchange(const fs::path&, const fs::path&, Error* error) {
  // Windows has no exchange of two names: the caller moves them one at a
  // time (output/sink.cpp, docs/development.md).
  return fail(error, Error::Kind::kUnsupported, "Windows cannot exchange two folders");
}

bool rename(const fs::path& from, const fs::path& to, Error* error) {
  const std::wstring f = system_path(from), t = system_path(to);
  if (!retrying([&] { return MoveFileExW(f.c_str(), t.c_str(), MOVEFILE_REPLACE_EXISTING) != 0; }))
    return fail(error, GetLastError());
  return true;
}

bool rename_new(const fs::path& from, const fs::path& to, Error* error) {
  const std::wstring f = system_path(from), t = system_path(to);
  if (!retrying([&] { return MoveFileExW(f.c_str(), t.c_str(), 0) != 0; }))
    return fail(error, GetLastError());
  return true;
}

fs::path make_temp_folder(const fs::path& parent, const std::string& prefix, Error* error) {
  const std::wstring stem = system_path(parent) + L"\\" + widen(prefix);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::wstring path = random_name(stem);
    if (CreateDirectoryW(path.c_str(), nullptr)) return fs::path(user_wide_path(path));
    if (GetLastError() != ERROR_ALREADY_EXISTS) break;
  }
  fail(error, GetLastError());
  return {};
}

void set_access(const fs::path&, const Access*, const std::function<void(const std::string&)>&) {
  // Access on Windows is the ACL a folder inherits from its parent, which
  // the new site gets as the old one did.
}

bool set_owner_only(const fs::path&, Error* error) {
  // Not on Windows: a folder's own ACL would go with it when the next build,
  // made in it, becomes the published site. Without it no spare is kept
  // (output/sink.cpp): an incremental build links the files it keeps from
  // the output instead.
  return fail(error, Error::Kind::kUnsupported, "no owner-only folders on Windows");
}

std::string temp_folder() {
  if (const wchar_t* tmp = _wgetenv(L"TMPDIR"); tmp && *tmp) return narrow(tmp);
  wchar_t buffer[MAX_PATH + 2];
  const DWORD n = GetTempPathW(MAX_PATH + 2, buffer);
  std::wstring w(buffer, n);
  while (w.size() > 3 && (w.back() == L'\\' || w.back() == L'/')) w.pop_back();
  return narrow(w);
}

fs::path cache_folder() {
  const wchar_t* local = _wgetenv(L"LOCALAPPDATA");
  if (!local || !*local) return {};
  return fs::path(user_wide_path(local)) / "thidua" / "cache";
}

std::optional<TempFile> TempFile::beside(const fs::path& target, Error* error) {
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  auto made = create_new(system_path(parent) + L"\\." + target.filename().wstring() + L".", error);
  if (!made) return std::nullopt;
  return TempFile(user_path(made->first), File(from_handle(made->second)));
}

std::optional<TempFile> TempFile::in_temp_folder(const std::string& what, Error* error) {
  auto made =
      create_new(system_path(path_of(temp_folder())) + L"\\thidua-" + widen(what) + L"-", error);
  if (!made) return std::nullopt;
  return TempFile(user_path(made->first), File(from_handle(made->second)));
}

TempFile::~TempFile() {
  if (path_.empty() || kept_) return;
  file_.close(nullptr);
  remove_file(system_path(path_), nullptr);
}

std::optional<Lock> Lock::open(const fs::path& lock_file, Error* error) {
  HANDLE h = open_path(system_path(lock_file), GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, false);
  if (h == INVALID_HANDLE_VALUE) {
    fail(error, GetLastError());
    return std::nullopt;
  }
  File f(from_handle(h));
  Info info;
  if (!f.stat(&info, error)) return std::nullopt;
  if (info.type != Type::kFile) {
    fail(error, Error::Kind::kNotRegular, "not a regular file");
    return std::nullopt;
  }
  return Lock(std::move(f));
}

bool Lock::hold(const std::function<void()>& waiting, Error* error) {
  OVERLAPPED at{};
  HANDLE h = as_handle(file_.h_);
  if (LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &at)) return true;
  if (GetLastError() != ERROR_LOCK_VIOLATION && GetLastError() != ERROR_IO_PENDING)
    return fail(error, GetLastError());
  if (waiting) waiting();
  at = {};
  if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &at)) return fail(error, GetLastError());
  return true;
}

}  // namespace thidua::platform
