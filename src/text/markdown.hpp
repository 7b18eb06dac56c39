// Markdown to HTML with cmark-gfm, safely.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace thidua::text {

/// GitHub-flavoured Markdown (tables, strikethrough, autolinks, task lists) to
/// HTML. Raw HTML is never rendered (cmark's safe mode omits it), and links or
/// images whose target is not is_safe_link() lose their target.
std::string markdown_to_html(std::string_view markdown);

/// The words a reader sees, for the search index: what markdown_to_html shows
/// as text, without markup, link targets or raw HTML; every run of white space
/// one space.
std::string markdown_to_plain_text(std::string_view markdown);

/// The first table (GFM) of more than `max_columns` columns, or the table
/// with which the document's tables pass `max_cells` cells together: the byte
/// offset of its delimiter row (`|---|---|`), its columns and the cells of
/// the tables up to it (rows after the delimiter row up to a blank line, times
/// columns). cmark-gfm's tables take time quadratic in their columns and
/// about a kilobyte a cell: a document is refused before it gets there.
struct TableSize {
  std::size_t offset = 0, columns = 0, cells = 0;
};
std::optional<TableSize> table_over(std::string_view markdown, std::size_t max_columns,
                                    std::size_t max_cells);

}  // namespace thidua::text
