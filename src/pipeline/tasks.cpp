#include "pipeline/tasks.hpp"

#include <set>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "load/word.hpp"
#include "output/archive.hpp"
#include "output/sink.hpp"
#include "output/stamp.hpp"
#include "pipeline/inputs.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "render/embedded.hpp"
#include "site/content_files.hpp"
#include "site/results_template.hpp"
#include "site/xlsx.hpp"
#include "text/sha256.hpp"

namespace thidua::pipeline {
namespace {

namespace fs = std::filesystem;

/// While it lives, Ctrl+C (SIGINT), SIGTERM and SIGHUP remove the build's
/// staging folder or the snapshot's temporary zip (`remove`), and the
/// temporary files of the workbooks being written, and end the process,
/// instead of leaving up to a whole site's worth of files beside the output
/// until the next build.
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(std::function<void()> remove)
      : on_(
            [remove = std::move(remove)] {
              remove();
              site::remove_unfinished_workbooks();
            },
            "\nthidua: interrupted: nothing was written\n") {}

 private:
  platform::OnInterrupt on_;
};

/// The starter folder's README for the folder kept as workbooks (it says
/// which .xlsx and .docx hold what); the plain README.md speaks of JSON.
constexpr std::string_view kWorkbooksReadme = "README-workbooks.md";

/// Writes every file of the starter folder into `sink`, its README the one
/// for `workbooks` or for JSON; the number written, or -1 when a write
/// failed (sink.error() says why).
int write_starter(output::Sink& sink, bool workbooks) {
  constexpr std::string_view kPrefix = "starter/";
  int files = 0;
  for (const auto& f : render::embedded_files()) {
    if (!f.path.starts_with(kPrefix)) continue;
    std::string path(f.path.substr(kPrefix.size()));
    if (path == "README.md" && workbooks) continue;
    if (path == kWorkbooksReadme) {
      if (!workbooks) continue;
      path = "README.md";
    }
    if (!sink.write(path, f.bytes)) return -1;
    ++files;
  }
  return files;
}

}  // namespace

bool is_content_folder(const GivenPath& source) {
  std::error_code ec;
  return fs::is_directory(source.absolute, ec);
}

std::string configured_base_url(const GivenPath& source) {
  return load::load_site_settings(load::DiskTree(source.absolute)).base_url;
}

std::string configured_language(const GivenPath& source) {
  if (!is_content_folder(source)) return "vi";
  return load::load_site_settings(load::DiskTree(source.absolute)).language;
}

namespace {

/// The manifest's signature, its trusted comment "<what> · <organisation> ·
/// <rest>" on one line (the organisation's name loses any line break or control).
std::string sign_manifest(const sign::SecretKey& key, const std::string& manifest,
                          const std::string& what, const Site& site, const std::string& rest) {
  std::string org = site.organization.empty() ? site.title : site.organization;
  for (char& ch : org)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  return sign::sign(key, manifest, what + " · " + org + " · " + rest,
                    "signature from thidua secret key " + sign::key_id_hex(key.id));
}

/// A signed build: minisign.pub, then manifest.json of every file (read back
/// from the staging folder, a file at a time) and manifest.json.minisig.
bool sign_site(FolderPipeline& site, output::StagedDirectory& sink, const sign::SecretKey& key,
               text::Message* error) {
  for (const auto& [path, size] : sink.written())
    if (path == output::kManifest || path == output::kSignature || path == output::kPublicKey) {
      *error = text::Message("sign-file-taken", {{"file", path}});
      return false;
    }
  const sign::PublicKey pub{key.id, key.public_key};
  if (!sink.write(output::kPublicKey, sign::public_key_file(pub))) return false;
  std::vector<output::ManifestEntry> entries;
  for (const auto& [path, size] : sink.written()) {
    auto bytes = sink.read_back(path);
    if (!bytes) {
      *error = text::Message("sign-cannot-read-back", {{"file", path}});
      return false;
    }
    entries.push_back({path, bytes->size(), text::content_hash(*bytes)});
  }
  const Content& c = site.pipeline().content();
  const std::string content_hash = snapshot_hash(c, [&](const std::string& path) {
    for (const auto& e : entries)
      if (e.path == path) return e.sha256;
    return std::string();
  });
  const std::string manifest =
      output::manifest_json(THIDUA_VERSION, "", content_hash, std::move(entries));
  return sink.write(output::kManifest, manifest) &&
         sink.write(output::kSignature,
                    sign_manifest(key, manifest, "thidua site", c.site, "content " + content_hash));
}

}  // namespace

