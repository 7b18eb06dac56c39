// What the commands do, without their printing: build a folder, make a
// period's snapshot, start a content folder. The command line (cli/) parses
// arguments, calls these and says what happened.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "load/source_tree.hpp"
#include "model/model.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/request.hpp"
#include "sign/minisign.hpp"

namespace thidua::pipeline {

/// A Pipeline of a content folder on disk, owning the folder's tree.
class FolderPipeline {
 public:
  FolderPipeline(const std::filesystem::path& source, const RunOptions& options)
      : FolderPipeline(std::make_unique<load::DiskTree>(source), options) {}
  /// From a tree listed and read already (what it remembers is not read again).
  FolderPipeline(std::unique_ptr<load::DiskTree> tree, const RunOptions& options)
      : tree_(std::move(tree)), pipeline_(*tree_, options) {
    tree_->forget();
  }
  Pipeline& pipeline() { return pipeline_; }
  const load::SourceTree& tree() const { return *tree_; }

 private:
  std::unique_ptr<load::DiskTree> tree_;
  Pipeline pipeline_;
};

/// True when `source` is a folder (the commands say "content folder not
/// found" otherwise).
bool is_content_folder(const GivenPath& source);

/// The base_url site.json gives ("" when none or when it cannot be read).
std::string configured_base_url(const GivenPath& source);
/// The language site.json gives ("vi" when none, or when it cannot be read).
std::string configured_language(const GivenPath& source);

/// How a task ended. kDone and kUpToDate are success; the command line
/// turns every other into what the user reads and an exit code, in one place
/// (cli/commands.cpp). Content problems are diagnostics (kInputErrors); what
/// the system refused is kIoError, in its own words.
enum class Status {
  kDone,
  kUpToDate,     ///< build: the output is as the last build of the same inputs left it
  kNoSource,     ///< no content folder
  kInputErrors,  ///< the content has errors (the diagnostics say which)
  kNoPeriod,     ///< template: no such period
  kWrongKey,     ///< archive: not the key site.json names
  kRefused,      ///< an output thidua will not write (inside the content, not its own)
  kIoError,      ///< the system failed a read or write
};

/// What every task returns; each adds what is its own.
struct Outcome {
  Status status = Status::kNoSource;
  std::unique_ptr<FolderPipeline> folder;  ///< what was loaded (from kInputErrors on)
  text::Message error;                     ///< kWrongKey, kRefused, kIoError: why
  bool staged = false;                     ///< build's kIoError: after the staging folder was made
};

struct BuildOutcome : Outcome {
  long warnings_then = 0;     ///< kUpToDate: warnings of the build that wrote it
  std::size_t files = 0;      ///< kDone: files written
  std::size_t kept = 0;       ///< kDone: of them, kept from the last build (inputs unchanged)
  double commit_seconds = 0;  ///< kDone: the swap and the stamp
};

/// thidua build (request.source into request.output, request.profile,
/// base_url, jobs): does nothing when the output is as the last build of the
/// same inputs left it; otherwise loads (then calls `loaded`, to show the
/// diagnostics at once), and unless there were errors renders into a staged
/// folder and swaps it in. Ctrl+C, SIGTERM and SIGHUP meanwhile remove the
/// staging folder and end the process. `notice` is given lines to show
/// while it waits (another build holds the output's lock).
/// With a `key`, the site also gets manifest.json (every file's SHA-256),
/// its minisign signature and minisign.pub, as a snapshot has.
BuildOutcome build_folder(const Request& request, const sign::SecretKey* key,
                          const std::function<void(const Pipeline&)>& loaded,
                          const std::function<void(const text::Message&)>& notice);

struct ArchiveOutcome : Outcome {
  std::size_t files = 0;  ///< in the zip, the manifest included
  std::string seal;       ///< the period's seal (pipeline::period_seal), for period.json
};

/// thidua archive: the public site as it stood at the end of
/// request.period, with its manifest, zipped into request.output. `loaded`
/// as for build_folder. The zip may be new or a snapshot thidua made, and
/// outside the content folder (kRefused otherwise); it is replaced whole, in
/// one rename. With `key`, the snapshot also holds the key's public half
/// (minisign.pub, in the manifest) and the manifest's signature
/// (manifest.json.minisig), whose trusted comment names the organisation,
/// the period and the content hash.
ArchiveOutcome archive_period(const Request& request, const sign::SecretKey* key,
                              const std::function<void(const Pipeline&)>& loaded);

struct TemplateOutcome : Outcome {
  std::size_t units = 0;    ///< kDone: rows of units
  std::size_t results = 0;  ///< kDone: of them, rows with results filled in
  /// kDone: what the workbook leaves out that the period holds, as
  /// site::ResultsTemplate says.
  std::size_t internal_left_out = 0;
  std::vector<std::string> fields_without_column;
  std::size_t fields_without_column_units = 0;
};

/// thidua template: the workbook an office fills in for request.period
/// (site/results_template.hpp), with internal fields when request.profile is
/// the intranet, written to request.output, a new file outside
/// the content folder; an existing file is never replaced (it may hold
/// scores). `loaded` as for build_folder.
TemplateOutcome template_workbook(const Request& request,
                                  const std::function<void(const Pipeline&)>& loaded);

struct ConvertOutcome : Outcome {
  std::size_t made = 0;                     ///< kDone: record files written in the new form
  std::size_t copied = 0;                   ///< kDone: other files copied as they are
  std::vector<text::Message> kept_as_json;  ///< what could not take the form, and why
};

/// What the loader reads in a .docx (load::read_word) as a Document holds
/// it: what site::content_files compares a document written in Word with.
std::optional<Document> read_back(std::string_view docx);

/// thidua convert: the whole content folder, its records in the other form
/// (request.to_workbooks: workbooks, else JSON; site/content_files.hpp) and
/// every other file as it is, written to request.output, a new (or empty)
/// folder outside the content folder. It is made beside its place and
/// renamed in: never half a folder. `loaded` as for build_folder.
ConvertOutcome convert_folder(const Request& request,
                              const std::function<void(const Pipeline&)>& loaded);

struct NewOutcome : Outcome {
  std::size_t files = 0;  ///< kDone: files written
};

/// thidua new: the starter content folder written into request.output,
/// which must not exist or be empty (kRefused otherwise).
NewOutcome new_folder(const Request& request);

}  // namespace thidua::pipeline
