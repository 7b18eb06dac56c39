#include "cli/commands.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "output/archive.hpp"
#include "pipeline/tasks.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "sign/minisign.hpp"

namespace thidua::cli {
namespace {

void print_missing_source(const std::string& source, std::ostream& err) {
  err << source << ": error: content folder not found (use --source DIR)\n";
}

/// "1 scheme", "2 schemes": English's plural rule, while the command line
/// speaks English only (issue 34 brings its messages in both languages).
std::string count(std::size_t n, const char* one, const char* other) {
  return std::to_string(n) + " " + (n == 1 ? one : other);
}

void print_summary(const pipeline::Pipeline& b, std::ostream& out) {
  const Content& content = b.content();
  out << count(content.units.size(), "unit", "units") << " in "
      << count(content.clusters.size(), "cluster", "clusters") << ", "
      << count(content.schemes.size(), "scheme", "schemes") << ", "
      << count(content.periods.size(), "period", "periods") << ", "
      << count(content.documents.size(), "document", "documents") << ", "
      << count(content.pages.size(), "page", "pages") << "\n";
  for (const auto& ps : b.scores())
    out << "  " << ps.period->id << ": " << ps.ranked.size() << " ranked, " << ps.unranked.size()
        << " without result\n";
}

void print_counts(const Diagnostics& d, std::ostream& out) {
  out << count(static_cast<std::size_t>(d.count(Severity::kError)), "error", "errors") << ", "
      << count(static_cast<std::size_t>(d.count(Severity::kWarning)), "warning", "warnings")
      << "\n";
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
      print_missing_source(o.source.given, err);
      break;
    case Status::kInputErrors:
      print_counts(r.folder->pipeline().diags(), err);
      break;
    case Status::kNoPeriod:
      err << "thidua: error: no period \"" << o.period << "\" in " << o.source.given
          << "/periods\n";
      break;
    case Status::kWrongKey:
    case Status::kRefused:
    case Status::kIoError:
      err << "thidua: error: " << r.error << '\n';
      break;
  }
  return exit_code(r.status);
}

std::string print_diagnostics(const Diagnostics& diags, std::ostream& err) {
  std::string text;
  const auto& items = diags.items();
  for (std::size_t i = 0; i < items.size() && i < kMaxShown; ++i)
    text += format_diagnostic(items[i]) + '\n';
  if (items.size() > kMaxShown)
    text += "thidua: " + std::to_string(items.size() - kMaxShown) +
            " more problems not shown; fix the first ones and run again\n";
  err << text;
  return text;
}

int run_check(const Request& o, std::ostream& out, std::ostream& err) {
  if (!pipeline::is_content_folder(o.source)) {
    print_missing_source(o.source.given, err);
    err << "1 error, 0 warnings\n";
    return exit_code(pipeline::Status::kInputErrors);
  }
  pipeline::FolderPipeline folder(o.source.absolute, {.profile = Profile::kIntranet,
                                                      .base_url = o.base_url});  // drafts included
  const pipeline::Pipeline& b = folder.pipeline();
  print_diagnostics(b.diags(), err);
  if (!o.quiet && b.ok()) print_summary(b, out);
  print_counts(b.diags(), b.ok() ? out : err);
  return b.ok() ? kOk : kInputErrors;
}

namespace {

/// What a key file holds, for a key file is small: a regular file of at most
/// 4 KB (minisign's are about 100 and 350 bytes). `exists` tells a missing file
/// from others; nullopt with `error` when it cannot be a key.
std::optional<std::string> read_key_file(const std::string& path, bool* exists,
                                         std::string* error) {
  using Kind = platform::Error::Kind;
  platform::Error why;
  auto text = platform::read_small_file(path, 4096, &why);
  *exists = text || why.kind != Kind::kNotFound;
  if (!text)
    *error = why.kind == Kind::kNotRegular
                 ? "not a key file (a key is a small text file of minisign)"
             : why.kind == Kind::kTooLarge ? "larger than 4 KB: not a minisign key file"
                                           : "cannot read the key file: " + why.message;
  return text;
}

/// The secret key at `path`, opened with THIDUA_SIGN_PASSWORD or a password
/// typed at the terminal. Refused inside the content folder, where it would
/// be built, copied and committed with the content.
std::optional<sign::SecretKey> load_secret_key(const pipeline::GivenPath& key_file,
                                               const pipeline::GivenPath& source,
                                               const pipeline::GivenPath& output,
                                               std::ostream& err) {
  const std::string& path = key_file.given;
  for (const auto& [folder, what] : {std::pair{&source, "content"}, std::pair{&output, "output"}}) {
    if (folder->empty()) continue;
    if (platform::is_inside(folder->absolute, key_file.absolute)) {
      err << "thidua: error: the secret key " << path << " is inside the " << what << " folder "
          << folder->given
          << ": keep it outside (with the office's key holder), never where it is published or "
             "shared\n";
      return std::nullopt;
    }
  }
  bool exists = false;
  std::string error;
  const auto text = read_key_file(path, &exists, &error);
  if (!text) {
    err << "thidua: error: the secret key " << path << ": " << error << '\n';
    return std::nullopt;
  }
  std::string password;
  if (sign::secret_key_encrypted(*text)) {
    if (const char* env = std::getenv("THIDUA_SIGN_PASSWORD")) {
      password = env;
    } else if (auto typed = platform::read_password("password of " + path + ": ")) {
      password = *typed;
    } else {
      err << "thidua: error: the secret key " << path
          << " is encrypted: set THIDUA_SIGN_PASSWORD or run thidua in a terminal\n";
      return std::nullopt;
    }
  }
  auto k = sign::parse_secret_key(*text, password, &error);
  if (!k) err << "thidua: error: " << path << ": " << error << '\n';
  return k;
}

}  // namespace

int run_build(const Request& o, std::ostream& out, std::ostream& err) {
  std::optional<sign::SecretKey> key;
  if (!o.sign_key.empty()) {
    key = load_secret_key(o.sign_key, o.source, o.output, err);
    if (!key) return exit_code(pipeline::Status::kInputErrors);
  }
  const pipeline::BuildOutcome r = pipeline::build_folder(
      o, key ? &*key : nullptr,
      [&](const pipeline::Pipeline& b) { print_diagnostics(b.diags(), err); },
      [&](const std::string& m) { err << "thidua: note: " << m << '\n'; });
  if (r.status == pipeline::Status::kUpToDate) {
    if (!o.quiet) {
      out << o.output.given << " is up to date: nothing changed since its last build";
      if (r.warnings_then > 0)
        out << " (" << r.warnings_then << " warnings then; thidua check lists them)";
      out << '\n';
    }
    return exit_code(pipeline::Status::kDone);
  }
  if (r.status != pipeline::Status::kDone) {
    const int code = failed(r, o, err);
    if (r.status != pipeline::Status::kIoError || r.staged)
      err << "nothing was written: " << o.output.given << " is unchanged\n";
    return code;
  }
  const pipeline::Pipeline& b = r.folder->pipeline();
  if (!o.quiet) {
    print_summary(b, out);
    out << "wrote " << r.files << " files to " << o.output.given;
    if (r.kept > 0)
      out << " (" << r.files - r.kept << " made, " << r.kept
          << " kept from the last build: their inputs did not change)";
    out << '\n';
  }
  if (o.verbose) {
    auto stages = b.timings();
    stages.push_back({"commit", r.commit_seconds, platform::peak_memory_kib()});
    for (const auto& [stage, seconds, peak] : stages)
      out << "  " << stage << ": " << static_cast<long>(seconds * 1000 + 0.5) << " ms (peak memory "
          << (peak + 512) / 1024 << " MiB)\n";
  }
  return exit_code(pipeline::Status::kDone);
}

int run_archive(Request o, std::ostream& out, std::ostream& err) {
  const std::string& period = o.period;
  if (o.output.empty()) o.output = period + ".zip";
  const std::string& output = o.output.given;
  std::optional<sign::SecretKey> key;
  if (!o.sign_key.empty()) {
    key = load_secret_key(o.sign_key, o.source, {}, err);
    if (!key) return exit_code(pipeline::Status::kInputErrors);
  }
  const pipeline::ArchiveOutcome r = pipeline::archive_period(
      o, key ? &*key : nullptr,
      [&](const pipeline::Pipeline& b) { print_diagnostics(b.diags(), err); });
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  if (!o.quiet) {
    out << "wrote the snapshot of " << period << " (" << r.files << " files) to " << output;
    if (key) out << ", signed by key " << sign::key_id_hex(key->id);
    out << '\n';
    if (!r.seal.empty())
      out << "its seal: " << r.seal << "\n"
          << "to make the period final, set in " << o.source.given << "/periods/" << period
          << "/period.json: \"status\": \"archived\", \"sealed\": \"" << r.seal << "\"\n";
  }
  return exit_code(pipeline::Status::kDone);
}

int run_template(Request o, std::ostream& out, std::ostream& err) {
  const std::string& period = o.period;
  if (o.output.empty()) o.output = period + "-ket-qua.xlsx";
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
        print_diagnostics(shown, err);
      });
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  if (!o.quiet)
    out << "wrote the template of " << period << " (" << r.units << " units, " << r.results
        << " with results filled in) to " << output << '\n';
  return exit_code(pipeline::Status::kDone);
}

