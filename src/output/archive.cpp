#include "output/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "output/sink.hpp"
#include "platform/files.hpp"
#include "platform/process.hpp"

#include <nlohmann/json.hpp>

#include "platform/paths.hpp"
#include "text/controls.hpp"
#include "text/sha256.hpp"

namespace fs = std::filesystem;

namespace thidua::output {
namespace {

/// libarchive's message for its last error; it may have none (nullptr).
std::string archive_error(archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "the zip is damaged";
}

}  // namespace

std::string manifest_json(const std::string& version, const std::string& period,
                          const std::string& content_hash,
                          const std::map<std::string, std::string>& files) {
  std::vector<ManifestEntry> entries;
  for (const auto& [path, bytes] : files)
    entries.push_back({path, bytes.size(), text::content_hash(bytes)});
  return manifest_json(version, period, content_hash, std::move(entries));
}

std::string manifest_json(const std::string& version, const std::string& period,
                          const std::string& content_hash, std::vector<ManifestEntry> files) {
  std::sort(files.begin(), files.end(),
            [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });
  nlohmann::ordered_json m;
  m["thidua_version"] = version;
  m["period"] = period;
  m["content_sha256"] = content_hash;
  m["files"] = nlohmann::ordered_json::array();
  for (const auto& f : files) {
    if (f.path == kManifest || f.path == kSignature) continue;
    m["files"].push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  }
  return m.dump(1) + "\n";
}

bool write_zip(ReplacingFile& file, const std::map<std::string, std::string>& files,
               std::time_t mtime, text::Message* error) {
  // libarchive writes each entry's DOS date in local time: the same snapshot
  // made in Hà Nội and in Los Angeles would differ. This command writes
  // nothing else that depends on the time zone, so it runs in UTC.
  platform::use_utc();
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_options(a, "zip:compression=deflate");
  // libarchive pads a file it writes to blocks of 10 KiB unless told not to.
  archive_write_set_bytes_in_last_block(a, 1);
  struct Out {
    ReplacingFile& file;
    text::Message error;
  } out{file, {}};
  const auto write = [](archive* w, void* client, const void* buffer, std::size_t n) -> la_ssize_t {
    auto* o = static_cast<Out*>(client);
    if (o->file.write({static_cast<const char*>(buffer), n}, &o->error))
      return static_cast<la_ssize_t>(n);
    archive_set_error(w, EIO, "%s", o->error.in(text::Language::kEn).c_str());
    return -1;
  };
  if (archive_write_open2(a, &out, nullptr, write, nullptr, nullptr) != ARCHIVE_OK) {
    *error =
        text::Message("io-cannot-write", {{"path", file.temp()}, {"reason", archive_error(a)}});
    archive_write_free(a);
    return false;
  }
  bool ok = true;
  for (const auto& [path, bytes] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, mtime, 0);
    if (archive_write_header(a, e) != ARCHIVE_OK ||
        archive_write_data(a, bytes.data(), bytes.size()) < 0) {
      *error = text::Message("zip-cannot-write-entry",
                             {{"path", path}, {"zip", file.temp()}, {"reason", archive_error(a)}});
      ok = false;
    }
    archive_entry_free(e);
    if (!ok) break;
  }
  if (archive_write_close(a) != ARCHIVE_OK && ok) {
    *error =
        text::Message("zip-cannot-finish", {{"zip", file.temp()}, {"reason", archive_error(a)}});
    ok = false;
  }
  archive_write_free(a);
  return ok && file.commit(error);
}

namespace {

/// A name from a snapshot, as a message quotes it.
std::string shown(std::string_view name) { return text::excerpt(name); }

/// SHA-256 of bytes given piece by piece (OpenSSL), in lower-case hex.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void add(const void* data, std::size_t size) { EVP_DigestUpdate(ctx_, data, size); }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx_, digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 15];
    }
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

/// The manifest is read whole; nothing else is kept in memory.
constexpr std::uintmax_t kManifestLimit = 64u << 20;

/// What a snapshot holds: each file's size and SHA-256, read in pieces.
struct Seen {
  std::uintmax_t size = 0;
  std::string sha256;
};

