// platform/process.hpp on Windows.
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
// After winsock2.h:
#include <psapi.h>
#include <shellapi.h>
#include <windows.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <thread>

#include "platform/process.hpp"
#include "platform/windows_text.hpp"

namespace fs = std::filesystem;

namespace thidua::platform {
namespace {

/// The OnInterrupt in force: the console's control handler runs on a thread
/// the system makes for it, and finds the clean-up here.
std::mutex interrupt_mutex;
std::function<void()>* interrupt_cleanup = nullptr;
std::string* interrupt_message = nullptr;

BOOL WINAPI on_control(DWORD event) {
  std::lock_guard lock(interrupt_mutex);
  if (!interrupt_cleanup) return FALSE;
  (*interrupt_cleanup)();
  DWORD written = 0;
  WriteFile(GetStdHandle(STD_ERROR_HANDLE), interrupt_message->data(),
            static_cast<DWORD>(interrupt_message->size()), &written, nullptr);
  // As a shell reports a POSIX process ended by SIGINT (2) or SIGTERM (15).
  std::_Exit(128 + (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT ? 2 : 15));
}

}  // namespace

struct OnInterrupt::State {
  std::function<void()> cleanup;
  std::string message;
};

OnInterrupt::OnInterrupt(std::function<void()> cleanup, std::string message)
    : s_(std::make_unique<State>()) {
  s_->cleanup = std::move(cleanup);
  s_->message = std::move(message);
  std::lock_guard lock(interrupt_mutex);
  interrupt_cleanup = &s_->cleanup;
  interrupt_message = &s_->message;
  SetConsoleCtrlHandler(on_control, TRUE);
}

OnInterrupt::~OnInterrupt() {
  std::lock_guard lock(interrupt_mutex);
  SetConsoleCtrlHandler(on_control, FALSE);
  interrupt_cleanup = nullptr;
  interrupt_message = nullptr;
}

std::vector<std::string> arguments(int argc, char** argv) {
  int n = 0;
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &n);
  if (!wide) return {argv, argv + argc};
  std::vector<std::string> args;
  for (int i = 0; i < n; ++i) args.push_back(narrow(wide[i]));
  LocalFree(wide);
  return args;
}

void use_utf8_console() {
  SetConsoleOutputCP(CP_UTF8);
  SetConsoleCP(CP_UTF8);
}

std::string interface_language() {
  wchar_t name[LOCALE_NAME_MAX_LENGTH];
  const int n = GetUserDefaultLocaleName(name, LOCALE_NAME_MAX_LENGTH);
  // The display language rather than the formats' locale, where they differ.
  ULONG count = 0, size = 0;
  if (GetUserPreferredUILanguages(MUI_LANGUAGE_NAME, &count, nullptr, &size) && size > 1) {
    std::wstring list(size, L'\0');
    if (GetUserPreferredUILanguages(MUI_LANGUAGE_NAME, &count, list.data(), &size) && count > 0)
      return narrow(list.c_str());
  }
  return n > 1 ? narrow(std::wstring_view(name, static_cast<std::size_t>(n - 1))) : "";
}

std::optional<std::string> read_password(const std::string& prompt) {
  HANDLE in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE,
                          FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0, nullptr);
  if (in == INVALID_HANDLE_VALUE) return std::nullopt;
  HANDLE out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0, nullptr);
  DWORD mode = 0;
  if (!GetConsoleMode(in, &mode)) {
    CloseHandle(in);
    if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
    return std::nullopt;
  }
  SetConsoleMode(in, (mode | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT) & ~ENABLE_ECHO_INPUT);
  DWORD written = 0;
  const std::wstring wprompt = widen(prompt);
  if (out != INVALID_HANDLE_VALUE)
    WriteConsoleW(out, wprompt.data(), static_cast<DWORD>(wprompt.size()), &written, nullptr);
  std::wstring line;
  wchar_t buffer[256];
  DWORD got = 0;
  while (ReadConsoleW(in, buffer, 256, &got, nullptr) && got > 0) {
    line.append(buffer, got);
    if (line.find(L'\n') != std::wstring::npos) break;
  }
  SetConsoleMode(in, mode);
  if (out != INVALID_HANDLE_VALUE) {
    WriteConsoleW(out, L"\r\n", 2, &written, nullptr);
    CloseHandle(out);
  }
  CloseHandle(in);
  while (!line.empty() && (line.back() == L'\n' || line.back() == L'\r')) line.pop_back();
  return narrow(line);
}

struct Watcher::State {
  fs::path root;
  HANDLE folder = INVALID_HANDLE_VALUE;
  HANDLE event = nullptr;
  OVERLAPPED overlapped{};
  alignas(DWORD) char buffer[16384];
  bool pending = false;

  /// Asks for the next changes below the folder (the whole tree at once:
  /// new folders need no rescan).
  void ask() {
    overlapped = {};
    overlapped.hEvent = event;
    DWORD ignored = 0;
    pending = ReadDirectoryChangesW(folder, buffer, sizeof buffer, TRUE,
                                    FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME |
                                        FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_SIZE,
                                    &ignored, &overlapped, nullptr);
  }
};

Watcher::Watcher(fs::path root) : s_(std::make_unique<State>()) {
  s_->root = std::move(root);
  s_->folder =
      CreateFileW(s_->root.wstring().c_str(), FILE_LIST_DIRECTORY,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                  FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, nullptr);
  if (s_->folder == INVALID_HANDLE_VALUE) return;
  s_->event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  s_->ask();
}

Watcher::~Watcher() {
  if (s_->folder != INVALID_HANDLE_VALUE) {
    CancelIo(s_->folder);
    CloseHandle(s_->folder);
  }
  if (s_->event) CloseHandle(s_->event);
}

bool Watcher::ok() const { return s_->folder != INVALID_HANDLE_VALUE && s_->pending; }

bool Watcher::wait(int ms) {
  if (!ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return false;
  }
  if (WaitForSingleObject(s_->event, static_cast<DWORD>(ms)) != WAIT_OBJECT_0) return false;
  DWORD got = 0;
  GetOverlappedResult(s_->folder, &s_->overlapped, &got, FALSE);
  ResetEvent(s_->event);
  s_->ask();
  return true;
}

void Watcher::rescan() {}  // the whole tree is watched

void use_utc() {
  _putenv_s("TZ", "UTC");
  _tzset();
}

fs::path executable_path() {
  std::wstring path(32768, L'\0');
  const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
  if (n == 0 || n >= path.size()) return {};
  path.resize(n);
  return fs::path(path);
}

long peak_memory_kib() {
  PROCESS_MEMORY_COUNTERS counters{};
  if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters)) return 0;
  return static_cast<long>(counters.PeakWorkingSetSize / 1024);
}

void reuse_address(std::intptr_t socket) {
  // On Windows SO_REUSEADDR would let a second process take the same port;
  // SO_EXCLUSIVEADDRUSE is what keeps it ours alone (and a port is free
  // again at once after a restart there anyway).
  const BOOL yes = TRUE;
  ::setsockopt(static_cast<SOCKET>(socket), SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
               reinterpret_cast<const char*>(&yes), sizeof yes);
}

bool is_ip_address(const std::string& text, bool v6) {
  if (v6) {
    in6_addr a6;
    return inet_pton(AF_INET6, text.c_str(), &a6) == 1;
  }
  in_addr a4;
  return inet_pton(AF_INET, text.c_str(), &a4) == 1;
}

}  // namespace thidua::platform
