// The pipeline, load → model → score → site → output, as the commands run it.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "pipeline/tasks.hpp"  // Profile, Diagnostics

namespace thidua::cli {

/// Diagnostics printed at the most; past them one line says how many more.
inline constexpr std::size_t kMaxShown = 200;

/// Prints the first kMaxShown diagnostics, one per line, then a line
/// counting the rest (one CSV of a million columns is not a million lines).
/// Returns what it printed.
std::string print_diagnostics(const Diagnostics& diags, std::ostream& err);

/// Exit codes, as the contract fixes them.
enum ExitCode { kOk = 0, kInputErrors = 1, kUsage = 2, kIoError = 3 };

struct BuildOptions {
  std::string source = "content";
  std::string output = "public";
  Profile profile = Profile::kPublic;
  std::string base_url;  ///< overrides site.json when not empty
  int jobs = 0;          ///< 0: number of cores
  bool quiet = false;
  bool verbose = false;  ///< print per-stage timings
  std::string sign_key;  ///< build: a minisign secret key to sign the site with
};

/// thidua check: every diagnostic on `err`, a summary on `out`.
int run_check(const BuildOptions& options, std::ostream& out, std::ostream& err);
/// thidua build: as check, then writes the site unless there were errors.
int run_build(const BuildOptions& options, std::ostream& out, std::ostream& err);
/// thidua archive PERIOD: a zip of the public site as it stood at the end of
/// `period`, with a manifest (default output: <period>.zip).
int run_archive(const BuildOptions& options, const std::string& period, std::string output,
                const std::string& sign_key, std::ostream& out, std::ostream& err);
/// thidua verify FILE.zip|DIR: every file against the snapshot's manifest.
/// thidua verify SNAPSHOT [--key PUB]: with a key, the manifest's signature
/// is checked first; without, it says whether and by which key it is signed.
int run_verify(const std::string& path, const std::string& key, std::ostream& out,
               std::ostream& err);
/// thidua new DIR: writes the built-in starter content folder into `dir`,
/// which must not exist or be empty.
int run_new(const std::string& dir, std::ostream& out, std::ostream& err);
/// thidua template: the results workbook of `period` (default
/// PERIOD-ket-qua.xlsx); an existing file or one inside the content folder is
/// refused (exit 3, as a folder build or new refuses).
int run_template(const BuildOptions& options, const std::string& period, std::string output,
                 std::ostream& out, std::ostream& err);

}  // namespace thidua::cli
