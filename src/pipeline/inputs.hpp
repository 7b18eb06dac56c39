// What a build's bytes depend on, as the load stage knows the content folder:
// the fingerprint that lets an unchanged build do nothing, and the source
// files a snapshot is made from.
#pragma once

#include <functional>
#include <string>

#include "load/source_tree.hpp"
#include "model/model.hpp"

namespace thidua::pipeline {

/// This program as a file (its version, path, size and time): what its
/// output depends on besides the content. "" when it cannot be found.
std::string binary_identity();

/// What a build's bytes depend on, known before the content is loaded.
struct Fingerprint {
  /// Everything a build's bytes depend on: every file of the content folder
  /// (hidden top-level folders such as .git are not read by thidua), this
  /// binary (the built-in theme is inside it), the profile and a base_url
  /// given on the command line, and the key a signed build is signed with.
  /// "" when the folder cannot be listed or read
  /// cleanly: then there is no shortcut.
  std::string inputs;
  /// The same, told by the listing alone (each file's size, identity and
  /// change time: SourceTree::listing), without reading a file. "" when the
  /// listing cannot tell (a file changed in the last two seconds).
  std::string listing;
};

/// The fingerprint of `tree`'s build with these options. When the listing
/// is `known`'s (the last build's, whose inputs were `known_inputs`), no
/// file is read: the inputs are those.
Fingerprint input_fingerprint(const load::SourceTree& tree, Profile profile,
                              const std::string& base_url, const std::string& signer,
                              const std::string& known_listing = "",
                              const std::string& known_inputs = "");

/// The content hash of a snapshot or a signed site: the SHA-256 over the
/// records `content` holds (model/records.hpp) as it was built, in its
/// profile and cut to its period (keep_until_period), so adding a later
/// period does not change it, nor moving the same results from JSON into a
/// workbook: the site's settings, units, clusters, the schemes its periods
/// use, each period's settings, results and inspections, the documents,
/// pages, theme files, and each static file by `static_hash` of its path
/// (the SHA-256 of the bytes written for it: static files are copied, not
/// loaded).
std::string snapshot_hash(const Content& content,
                          const std::function<std::string(const std::string&)>& static_hash);

/// A period's seal (version 2): the SHA-256 over the records its results are
/// computed from and published with (model/records.hpp): its dates, scheme
/// id and comparison; its scheme; every result; its inspections; and the
/// organisation as it stood for it (every unit active during it, without
/// its internal fields, and their clusters). Recording the seal, a
/// correction, a publication date, the status or the title does not change
/// it, nor does moving the same results from JSON into a workbook. And over
/// the rules that compute them where they changed its totals: since
/// 2026-12-06 a penalty section's max caps what it deducts; a period where
/// some unit's penalties pass that max has a seal that says so. `content` as
/// loaded (before a profile strips it).
std::string period_seal(const Period& period, const Content& content);

/// The seal of version 1 (printed until 2026-12-06): the SHA-256 over the
/// period's source files (its dates, scheme and comparison; every file of
/// its folder but period.json; its scheme's file). Still accepted, with a
/// warning that gives the version-2 seal to record instead.
std::string period_seal_v1(const load::SourceTree& tree, const Period& period,
                           const Content& content);

/// Errors for sealed periods whose seal no longer holds (nor that of their
/// last correction), warnings for seals of version 1, and errors for
/// corrections naming unknown units. `content` as loaded.
void check_seals(const load::SourceTree& tree, const Content& content, Diagnostics& diags);

}  // namespace thidua::pipeline
