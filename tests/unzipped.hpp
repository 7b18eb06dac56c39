// Tests that search what a build wrote search inside its workbooks too.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>

#include <string>

namespace thidua::test {

/// The parts of a zip (a workbook), unpacked and joined: what a marker would
/// be found in, had it been written into one.
inline std::string unzipped(const std::string& bytes) {
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  REQUIRE(archive_read_open_memory(a, bytes.data(), bytes.size()) == ARCHIVE_OK);
  std::string all;
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    char buf[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
      all.append(buf, static_cast<std::size_t>(n));
  }
  archive_read_free(a);
  return all;
}

}  // namespace thidua::test