/// What the manifest says of each file.
struct Expected {
  std::uintmax_t size = 0;
  std::string sha256;
};

/// The texts a check reads whole: the manifest and its signature.
struct Texts {
  std::string manifest;
  std::optional<std::string> signature;
};
constexpr std::uintmax_t kSignatureLimit = 4096;

/// Reads up to `limit` bytes of the current entry (or file) through `read`;
/// false when there are more.
template <typename Read>
bool read_bounded(Read read, const std::string& name, std::uintmax_t limit, std::string* bytes,
                  text::Message* error) {
  char buf[1 << 16];
  for (long n; (n = read(buf, sizeof buf)) != 0;) {
    if (n < 0) return false;
    if (bytes->size() + static_cast<std::uintmax_t>(n) > limit) {
      *error = text::Message(
          name == kSignature ? "snapshot-signature-too-large" : "snapshot-manifest-too-large",
          {{"file", name},
           {"size", limit >= (1u << 20) ? std::to_string(limit >> 20) + " MiB"
                                        : std::to_string(limit >> 10) + " KB"}});
      return false;
    }
    bytes->append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

/// Parses the manifest into `expected`; false and `error` when it is not one.
bool parse_manifest(const std::string& text, std::map<std::string, Expected>& expected,
                    text::Message* error) {
  const auto manifest = nlohmann::json::parse(text, nullptr, false);
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array()) {
    *error = text::Message("manifest-not-thidua", {{"manifest", kManifest}});
    return false;
  }
  for (const auto& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
        !f["sha256"].is_string() || !f.contains("size") || !f["size"].is_number_unsigned()) {
      *error = text::Message("manifest-bad-entry", {{"manifest", kManifest}});
      return false;
    }
    const std::string path = f["path"];
    if (!is_safe_relative_path(path) || path == kManifest) {
      *error =
          text::Message("manifest-unsafe-path", {{"manifest", kManifest}, {"path", shown(path)}});
      return false;
    }
    if (!expected.emplace(path, Expected{f["size"].get<std::uintmax_t>(), f["sha256"]}).second) {
      *error = text::Message("manifest-twice", {{"manifest", kManifest}, {"path", shown(path)}});
      return false;
    }
  }
  return true;
}

/// A zip, read twice: first the names (each checked, none twice) and the
/// manifest, then each listed file's hash, never past the size the manifest
/// gives it, so a small zip that unpacks to gigabytes costs neither memory
/// nor more than a manifest's worth of time.
class ZipReader {
 public:
  explicit ZipReader(const std::string& path) : path_(path) {}
  /// A zip held in memory (`name` for messages).
  ZipReader(const std::string& name, std::string_view bytes) : path_(name), bytes_(bytes) {}
  ~ZipReader() { close(); }

