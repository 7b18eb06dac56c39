#include "output/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "output/sink.hpp"

#include <nlohmann/json.hpp>

#include "text/sha256.hpp"

namespace fs = std::filesystem;

namespace thidua::output {

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

bool write_zip(const std::string& zip_path, const std::map<std::string, std::string>& files,
               std::time_t mtime, std::string* error) {
  // libarchive writes each entry's DOS date in local time: the same snapshot
  // made in Hà Nội and in Los Angeles would differ. This command writes
  // nothing else that depends on the time zone, so it runs in UTC.
  setenv("TZ", "UTC", 1);
  tzset();
  const std::string tmp = zip_path + ".tmp";
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_options(a, "zip:compression=deflate");
  if (archive_write_open_filename(a, tmp.c_str()) != ARCHIVE_OK) {
    *error = "cannot write " + tmp + ": " + archive_error_string(a);
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
      *error = "cannot write " + path + " into " + tmp + ": " + archive_error_string(a);
      ok = false;
    }
    archive_entry_free(e);
    if (!ok) break;
  }
  if (archive_write_close(a) != ARCHIVE_OK && ok) {
    *error = std::string("cannot finish ") + tmp + ": " + archive_error_string(a);
    ok = false;
  }
  archive_write_free(a);
  if (ok && std::rename(tmp.c_str(), zip_path.c_str()) != 0) {
    *error = "cannot move " + tmp + " to " + zip_path;
    ok = false;
  }
  if (!ok) std::remove(tmp.c_str());
  return ok;
}