namespace {

/// The first steps of every task: the content folder loaded into
/// `r.folder` with `options`, `loaded` told. False, with `r.status` set
/// (kNoSource, kInputErrors), when the task ends there.
bool load_folder(const Request& rq, const RunOptions& options,
                 const std::function<void(const Pipeline&)>& loaded, Outcome& r,
                 std::unique_ptr<load::DiskTree> tree = nullptr) {
  if (!is_content_folder(rq.source)) return false;
  r.folder = tree ? std::make_unique<FolderPipeline>(std::move(tree), options)
                  : std::make_unique<FolderPipeline>(rq.source.absolute, options);
  loaded(r.folder->pipeline());
  if (r.folder->pipeline().ok()) return true;
  r.status = Status::kInputErrors;
  return false;
}

}  // namespace

BuildOutcome build_folder(const Request& rq, const sign::SecretKey* key,
                          const std::function<void(const Pipeline&)>& loaded,
                          const std::function<void(const text::Message&)>& notice) {
  BuildOutcome r;
  // Nothing changed since the last build into this folder, and the folder is
  // as that build left it: there is nothing to do.
  const fs::path& output = rq.output.absolute;
  std::string inputs, listing;
  std::optional<output::StampHead> head;
  std::unique_ptr<load::DiskTree> tree;
  std::optional<output::Stamp> stamp, spare;
  // What the last builds left: the output as its stamp says (every file it
  // wrote, nothing else), that stamp's list and the spare's. Looked at on
  // another thread while the content loads: a site of 120,000 files has
  // 110,000 folders to list.
  std::future<void> looked_at;
  bool as_left = false;  // the output holds exactly what the stamp's build wrote
  if (!output.empty() && is_content_folder(rq.source)) {
    head = output::read_stamp_head(output::stamp_path(output));
    // The tree the fingerprint lists and reads is the one loaded: each file
    // read once.
    tree = std::make_unique<load::DiskTree>(rq.source.absolute);
    auto f = input_fingerprint(*tree, rq.profile, rq.base_url, key ? sign::key_id_hex(key->id) : "",
                               head ? head->listing : "", head ? head->inputs : "");
    inputs = std::move(f.inputs);
    listing = std::move(f.listing);
    // Nothing to do: the stamp's files are in place as it wrote them.
    if (!inputs.empty() && head && !rq.clean && head->inputs == inputs &&
        output::files_as_stamped(output)) {
      r.status = Status::kUpToDate;
      r.warnings_then = head->warnings;
      return r;
    }
    // Something changed: the whole folder is looked at (nothing added to
    // it), then what each file was made from, to keep the rest.
    if (head && !rq.clean)
      looked_at = std::async(std::launch::async, [&] {
        // The spare's stamp read meanwhile; the stamp read whole (the one
        // whose head was read), and its list looked up.
        auto spare_read = std::async(std::launch::async, [&] {
          return output::read_stamp(output::spare_stamp_path(output));
        });
        stamp = output::read_stamp(output::stamp_path(output));
        as_left = stamp && stamp->inputs == head->inputs && output::output_matches(output, *stamp);
        spare = spare_read.get();
        if (!as_left) spare.reset();
      });
  }
  // Results loaded by an earlier build, in the user's cache folder; a clean
  // build reads none (and keeps what it loads).
  const load::ResultsCache results(output.empty() ? fs::path() : platform::cache_folder(),
                                   binary_identity(), !rq.clean);
  const bool loaded_ok = load_folder(
      rq, RunOptions{.profile = rq.profile, .base_url = rq.base_url, .results = &results}, loaded,
      r, std::move(tree));
  if (looked_at.valid()) looked_at.get();
  if (!loaded_ok) return r;
  Pipeline& b = r.folder->pipeline();
  // Only files whose inputs changed since the last build are made; the
  // others are kept: from the spare (the site before the last one) when it
  // has them, else linked from the output (docs/development.md,
  // "Incremental builds"). The spare's stamp goes before the spare changes.
  // A spare is kept and used only for a site of this build's profile: an
  // intranet site is never kept beside a public one.
  const std::string profile = rq.profile == Profile::kIntranet ? "intranet" : "public";
  if (!output.empty()) {
    if (spare && spare->profile != profile) spare.reset();
    output::remove_stamp(output::spare_stamp_path(output));
  }
  const bool keep_spare = as_left && stamp->profile == profile;
  r.status = Status::kIoError;
  auto sink = output::StagedDirectory::open(
      output, rq.source.absolute, &r.error, notice,
      {.verified = as_left, .spare = spare ? &spare->made : nullptr, .keep_spare = keep_spare});
  if (!sink) return r;
  r.staged = true;
  RemoveOnSignal remove_on_signal([&sink] { sink->abandon(); });
  Increment increment{.before = as_left ? &stamp->made : nullptr,
                      .spare = spare ? &spare->made : nullptr};
  bool rendered = b.render(*sink, rq.jobs, &increment);
  if (rendered && key) rendered = sign_site(*r.folder, *sink, *key, &r.error);
  if (!rendered && r.error.empty()) r.error = sink->error();
  const auto commit_start = std::chrono::steady_clock::now();
  // No stamp while the folder changes: a build killed after the swap must not
  // leave a stamp that describes the folder before it. The old site becomes
  // the spare (when it was as its stamp says), so its stamp becomes the
  // spare's; until the swap there is no spare folder for it to describe.
  if (!rendered) return r;
  if (!keep_spare ||
      !platform::rename(output::stamp_path(output), output::spare_stamp_path(output), nullptr))
    output::remove_stamp(output::stamp_path(output));
  if (!sink->commit(&r.error)) return r;
  // A spare that could not be put in place (one left there that could not
  // be removed) must not be taken for the old site.
  if (keep_spare && !sink->kept_spare()) output::remove_stamp(output::spare_stamp_path(output));
  auto written = sink->written();
  r.files = written.size();
  r.kept = increment.kept;
  text::Message stamp_error;  // without a stamp the next build simply builds
  if (!inputs.empty()) {
    std::vector<output::StampedFile> made;
    made.reserve(written.size());
    for (const auto& [path, size] : written) {
      const auto it = increment.made_from.find(path);
      const std::string_view key =
          it != increment.made_from.end() ? std::string_view(it->second) : std::string_view();
      made.push_back({path, key, size});
    }
    output::write_stamp(
        output::stamp_path(output),
        output::StampHead{inputs, listing, output::files_digest(written),
                          static_cast<long>(b.diags().count(Severity::kWarning)), profile},
        made, &stamp_error);
  }
  results.trim(load::kResultsCacheBytes);
  r.commit_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_start).count();
  r.status = Status::kDone;
  return r;
}