int run_verify(const Request& o, std::ostream& out, std::ostream& err) {
  const std::string& path = o.output.given;
  const std::string& key = o.verify_key;
  namespace ms = sign;
  std::optional<ms::PublicKey> pub;
  if (!key.empty()) {  // a key file, or the key's base64 line itself
    bool exists = false;
    std::string error;
    const auto text = read_key_file(key, &exists, &error);
    if (text || !exists) {
      error.clear();
      pub = ms::parse_public_key(text ? *text : key, &error);
    }
    if (!pub) {
      err << "thidua: error: " << key << ": " << error << '\n';
      return exit_code(pipeline::Status::kInputErrors);
    }
  }
  const output::VerifyReport r = output::verify_snapshot(path);
  if (!r.error.empty()) {
    err << "thidua: error: " << r.error << '\n';
    return exit_code(pipeline::Status::kIoError);
  }
  std::string signed_by;
  if (pub) {
    if (!r.signature) {
      err << path << ": not signed (no " << output::kSignature
          << "): it cannot be checked against key " << ms::key_id_hex(pub->id) << '\n';
      return exit_code(pipeline::Status::kInputErrors);
    }
    const ms::Verification v = ms::verify(*pub, r.manifest, *r.signature);
    if (!v.ok) {
      err << path << ": " << output::kSignature << ": " << v.error << '\n';
      return exit_code(pipeline::Status::kInputErrors);
    }
    out << path << ": the manifest is signed by key " << ms::key_id_hex(pub->id) << ": "
        << v.trusted_comment << '\n';
  } else if (r.signature) {
    const auto id = ms::signature_key_id(*r.signature);
    signed_by = id ? " (signed by key " + ms::key_id_hex(*id) +
                         ", not checked: give its public key with --key)"
                   : " (" + std::string(output::kSignature) + " is not a signature)";
  } else {
    signed_by = " (not signed)";
  }
  for (const auto& p : r.missing) err << path << ": missing: " << p << '\n';
  for (const auto& p : r.altered) err << path << ": altered: " << p << '\n';
  for (const auto& p : r.added) err << path << ": added: " << p << '\n';
  if (!r.ok()) {
    err << r.missing.size() << " missing, " << r.altered.size() << " altered, " << r.added.size()
        << " added: " << path << " does not match its manifest\n";
    return exit_code(pipeline::Status::kInputErrors);
  }
  out << path << ": all " << r.checked << " files match the manifest" << signed_by << '\n';
  return exit_code(pipeline::Status::kDone);
}

int run_new(const Request& o, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  const std::string& dir = o.output.given;
  const pipeline::NewOutcome r = pipeline::new_folder(o);
  if (r.status != pipeline::Status::kDone) return failed(r, o, err);
  out << "wrote a starter content folder of " << r.files << " files to " << dir << "\n"
      << "next: read " << (fs::path(dir) / "README.md").string() << ", then\n"
      << "  thidua check --source " << dir << "\n"
      << "  thidua build --source " << dir << " --output public\n";
  return exit_code(pipeline::Status::kDone);
}

}  // namespace thidua::cli
