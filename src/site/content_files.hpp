// The content folder's records written back as files, as JSON or as the
// workbooks an office keeps (docs/content-format.md, "… as workbooks"): what
// `thidua convert` writes. Each file reads back, by the loader, to the same
// records; the rest of a folder (site.json, documents, pages, static files)
// is the caller's to copy as it is.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "text/messages.hpp"

namespace thidua::site {

enum class ContentForm { kJson, kWorkbooks };

struct ContentFile {
  std::string path;  ///< in the content folder: "units.xlsx", "periods/2025-h1/period.json"
  std::string bytes;
};

struct ContentFiles {
  std::vector<ContentFile> files;
  /// What could not take the form asked for, each kept in JSON, and why
  /// (a scheme whose criterion ids do not start with their section's).
  std::vector<text::Message> kept_as_json;
  std::string error;  ///< set: a workbook could not be made (files then empty)
  /// Documents and pages written in the other form: their files in the
  /// folder (a .md, or a .docx and its side file), which a copy leaves out.
  std::vector<std::string> replaced;
};

/// What a reader makes of a .docx: its recognised fields and its body's
/// Markdown as a Document holds them. Given by the caller (load::read_word):
/// a document becomes a Word document only when it reads back the same, its
/// side file holding what the header does not say exactly.
using WordReader = std::function<std::optional<Document>(std::string_view docx)>;

/// Every record file of `content` (units, schemes, each period, its results
/// and inspections) in `form`. A results workbook is the period's template
/// with every field (results_template.hpp: `strings` are the theme's); an
/// internal field no column holds goes with it in results/internal.json.
/// Documents and pages: in workbooks, a Markdown one becomes a .docx (and a
/// side file), unless its body would not read back the same (a picture, raw
/// HTML, a loose list: then it stays, with a note); in JSON, a Word one
/// becomes Markdown, its pictures files of static/ beside its page.
ContentFiles content_files(const Content& content, ContentForm form, const nlohmann::json& strings,
                           const WordReader& read_word);

/// Whether `path` (in a content folder) is a record file in any form: what
/// content_files writes anew, and a copy of the folder leaves out.
bool is_record_file(std::string_view path);

}  // namespace thidua::site
