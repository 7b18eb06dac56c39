// What the .xlsx and .ods readers share: the parts of a zip read through
// libarchive, and an expat parse that never takes a document type.
#pragma once

#include <expat.h>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/messages.hpp"

namespace thidua::load::workbook_parts {

/// A file in the compound-file format: an old binary .xls or .doc, or an
/// Office file encrypted with a password (Office wraps those in one, with an
/// EncryptionInfo stream).
enum class Compound { kNone, kBinary, kEncrypted };
Compound compound_file(std::string_view bytes);

/// The parts of a zip that `wanted` names, each read whole up to
/// kMaxWorkbookPart. nullopt with `problem` set when the zip cannot be read
/// (a file in the compound-file format is said to be what it is: an old
/// binary .xls, or a workbook Excel encrypted with a password);
/// `extension` is what it should be (".xlsx"); `advice` ends each message
/// (what the office should do).
/// Every entry's name goes into `names` when given; a name held twice is a
/// damaged workbook (which copy counts would be a guess).
std::optional<std::map<std::string, std::string>> read_zip(
    std::string_view bytes, const std::function<bool(const std::string&)>& wanted,
    std::string_view extension, const text::Message& advice, text::Message* problem,
    std::vector<std::string>* names = nullptr);

/// The most memory expat may take for one part: its buffer of what is not
/// parsed yet, names and attributes. A part is given to it a mebibyte at a
/// time, so a genuine part needs far less whatever its size; only a tag or
/// value no workbook has (a name of millions of characters) reaches it.
inline constexpr std::size_t kMaxXmlMemory = 32u << 20;

/// An expat parse of one part, element and attribute names stripped of their
/// namespace. A document type declaration stops it: no entity of a workbook
/// is ever declared, expanded or fetched. Expat's memory is held within
/// kMaxXmlMemory.
class Xml {
 public:
  using Attrs = const XML_Char**;
  std::function<void(std::string_view name, Attrs attrs)> on_start;
  std::function<void(std::string_view name)> on_end;
  std::function<void(std::string_view text)> on_text;

  explicit Xml(text::Message advice) : advice_(std::move(advice)) {}

  /// False with `problem` set when the part is not well-formed, has a DTD or
  /// a handler called fail().
  bool parse(const std::string& part_name, std::string_view text, text::Message* problem);

  /// Stops the parse with `problem` (a limit passed, a value that is wrong).
  void fail(text::Message problem);

  /// The attribute's value ("" when it is absent).
  static std::string_view attr(Attrs attrs, std::string_view name);
  static bool has_attr(Attrs attrs, std::string_view name);

 private:
  text::Message advice_;
  XML_Parser parser_ = nullptr;
  bool doctype_ = false;
  text::Message error_;
};

}  // namespace thidua::load::workbook_parts
