// What a command asks for, as one value: filled once, by the command line,
// and read by every step after it. Paths are made absolute here, once; the
// way the user wrote them is kept for what thidua says back.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"    // Profile
#include "text/messages.hpp"  // Language

namespace thidua::pipeline {

/// A path as the user gave it (for messages) and made absolute and lexically
/// normal (for the work: a build of "." swaps the working folder away).
struct GivenPath {
  GivenPath() = default;
  GivenPath(std::string as_given);  // NOLINT: a path is given as text
  std::string given;
  std::filesystem::path absolute;
  bool empty() const { return given.empty(); }
};

struct Request {
  GivenPath source{"content"};
  /// build: the site's folder; archive: the zip; template: the workbook;
  /// verify: the snapshot (zip or folder); convert: the new content folder.
  GivenPath output;
  Profile profile = Profile::kPublic;
  std::string base_url;  ///< overrides site.json when not empty
  std::string period;    ///< archive, template: which period
  int jobs = 0;          ///< threads; 0: one per core
  bool quiet = false;
  bool clean = false;              ///< build: make every file again, keep nothing of the last build
  bool verbose = false;            ///< build: print per-stage timings
  GivenPath sign_key;              ///< build, archive: a minisign secret key to sign with
  std::string verify_key;          ///< verify: a public key file, or its base64 line
  std::string bind = "127.0.0.1";  ///< serve
  int port = 1313;                 ///< serve
  std::vector<std::string> allowed_hosts;         ///< serve: names answered besides IP addresses
  text::Language language = text::Language::kVi;  ///< of what thidua says (not of the site)
  bool json = false;          ///< check, build: diagnostics as JSON lines on stdout (--format json)
  bool to_workbooks = false;  ///< convert: to workbooks (else to JSON)
  std::optional<Date> at;     ///< check --at: print the organisation as it stood that day
};

}  // namespace thidua::pipeline
