// Word documents (.docx, Office Open XML WordprocessingML) read as the page
// they are: the zip through libarchive, its XML through expat, the body into
// cmark-gfm's node tree and from there to the Markdown every other document
// is kept in, so that one renderer and one set of safety rules apply. The
// administrative header of a Union document (Hướng dẫn 29-HD/TWĐTN-VP, Nghị
// định 30/2020/NĐ-CP) is recognised into the fields front matter gives.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.hpp"
#include "text/messages.hpp"

namespace thidua::load {

/// A file a document brings to the site: an image of its body, or the
/// original for download.
struct WordFile {
  std::string name;   ///< "hinh-1.png": a file name, no folder
  std::string bytes;  ///< what is written
};

/// What a .docx holds, read.
struct WordDocument {
  std::string markdown;  ///< the body, without the header and signing block
  /// The administrative fields recognised ("" or nullopt when not found).
  std::string title, number, kind, place, issuer;
  std::optional<Date> issued;
  std::optional<Signer> signer;
  std::vector<std::string> recipients;
  /// What was recognised, as found, in the order of the document:
  /// {"number", "46-KH/ĐTN"}, {"kind", "plan (KẾ HOẠCH)"}…
  std::vector<std::pair<std::string, std::string>> recognised;
  std::vector<WordFile> images;  ///< named in `markdown` by their name
  /// The .docx as it came, but for the names of its authors and editors
  /// (document properties, the list of people): what the site offers.
  std::string original;
};

/// A problem of a .docx: at a paragraph of its body (1-based, counting the
/// paragraphs of tables too), or 0 for the file as a whole.
struct WordProblem {
  int paragraph = 0;
  text::Message what;
  bool error = true;
};

/// The limits of the contract: a document of up to 16 MB, tables of up to
/// 1,000 columns; and what its zip may unpack to (a bomb stops there).
inline constexpr std::size_t kMaxWordUnpacked = 128u << 20;
inline constexpr std::size_t kMaxWordTableColumns = 1000;
inline constexpr std::size_t kMaxWordTableCells = 100'000;

/// Reads a .docx. nullopt when it cannot be used (an error among
/// `problems`); warnings may come with a document too (a text box or
/// footnotes that are not read, an image browsers cannot show).
std::optional<WordDocument> read_word(std::string_view bytes, std::vector<WordProblem>& problems);

/// The contract's kind for a kind line ("KẾ HOẠCH" → "plan"), "" when the
/// line does not name one. Exposed for tests.
std::string word_kind_of(std::string_view line);

}  // namespace thidua::load