namespace {

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
bool read_bounded(Read read, std::uintmax_t limit, std::string* bytes, std::string* error) {
  char buf[1 << 16];
  for (long n; (n = read(buf, sizeof buf)) != 0;) {
    if (n < 0) return false;
    if (bytes->size() + static_cast<std::uintmax_t>(n) > limit) {
      *error = std::string(kManifest) + " is larger than " + std::to_string(limit >> 20) +
               " MiB: it is not a thidua manifest";
      return false;
    }
    bytes->append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

/// Parses the manifest into `expected`; false and `error` when it is not one.
bool parse_manifest(const std::string& text, std::map<std::string, Expected>& expected,
                    std::string* error) {
  const auto manifest = nlohmann::json::parse(text, nullptr, false);
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array()) {
    *error = std::string(kManifest) + " is not a thidua manifest";
    return false;
  }
  for (const auto& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
        !f["sha256"].is_string() || !f.contains("size") || !f["size"].is_number_unsigned()) {
      *error = std::string(kManifest) + " has an entry without path, size and sha256";
      return false;
    }
    const std::string path = f["path"];
    if (!is_safe_relative_path(path) || path == kManifest) {
      *error = std::string(kManifest) + " lists the unsafe path \"" + path +
               "\": a snapshot's files lie below its root";
      return false;
    }
    if (!expected.emplace(path, Expected{f["size"].get<std::uintmax_t>(), f["sha256"]}).second) {
      *error = std::string(kManifest) + " lists \"" + path + "\" twice";
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
  ~ZipReader() { close(); }

  bool names(std::map<std::string, Expected>& expected, std::set<std::string>& all, Texts& texts,
             std::string* error) {
    if (!open(error)) return false;
    archive_entry* e;
    int r;
    bool manifest_seen = false;
    while ((r = archive_read_next_header(a_, &e)) == ARCHIVE_OK) {
      const char* raw = archive_entry_pathname(e);
      const std::string name = raw ? raw : "";
      if (archive_entry_filetype(e) == AE_IFDIR) continue;
      if (!is_safe_relative_path(name)) {
        *error = path_ + " holds the entry \"" + name +
                 "\", which is not a plain path below the snapshot's root (\"..\", an absolute "
                 "path or a backslash): refused";
        return false;
      }
      if (archive_entry_filetype(e) != AE_IFREG) {
        *error = path_ + " holds \"" + name + "\", which is not a regular file: refused";
        return false;
      }
      if (!all.insert(name).second) {
        *error = path_ + " holds \"" + name +
                 "\" twice; unzip programs differ on which copy they keep: refused";
        return false;
      }
      if (name == kManifest) {
        std::string text;
        if (!read_bounded([&](char* b, std::size_t n) { return archive_read_data(a_, b, n); },
                          kManifestLimit, &text, error)) {
          if (error->empty()) *error = "cannot read " + name + ": " + archive_error_string(a_);
          return false;
        }
        if (!parse_manifest(text, expected, error)) return false;
        texts.manifest = std::move(text);
        manifest_seen = true;
      } else if (name == kSignature) {
        std::string text;
        if (!read_bounded([&](char* b, std::size_t n) { return archive_read_data(a_, b, n); },
                          kSignatureLimit, &text, error)) {
          if (error->empty()) *error = name + " is not a signature (larger than 4 KB)";
          return false;
        }
        texts.signature = std::move(text);
      }
    }
    if (r != ARCHIVE_EOF) {
      *error = "cannot read " + path_ + ": " + archive_error_string(a_);
      return false;
    }
    if (!manifest_seen) {
      *error = path_ + " has no " + kManifest + ": it is not a thidua snapshot";
      return false;
    }
    return true;
  }

  bool hashes(const std::map<std::string, Expected>& expected, std::map<std::string, Seen>& seen,
              std::string* error) {
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
        *error = "cannot read " + name + " in " + path_ + ": " + archive_error_string(a_);
        return false;
      }
      if (s.size > it->second.size) {
        *error = path_ + ": " + name + " holds more bytes than the manifest says (" +
                 std::to_string(it->second.size) + "): a damaged or forged snapshot, refused";
        return false;
      }
      s.sha256 = sha.hex();
      seen[name] = std::move(s);
    }
    if (r != ARCHIVE_EOF) {
      *error = "cannot read " + path_ + ": " + archive_error_string(a_);
      return false;
    }
    return true;
  }

 private:
  bool open(std::string* error) {
    a_ = archive_read_new();
    archive_read_support_format_zip(a_);
    if (archive_read_open_filename(a_, path_.c_str(), 1 << 16) != ARCHIVE_OK) {
      *error = "cannot open " + path_ + ": " + archive_error_string(a_);
      return false;
    }
    return true;
  }
  void close() {
    if (a_) archive_read_free(a_);
    a_ = nullptr;
  }
  std::string path_;
  archive* a_ = nullptr;
};

/// An unpacked snapshot: every file hashed in pieces; links and other
/// special files refused (a link could lead outside the snapshot).
/// read_bounded over a file on disk.
bool read_file_bounded(const fs::path& path, std::uintmax_t limit, std::string* bytes,
                       std::string* error) {
  std::ifstream in(path, std::ios::binary);
  return read_bounded(
      [&](char* b, std::size_t n) -> long {
        in.read(b, static_cast<std::streamsize>(n));
        return in.bad() ? -1 : static_cast<long>(in.gcount());
      },
      limit, bytes, error);
}

bool read_dir(const std::string& root, std::map<std::string, Expected>& expected,
              std::set<std::string>& all, std::map<std::string, Seen>& seen, Texts& texts,
              std::string* error) {
  std::error_code ec;
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) continue;
    const std::string rel = fs::relative(it->path(), root).generic_string();
    if (!fs::is_regular_file(status)) {
      *error = root + " holds \"" + rel + "\", which is not a regular file: refused";
      return false;
    }
    files.push_back(rel);
    all.insert(rel);
  }
  if (ec) {
    *error = "cannot read " + root + ": " + ec.message();
    return false;
  }
  if (!all.count(kManifest)) {
    *error = root + " has no " + kManifest + ": it is not a thidua snapshot";
    return false;
  }
  if (!read_file_bounded(fs::path(root) / kManifest, kManifestLimit, &texts.manifest, error)) {
    if (error->empty()) *error = std::string("cannot read ") + kManifest;
    return false;
  }
  if (!parse_manifest(texts.manifest, expected, error)) return false;
  if (all.count(kSignature)) {
    std::string text;
    if (!read_file_bounded(fs::path(root) / kSignature, kSignatureLimit, &text, error)) {
      if (error->empty())
        *error = std::string(kSignature) + " is not a signature (larger than 4 KB)";
      return false;
    }
    texts.signature = std::move(text);
  }
  for (const auto& rel : files) {
    const auto it = expected.find(rel);
    if (it == expected.end()) continue;
    std::ifstream in(fs::path(root) / rel, std::ios::binary);
    Sha256 sha;
    Seen s;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      s.size += static_cast<std::uintmax_t>(in.gcount());
      sha.add(buf, static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
      *error = "cannot read " + rel + " in " + root;
      return false;
    }
    s.sha256 = sha.hex();
    seen[rel] = std::move(s);
  }
  return true;
}

}  // namespace

VerifyReport verify_snapshot(const std::string& path) {
  VerifyReport report;
  std::map<std::string, Expected> expected;
  std::set<std::string> all;
  std::map<std::string, Seen> seen;
  Texts texts;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (!read_dir(path, expected, all, seen, texts, &report.error)) return report;
  } else {
    ZipReader zip(path);
    if (!zip.names(expected, all, texts, &report.error) ||
        !zip.hashes(expected, seen, &report.error))
      return report;
  }
  for (const auto& [p, want] : expected) {
    auto it = seen.find(p);
    if (!all.count(p))
      report.missing.push_back(p);
    else if (it == seen.end() || it->second.size != want.size || it->second.sha256 != want.sha256)
      report.altered.push_back(p);
    ++report.checked;
  }
  for (const auto& p : all)
    // A built site's folder holds thidua's marker of an output folder too.
    if (p != kManifest && p != kSignature && p != kOutputMarker && !expected.count(p))
      report.added.push_back(p);
  report.manifest = std::move(texts.manifest);
  report.signature = std::move(texts.signature);
  return report;
}

}  // namespace thidua::output