ArchiveOutcome archive_period(const Request& rq, const sign::SecretKey* key,
                              const std::function<void(const Pipeline&)>& loaded) {
  const std::string& source = rq.source.given;
  const std::string& period = rq.period;
  const std::string& zip = rq.output.given;
  ArchiveOutcome r;
  if (!load_folder(rq, RunOptions{.profile = Profile::kPublic, .as_of = period}, loaded, r))
    return r;
  Pipeline& b = r.folder->pipeline();
  const Content& content = b.content();
  if (key && !content.site.signing_key.empty() &&
      sign::public_key_base64({key->id, key->public_key}) != content.site.signing_key) {
    r.status = Status::kWrongKey;
    r.error = text::Message("wrong-signing-key", {{"key", sign::key_id_hex(key->id)},
                                                  {"expected", content.site.signing_key}});
    return r;
  }
  // The snapshot replaces only a snapshot thidua made, never a file of the
  // content folder (nor anything else given by mistake), and is written
  // under a fresh name beside it, renamed over it once whole.
  if (platform::is_inside(rq.source.absolute, rq.output.absolute)) {
    r.status = Status::kRefused;
    r.error = text::Message("snapshot-inside-content", {{"zip", zip}, {"content", source}});
    return r;
  }
  platform::Error missing;
  if (text::Message why;
      (platform::stat(platform::path_of(zip), /*follow=*/false, nullptr, &missing) ||
       missing.kind != platform::Error::Kind::kNotFound) &&
      !output::is_snapshot_file(zip, &why)) {
    r.status = Status::kRefused;
    r.error = text::Message("snapshot-replaces-other", {{"zip", zip}, {"why", why}});
    return r;
  }
  r.status = Status::kIoError;
  const auto file = output::ReplacingFile::open(zip, &r.error);
  if (!file) return r;
  RemoveOnSignal remove_on_signal([&file] {
    std::error_code ec;
    fs::remove(file->temp(), ec);
  });
  output::MemorySink sink;
  if (!b.render(sink, rq.jobs)) {
    r.error = sink.error();
    return r;
  }
  std::map<std::string, std::string> files = sink.take();
  const Content& c = content;
  const std::string content_hash = snapshot_hash(c, [&](const std::string& path) {
    const auto it = files.find(path);
    return it == files.end() ? std::string() : text::content_hash(it->second);
  });
  if (key) {
    sign::PublicKey pub{key->id, key->public_key};
    files[output::kPublicKey] = sign::public_key_file(pub);
  }
  files[output::kManifest] = output::manifest_json(THIDUA_VERSION, period, content_hash, files);
  if (key) {
    files[output::kSignature] = sign_manifest(*key, files[output::kManifest], "thidua snapshot",
                                              c.site, period + " · content " + content_hash);
  }
  const std::time_t mtime = static_cast<std::time_t>(c.periods.back().end.days()) * 86400;
  if (!output::write_zip(*file, files, mtime, &r.error)) return r;
  r.files = files.size();
  r.seal = b.as_of_seal();
  r.status = Status::kDone;
  return r;
}

