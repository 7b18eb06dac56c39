// Files built into the binary (cmake/embed.cmake writes their bytes into a
// source file at build time).
#pragma once

#include <span>
#include <string_view>

namespace thidua::text {

struct EmbeddedFile {
  std::string_view path;  ///< "messages/vi.txt", sorted
  std::string_view bytes;
};

/// The message catalogs: messages/en.txt and messages/vi.txt.
std::span<const EmbeddedFile> catalog_files();

}  // namespace thidua::text
