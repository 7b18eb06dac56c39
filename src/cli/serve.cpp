#include "cli/serve.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <httplib.h>

#include "output/sink.hpp"
#include "pipeline/tasks.hpp"
#include "platform/process.hpp"
#include "text/escape.hpp"
#include "text/links.hpp"

namespace fs = std::filesystem;

namespace thidua::cli {
namespace {

constexpr const char* kReloadPath = "/__thidua/reload.js";
constexpr const char* kEventsPath = "/__thidua/events";
/// httplib gives each connection a worker for as long as it stays open, idle
/// or not. Idle workers cost next to nothing.
constexpr std::size_t kWorkers = 128;
/// Open live-reload streams at most: each holds a worker, and the rest (three
/// quarters) must stay free to answer pages. One more is answered 503 and its
/// connection closed, so that it holds no worker either.
constexpr int kMaxStreams = 32;
/// How long a connection may stay silent (before its request, or between two
/// on one connection) while it holds a worker: 500 idle connections made a
/// request wait some 30 s with httplib's 5 s.
constexpr time_t kIdleSeconds = 1;
/// A request for more byte ranges than this gets the whole file: 2,000 ranges
/// turned a 13 KB page into a 254 KB answer.
constexpr std::size_t kMaxRanges = 1;
constexpr const char* kReloadScript =
    "// thidua serve: reloads the page when a rebuild changed it.\n"
    "new EventSource('/__thidua/events?path=' + encodeURIComponent(location.pathname))"
    ".onmessage = function () { location.reload(); };\n";

/// One build of the site. Loading, scoring and planning happen at once, so
/// every problem is known; each file is made the first time it is asked for
/// and kept, so an edit costs a load, not a render of the whole site.
struct Site {
  std::unique_ptr<pipeline::FolderPipeline> folder;
  std::mutex mutex;
  output::MemorySink made;                  ///< every file made so far
  std::map<std::string, std::string> keys;  ///< what each was made from (Pipeline::key_of)

  std::optional<std::string> get(const std::string& path) {
    // One file made at a time (Pipeline::file renders one at a time anyway),
    // so a file is made and kept once however many ask for it at once.
    std::lock_guard lock(mutex);
    const auto& files = made.files();
    if (auto it = files.find(path); it != files.end()) return it->second;
    text::Message error;
    auto bytes = folder->pipeline().file(path, &error);
    if (!bytes || !made.write(path, *bytes)) return std::nullopt;
    keys[path] = folder->pipeline().key_of(path);
    return bytes;
  }