TemplateOutcome template_workbook(const Request& rq,
                                  const std::function<void(const Pipeline&)>& loaded) {
  const std::string& source = rq.source.given;
  const std::string& period = rq.period;
  const std::string& output = rq.output.given;
  TemplateOutcome r;
  // Intranet: drafts included.
  if (!load_folder(rq, RunOptions{.profile = Profile::kIntranet}, loaded, r)) return r;
  const Pipeline& b = r.folder->pipeline();
  const Period* p = b.content().find_period(period);
  if (!p) {
    r.status = Status::kNoPeriod;
    return r;
  }
  // A workbook made inside the content folder would be read as results, or
  // warned about, at the next build: it goes in once it is filled.
  if (platform::is_inside(rq.source.absolute, rq.output.absolute)) {
    r.status = Status::kRefused;
    r.error = text::Message("template-inside-content",
                            {{"file", output}, {"content", source}, {"period", period}});
    return r;
  }
  r.status = Status::kIoError;
  std::string why;
  const site::ResultsTemplate t =
      site::results_template(b.content(), *p, b.strings(), rq.profile == Profile::kIntranet, &why);
  if (t.bytes.empty()) {
    r.error = text::Message("template-not-written", {{"detail", why}});
    return r;
  }
  bool exists = false;
  if (!output::write_new_file(output, t.bytes, &r.error, &exists)) {
    if (exists) {
      r.status = Status::kRefused;
      r.error = text::Message("template-exists", {{"file", output}});
    }
    return r;
  }
  r.units = t.units;
  r.results = t.filled;
  r.internal_left_out = t.internal_left_out;
  r.fields_without_column = t.fields_without_column;
  r.fields_without_column_units = t.fields_without_column_units;
  r.status = Status::kDone;
  return r;
}

std::optional<Document> read_back(std::string_view docx) {
  std::vector<load::WordProblem> problems;
  auto w = load::read_word(docx, problems);
  if (!w) return std::nullopt;
  Document d;
  d.title = w->title;
  d.number = w->number;
  d.kind = w->kind;
  d.issued = w->issued;
  d.place = w->place;
  d.issuer = w->issuer;
  d.signer = w->signer;
  d.recipients = w->recipients;
  d.body = w->markdown;
  return d;
}

