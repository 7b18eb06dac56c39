#include "cli/site_build.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

namespace thidua::cli {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
}  // namespace

SiteBuild::SiteBuild(const load::SourceTree& tree, Profile profile, const std::string& base_url,
                     const std::string& as_of)
    : tree_(tree) {
  auto t = Clock::now();
  loaded_ = load::load_content(tree);
  timings_.push_back({"load", since(t)});
  Diagnostics& diags = loaded_.diags;
  Content& content = loaded_.content;
  if (!base_url.empty()) {
    if (!(base_url.starts_with("http://") || base_url.starts_with("https://")))
      diags.error({"--base-url", 0, 0}, "must be an absolute http:// or https:// address");
    content.site.base_url = base_url.ends_with("/") ? base_url : base_url + "/";
  }
  if (diags.has_errors()) return;
  apply_profile(content, profile);
  if (!as_of.empty() && !keep_until_period(content, as_of)) {
    diags.error({"", 0, 0}, "no published or archived period \"" + as_of + "\" to archive");
    return;
  }
  score::NameCollator collator(content.site.language);
  t = Clock::now();
  scores_ = score::score_content(content, collator, &diags);
  timings_.push_back({"score", since(t)});
  t = Clock::now();
  render::Theme theme(&tree_, content.site.theme);
  renderer_ = render::Renderer::create(theme, content.site.language, diags);
  if (renderer_) {
    plan_ = site::plan_site(content, scores_, renderer_->strings(), profile);
    // Static files land at the site root; they must not replace a generated file.
    std::set<std::string> generated;
    for (const auto& page : plan_.pages) generated.insert(page.path);
    for (const auto& file : plan_.files) generated.insert(file.path);
    for (const auto& asset : renderer_->assets()) generated.insert(asset.path);
    for (const auto& s : content.static_files)
      if (generated.count(s.path))
        diags.error({s.source_path, 0, 0},
                    "would replace the generated file " + s.path + "; rename or move it");
  }
  diags.sort();
  timings_.push_back({"site", since(t)});
}

bool SiteBuild::render(const Writer& write, std::string* error, int jobs) {
  if (!ok() || !renderer_) return false;
  const auto t = Clock::now();
  struct Done {
    std::vector<std::pair<std::string, double>>& timings;
    Clock::time_point t;
    ~Done() { timings.push_back({"render and write", since(t)}); }
  } done{timings_, t};
  // Pages: the one parallel part of thidua. Workers take the next page from a
  // shared counter; each has its own renderer (compiled templates).
  const auto& pages = plan_.pages;
  unsigned n =
      jobs > 0 ? static_cast<unsigned>(jobs) : std::max(1u, std::thread::hardware_concurrency());
  n = static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(pages.size(), 1)));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&](render::Renderer& r) {
    for (std::size_t i; !failed && (i = next++) < pages.size();)
      if (!write(pages[i].path, r.render(pages[i]))) failed = true;
  };
  std::vector<std::unique_ptr<render::Renderer>> clones;
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) {
    clones.push_back(renderer_->clone());
    threads.emplace_back(work, std::ref(*clones.back()));
  }
  work(*renderer_);
  for (auto& t : threads) t.join();
  if (failed) return false;
  for (const auto& file : plan_.files)
    if (!write(file.path, file.bytes)) return false;
  for (const auto& asset : renderer_->assets())
    if (!write(asset.path, asset.bytes)) return false;
  for (const auto& s : loaded_.content.static_files) {
    auto bytes = tree_.read(s.source_path);
    if (!bytes) {
      *error = s.source_path + ": cannot be read";
      return false;
    }
    if (!write(s.path, *bytes)) return false;
  }
  return true;
}

}  // namespace thidua::cli