  bool names(std::map<std::string, Expected>& expected, std::set<std::string>& all, Texts& texts,
             text::Message* error) {
    if (!open(error)) return false;
    archive_entry* e;
    int r;
    bool manifest_seen = false;
    std::set<std::string> folders;
    while ((r = archive_read_next_header(a_, &e)) == ARCHIVE_OK) {
      const char* raw = archive_entry_pathname(e);
      const std::string name = raw ? raw : "";
      // Every entry an unzip program would write is either a file listed in
      // the manifest and hashed, or a reason to refuse the snapshot. A folder
      // entry is one only when its name ends in '/' (that is how unzip and
      // Python tell one) and it holds nothing: libarchive calls an entry a
      // folder by its Unix mode alone, and skipping such an entry let a forged
      // page named "index.html" through (unzip writes it as a file).
      if (archive_entry_filetype(e) == AE_IFDIR) {
        if (!folder_entry_ok(name, e, error)) return false;
        folders.insert(name.substr(0, name.size() - 1));
        continue;
      }
      if (!is_safe_relative_path(name)) {
        *error =
            text::Message("snapshot-unsafe-entry", {{"snapshot", path_}, {"entry", shown(name)}});
        return false;
      }
      if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e) != nullptr ||
          archive_entry_symlink(e) != nullptr) {
        *error =
            text::Message("snapshot-not-regular", {{"snapshot", path_}, {"entry", shown(name)}});
        return false;
      }
      if (!all.insert(name).second) {
        *error =
            text::Message("snapshot-entry-twice", {{"snapshot", path_}, {"entry", shown(name)}});
        return false;
      }
      if (name == kManifest) {
        std::string text;
        if (!read_bounded([&](char* b, std::size_t n) { return archive_read_data(a_, b, n); }, name,
                          kManifestLimit, &text, error)) {
          if (error->empty())
            *error =
                text::Message("io-cannot-read", {{"path", name}, {"reason", archive_error(a_)}});
          return false;
        }
        if (!parse_manifest(text, expected, error)) return false;
        texts.manifest = std::move(text);
        manifest_seen = true;
      } else if (name == kSignature) {
        std::string text;
        if (!read_bounded([&](char* b, std::size_t n) { return archive_read_data(a_, b, n); }, name,
                          kSignatureLimit, &text, error)) {
          if (error->empty())
            *error =
                text::Message("io-cannot-read", {{"path", name}, {"reason", archive_error(a_)}});
          return false;
        }
        texts.signature = std::move(text);
      }
    }
    for (const auto& folder : folders)
      if (all.count(folder)) {
        *error = text::Message("snapshot-file-and-folder",
                               {{"snapshot", path_}, {"entry", shown(folder)}});
        return false;
      }
    if (r != ARCHIVE_EOF) {
      *error = text::Message("io-cannot-read", {{"path", path_}, {"reason", archive_error(a_)}});
      return false;
    }
    if (!manifest_seen) {
      *error =
          text::Message("snapshot-no-manifest", {{"snapshot", path_}, {"manifest", kManifest}});
      return false;
    }
    return true;
  }

  bool hashes(const std::map<std::string, Expected>& expected, std::map<std::string, Seen>& seen,
              text::Message* error) {
    close();
    if (!open(error)) return false;
    archive_entry* e;
    int r;
    while ((r = archive_read_next_header(a_, &e)) == ARCHIVE_OK) {
      const char* raw = archive_entry_pathname(e);
      const std::string name = raw ? raw : "";
      const auto it = expected.find(name);
      if (archive_entry_filetype(e) != AE_IFREG || it == expected.end()) continue;
      // The size the zip declares, when it does, is checked before any byte.
      if (archive_entry_size_is_set(e) &&
          static_cast<std::uintmax_t>(archive_entry_size(e)) != it->second.size) {
        seen[name] = {static_cast<std::uintmax_t>(archive_entry_size(e)), ""};
        continue;
      }
      Sha256 sha;
      Seen s;
      char buf[1 << 16];
      la_ssize_t n;
      while ((n = archive_read_data(a_, buf, sizeof buf)) > 0) {
        s.size += static_cast<std::uintmax_t>(n);
        if (s.size > it->second.size) break;  // altered: no need to read the rest
        sha.add(buf, static_cast<std::size_t>(n));
      }
      if (n < 0) {
        *error = text::Message(
            "snapshot-cannot-read-entry",
            {{"entry", shown(name)}, {"snapshot", path_}, {"reason", archive_error(a_)}});
        return false;
      }
      if (s.size > it->second.size) {
        *error =
            text::Message("snapshot-too-many-bytes", {{"snapshot", path_},
                                                      {"entry", shown(name)},
                                                      {"size", std::to_string(it->second.size)}});
        return false;
      }
      s.sha256 = sha.hex();
      seen[name] = std::move(s);
    }
    if (r != ARCHIVE_EOF) {
      *error = text::Message("io-cannot-read", {{"path", path_}, {"reason", archive_error(a_)}});
      return false;
    }
    return true;
  }

 private:
  /// A folder entry: a safe name ending in '/', no size, no data.
  bool folder_entry_ok(const std::string& name, archive_entry* e, text::Message* error) {
    if (name.size() < 2 || name.back() != '/' ||
        !is_safe_relative_path(std::string_view(name).substr(0, name.size() - 1))) {
      *error =
          text::Message("snapshot-bad-folder-entry", {{"snapshot", path_}, {"entry", shown(name)}});
      return false;
    }
    char byte;
    if ((archive_entry_size_is_set(e) && archive_entry_size(e) != 0) ||
        archive_read_data(a_, &byte, 1) != 0) {
      *error =
          text::Message("snapshot-folder-with-data", {{"snapshot", path_}, {"entry", shown(name)}});
      return false;
    }
    return true;
  }

  bool open(text::Message* error) {
    a_ = archive_read_new();
    archive_read_support_format_zip(a_);
#ifdef _WIN32
    // The name in UTF-16: libarchive reads a narrow one in the code page.
    const int opened =
        bytes_ ? archive_read_open_memory(a_, bytes_->data(), bytes_->size())
               : archive_read_open_filename_w(a_, platform::path_of(path_).c_str(), 1 << 16);
#else
    const int opened = bytes_ ? archive_read_open_memory(a_, bytes_->data(), bytes_->size())
                              : archive_read_open_filename(a_, path_.c_str(), 1 << 16);
#endif
    if (opened != ARCHIVE_OK) {
      *error = text::Message("io-cannot-open", {{"path", path_}, {"reason", archive_error(a_)}});
      return false;
    }
    return true;
  }
  void close() {
    if (a_) archive_read_free(a_);
    a_ = nullptr;
  }
  std::string path_;
  std::optional<std::string_view> bytes_;
  archive* a_ = nullptr;
};

