// Archive snapshots: a zip of one period's site with a manifest of every
// file's SHA-256, and the check of a snapshot against its manifest.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/messages.hpp"

namespace thidua::output {

/// The manifest file name inside a snapshot.
inline constexpr const char* kManifest = "manifest.json";
/// Its minisign signature, in a signed snapshot; and the public key that
/// checks it, which the manifest lists.
inline constexpr const char* kSignature = "manifest.json.minisig";
inline constexpr const char* kPublicKey = "minisign.pub";

/// manifest.json: the thidua version, the period, the content hash, and every
/// file (but the manifest) with its size and SHA-256, sorted by path.
std::string manifest_json(const std::string& version, const std::string& period,
                          const std::string& content_hash,
                          const std::map<std::string, std::string>& files);

/// The same manifest from each file's path, size and SHA-256 (hex), sorted by
/// path: for a site on disk, hashed without holding it in memory.
struct ManifestEntry {
  std::string path;
  std::uintmax_t size = 0;
  std::string sha256;
};
std::string manifest_json(const std::string& version, const std::string& period,
                          const std::string& content_hash, std::vector<ManifestEntry> files);

class ReplacingFile;

/// Writes `files` as a zip into `file` and commits it (renames it over its
/// target), entries sorted, every entry dated `mtime`, so the same files give
/// the same bytes. False and `error` on failure (the target untouched).
bool write_zip(ReplacingFile& file, const std::map<std::string, std::string>& files,
               std::time_t mtime, text::Message* error);

/// True when `path` is a regular file (not a link) that is a snapshot thidua
/// made: a zip whose entries pass verify's checks of names, with a thidua
/// manifest. What `archive --output` may replace. Otherwise false and `why`.
bool is_snapshot_file(const std::string& path, text::Message* why);

struct VerifyReport {
  std::vector<std::string> added, missing, altered;
  text::Message error;  ///< the snapshot or its manifest cannot be read
  std::size_t checked = 0;
  std::string manifest;                  ///< its text
  std::optional<std::string> signature;  ///< manifest.json.minisig, when there is one
  bool ok() const { return error.empty() && added.empty() && missing.empty() && altered.empty(); }
};

/// Checks a snapshot (a .zip file or a folder) against its manifest.json.
VerifyReport verify_snapshot(const std::string& path);
/// The same for a zip's bytes (`name` for messages): what fuzzing drives.
VerifyReport verify_zip_bytes(const std::string& name, std::string_view bytes);

}  // namespace thidua::output
