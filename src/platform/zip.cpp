#include "platform/zip.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <mutex>

#include "platform/process.hpp"

namespace thidua::platform {

std::string zip_in_memory(
    const std::vector<std::pair<std::string_view, std::string_view>>& entries) {
  static std::once_flag utc;
  std::call_once(utc, use_utc);
  std::string out;
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            archive_write_free);
  archive_write_set_format_zip(a.get());
  archive_write_set_options(a.get(), "zip:compression=deflate");
  archive_write_set_bytes_in_last_block(a.get(), 1);  // no padding after the zip's end
  archive_write_open(
      a.get(), &out, nullptr,
      [](archive*, void* self, const void* buf, size_t n) -> la_ssize_t {
        static_cast<std::string*>(self)->append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
      },
      nullptr);
  for (const auto& [name, bytes] : entries) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                    archive_entry_free);
    archive_entry_set_pathname(e.get(), std::string(name).c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_mtime(e.get(), 315532800, 0);  // 1980-01-01
    archive_write_header(a.get(), e.get());
    archive_write_data(a.get(), bytes.data(), bytes.size());
  }
  archive_write_close(a.get());
  return out;
}

}  // namespace thidua::platform