/// read_bounded over a regular file on disk, opened without following a
/// link at its end (a file swapped for a link while it is checked is
/// refused, not followed).
bool read_file_bounded(const fs::path& path, const std::string& name, std::uintmax_t limit,
                       std::string* bytes, text::Message* error) {
  platform::File file = platform::File::open_regular(path, /*follow=*/false, nullptr);
  if (!file.is_open()) return false;
  return read_bounded(
      [&](char* b, std::size_t n) -> long {
        const auto got = file.read(b, n, nullptr);
        return got ? static_cast<long>(*got) : -1;
      },
      name, limit, bytes, error);
}

/// An unpacked snapshot: every file hashed in pieces, never past the size
/// the manifest gives it; links and other special files refused (a link
/// could lead outside the snapshot).
bool read_dir(const std::string& root, std::map<std::string, Expected>& expected,
              std::set<std::string>& all, std::map<std::string, Seen>& seen, Texts& texts,
              text::Message* error) {
  std::error_code ec;
  std::vector<std::string> files;
  const fs::path root_path = platform::path_of(root);
  for (auto it = fs::recursive_directory_iterator(root_path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) continue;
    const std::string rel = platform::generic_text_of(fs::relative(it->path(), root_path));
    if (!fs::is_regular_file(status)) {
      *error = text::Message("snapshot-not-regular", {{"snapshot", root}, {"entry", shown(rel)}});
      return false;
    }
    files.push_back(rel);
    all.insert(rel);
  }
  if (ec) {
    *error = text::Message("io-cannot-read", {{"path", root}, {"reason", ec.message()}});
    return false;
  }
  if (!all.count(kManifest)) {
    *error = text::Message("snapshot-no-manifest", {{"snapshot", root}, {"manifest", kManifest}});
    return false;
  }
  if (!read_file_bounded(platform::path_of(root) / kManifest, kManifest, kManifestLimit,
                         &texts.manifest, error)) {
    if (error->empty())
      *error = text::Message("io-cannot-read", {{"path", kManifest}, {"reason", "?"}});
    return false;
  }
  if (!parse_manifest(texts.manifest, expected, error)) return false;
  if (all.count(kSignature)) {
    std::string text;
    if (!read_file_bounded(platform::path_of(root) / kSignature, kSignature, kSignatureLimit, &text,
                           error)) {
      if (error->empty())
        *error = text::Message("io-cannot-read", {{"path", kSignature}, {"reason", "?"}});
      return false;
    }
    texts.signature = std::move(text);
  }
  // A built site's folder holds thidua's marker of an output folder, which
  // no manifest lists: it passes only as the marker of exactly these files.
  if (all.count(kOutputMarker)) {
    std::vector<std::string_view> others;
    for (const auto& f : files)
      if (f != kOutputMarker) others.push_back(f);
    std::string text;
    if (read_file_bounded(platform::path_of(root) / kOutputMarker, kOutputMarker, kManifestLimit,
                          &text, error) &&
        text == output_marker_text(std::move(others)))
      all.erase(kOutputMarker);
    *error = {};
  }
  for (const auto& rel : files) {
    const auto it = expected.find(rel);
    if (it == expected.end()) continue;
    platform::File file =
        platform::File::open_regular(platform::path_of(root) / rel, /*follow=*/false, nullptr);
    if (!file.is_open()) {
      *error = text::Message(
          "snapshot-cannot-read-entry",
          {{"entry", shown(rel)}, {"snapshot", root}, {"reason", "not a regular file"}});
      return false;
    }
    Sha256 sha;
    Seen s;
    char buf[1 << 16];
    std::optional<std::size_t> n;
    while ((n = file.read(buf, sizeof buf, nullptr)) && *n != 0) {
      s.size += *n;
      if (s.size > it->second.size) break;  // altered: no need to read the rest
      sha.add(buf, *n);
    }
    if (!n) {
      *error = text::Message("snapshot-cannot-read-entry",
                             {{"entry", shown(rel)}, {"snapshot", root}, {"reason", "?"}});
      return false;
    }
    s.sha256 = s.size > it->second.size ? "" : sha.hex();
    seen[rel] = std::move(s);
  }
  return true;
}

}  // namespace

