// One run of the pipeline over a content tree: load → model → score → site →
// render → a Sink. Every command and the tests run it; which sink the bytes
// go to (a staged folder, memory) is the caller's choice.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "load/load.hpp"
#include "load/source_tree.hpp"
#include "model/diagnostic.hpp"
#include "output/sink.hpp"
#include "render/renderer.hpp"
#include "score/score.hpp"
#include "site/plan.hpp"

namespace thidua::pipeline {

/// How one run is made; given by name (`{.profile = …, .as_of = …}`), so
/// that no two of them can be swapped by mistake.
struct RunOptions {
  Profile profile = Profile::kPublic;
  std::string base_url;  ///< replaces site.json's when not empty
  /// When not empty, the site as it stood at the end of this period (see
  /// keep_until_period), for `thidua archive`.
  std::string as_of;
  /// Periods unchanged since the cache's last load are not parsed again.
  load::LoadCache* cache = nullptr;
  /// Results read before, kept on disk (a build into a folder).
  const load::ResultsCache* results = nullptr;
};

/// What each file of a build was made from: the hash of its inputs (site/plan.hpp,
/// Inputs) by path, for the pages and files that say what they read.
using MadeFrom = std::unordered_map<std::string_view, std::string>;

/// An incremental render: files whose inputs hash as they did in an earlier
/// build are kept, not made again.
struct Increment {
  /// The files of the last build (in the output folder), and of the one
  /// before it (the spare, which the sink builds in); null: none.
  const output::MadeFiles* before = nullptr;
  const output::MadeFiles* spare = nullptr;
  MadeFrom made_from;  ///< filled by render(): this build's, by path (the plan's: valid while the
                       ///< Pipeline lives)
  std::size_t made = 0, kept = 0;  ///< files made, and kept from the build before
};

class Pipeline {
 public:
  /// Loads, applies the profile, scores, plans the site and compiles the
  /// theme. Every problem ends up in diags(); nothing is rendered yet.
  Pipeline(const load::SourceTree& tree, const RunOptions& options);
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  const Diagnostics& diags() const { return loaded_.diags; }
  bool ok() const { return !loaded_.diags.has_errors(); }
  const Content& content() const { return loaded_.content; }
  const std::vector<score::PeriodScores>& scores() const { return scores_; }
  const site::Plan& plan() const { return plan_; }
  /// The seal of the period given as `as_of` (pipeline/inputs.hpp,
  /// period_seal), or "".
  const std::string& as_of_seal() const { return as_of_seal_; }
  /// The theme's UI strings in the site's language (only when ok()).
  const nlohmann::json& strings() const;
  /// What each stage so far took ("load", "score", "site", "render and
  /// write"), in order: seconds, and the process's peak memory at its end.
  struct Timing {
    std::string stage;
    double seconds = 0;
    long peak_kib = 0;
  };
  const std::vector<Timing>& timings() const { return timings_; }

  /// Renders every file of the site into `sink`, stopping at its first
  /// failure: a write that fails, or a static file that cannot be read
  /// (sink.error() says which). Only when ok(). With `jobs` > 1 (0: one per
  /// core) pages are rendered on that many threads, all writing to `sink` at
  /// once; each file's bytes are the same whatever `jobs` is. With
  /// `increment`, it also says what each file was made from, and keeps
  /// (output::Sink::keep) those made from the same inputs before.
  bool render(output::Sink& sink, int jobs = 1, Increment* increment = nullptr);

  /// Every path of the site, in a fixed order: pages, files, assets, static.
  std::vector<std::string> paths() const;
  /// The bytes of one file of the site, made on demand (the preview server
  /// renders only what is asked for). nullopt when the site has no such file
  /// or a static file cannot be read (`error` says so). Safe to call from
  /// several threads: pages are rendered one at a time.
  std::optional<std::string> file(const std::string& path, text::Message* error);
  /// The hash of what the file at `path` is made from (site/plan.hpp,
  /// Inputs), "" when the site has no such file or it does not say (an
  /// asset, a static file): two runs of one binary whose keys for a path are
  /// equal and not empty give it the same bytes. Safe from several threads.
  std::string key_of(const std::string& path);

 private:
  const load::SourceTree& tree_;
  load::Loaded loaded_;
  std::vector<score::PeriodScores> scores_;
  std::unique_ptr<render::Renderer> renderer_;
  site::Plan plan_;
  std::vector<Timing> timings_;
  std::string as_of_seal_;

  /// One file of the site: which list it comes from and where in it.
  struct Output {
    enum class Kind { kPage, kFile, kAsset, kStatic } kind;
    std::size_t index;
  };
  std::vector<Output> outputs() const;
  const std::string& path_of(const Output& o) const;
  /// The hash of what `o` is made from (hex), or "" when it does not say.
  std::string made_from(const Output& o, const std::string& binary) const;
  /// The same written with `w` (a worker's own: a new one costs OpenSSL a
  /// context, 120,000 times a build).
  std::string made_from(const Output& o, const std::string& binary, records::Writer& w) const;
  /// False, with `error` set, when a static file cannot be read.
  bool produce(const Output& o, render::Renderer& r, std::string* bytes,
               text::Message* error) const;
  /// The output at `path`, or null (by_path_ made on the first call).
  const Output* find(const std::string& path);
  std::mutex file_mutex_;                  ///< file() renders with renderer_, one at a time
  std::mutex paths_mutex_;                 ///< by_path_ is made once
  std::map<std::string, Output> by_path_;  ///< built on the first find()
};

}  // namespace thidua::pipeline
