#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "pipeline/inputs.hpp"
#include "platform/process.hpp"
#include "text/links.hpp"

namespace thidua::pipeline {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
}  // namespace

Pipeline::Pipeline(const load::SourceTree& tree, const RunOptions& options) : tree_(tree) {
  const auto& [profile, base_url, as_of, cache, results] = options;
  auto t = Clock::now();
  loaded_ = load::load_content(tree, cache, results);
  timings_.push_back({"load", since(t), platform::peak_memory_kib()});
  Diagnostics& diags = loaded_.diags;
  Content& content = loaded_.content;
  if (!base_url.empty()) {
    if (text::Message problem = text::base_url_problem(base_url); !problem.empty())
      diags.error({"--base-url", 0, 0}, std::move(problem));
    content.site.base_url = text::normal_base_url(base_url);
  }
  if (!diags.has_errors()) check_seals(tree, content, diags);
  if (diags.has_errors()) return;
  // A seal is over the records as loaded, internal ones included.
  if (const Period* p = as_of.empty() ? nullptr : content.find_period(as_of))
    as_of_seal_ = period_seal(*p, content);
  apply_profile(content, profile);
  if (!as_of.empty() && !keep_until_period(content, as_of)) {
    diags.error({"", 0, 0}, text::Message("nothing-to-archive", {{"period", as_of}}));
    return;
  }
  const score::NameCollator collator;
  t = Clock::now();
  scores_ = score::score_content(content, collator, &diags);
  timings_.push_back({"score", since(t), platform::peak_memory_kib()});
  t = Clock::now();
  render::Theme theme(&content.theme_files, content.site.theme);
  renderer_ = render::Renderer::create(theme, content.site.language, diags);
  if (renderer_) {
    plan_ = site::plan_site(content, scores_, renderer_->strings(), profile);
    // Static files land at the site root; they must not replace a generated
    // file (the set of every path made only when there are any).
    std::set<std::string_view> generated;
    if (!content.static_files.empty()) {
      for (const auto& page : plan_.pages) generated.insert(page.path);
      for (const auto& file : plan_.files) generated.insert(file.path);
      for (const auto& asset : renderer_->assets()) generated.insert(asset.path);
    }
    // A page without its template would be written empty: say so instead.
    std::set<std::string> missing;
    for (const auto& page : plan_.pages)
      if (!renderer_->has_template(page.template_name) && missing.insert(page.template_name).second)
        diags.error(
            {"themes/" + content.site.theme + "/templates/" + page.template_name + ".mustache", 0,
             0},
            text::Message("missing-template",
                          {{"template", page.template_name}, {"page", page.path}}));
    for (const auto& s : content.static_files)
      if (generated.count(s.path))
        diags.error({s.source_path, 0, 0}, text::Message("replaces-generated", {{"file", s.path}}));
  }
  diags.sort();
  timings_.push_back({"site", since(t), platform::peak_memory_kib()});
}

std::vector<Pipeline::Output> Pipeline::outputs() const {
  std::vector<Output> all;
  if (!renderer_) return all;
  using K = Output::Kind;
  // Files first: among them are the longest jobs (a period's open data, the
  // search index); taken last, one worker would finish them alone.
  for (std::size_t i = 0; i < plan_.files.size(); ++i) all.push_back({K::kFile, i});
  for (std::size_t i = 0; i < plan_.pages.size(); ++i) all.push_back({K::kPage, i});
  for (std::size_t i = 0; i < renderer_->assets().size(); ++i) all.push_back({K::kAsset, i});
  for (std::size_t i = 0; i < loaded_.content.static_files.size(); ++i)
    all.push_back({K::kStatic, i});
  return all;
}

const std::string& Pipeline::path_of(const Output& o) const {
  switch (o.kind) {
    case Output::Kind::kPage:
      return plan_.pages[o.index].path;
    case Output::Kind::kFile:
      return plan_.files[o.index].path;
    case Output::Kind::kAsset:
      return renderer_->assets()[o.index].path;
    case Output::Kind::kStatic:
      break;
  }
  return loaded_.content.static_files[o.index].path;
}

bool Pipeline::produce(const Output& o, render::Renderer& r, std::string* bytes,
                       text::Message* error) const {
  switch (o.kind) {
    case Output::Kind::kPage:
      *bytes = r.render(plan_.pages[o.index]);
      return true;
    case Output::Kind::kFile:
      if (std::string why; (*bytes = plan_.files[o.index].bytes(&why)).empty() && !why.empty()) {
        *error =
            text::Message("file-not-made", {{"file", plan_.files[o.index].path}, {"detail", why}});
        return false;
      }
      return true;
    case Output::Kind::kAsset:
      *bytes = r.assets()[o.index].bytes;
      return true;
    case Output::Kind::kStatic:
      break;
  }
  const auto& s = loaded_.content.static_files[o.index];
  std::string why;
  auto read = tree_.read(s.source_path, &why);
  if (!read) {
    *error = text::Message("static-unreadable", {{"file", s.source_path}, {"reason", why}});
    return false;
  }
  *bytes = std::move(*read);
  return true;
}