namespace {

/// What verify makes of what it read; `read` fills the rest.
template <typename Read>
VerifyReport compare(Read read) {
  VerifyReport report;
  std::map<std::string, Expected> expected;
  std::set<std::string> all;
  std::map<std::string, Seen> seen;
  Texts texts;
  if (!read(expected, all, seen, texts, &report.error)) return report;
  for (const auto& [p, want] : expected) {
    auto it = seen.find(p);
    if (!all.count(p))
      report.missing.push_back(p);
    else if (it == seen.end() || it->second.size != want.size || it->second.sha256 != want.sha256)
      report.altered.push_back(p);
    ++report.checked;
  }
  for (const auto& p : all)
    if (p != kManifest && p != kSignature && !expected.count(p)) report.added.push_back(p);
  report.manifest = std::move(texts.manifest);
  report.signature = std::move(texts.signature);
  return report;
}

template <typename... Source>
VerifyReport compare_zip(const Source&... source) {
  return compare([&](auto& expected, auto& all, auto& seen, auto& texts, text::Message* error) {
    ZipReader zip(source...);
    return zip.names(expected, all, texts, error) && zip.hashes(expected, seen, error);
  });
}

}  // namespace

VerifyReport verify_snapshot(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(platform::path_of(path), ec))
    return compare([&](auto& expected, auto& all, auto& seen, auto& texts, text::Message* error) {
      return read_dir(path, expected, all, seen, texts, error);
    });
  return compare_zip(path);
}

VerifyReport verify_zip_bytes(const std::string& name, std::string_view bytes) {
  return compare_zip(name, bytes);
}

bool is_snapshot_file(const std::string& path, text::Message* why) {
  platform::Info info;
  platform::Error failed;
  if (!platform::stat(platform::path_of(path), /*follow=*/false, &info, &failed)) {
    *why = text::Message::verbatim(failed.message);
    return false;
  }
  if (info.type != platform::Type::kFile) {
    *why = text::Message(info.type == platform::Type::kLink     ? "why-a-link"
                         : info.type == platform::Type::kFolder ? "why-a-folder"
                                                                : "why-not-regular");
    return false;
  }
  std::map<std::string, Expected> expected;
  std::set<std::string> all;
  Texts texts;
  text::Message error;
  if (!ZipReader(path).names(expected, all, texts, &error)) {
    *why = text::Message("why-not-snapshot");
    return false;
  }
  const auto manifest = nlohmann::json::parse(texts.manifest, nullptr, false);
  if (!manifest.contains("thidua_version")) {
    *why = text::Message("why-not-snapshot");
    return false;
  }
  return true;
}

}  // namespace thidua::output
