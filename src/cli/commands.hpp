// The pipeline, load → model → score → site → output, as the commands run it.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "pipeline/request.hpp"
#include "pipeline/tasks.hpp"  // Profile, Diagnostics

namespace thidua::cli {

using pipeline::Request;

/// Diagnostics printed at the most; past them one line says how many more.
inline constexpr std::size_t kMaxShown = 200;

/// Prints the first kMaxShown diagnostics, one per line, in `o.language`,
/// then a line counting the rest (one CSV of a million columns is not a
/// million lines); with o.json, every one as a JSON line on `out` instead.
/// Returns what it printed.
std::string print_diagnostics(const Diagnostics& diags, const Request& o, std::ostream& out,
                              std::ostream& err);

/// `m` in the language of the request.
inline std::string say(const Request& o, const text::Message& m) { return m.in(o.language); }

/// Exit codes, as the contract fixes them.
enum ExitCode { kOk = 0, kInputErrors = 1, kUsage = 2, kIoError = 3 };

/// The exit code of a task that ended so: the one place it is decided.
int exit_code(pipeline::Status status);
/// Says on `err` why a task failed (any status but kDone and kUpToDate)
/// and gives its exit code: the one place a failure becomes words.
int failed(const pipeline::Outcome& outcome, const Request& request, std::ostream& err);

/// thidua check: every diagnostic on `err`, a summary on `out`.
int run_check(const Request& request, std::ostream& out, std::ostream& err);
/// thidua build: as check, then writes the site unless there were errors.
int run_build(const Request& request, std::ostream& out, std::ostream& err);
/// thidua archive PERIOD: a zip of the public site as it stood at the end of
/// the period, with a manifest (default output: <period>.zip).
int run_archive(Request request, std::ostream& out, std::ostream& err);
/// thidua verify FILE.zip|DIR (request.output): every file against the
/// snapshot's manifest. With request.verify_key, the manifest's signature is
/// checked first; without, it says whether and by which key it is signed.
int run_verify(const Request& request, std::ostream& out, std::ostream& err);
/// thidua new DIR (request.output): writes the built-in starter content
/// folder there, which must not exist or be empty.
int run_new(const Request& request, std::ostream& out, std::ostream& err);
/// thidua template: the results workbook of the period (default
/// PERIOD-ket-qua.xlsx); an existing file or one inside the content folder is
/// refused (exit 3, as a folder build or new refuses).
int run_template(Request request, std::ostream& out, std::ostream& err);
/// thidua convert: the content folder in the other form (workbooks or
/// JSON), written to request.output, a new or empty folder outside it.
int run_convert(const Request& request, std::ostream& out, std::ostream& err);

}  // namespace thidua::cli
