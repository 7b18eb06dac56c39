// Building a site in memory and finding things in it, for the tests that
// look at what a build wrote.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "load/source_tree.hpp"
#include "model/diagnostic.hpp"
#include "output/sink.hpp"
#include "pipeline/pipeline.hpp"
#include "unzipped.hpp"

namespace thidua::test {

using Files = std::map<std::string, std::string>;

/// Every file of the site built from `tree`; workbooks unpacked, so that
/// their texts are searched too. `diags`, when given, gets every diagnostic
/// (warnings: a content error fails the test, for an empty site would pass
/// every "X is absent" check).
inline Files build_site(const load::SourceTree& tree, Profile profile, std::string* diags = nullptr,
                        const std::string& base_url = "") {
  pipeline::Pipeline b(tree, {.profile = profile, .base_url = base_url});
  std::string said;
  for (const auto& d : b.diags().items()) said += format_diagnostic(d) + "\n";
  if (diags) *diags += said;
  REQUIRE_MESSAGE(b.ok(), "the content has errors:\n" << said);
  output::MemorySink sink;
  REQUIRE_MESSAGE(b.render(sink), sink.error().in(thidua::text::Language::kEn));
  REQUIRE_MESSAGE(sink.error().empty(), sink.error().in(thidua::text::Language::kEn));
  Files files = sink.take();
  for (auto& [path, bytes] : files)  // searched inside, as text
    if (path.ends_with(".xlsx")) bytes = test::unzipped(bytes);
  return files;
}

/// The markup of a page's chart (the <figure> with that id).
inline std::string chart_html(const std::string& html, const std::string& id) {
  const auto from = html.find("<figure class=\"chart ");
  const auto at = html.find("id=\"" + id + "\"", from);
  REQUIRE(at != std::string::npos);
  const auto start = html.rfind("<figure", at);
  const auto end = html.find("</figure>", at);
  REQUIRE(end != std::string::npos);
  return html.substr(start, end - start);
}

/// How many times `needle` is in `hay`.
inline std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t i = hay.find(needle); i != std::string::npos; i = hay.find(needle, i + 1)) ++n;
  return n;
}

/// The sample content with site.json's base_url taken out.
class WithoutBaseUrl : public load::DiskTree {
 public:
  using DiskTree::DiskTree;
  std::optional<std::string> read(const std::string& path, std::string* why) const override {
    auto bytes = DiskTree::read(path, why);
    if (bytes && path == "site.json") {
      auto site = nlohmann::ordered_json::parse(*bytes);
      REQUIRE(site.erase("base_url") == 1);
      bytes = site.dump(2);
    }
    return bytes;
  }
};

/// The sample content built; `base_url` false: as if site.json had none.
inline const Files& sample(Profile profile, bool base_url = true) {
  static std::map<std::pair<Profile, bool>, Files> cache;
  auto it = cache.find({profile, base_url});
  if (it == cache.end()) {
    const auto root = std::filesystem::path(THIDUA_SOURCE_DIR) / "content";
    const Files f = base_url ? build_site(load::DiskTree(root), profile)
                             : build_site(WithoutBaseUrl(root), profile);
    it = cache.emplace(std::pair{profile, base_url}, f).first;
  }
  return it->second;
}

}  // namespace thidua::test