std::string Pipeline::made_from(const Output& o, const std::string& binary) const {
  records::Writer w;
  return made_from(o, binary, w);
}

std::string Pipeline::made_from(const Output& o, const std::string& binary,
                                records::Writer& w) const {
  const site::Inputs* inputs = nullptr;
  w.text(binary).text(path_of(o));
  if (o.kind == Output::Kind::kPage) {
    const auto& page = plan_.pages[o.index];
    inputs = &page.inputs;
    w.text(page.template_name);
  } else if (o.kind == Output::Kind::kFile) {
    inputs = &plan_.files[o.index].inputs;
  }
  if (!inputs || !*inputs) {
    w.finish();
    return "";  // assets and static files are always made
  }
  (*inputs)(w);
  return records::hex(w.finish(), 32);
}

const nlohmann::json& Pipeline::strings() const {
  static const nlohmann::json kNone = nlohmann::json::object();
  return renderer_ ? renderer_->strings() : kNone;
}

std::vector<std::string> Pipeline::paths() const {
  std::vector<std::string> all;
  for (const auto& o : outputs()) all.push_back(path_of(o));
  return all;
}

const Pipeline::Output* Pipeline::find(const std::string& path) {
  if (!ok() || !renderer_) return nullptr;
  std::lock_guard lock(paths_mutex_);
  if (by_path_.empty())
    for (const auto& o : outputs()) by_path_.emplace(path_of(o), o);
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &it->second;
}

std::optional<std::string> Pipeline::file(const std::string& path, text::Message* error) {
  const Output* o = find(path);
  if (!o) return std::nullopt;
  std::lock_guard lock(file_mutex_);
  std::string bytes;
  if (!produce(*o, *renderer_, &bytes, error)) return std::nullopt;
  return bytes;
}

std::string Pipeline::key_of(const std::string& path) {
  const Output* o = find(path);
  return o ? made_from(*o, "") : "";
}

bool Pipeline::render(output::Sink& sink, int jobs, Increment* increment) {
  if (!ok() || !renderer_) return false;
  const auto t = Clock::now();
  struct Done {
    std::vector<Timing>& timings;
    Clock::time_point t;
    ~Done() { timings.push_back({"render and write", since(t), platform::peak_memory_kib()}); }
  } done{timings_, t};
  // Every file of the site is made and written on a pool of workers that take
  // the next one from a shared counter; each worker has its own renderer
  // (compiled templates). A file's bytes never depend on the order.
  const auto all = outputs();
  // Without knowing this program's file, nothing is said to be made from
  // anything: the next build makes every file.
  const std::string binary = increment ? binary_identity() : "";
  std::vector<std::string> keys(increment && !binary.empty() ? all.size() : 0);
  std::atomic<std::size_t> kept{0};
  unsigned n =
      jobs > 0 ? static_cast<unsigned>(jobs) : std::max(1u, std::thread::hardware_concurrency());
  n = static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(all.size(), 1)));
  std::atomic<std::size_t> next{0};
  auto work = [&](render::Renderer& r) {
    records::Writer writer;  // the worker's, started over at each key
    std::string bytes;
    text::Message e;
    for (std::size_t i; !sink.failed() && (i = next++) < all.size();) {
      const std::string& path = path_of(all[i]);
      if (!keys.empty()) {
        keys[i] = made_from(all[i], binary, writer);
        const auto made_so = [&](const output::MadeFiles* build) {
          if (!build || keys[i].empty()) return false;
          const auto file = build->find(path);
          return file && file->key == keys[i];
        };
        if ((made_so(increment->spare) && sink.keep(path, output::Earlier::kSpare)) ||
            (made_so(increment->before) && sink.keep(path, output::Earlier::kLastBuild))) {
          ++kept;
          continue;
        }
      }
      if (!produce(all[i], r, &bytes, &e)) return sink.fail(e);
      if (!sink.write(path, bytes)) return;
    }
  };
  std::vector<std::unique_ptr<render::Renderer>> clones;
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) {
    clones.push_back(renderer_->clone());
    threads.emplace_back(work, std::ref(*clones.back()));
  }
  work(*renderer_);
  for (auto& t : threads) t.join();
  if (increment) {
    increment->kept = kept;
    increment->made = all.size() - kept;
    increment->made_from.clear();
    increment->made_from.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (!keys[i].empty())
        increment->made_from.emplace(std::string_view(path_of(all[i])), std::move(keys[i]));
  }
  return !sink.failed();
}

}  // namespace thidua::pipeline
