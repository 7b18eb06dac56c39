// What the last build of an output folder was made from, so that a build
// with nothing changed can stop early, as make does, and a build with little
// changed makes only the files whose inputs changed. The stamp lives beside
// the folder (.<folder>.thidua-stamp), not in it: it fingerprints every
// input, internal ones included, and has no place in a published site. The
// site before the last one is kept beside it too, as the spare
// (.<folder>.thidua-spare, its stamp .<folder>.thidua-spare-stamp): the next
// incremental build is made in it, so that only what changed is written.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/messages.hpp"

#include "output/sink.hpp"

namespace thidua::output {

/// A stamp's head: all an up-to-date check reads.
struct StampHead {
  std::string inputs;  ///< fingerprint of the content folder, the binary and the options
  /// The same told by the folder's listing alone ("-" for none): when the
  /// next build lists the same, it reads no file to know its inputs.
  std::string listing;
  std::string files;  ///< files_digest() of what the build wrote
  long warnings = 0;  ///< how many the build reported
  /// "public" or "intranet": the profile of the site it describes (a spare
  /// is kept only for a site of the same profile).
  std::string profile;
};

struct Stamp : StampHead {
  /// Every file the build wrote (the marker aside): the next build keeps a
  /// file whose inputs hash the same.
  MadeFiles made;
};

/// Where the stamp of `destination` is kept. Every function here takes the
/// destination absolute and lexically normal, as the request holds it
/// (pipeline::GivenPath): relative, "." would put the stamp inside the site.
std::filesystem::path stamp_path(const std::filesystem::path& destination);
/// The spare of `destination` (the site before its last one), and its stamp.
std::filesystem::path spare_path(const std::filesystem::path& destination);
std::filesystem::path spare_stamp_path(const std::filesystem::path& destination);
/// The stamp in the file `path`; nullopt when there is none or it cannot be
/// read.
std::optional<Stamp> read_stamp(const std::filesystem::path& path);
/// Its head alone, the list of files not read.
std::optional<StampHead> read_stamp_head(const std::filesystem::path& path);
/// Written to a temporary file and renamed into place at `path`.
bool write_stamp(const std::filesystem::path& path, const Stamp& stamp, text::Message* error);
/// One file of a stamp: its path, the hash of what it was made from ("" for
/// none) and its size.
struct StampedFile {
  std::string_view path, key;
  std::uintmax_t size = 0;
};
/// The head and the files in `sorted` (by path): a
/// build's list comes sorted, and neither copied into a map nor sorted again.
bool write_stamp(const std::filesystem::path& path, const StampHead& head,
                 const std::vector<StampedFile>& sorted, text::Message* error);
void remove_stamp(const std::filesystem::path& path);

/// A digest of (path, size) pairs, whatever their order.
std::string files_digest(const std::vector<std::pair<std::string, std::uintmax_t>>& files);

/// True when `destination` holds exactly the files of `stamp` (the same paths
/// and sizes) and none was changed after the stamp was written. Where folder
/// change times tell of their entries (platform::kFolderTimesCoverEntries),
/// each listed file and each folder they lie in is looked up, and no folder
/// may have changed after the stamp either; elsewhere each folder is listed.
bool output_matches(const std::filesystem::path& destination, const Stamp& stamp);

/// True when every file the stamp of `destination` lists is there, of the
/// size it lists, unchanged since the stamp was written: each looked up by
/// its path, on a few threads, no folder listed. Faster than
/// output_matches (a site of 120,000 files has 110,000 folders), and enough
/// to know that a build with nothing to do leaves the folder as a build
/// would make it: it does not see a file added by another hand, which the
/// next build that writes anything finds (and refuses the folder).
/// The stamp is read `block` bytes at a time.
bool files_as_stamped(const std::filesystem::path& destination, std::size_t block = 4u << 20);

}  // namespace thidua::output
