// The process and its surroundings, as thidua needs them: ending cleanly on
// Ctrl+C, a password typed at the terminal, watching a folder for changes,
// the memory used, telling an IP address. Every such call into the
// operating system is here (process_posix.cpp; a Windows build fills in the
// same interface).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace thidua::platform {

/// While it lives, Ctrl+C (SIGINT), SIGTERM and SIGHUP call `cleanup` on a
/// thread of its own (never in a signal handler), write `message` to
/// standard error and end the process with 128 + the signal. Threads made
/// while it lives do not take these signals.
class OnInterrupt {
 public:
  OnInterrupt(std::function<void()> cleanup, std::string message);
  ~OnInterrupt();
  OnInterrupt(const OnInterrupt&) = delete;
  OnInterrupt& operator=(const OnInterrupt&) = delete;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

/// The command line in UTF-8: `argv` itself on POSIX systems; on Windows
/// read again from the system in UTF-16, whatever the code page.
std::vector<std::string> arguments(int argc, char** argv);

/// Makes the console (where there is one) show UTF-8: Vietnamese messages
/// on Windows. Nothing to do on POSIX systems.
void use_utf8_console();

/// The language of the user's interface where the system keeps one apart
/// from the locale's variables (Windows: "vi-VN"); "" on POSIX systems.
std::string interface_language();

/// A line typed at the terminal without echo, after `prompt`; nullopt when
/// the process has no terminal.
std::optional<std::string> read_password(const std::string& prompt);

/// Tells when something changes in a folder or below it (files written,
/// made, removed or renamed; new folders are watched once rescan() is called).
class Watcher {
 public:
  explicit Watcher(std::filesystem::path root);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;
  /// False when the folder cannot be watched (then wait() never says yes).
  bool ok() const;
  /// True when something changed within `ms` milliseconds; what happened
  /// until then is taken.
  bool wait(int ms);
  /// Watches the folders made since.
  void rescan();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

/// From now on the process keeps time in UTC, whatever TZ says: for
/// libraries that write local times (libarchive's DOS dates in a zip).
void use_utc();

/// The file this program runs from; empty when the system does not say.
std::filesystem::path executable_path();

/// The process's peak resident memory so far, in KiB; 0 if unknown.
long peak_memory_kib();

/// True for an IPv4 address ("127.0.0.1"), or, with `v6`, an IPv6 one ("::1").
bool is_ip_address(const std::string& text, bool v6);

/// Lets a listening socket take its port again at once after a restart
/// (SO_REUSEADDR), and nothing more: no second process may listen on it
/// beside this one (no SO_REUSEPORT).
void reuse_address(std::intptr_t socket);

}  // namespace thidua::platform