  /// Takes the files `old` made whose inputs did not change: they are not
  /// made again when asked for.
  void inherit(Site& old) {
    std::scoped_lock lock(mutex, old.mutex);
    for (const auto& [path, bytes] : old.made.files()) {
      const auto key = old.keys.find(path);
      if (key == old.keys.end() || key->second.empty() ||
          folder->pipeline().key_of(path) != key->second)
        continue;
      made.write(path, bytes);
      keys[path] = key->second;
    }
  }
};

/// The site as last built, and what the last build said.
struct State {
  std::mutex mutex;
  std::condition_variable changed;
  std::shared_ptr<Site> site;
  std::string problems;       ///< diagnostics of the last failed build, or ""
  std::string problems_html;  ///< the same, as the list the pages show
  load::LoadCache cache;      ///< periods of the last load; only the rebuilding thread uses it
  int errors = 0;             ///< of the last build
  long version = 0;
  bool stopping = false;
};

std::string content_type(const std::string& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".csv", "text/csv; charset=utf-8"},
      {".xml", "application/xml"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".ics", "text/calendar; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".pdf", "application/pdf"}};
  const auto dot = path.rfind('.');
  if (dot != std::string::npos)
    if (auto it = types.find(path.substr(dot)); it != types.end()) return it->second;
  return "application/octet-stream";
}

/// The problems as a list for a page, in the user's language: file, line or
/// cell, message. Everything in it is escaped (file names and cells come
/// from many hands).
std::string problem_list(const Diagnostics& diags, const Request& o) {
  std::string out = "<ol class=\"thidua-problems\">\n";
  std::size_t shown = 0;
  for (const Diagnostic& d : diags.items()) {
    if (++shown > kMaxShown) break;
    const bool error = d.severity == Severity::kError;
    const std::string line = std::to_string(d.pos.line > 0 ? d.pos.line : 1);
    const std::string column = std::to_string(d.pos.column > 0 ? d.pos.column : 1);
    const text::Message where =
        d.pos.path.empty() ? text::Message::verbatim("thidua")
        : !d.cell.empty()  ? text::Message("problem-where-cell",
                                           {{"file", d.pos.path}, {"cell", d.cell}, {"line", line}})
        : d.pos.line > 0   ? text::Message("problem-where",
                                           {{"file", d.pos.path}, {"line", line}, {"column", column}})
                           : text::Message("problem-where-file", {{"file", d.pos.path}});
    out += std::string("<li class=\"") + (error ? "error" : "warning") + "\"><strong>" +
           text::escape_html(say(o, text::Message(error ? "problem-error" : "problem-warning"))) +
           "</strong> <code>" + text::escape_html(say(o, where)) + "</code><br>" +
           text::escape_html(d.text(o.language)) + "</li>\n";
  }
  if (diags.items().size() > kMaxShown)
    out += "<li>" +
           text::escape_html(say(o, {"more-problems", {{"n", diags.items().size() - kMaxShown}}})) +
           "</li>\n";
  return out + "</ol>\n";
}

/// The page answered while the site cannot be built at all: the problems,
/// and the reload script, so it turns into the site on the save that fixes
/// them.
std::string problem_page(const State& state, const Request& o, int errors) {
  const std::string title = text::escape_html(say(o, {"problems-title", {{"errors", errors}}}));
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(text::language_code(o.language)) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         title +
         " · thidua</title>\n<style>\n"
         "body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1b1b1b}\n"
         "main{max-width:48rem;margin:0 auto}h1{font-size:1.5rem;color:#a00}\n"
         ".thidua-problems{padding-left:1.5rem}.thidua-problems li{margin:0 0 .75rem}\n"
         ".thidua-problems code{overflow-wrap:anywhere}.warning strong{color:#8a5a00}"
         ".error strong{color:#a00}\n</style>\n</head>\n<body>\n<main>\n<h1>" +
         title + "</h1>\n<p>" + text::escape_html(say(o, text::Message("problems-lead"))) +
         "</p>\n" + state.problems_html + "</main>\n<script src=\"" + kReloadPath +
         "\"></script>\n</body>\n</html>\n";
}

/// Loads, scores and plans the site; on errors keeps the previous site and
/// remembers the problems to show.
void rebuild(const Request& o, const std::string& base_url, State& state, std::ostream& out,
             std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  auto site = std::make_shared<Site>();
  site->folder = std::make_unique<pipeline::FolderPipeline>(
      o.source.absolute,
      pipeline::RunOptions{.profile = o.profile, .base_url = base_url, .cache = &state.cache});
  const pipeline::Pipeline& b = site->folder->pipeline();
  std::string problems, problems_html;
  const std::string shown = print_diagnostics(b.diags(), o, out, err);
  if (!b.ok()) {
    problems = shown;
    problems_html = problem_list(b.diags(), o);
  }
  const std::size_t files = b.ok() ? b.paths().size() : 0;
  std::shared_ptr<Site> old;
  {
    std::lock_guard lock(state.mutex);
    old = state.site;
  }
  if (problems.empty() && old) site->inherit(*old);
  {
    std::lock_guard lock(state.mutex);
    if (problems.empty()) state.site = site;
    state.problems = problems;
    state.problems_html = problems_html;
    state.errors = b.diags().count(Severity::kError);
    ++state.version;
  }
  state.changed.notify_all();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (problems.empty())
    out << say(o, {"serve-built", {{"ms", static_cast<std::int64_t>(ms)}, {"files", files}}})
        << '\n';
  else
    out << say(o, text::Message(old ? "serve-problems" : "serve-problems-no-site")) << '\n';
  out.flush();
}

/// A page on another site can point a name of its own at 127.0.0.1 (DNS
/// rebinding) and read the preview, intranet edition included: only
/// requests addressed to an IP address, localhost or an allowed name are
/// answered. A request of more than kMaxRanges byte ranges loses them.
void refuse_other_hosts(httplib::Server& server, const std::vector<std::string>& allowed_hosts,
                        const Request& o) {
  server.set_pre_routing_handler([&allowed_hosts, &o](const httplib::Request& req,
                                                      httplib::Response& res) {
    if (req.ranges.size() > kMaxRanges) {
      // Ranges may be ignored (RFC 9110, 14.2): the whole file is sent.
      // httplib hands handlers its own request object as const.
      const_cast<httplib::Request&>(req).ranges.clear();
    }
    if (host_allowed(req.get_header_value("Host"), allowed_hosts))
      return httplib::Server::HandlerResponse::Unhandled;
    res.status = 403;
    res.set_content(say(o, text::Message("serve-other-host")) + "\n", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
}

/// The site's file at `url_path` ("periods/" → "periods/index.html"), "" when
/// the path is not under the sub-path.
std::string site_path(const std::string& url_path, const std::string& sub_path) {
  if (!url_path.starts_with(sub_path)) return "";
  std::string key = url_path.substr(sub_path.size());
  if (key.empty() || key.ends_with("/")) key += "index.html";
  return key;
}

/// The file that answers `url_path` in `site` (404.html when it has none),
/// "" when the path is not under the sub-path.
std::string file_for(const std::string& url_path, const std::string& sub_path, Site& site) {
  const std::string key = site_path(url_path, sub_path);
  if (key.empty()) return "";
  return site.get(key) ? key : "404.html";
}

/// Whether the page at `url_path` reads differently in `now` than in
/// `before`, or the problems shown on it changed.
bool page_changed(const std::string& url_path, const std::string& sub_path,
                  const std::shared_ptr<Site>& before, const std::string& problems_before,
                  const std::shared_ptr<Site>& now, const std::string& problems_now) {
  if (url_path.empty() || problems_before != problems_now || !before || !now) return true;
  if (before == now) return false;
  const std::string a = file_for(url_path, sub_path, *before);
  const std::string b = file_for(url_path, sub_path, *now);
  return a.empty() || a != b || before->get(a) != now->get(b);
}

/// The live-reload stream of one open page (`url_path`, its address; empty:
/// unknown): "reload" after a rebuild that changed its bytes (any rebuild
/// when it is unknown), a ping every 15 s. At most kMaxStreams at once: the
/// rest get 503.
void stream_events(httplib::Response& res, State& state, std::atomic<int>& streams,
                   const std::string& url_path, const std::string& sub_path, const Request& o) {
  if (streams.fetch_add(1) >= kMaxStreams) {
    streams.fetch_sub(1);
    res.status = 503;
    res.set_header("Connection", "close");
    res.set_header("Retry-After", "10");
    res.set_content(say(o, text::Message("serve-too-many-pages")) + "\n",
                    "text/plain; charset=utf-8");
    return;
  }
  long seen;
  std::shared_ptr<Site> site;  // as the page was last loaded
  std::string problems;
  {
    std::lock_guard lock(state.mutex);
    seen = state.version;
    site = state.site;
    problems = state.problems;
  }
  res.set_header("Cache-Control", "no-store");
  res.set_chunked_content_provider(
      "text/event-stream",
      [&state, seen, site, problems, url_path, sub_path](size_t, httplib::DataSink& sink) mutable {
        std::unique_lock lock(state.mutex);
        state.changed.wait_for(lock, std::chrono::seconds(15),
                               [&] { return state.version != seen || state.stopping; });
        if (state.stopping) return false;
        std::string msg = ": ping\n\n";
        if (state.version != seen) {
          seen = state.version;
          auto now = state.site;
          auto problems_now = state.problems;
          lock.unlock();  // the page may have to be made: not under the state's lock
          msg = page_changed(url_path, sub_path, site, problems, now, problems_now)
                    ? "data: reload\n\n"
                    : ": unchanged\n\n";
          site = std::move(now);
          problems = std::move(problems_now);
        } else {
          lock.unlock();
        }
        return sink.write(msg.data(), msg.size());
      },
      [&streams](bool) { streams.fetch_sub(1); });
}

/// A page or file of the last good site, under the sub-path only: looked up
/// in the built site in memory, so nothing outside it can ever be served,
/// however the path is written. Pages carry the reload script, and the
/// problems of the last build when it failed.
void answer(const httplib::Request& req, httplib::Response& res, State& state,
            const std::string& sub_path, const Request& o) {
  std::shared_ptr<Site> site;
  std::string problems, problems_html, page;
  {
    std::lock_guard lock(state.mutex);
    site = state.site;
    problems = state.problems;
    problems_html = state.problems_html;
    if (!site && !problems.empty()) page = problem_page(state, o, state.errors);
  }
  std::string path = req.path;
  // The site's root is its sub-path: `/` (what a visitor types after the
  // printed host) and the sub-path without its slash lead there.
  if (path + "/" == sub_path || (path == "/" && sub_path != "/")) {
    res.set_redirect(sub_path);
    return;
  }
  // No site yet (the folder had errors from the start): every page is the
  // list of problems, until the save that fixes them.
  if (!site && !page.empty()) {
    const std::string key = site_path(path, sub_path);
    if (!key.empty() && key.ends_with(".html")) {
      res.status = 503;
      res.set_header("Cache-Control", "no-store");
      res.set_header("Retry-After", "1");
      res.set_content(page, "text/html; charset=utf-8");
      return;
    }
  }
  std::optional<std::string> body;
  std::string key;
  if (site && !(key = site_path(path, sub_path)).empty()) body = site->get(key);
  if (!body) {
    key = "404.html";
    res.status = 404;
    if (site) body = site->get(key);
    if (!body) {
      res.set_content(say(o, text::Message("serve-not-found")) + "\n", "text/plain; charset=utf-8");
      return;
    }
  }
  if (key.ends_with(".html")) {
    std::string extra = "<script src=\"" + std::string(kReloadPath) + "\"></script>\n";
    if (auto at = body->rfind("</body>"); at != std::string::npos) body->insert(at, extra);
    // The problems at the top of the page, first thing read.
    if (!problems.empty())
      if (auto open = body->find("<body"); open != std::string::npos)
        if (auto end = body->find('>', open); end != std::string::npos)
          body->insert(end + 1, "\n<div class=\"banner banner-draft\" role=\"alert\"><p>" +
                                    text::escape_html(say(o, text::Message("problems-banner"))) +
                                    "</p>\n" + problems_html + "</div>");
  }
  res.set_header("Cache-Control", "no-store");
  res.set_content(*body, content_type(key));
}

/// Watches the content folder until `stop`, and rebuilds once things settle
/// after each change.
void watch_and_rebuild(platform::Watcher& watcher, const std::atomic<bool>& stop, const Request& o,
                       const std::string& base_url, State& state, std::ostream& out,
                       std::ostream& err) {
  while (!stop) {
    if (!watcher.wait(200)) continue;
    // Editors write in bursts (a temporary file, a rename, a chmod) within a
    // few milliseconds: wait for 75 ms of quiet, then rebuild once.
    while (watcher.wait(75)) {
    }
    watcher.rescan();  // new folders
    out << say(o, {"serve-rebuilding", {{"folder", o.source.given}}}) << '\n';
    rebuild(o, base_url, state, out, err);
  }
}

}  // namespace

bool host_allowed(std::string_view host, const std::vector<std::string>& allowed) {
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  if (host.starts_with("[")) {  // [v6]:port
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    const std::string inner(host.substr(1, close - 1));
    const std::string_view rest = host.substr(close + 1);
    return platform::is_ip_address(inner, /*v6=*/true) &&
           (rest.empty() || (rest.front() == ':' && rest.size() > 1 &&
                             rest.find_first_not_of("0123456789", 1) == std::string_view::npos));
  }
  const auto colon = host.rfind(':');
  std::string name = lower(std::string(host.substr(0, colon)));
  if (colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
  }
  if (name.ends_with(".")) name.pop_back();  // "localhost." is localhost
  if (name == "localhost" || platform::is_ip_address(name, /*v6=*/false)) return true;
  return !name.empty() && std::any_of(allowed.begin(), allowed.end(),
                                      [&](const std::string& a) { return lower(a) == name; });
}

int run_serve(const Request& o, std::ostream& out, std::ostream& err) {
  const std::string& bind = o.bind;
  const int port = o.port;
  const std::vector<std::string>& allowed_hosts = o.allowed_hosts;
  if (!pipeline::is_content_folder(o.source)) {
    err << o.source.given << ": error: " << say(o, text::Message("no-source")) << '\n';
    return exit_code(pipeline::Status::kNoSource);
  }
  // The sub-path comes from site.json's base_url; the host is ours.
  const std::string sub_path = text::base_url_path(
      o.base_url.empty() ? pipeline::configured_base_url(o.source) : o.base_url);
  const std::string base_url = "http://" + bind + ":" + std::to_string(port) + sub_path;
  State state;
  rebuild(o, base_url, state, out, err);

  httplib::Server server;
  // Every open page holds a worker on its event stream while it is open:
  // with httplib's default of 8 workers, the 8th open tab stopped the server
  // answering anything. Idle workers cost next to nothing.
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  server.set_read_timeout(kIdleSeconds, 0);
  server.set_keep_alive_timeout(kIdleSeconds);
  refuse_other_hosts(server, allowed_hosts, o);
  std::atomic<int> streams{0};
  server.Get(kReloadPath, [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kReloadScript, "text/javascript; charset=utf-8");
  });
  server.Get(kEventsPath, [&](const httplib::Request& req, httplib::Response& res) {
    stream_events(res, state, streams, req.get_param_value("path"), sub_path, o);
  });
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, state, sub_path, o);
  });
  // The port is ours alone: httplib would also let a second server take it
  // (SO_REUSEPORT), and the two would answer each other's visitors.
  server.set_socket_options([](auto socket) { platform::reuse_address(socket); });
  // "serving" is said once the port is taken, never before.
  if (!server.bind_to_port(bind, port)) {
    err << "thidua: error: "
        << say(o, {"serve-cannot-listen", {{"address", bind + ":" + std::to_string(port)}}})
        << '\n';
    return exit_code(pipeline::Status::kIoError);
  }

  // Watch the content folder; rebuild once things settle.
  platform::Watcher changes(o.source.absolute);
  std::atomic<bool> stop{false};
  std::thread watcher([&] { watch_and_rebuild(changes, stop, o, base_url, state, out, err); });

  out << say(o, {"serving", {{"url", base_url}}}) << '\n';
  out.flush();
  const bool listened = server.listen_after_bind();
  stop = true;
  {
    std::lock_guard lock(state.mutex);
    state.stopping = true;
  }
  state.changed.notify_all();
  watcher.join();
  if (!listened) {
    err << "thidua: error: "
        << say(o, {"serve-stopped", {{"address", bind + ":" + std::to_string(port)}}}) << '\n';
    return exit_code(pipeline::Status::kIoError);
  }
  return exit_code(pipeline::Status::kDone);
}

}  // namespace thidua::cli