ConvertOutcome convert_folder(const Request& rq,
                              const std::function<void(const Pipeline&)>& loaded) {
  ConvertOutcome r;
  const fs::path& out = rq.output.absolute;
  const std::string& output = rq.output.given;
  // Intranet: every record, drafts and internal fields included.
  if (!load_folder(rq, RunOptions{.profile = Profile::kIntranet}, loaded, r)) return r;
  const Pipeline& b = r.folder->pipeline();
  std::error_code ec;
  r.status = Status::kRefused;
  if (platform::is_inside(rq.source.absolute, out) ||
      platform::is_inside(out, rq.source.absolute)) {
    r.error = text::Message("convert-overlaps", {{"output", output}, {"content", rq.source.given}});
    return r;
  }
  if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec))) {
    r.error = text::Message("new-not-empty", {{"dir", output}});
    return r;
  }
  r.status = Status::kIoError;
  site::ContentFiles converted = site::content_files(
      b.content(), rq.to_workbooks ? site::ContentForm::kWorkbooks : site::ContentForm::kJson,
      b.strings(), read_back);
  if (!converted.error.empty()) {
    r.error = text::Message("template-not-written", {{"detail", converted.error}});
    return r;
  }
  // Made beside its place, then renamed in.
  fs::create_directories(out.parent_path(), ec);
  platform::Error why;
  const fs::path temp = platform::make_temp_folder(
      out.parent_path(), "." + platform::text_of(out.filename()) + ".thidua-", &why);
  if (temp.empty()) {
    r.error = text::Message("file-not-made", {{"file", output}, {"detail", why.message}});
    return r;
  }
  struct Cleanup {
    fs::path path;
    ~Cleanup() {
      std::error_code ignored;
      if (!path.empty()) fs::remove_all(path, ignored);
    }
  } cleanup{temp};
  output::FolderSink sink(temp);
  for (const auto& f : converted.files) sink.write(f.path, f.bytes);
  r.made = converted.files.size();
  const load::DiskTree tree(rq.source.absolute);
  Diagnostics ignored;
  const std::set<std::string> replaced(converted.replaced.begin(), converted.replaced.end());
  for (const std::string& path : tree.list(ignored)) {
    if (site::is_record_file(path) || replaced.count(path)) continue;
    std::string reason;
    const auto bytes = tree.read(path, &reason);
    if (!bytes) {
      r.error = text::Message("cannot-read", {{"reason", path + ": " + reason}});
      return r;
    }
    sink.write(path, *bytes);
    ++r.copied;
  }
  if (sink.failed()) {
    r.error = sink.error();
    return r;
  }
  if (fs::exists(out, ec)) fs::remove(out, ec);  // empty, as checked
  if (!platform::rename_new(temp, out, &why)) {
    r.error = text::Message("file-not-made", {{"file", output}, {"detail", why.message}});
    return r;
  }
  cleanup.path.clear();
  r.kept_as_json = std::move(converted.kept_as_json);
  r.status = Status::kDone;
  return r;
}

NewOutcome new_folder(const Request& rq) {
  NewOutcome r;
  const std::string& dir = rq.output.given;
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) {
    r.status = Status::kRefused;
    r.error = text::Message("new-not-empty", {{"dir", dir}});
    return r;
  }
  fs::create_directories(dir, ec);
  output::FolderSink sink(dir);
  int files = 0;
  if (!rq.to_workbooks) {
    files = write_starter(sink, /*workbooks=*/false);
  } else {
    // The starter kept in workbooks: its records converted, the rest as it is.
    output::MemorySink starter;
    write_starter(starter, /*workbooks=*/true);
    const load::MemoryTree tree(starter.take());
    const Pipeline p(tree, RunOptions{.profile = Profile::kIntranet});
    const site::ContentFiles books =
        site::content_files(p.content(), site::ContentForm::kWorkbooks, p.strings(), read_back);
    Diagnostics ignored;
    for (const auto& f : books.files) files += sink.write(f.path, f.bytes) ? 1 : 0;
    const std::set<std::string> replaced(books.replaced.begin(), books.replaced.end());
    for (const std::string& path : tree.list(ignored))
      if (!site::is_record_file(path) && !replaced.count(path))
        files += sink.write(path, *tree.read(path)) ? 1 : 0;
    if (!p.ok() || !books.error.empty())
      sink.fail(
          text::Message("internal-error", {{"detail", "the starter folder does not convert"}}));
    if (sink.failed()) files = -1;
  }
  if (files < 0) {
    r.status = Status::kIoError;
    r.error = sink.error();
    return r;
  }
  r.status = Status::kDone;
  r.files = static_cast<std::size_t>(files);
  return r;
}

}  // namespace thidua::pipeline
