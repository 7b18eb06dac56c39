#include "cli/commands.hpp"

#include <iostream>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "output/archive.hpp"
#include "pipeline/tasks.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "sign/minisign.hpp"
#include "text/controls.hpp"

namespace thidua::cli {
namespace {

void print_missing_source(const Request& o, std::ostream& out, std::ostream& err) {
  Diagnostics d;
  d.error({o.source.given, 0, 0}, text::Message("no-source"));
  if (o.json) {
    out << diagnostic_json(d.items()[0], o.language) << '\n';
  } else {
    err << o.source.given << ": error: " << say(o, text::Message("no-source")) << '\n';
  }
}

void print_summary(const pipeline::Pipeline& b, const Request& o, std::ostream& out) {
  const Content& content = b.content();
  out << say(o, {"summary",
                 {{"units", content.units.size()},
                  {"clusters", content.clusters.size()},
                  {"schemes", content.schemes.size()},
                  {"periods", content.periods.size()},
                  {"documents", content.documents.size()},
                  {"pages", content.pages.size()}}})
      << '\n';
  for (const auto& ps : b.scores())
    out << say(o, {"summary-period",
                   {{"period", ps.period->id},
                    {"ranked", ps.ranked.size()},
                    {"unranked", ps.unranked.size()}}})
        << '\n';
}

void print_counts(const Diagnostics& d, const Request& o, std::ostream& out) {
  out << say(o,
             {"counts",
              {{"errors", d.count(Severity::kError)}, {"warnings", d.count(Severity::kWarning)}}})
      << '\n';
}

}  // namespace

int exit_code(pipeline::Status status) {
  using pipeline::Status;
  switch (status) {
    case Status::kDone:
    case Status::kUpToDate:
      return kOk;
    case Status::kNoSource:
    case Status::kInputErrors:
    case Status::kNoPeriod:
    case Status::kWrongKey:
      return kInputErrors;
    case Status::kRefused:
    case Status::kIoError:
      return kIoError;
  }
  return kIoError;
}

int failed(const pipeline::Outcome& r, const Request& o, std::ostream& err) {
  using pipeline::Status;
  switch (r.status) {
    case Status::kDone:
    case Status::kUpToDate:
      break;
    case Status::kNoSource:
      print_missing_source(o, std::cout, err);
      break;
    case Status::kInputErrors:
      print_counts(r.folder->pipeline().diags(), o, err);
      break;
    case Status::kNoPeriod:
      err << "thidua: error: "
          << say(o, {"no-period", {{"period", o.period}, {"folder", o.source.given + "/periods"}}})
          << '\n';
      break;
    case Status::kWrongKey:
    case Status::kRefused:
    case Status::kIoError:
      err << "thidua: error: " << say(o, r.error) << '\n';
      break;
  }
  return exit_code(r.status);
}

std::string print_diagnostics(const Diagnostics& diags, const Request& o, std::ostream& out,
                              std::ostream& err) {
  std::string text;
  const auto& items = diags.items();
  if (o.json) {
    for (const auto& d : items) text += diagnostic_json(d, o.language) + '\n';
    out << text;
    return text;
  }
  for (std::size_t i = 0; i < items.size() && i < kMaxShown; ++i)
    text += format_diagnostic(items[i], o.language) + '\n';
  if (items.size() > kMaxShown)
    text += "thidua: " + say(o, {"more-problems", {{"n", items.size() - kMaxShown}}}) + '\n';
  err << text;
  return text;
}

namespace {

/// check --at DATE: the clusters and units as they stood on `day`, a line
/// each, units under their cluster and indented under their parent.
void print_organisation(const Content& c, Date day, const Request& o, std::ostream& out) {
  const std::vector<Unit> units = c.units_on(day);
  const std::vector<Cluster> clusters = c.clusters_on(day);
  out << say(o, {"organisation-on", {{"date", day.iso()}}}) << '\n';
  std::map<std::string, std::vector<const Unit*>> children;
  for (const Unit& u : units)
    if (u.active_during(day, day)) children[u.parent].push_back(&u);
  const auto print = [&](const auto& self, const Unit& u, int depth) -> void {
    out << std::string(static_cast<std::size_t>(2 + 2 * depth), ' ') << u.id << "  " << u.name;
    if (!u.kind.empty()) out << " (" << u.kind << ")";
    out << '\n';
    if (const auto it = children.find(u.id); it != children.end() && depth < 64)
      for (const Unit* k : it->second) self(self, *k, depth + 1);
  };
  for (const Cluster& k : clusters) {
    bool any = false;
    for (const Unit& u : units) {
      if (u.cluster != k.id || !u.active_during(day, day)) continue;
      // Under its cluster when its parent is elsewhere (or none).
      const Unit* parent = nullptr;
      for (const Unit& p : units)
        if (p.id == u.parent && p.active_during(day, day)) parent = &p;
      if (parent && parent->cluster == k.id) continue;
      if (!any) out << (k.name.empty() ? k.id : k.name) << '\n';
      any = true;
      print(print, u, 0);
    }
  }
}

/// check: for each Word document, what was recognised of its header, and
/// which fields its side file gave.
void print_recognised(const Content& c, const Request& o, std::ostream& out) {
  for (const Document& d : c.documents) {
    if (!d.recognised) continue;
    const Recognised& r = *d.recognised;
    out << d.source_path << ": "
        << say(o, {r.fields.empty() ? "word-recognised-nothing" : "word-recognised"}) << '\n';
    for (const auto& [field, value] : r.fields)
      out << "  " << field << ": " << text::excerpt(value, 200) << '\n';
    if (!r.from_side.empty()) {
      std::string keys;
      for (const auto& k : r.from_side) keys += (keys.empty() ? "" : ", ") + k;
      out << "  " << say(o, {"word-from-side", {{"side", r.side_path}, {"keys", keys}}}) << '\n';
    }
  }
}

}  // namespace

int run_check(const Request& o, std::ostream& out, std::ostream& err) {
  // With --format json, stdout holds the diagnostics alone.
  std::ostream& human = o.json ? err : out;
  if (!pipeline::is_content_folder(o.source)) {
    print_missing_source(o, out, err);
    err << say(o, {"counts", {{"errors", 1}, {"warnings", 0}}}) << '\n';
    return exit_code(pipeline::Status::kInputErrors);
  }
  pipeline::FolderPipeline folder(o.source.absolute, {.profile = Profile::kIntranet,
                                                      .base_url = o.base_url});  // drafts included
  const pipeline::Pipeline& b = folder.pipeline();
  print_diagnostics(b.diags(), o, out, err);
  if (!o.quiet && b.ok()) print_summary(b, o, human);
  if (!o.quiet && b.ok()) print_recognised(b.content(), o, human);
  if (b.ok() && o.at) print_organisation(b.content(), *o.at, o, human);
  print_counts(b.diags(), o, b.ok() ? human : err);
  return b.ok() ? kOk : kInputErrors;
}

namespace {

/// What a key file holds, for a key file is small: a regular file of at most
/// 4 KB (minisign's are about 100 and 350 bytes). `exists` tells a missing file
/// from others; nullopt with `error` when it cannot be a key.
std::optional<std::string> read_key_file(const std::string& path, bool* exists,
                                         text::Message* error) {
  using Kind = platform::Error::Kind;
  platform::Error why;
  auto text = platform::read_small_file(platform::path_of(path), 4096, &why);
  *exists = text || why.kind != Kind::kNotFound;
  if (!text)
    *error = why.kind == Kind::kNotRegular ? text::Message("key-not-a-file")
             : why.kind == Kind::kTooLarge
                 ? text::Message("key-too-large")
                 : text::Message("key-unreadable", {{"reason", why.message}});
  return text;
}

/// The secret key at `path`, opened with THIDUA_SIGN_PASSWORD or a password
/// typed at the terminal. Refused inside the content folder, where it would
/// be built, copied and committed with the content.
std::optional<sign::SecretKey> load_secret_key(const pipeline::GivenPath& key_file,
                                               const pipeline::GivenPath& source,
                                               const pipeline::GivenPath& output, const Request& o,
                                               std::ostream& err) {
  const std::string& path = key_file.given;
  for (const auto& [folder, code] :
       {std::pair{&source, "key-inside-content"}, std::pair{&output, "key-inside-output"}}) {
    if (folder->empty()) continue;
    if (platform::is_inside(folder->absolute, key_file.absolute)) {
      err << "thidua: error: " << say(o, {code, {{"key", path}, {"folder", folder->given}}})
          << '\n';
      return std::nullopt;
    }
  }
  bool exists = false;
  text::Message error;
  const auto text = read_key_file(path, &exists, &error);
  if (!text) {
    err << "thidua: error: " << say(o, {"secret-key-problem", {{"key", path}, {"reason", error}}})
        << '\n';
    return std::nullopt;
  }
  std::string password;
  if (sign::secret_key_encrypted(*text)) {
    if (const char* env = std::getenv("THIDUA_SIGN_PASSWORD")) {
      password = env;
    } else if (auto typed = platform::read_password(say(o, {"password-of", {{"key", path}}}))) {
      password = *typed;
    } else {
      err << "thidua: error: " << say(o, {"key-encrypted", {{"key", path}}}) << '\n';
      return std::nullopt;
    }
  }
  text::Message why;
  auto k = sign::parse_secret_key(*text, password, &why);
  if (!k)
    err << "thidua: error: " << say(o, {"file-problem", {{"file", path}, {"reason", why}}}) << '\n';
  return k;
}

}  // namespace

int run_build(const Request& o, std::ostream& out, std::ostream& err) {
  std::optional<sign::SecretKey> key;
  if (!o.sign_key.empty()) {
    key = load_secret_key(o.sign_key, o.source, o.output, o, err);
    if (!key) return exit_code(pipeline::Status::kInputErrors);
  }
  // With --format json, stdout holds the diagnostics alone.
  std::ostream& human = o.json ? err : out;
  const pipeline::BuildOutcome r = pipeline::build_folder(
      o, key ? &*key : nullptr,
      [&](const pipeline::Pipeline& b) { print_diagnostics(b.diags(), o, out, err); },
      [&](const text::Message& m) { err << "thidua: note: " << say(o, m) << '\n'; });
  if (r.status == pipeline::Status::kUpToDate) {
    if (!o.quiet) {
      human << say(o, {"up-to-date", {{"output", o.output.given}}});
      if (r.warnings_then > 0) human << say(o, {"up-to-date-warnings", {{"n", r.warnings_then}}});
      human << '\n';
    }
    return exit_code(pipeline::Status::kDone);
  }
  if (r.status != pipeline::Status::kDone) {
    const int code = failed(r, o, err);
    if (r.status != pipeline::Status::kIoError || r.staged)
      err << say(o, {"nothing-written", {{"output", o.output.given}}}) << '\n';
    return code;
  }
  const pipeline::Pipeline& b = r.folder->pipeline();
  if (!o.quiet) {
    print_summary(b, o, human);
    human << say(o, {"wrote-site", {{"files", r.files}, {"output", o.output.given}}});
    if (r.kept > 0)
      human << say(o, {"wrote-site-kept", {{"made", r.files - r.kept}, {"kept", r.kept}}});
    human << '\n';
  }
  if (o.verbose) {
    auto stages = b.timings();
    stages.push_back({"commit", r.commit_seconds, platform::peak_memory_kib()});
    for (const auto& [stage, seconds, peak] : stages)
      human << say(o, {"stage-time",
                       {{"stage", stage},
                        {"ms", static_cast<long>(seconds * 1000 + 0.5)},
                        {"mib", (peak + 512) / 1024}}})
            << '\n';
  }
  return exit_code(pipeline::Status::kDone);
}

int run_archive(Request o, std::ostream& out, std::ostream& err) {
  const std::string& period = o.period;
  if (o.output.empty()) o.output = period + ".zip";
  const std::string& output = o.output.given;
  std::optional<sign::SecretKey> key;
  if (!o.sign_key.empty()) {
    key = load_secret_key(o.sign_key, o.source, {}, o, err);
    if (!key) return exit_code(pipeline::Status::kInputErrors);
  }
  const pipeline::ArchiveOutcome r = pipeline::archive_period(
      o, key ? &*key : nullptr,
      [&](const pipeline::Pipeline& b) { print_diagnostics(b.diags(), o, out, err); });
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  if (!o.quiet) {
    out << say(o, {"wrote-snapshot", {{"period", period}, {"files", r.files}, {"output", output}}});
    if (key) out << say(o, {"signed-by-key", {{"key", sign::key_id_hex(key->id)}}});
    out << '\n';
    if (!r.seal.empty())
      out << say(o, {"its-seal", {{"seal", r.seal}}}) << '\n'
          << say(o, {"seal-howto",
                     {{"file", o.source.given + "/periods/" + period + "/period.json"},
                      {"seal", r.seal}}})
          << '\n';
  }
  return exit_code(pipeline::Status::kDone);
}

int run_template(Request o, std::ostream& out, std::ostream& err) {
  const std::string& period = o.period;
  if (o.output.empty())
    o.output =
        period + (o.profile == Profile::kIntranet ? "-ket-qua-noi-bo.xlsx" : "-ket-qua.xlsx");
  const std::string& output = o.output.given;
  // Every error (any stops it), but only the warnings of this period or of
  // no period: another period's are not the template's business.
  const std::string own = "periods/" + period + "/";
  const pipeline::TemplateOutcome r =
      pipeline::template_workbook(o, [&](const pipeline::Pipeline& b) {
        Diagnostics shown = b.diags();
        shown.remove_if([&](const Diagnostic& d) {
          return d.severity == Severity::kWarning && d.pos.path.starts_with("periods/") &&
                 !d.pos.path.starts_with(own);
        });
        print_diagnostics(shown, o, out, err);
      });
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  if (!o.quiet)
    out << say(o, {"wrote-template",
                   {{"period", period},
                    {"units", r.units},
                    {"results", r.results},
                    {"output", output}}})
        << '\n';
  // Said even when quiet: what putting the workbook back would lose.
  if (r.internal_left_out)
    err << say(o, {"template-leaves-out-internal", {{"units", r.internal_left_out}}}) << '\n';
  if (!r.fields_without_column.empty()) {
    std::string fields;
    for (const auto& f : r.fields_without_column)
      fields += (fields.empty() ? "\"" : ", \"") + f + "\"";
    err << say(o, {"template-fields-without-column",
                   {{"fields", fields},
                    {"count", static_cast<std::int64_t>(r.fields_without_column.size())},
                    {"units", r.fields_without_column_units}}})
        << '\n';
  }
  return exit_code(pipeline::Status::kDone);
}

int run_convert(const Request& o, std::ostream& out, std::ostream& err) {
  const pipeline::ConvertOutcome r = pipeline::convert_folder(
      o, [&](const pipeline::Pipeline& b) { print_diagnostics(b.diags(), o, out, err); });
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  for (const auto& m : r.kept_as_json) err << say(o, m) << '\n';
  if (!o.quiet)
    out << say(o, {"wrote-converted",
                   {{"output", o.output.given},
                    {"form", text::Message(o.to_workbooks ? "convert-form-workbooks"
                                                          : "convert-form-json")},
                    {"made", r.made},
                    {"copied", r.copied}}})
        << '\n';
  return exit_code(pipeline::Status::kDone);
}

int run_verify(const Request& o, std::ostream& out, std::ostream& err) {
  const std::string& path = o.output.given;
  const std::string& key = o.verify_key;
  namespace ms = sign;
  std::optional<ms::PublicKey> pub;
  if (!key.empty()) {  // a key file, or the key's base64 line itself
    bool exists = false;
    text::Message error;
    const auto text = read_key_file(key, &exists, &error);
    if (text || !exists) pub = ms::parse_public_key(text ? *text : key, &error);
    if (!pub) {
      err << "thidua: error: " << say(o, {"file-problem", {{"file", key}, {"reason", error}}})
          << '\n';
      return exit_code(pipeline::Status::kInputErrors);
    }
  }
  const output::VerifyReport r = output::verify_snapshot(path);
  if (!r.error.empty()) {
    err << "thidua: error: " << say(o, r.error) << '\n';
    return exit_code(pipeline::Status::kIoError);
  }
  text::Message signed_by;
  if (pub) {
    if (!r.signature) {
      err << say(o, {"not-signed-for-key",
                     {{"path", path},
                      {"signature", output::kSignature},
                      {"key", ms::key_id_hex(pub->id)}}})
          << '\n';
      return exit_code(pipeline::Status::kInputErrors);
    }
    const ms::Verification v = ms::verify(*pub, r.manifest, *r.signature);
    if (!v.ok) {
      err << path << ": " << output::kSignature << ": " << say(o, v.error) << '\n';
      return exit_code(pipeline::Status::kInputErrors);
    }
    out << say(o,
               {"signed-and-checked",
                {{"path", path}, {"key", ms::key_id_hex(pub->id)}, {"comment", v.trusted_comment}}})
        << '\n';
  } else if (r.signature) {
    const auto id = ms::signature_key_id(*r.signature);
    signed_by = id ? text::Message("signed-not-checked", {{"key", ms::key_id_hex(*id)}})
                   : text::Message("signature-not-signature", {{"signature", output::kSignature}});
  } else {
    signed_by = text::Message("not-signed");
  }
  for (const auto& p : r.missing)
    err << say(o, {"verify-missing", {{"path", path}, {"file", p}}}) << '\n';
  for (const auto& p : r.altered)
    err << say(o, {"verify-altered", {{"path", path}, {"file", p}}}) << '\n';
  for (const auto& p : r.added)
    err << say(o, {"verify-added", {{"path", path}, {"file", p}}}) << '\n';
  if (!r.ok()) {
    err << say(o, {"verify-mismatch",
                   {{"missing", r.missing.size()},
                    {"altered", r.altered.size()},
                    {"added", r.added.size()},
                    {"path", path}}})
        << '\n';
    return exit_code(pipeline::Status::kInputErrors);
  }
  out << say(o, {"verify-ok", {{"path", path}, {"checked", r.checked}, {"signed", signed_by}}})
      << '\n';
  return exit_code(pipeline::Status::kDone);
}

int run_new(const Request& o, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  const std::string& dir = o.output.given;
  const pipeline::NewOutcome r = pipeline::new_folder(o);
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  out << say(o, {"wrote-starter", {{"files", r.files}, {"dir", dir}}}) << '\n'
      << say(o, {"starter-next",
                 {{"readme", platform::text_of(platform::path_of(dir) / "README.md")}}})
      << '\n'
      << "  thidua check --source " << dir << "\n"
      << "  thidua build --source " << dir << " --output public\n";
  return exit_code(pipeline::Status::kDone);
}

}  // namespace thidua::cli
