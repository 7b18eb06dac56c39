#include "output/archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "render/renderer.hpp"

namespace fs = std::filesystem;

namespace thidua::output {

std::string manifest_json(const std::string& version, const std::string& period,
                          const std::string& content_hash,
                          const std::map<std::string, std::string>& files) {
  nlohmann::ordered_json m;
  m["thidua_version"] = version;
  m["period"] = period;
  m["content_sha256"] = content_hash;
  m["files"] = nlohmann::ordered_json::array();
  for (const auto& [path, bytes] : files) {
    if (path == kManifest) continue;
    m["files"].push_back(
        {{"path", path}, {"size", bytes.size()}, {"sha256", render::content_hash(bytes)}});
  }
  return m.dump(1) + "\n";
}

bool write_zip(const std::string& zip_path, const std::map<std::string, std::string>& files,
               std::time_t mtime, std::string* error) {
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

bool read_zip(const std::string& path, std::map<std::string, std::string>& files,
              std::string* error) {
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  if (archive_read_open_filename(a, path.c_str(), 1 << 16) != ARCHIVE_OK) {
    *error = "cannot open " + path + ": " + archive_error_string(a);
    archive_read_free(a);
    return false;
  }
  archive_entry* e;
  int r;
  while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    std::string bytes;
    char buf[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
      bytes.append(buf, static_cast<std::size_t>(n));
    if (n < 0) {
      *error =
          std::string("cannot read ") + archive_entry_pathname(e) + ": " + archive_error_string(a);
      archive_read_free(a);
      return false;
    }
    files[archive_entry_pathname(e)] = std::move(bytes);
  }
  const bool ok = r == ARCHIVE_EOF;
  if (!ok) *error = "cannot read " + path + ": " + archive_error_string(a);
  archive_read_free(a);
  return ok;
}

bool read_dir(const std::string& root, std::map<std::string, std::string>& files,
              std::string* error) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    files[fs::relative(it->path(), root).generic_string()] =
        std::string(std::istreambuf_iterator<char>(in), {});
  }
  if (ec) *error = "cannot read " + root + ": " + ec.message();
  return !ec;
}

}  // namespace

VerifyReport verify_snapshot(const std::string& path) {
  VerifyReport report;
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec) ? !read_dir(path, files, &report.error)
                                 : !read_zip(path, files, &report.error))
    return report;
  auto m = files.find(kManifest);
  if (m == files.end()) {
    report.error = path + " has no " + kManifest + ": it is not a thidua snapshot";
    return report;
  }
  const auto manifest = nlohmann::json::parse(m->second, nullptr, false);
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array()) {
    report.error = std::string(kManifest) + " is not a thidua manifest";
    return report;
  }
  std::map<std::string, std::string> expected;
  for (const auto& f : manifest["files"])
    if (f.is_object() && f.contains("path") && f["path"].is_string() && f.contains("sha256") &&
        f["sha256"].is_string())
      expected[f["path"]] = f["sha256"];
  for (const auto& [p, sha] : expected) {
    auto it = files.find(p);
    if (it == files.end())
      report.missing.push_back(p);
    else if (render::content_hash(it->second) != sha)
      report.altered.push_back(p);
    ++report.checked;
  }
  for (const auto& [p, bytes] : files)
    if (p != kManifest && !expected.count(p)) report.added.push_back(p);
  return report;
}

}  // namespace thidua::output
