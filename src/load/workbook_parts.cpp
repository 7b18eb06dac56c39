#include "load/workbook_parts.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <type_traits>

#include "load/workbook.hpp"
#include "text/controls.hpp"

namespace thidua::load::workbook_parts {
namespace {

text::Message too_large(const std::string& name) {
  return text::Message("workbook-part-too-large", {{"part", name}, {"mb", kMaxWorkbookPart >> 20}});
}

std::string_view local(const XML_Char* name) {
  std::string_view n(name);
  const auto bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

bool holds_utf16(std::string_view bytes, std::string_view ascii) {
  std::string wide;
  for (char c : ascii) {
    wide += c;
    wide += '\0';
  }
  return bytes.find(wide) != std::string_view::npos;
}

}  // namespace

Compound compound_file(std::string_view bytes) {
  if (bytes.substr(0, 8) != std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return Compound::kNone;
  return holds_utf16(bytes, "EncryptionInfo") ? Compound::kEncrypted : Compound::kBinary;
}

std::optional<std::map<std::string, std::string>> read_zip(
    std::string_view bytes, const std::function<bool(const std::string&)>& wanted,
    std::string_view extension, const text::Message& advice, text::Message* problem,
    std::vector<std::string>* names) {
  if (const Compound c = compound_file(bytes); c != Compound::kNone) {
    *problem = text::Message(c == Compound::kEncrypted ? "workbook-password" : "workbook-old-xls");
    return std::nullopt;
  }
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    *problem = text::Message("workbook-unreadable", {{"extension", extension}, {"advice", advice}});
    return std::nullopt;
  }
  std::map<std::string, std::string> parts;
  archive_entry* e;
  int r;
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    const char* raw = archive_entry_pathname(e);
    const std::string name = raw ? raw : "";
    if (names) {
      if (std::find(names->begin(), names->end(), name) != names->end()) {
        *problem = text::Message("workbook-part-twice",
                                 {{"part", text::excerpt(name)}, {"advice", advice}});
        return std::nullopt;
      }
      names->push_back(name);
    }
    if (archive_entry_filetype(e) != AE_IFREG || !wanted(name)) continue;
    if (archive_entry_size_is_set(e) &&
        archive_entry_size(e) > static_cast<la_int64_t>(kMaxWorkbookPart)) {
      *problem = too_large(name);
      return std::nullopt;
    }
    std::string& out = parts[name];
    // Read into a string of the declared size: grown by doubling, a large
    // part took up to three times its size while it was read.
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
      out.reserve(static_cast<std::size_t>(archive_entry_size(e)));
    char buf[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
      if (out.size() + static_cast<std::size_t>(n) > kMaxWorkbookPart) {
        *problem = too_large(name);
        return std::nullopt;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    if (n < 0) {
      *problem = text::Message("workbook-part-damaged", {{"part", name}, {"advice", advice}});
      return std::nullopt;
    }
  }
  if (r != ARCHIVE_EOF) {
    *problem = text::Message("workbook-cut-short", {{"advice", advice}});
    return std::nullopt;
  }
  return parts;
}

namespace {

/// Expat's allocations, counted against kMaxXmlMemory: each block carries its
/// size in front. Parses run one at a time on a thread, so the count is the
/// thread's.
thread_local std::size_t xml_memory = 0;
constexpr std::size_t kHeader = alignof(std::max_align_t);

void* xml_malloc(std::size_t size) {
  if (size > kMaxXmlMemory || xml_memory + size > kMaxXmlMemory) return nullptr;
  auto* block = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (!block) return nullptr;
  std::memcpy(block, &size, sizeof size);
  xml_memory += size;
  return block + kHeader;
}

void xml_free(void* p) {
  if (!p) return;
  auto* block = static_cast<unsigned char*>(p) - kHeader;
  std::size_t size;
  std::memcpy(&size, block, sizeof size);
  xml_memory -= size;
  std::free(block);
}

void* xml_realloc(void* p, std::size_t size) {
  if (!p) return xml_malloc(size);
  auto* block = static_cast<unsigned char*>(p) - kHeader;
  std::size_t old;
  std::memcpy(&old, block, sizeof old);
  if (size > kMaxXmlMemory || xml_memory - old + size > kMaxXmlMemory) return nullptr;
  auto* grown = static_cast<unsigned char*>(std::realloc(block, size + kHeader));
  if (!grown) return nullptr;
  std::memcpy(grown, &size, sizeof size);
  xml_memory = xml_memory - old + size;
  return grown + kHeader;
}

const XML_Memory_Handling_Suite kCounted{xml_malloc, xml_realloc, xml_free};

}  // namespace

bool Xml::parse(const std::string& part_name, std::string_view text, text::Message* problem) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> p(
      XML_ParserCreate_MM(nullptr, &kCounted, "|"), XML_ParserFree);
  if (!p) {
    *problem = text::Message("workbook-out-of-memory", {{"part", part_name}});
    return false;
  }
  parser_ = p.get();
  doctype_ = false;
  error_ = {};
  XML_SetUserData(parser_, this);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetStartDoctypeDeclHandler(
      parser_, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* x = static_cast<Xml*>(self);
        x->doctype_ = true;
        XML_StopParser(x->parser_, XML_FALSE);
      });
  XML_SetElementHandler(
      parser_,
      [](void* self, const XML_Char* name, const XML_Char** attrs) {
        auto* x = static_cast<Xml*>(self);
        if (x->on_start) x->on_start(local(name), attrs);
      },
      [](void* self, const XML_Char* name) {
        auto* x = static_cast<Xml*>(self);
        if (x->on_end) x->on_end(local(name));
      });
  XML_SetCharacterDataHandler(parser_, [](void* self, const XML_Char* s, int len) {
    auto* x = static_cast<Xml*>(self);
    if (x->on_text) x->on_text(std::string_view(s, static_cast<std::size_t>(len)));
  });
  // A mebibyte at a time: expat copies what it is given into its own buffer.
  constexpr std::size_t kChunk = 1u << 20;
  bool ok = true;
  for (std::size_t at = 0; ok;) {
    const std::size_t n = std::min(kChunk, text.size() - at);
    const bool last = at + n == text.size();
    ok = XML_Parse(parser_, text.data() + at, static_cast<int>(n), last) == XML_STATUS_OK;
    at += n;
    if (last) break;
  }
  if (!ok && XML_GetErrorCode(parser_) == XML_ERROR_NO_MEMORY && error_.empty() && !doctype_) {
    *problem =
        text::Message("workbook-xml-too-long", {{"part", part_name}, {"mb", kMaxXmlMemory >> 20}});
    return false;
  }
  if (doctype_) {
    *problem = text::Message("workbook-xml-doctype", {{"part", part_name}});
    return false;
  }
  if (!ok || !error_.empty()) {
    *problem = error_.empty()
                   ? text::Message("workbook-xml-malformed",
                                   {{"part", part_name},
                                    {"detail", XML_ErrorString(XML_GetErrorCode(parser_))},
                                    {"advice", advice_}})
                   : error_;
    return false;
  }
  return true;
}

void Xml::fail(text::Message problem) {
  if (error_.empty()) error_ = std::move(problem);
  XML_StopParser(parser_, XML_FALSE);
}

std::string_view Xml::attr(Attrs attrs, std::string_view name) {
  for (std::size_t i = 0; attrs[i]; i += 2)
    if (local(attrs[i]) == name) return attrs[i + 1];
  return {};
}

bool Xml::has_attr(Attrs attrs, std::string_view name) {
  for (std::size_t i = 0; attrs[i]; i += 2)
    if (local(attrs[i]) == name) return true;
  return false;
}

}  // namespace thidua::load::workbook_parts
