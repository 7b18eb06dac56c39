// platform/process.hpp on Linux.
#include <arpa/inet.h>
#include <errno.h>  // program_invocation_name
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <thread>

#include "platform/process.hpp"

namespace fs = std::filesystem;

namespace thidua::platform {

struct OnInterrupt::State {
  sigset_t set, old;
  std::atomic<bool> stop{false};
  std::thread thread;
};

OnInterrupt::OnInterrupt(std::function<void()> cleanup, std::string message)
    : s_(std::make_unique<State>()) {
  // The signals are blocked in this thread and every thread made after it
  // (the render workers), and waited for by one thread of its own.
  sigemptyset(&s_->set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&s_->set, s);
  pthread_sigmask(SIG_BLOCK, &s_->set, &s_->old);
  s_->thread =
      std::thread([s = s_.get(), cleanup = std::move(cleanup), message = std::move(message)] {
        for (;;) {
          const int sig = sigwaitinfo(&s->set, nullptr);
          if (s->stop) return;
          if (sig <= 0) continue;
          cleanup();
          [[maybe_unused]] const auto n = ::write(2, message.data(), message.size());
          std::_Exit(128 + sig);
        }
      });
}

OnInterrupt::~OnInterrupt() {
  // Woken by one of its own signals, sent to it alone, rather than polled:
  // a tick of waiting had each build end up to 100 ms after its work.
  s_->stop = true;
  pthread_kill(s_->thread.native_handle(), SIGTERM);
  s_->thread.join();
  pthread_sigmask(SIG_SETMASK, &s_->old, nullptr);
}

std::vector<std::string> arguments(int argc, char** argv) { return {argv, argv + argc}; }

void use_utf8_console() {}

std::string interface_language() { return ""; }

std::optional<std::string> read_password(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios old{};
  const bool tty = ::tcgetattr(fd, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
  if (tty) ::tcsetattr(fd, TCSAFLUSH, &old);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

struct Watcher::State {
  fs::path root;
  int fd = -1;
};

Watcher::Watcher(fs::path root) : s_(std::make_unique<State>()) {
  s_->root = std::move(root);
  s_->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  rescan();
}

Watcher::~Watcher() {
  if (s_->fd >= 0) ::close(s_->fd);
}

bool Watcher::ok() const { return s_->fd >= 0; }

void Watcher::rescan() {
  if (s_->fd < 0) return;
  const uint32_t mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                        IN_DELETE_SELF | IN_MODIFY;
  inotify_add_watch(s_->fd, s_->root.c_str(), mask);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(s_->root, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_directory()) inotify_add_watch(s_->fd, it->path().c_str(), mask);
}

bool Watcher::wait(int ms) {
  if (s_->fd < 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return false;
  }
  pollfd p{s_->fd, POLLIN, 0};
  if (poll(&p, 1, ms) <= 0) return false;
  char buf[8192];
  bool any = false;
  while (::read(s_->fd, buf, sizeof buf) > 0) any = true;
  return any;
}

void use_utc() {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
}

fs::path executable_path() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  // Started through the dynamic loader, as the portable archive's launcher
  // starts lib/thidua: the program is the path the loader put in argv[0].
  if (exe.filename().string().starts_with("ld-linux")) {
    fs::path program = fs::weakly_canonical(program_invocation_name, ec);
    if (!ec && fs::is_regular_file(program, ec)) return program;
  }
  return exe;
}

long peak_memory_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with("VmHWM:")) return std::atol(line.c_str() + 6);
  return 0;
}

void reuse_address(std::intptr_t socket) {
  const int yes = 1;
  ::setsockopt(static_cast<int>(socket), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
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
