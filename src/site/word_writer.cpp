#include "site/word_writer.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/zip.hpp"
#include "text/controls.hpp"

namespace thidua::site {
namespace {

constexpr const char* kNs =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// Text for XML: markup escaped, the characters XML 1.0 cannot hold and the
/// control rule's dropped.
std::string esc(std::string_view s) {
  std::string out;
  for (char c : text::without_controls(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\t':
        out += ' ';
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string upper(const std::string& s) {
  icu::UnicodeString t = icu::UnicodeString::fromUTF8(s);
  t.toUpper(icu::Locale("vi"));
  std::string out;
  t.toUTF8String(out);
  return out;
}

struct Format {
  bool bold = false, italic = false, strike = false;
};

std::string run(std::string_view text, const Format& f) {
  std::string r = "<w:r>";
  if (f.bold || f.italic || f.strike)
    r += std::string("<w:rPr>") + (f.bold ? "<w:b/>" : "") + (f.italic ? "<w:i/>" : "") +
         (f.strike ? "<w:strike/>" : "") + "</w:rPr>";
  return r + "<w:t xml:space=\"preserve\">" + esc(text) + "</w:t></w:r>";
}

/// The table's grid (required by WordprocessingML): `n` columns sharing the
/// page's text width (A4, the margins below).
std::string grid(std::size_t n) {
  std::string g = "<w:tblGrid>";
  for (std::size_t i = 0; i < n; ++i)
    g += "<w:gridCol w:w=\"" + std::to_string(9071 / std::max<std::size_t>(n, 1)) + "\"/>";
  return g + "</w:tblGrid>";
}

/// A paragraph of one run, with paragraph properties `ppr`.
std::string line(std::string_view text, const std::string& ppr = "", const Format& f = {}) {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") +
         (text.empty() ? "" : run(text, f)) + "</w:p>";
}

const std::string kCenter = "<w:jc w:val=\"center\"/>";

/// The body: cmark-gfm's tree of the Markdown as WordprocessingML.
class BodyWriter {
 public:
  std::string xml;
  std::vector<std::string> links;   ///< relationship targets, rId = index + 10
  std::vector<bool> lists_ordered;  ///< each list's w:num, numIds from 1
  int lists = 0;

  void blocks(cmark_node* parent, int depth, const std::string& quote) {
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n))
      block(n, depth, quote);
  }

 private:
  void block(cmark_node* n, int depth, const std::string& quote) {
    const cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_PARAGRAPH) {
      paragraph(n, quote);
    } else if (t == CMARK_NODE_HEADING) {
      paragraph(n, "<w:pStyle w:val=\"Heading" + std::to_string(cmark_node_get_heading_level(n)) +
                       "\"/>");
    } else if (t == CMARK_NODE_LIST) {
      const bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
      lists_ordered.push_back(ordered);
      // Each list its own numbering: lists one after another stay apart,
      // and each numbered one starts at 1.
      const int num = 1 + lists++;
      for (cmark_node* item = cmark_node_first_child(n); item; item = cmark_node_next(item))
        for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
          if (cmark_node_get_type(c) == CMARK_NODE_LIST)
            block(c, depth + 1, quote);
          else if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
            paragraph(c,
                      "<w:numPr><w:ilvl w:val=\"" + std::to_string(depth) +
                          "\"/><w:numId w:val=\"" + std::to_string(num) + "\"/></w:numPr>",
                      // A task: its box typed before it, as Word users type one.
                      c == cmark_node_first_child(item) &&
                              std::string_view(cmark_node_get_type_string(item)) == "tasklist"
                          ? (cmark_gfm_extensions_get_tasklist_item_checked(item) ? "☒ " : "☐ ")
                          : "");
          else
            block(c, depth, quote);
        }
    } else if (t == CMARK_NODE_BLOCK_QUOTE) {
      blocks(n, depth, "<w:pStyle w:val=\"Quote\"/>");
    } else if (t == CMARK_NODE_CODE_BLOCK) {
      std::string code = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
      if (!code.empty() && code.back() == '\n') code.pop_back();
      std::size_t at = 0;
      while (true) {
        const auto nl = code.find('\n', at);
        xml += line(code.substr(at, nl == std::string::npos ? std::string::npos : nl - at),
                    "<w:pStyle w:val=\"HTMLPreformatted\"/>");
        if (nl == std::string::npos) break;
        at = nl + 1;
      }
    } else if (t == CMARK_NODE_THEMATIC_BREAK) {
      xml += line("* * *", kCenter);
    } else if (std::string_view(cmark_node_get_type_string(n)) == "table") {
      table(n);
    }
    // Raw HTML is never rendered: nothing to write.
  }

  void paragraph(cmark_node* n, const std::string& ppr, std::string_view box = "") {
    xml += "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>");
    if (!box.empty()) xml += run(box, {});
    inlines(n, {}, "");
    xml += "</w:p>";
  }

  void inlines(cmark_node* parent, Format f, const std::string& link) {
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
      const cmark_node_type t = cmark_node_get_type(n);
      const std::string_view type = cmark_node_get_type_string(n);
      if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
        emit(cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "", f, link);
      } else if (t == CMARK_NODE_SOFTBREAK) {
        emit(" ", f, link);
      } else if (t == CMARK_NODE_LINEBREAK) {
        emit_raw("<w:r><w:br/></w:r>", link);
      } else if (t == CMARK_NODE_STRONG) {
        Format g = f;
        g.bold = true;
        inlines(n, g, link);
      } else if (t == CMARK_NODE_EMPH) {
        Format g = f;
        g.italic = true;
        inlines(n, g, link);
      } else if (type == "strikethrough") {
        Format g = f;
        g.strike = true;
        inlines(n, g, link);
      } else if (t == CMARK_NODE_LINK) {
        inlines(n, f, cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
      } else if (t == CMARK_NODE_IMAGE) {
        inlines(n, f, link);  // its description only: pictures stay in Markdown
      }
    }
  }

  void emit(std::string_view text, const Format& f, const std::string& link) {
    emit_raw(run(text, f), link);
  }

  void emit_raw(const std::string& r, const std::string& link) {
    if (link.empty()) {
      xml += r;
      return;
    }
    links.push_back(link);
    xml +=
        "<w:hyperlink r:id=\"rId" + std::to_string(links.size() + 9) + "\">" + r + "</w:hyperlink>";
  }

  void table(cmark_node* n) {
    xml +=
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
        "</w:tblPr>";
    for (cmark_node* row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
      xml += "<w:tr>";
      for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
        xml += "<w:tc><w:p>";
        inlines(cell, {}, "");
        xml += "</w:p></w:tc>";
      }
      xml += "</w:tr>";
    }
    xml += "</w:tbl>";
  }
};

/// A borderless table of one row: `left` and `right` the paragraphs of its cells.
std::string layout_table(const std::string& left, const std::string& right) {
  const auto cell = [](const std::string& paras) {
    return "<w:tc><w:tcPr><w:tcW w:w=\"2500\" w:type=\"pct\"/></w:tcPr>" +
           (paras.empty() ? std::string("<w:p/>") : paras) + "</w:tc>";
  };
  return "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
         "<w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
         "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>"
         "</w:tblBorders></w:tblPr>" +
         grid(2) + "<w:tr>" + cell(left) + cell(right) + "</w:tr></w:tbl>";
}

std::string styles() {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles ";
  s += kNs;
  s += "><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
       "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"28\"/></w:rPr>"
       "</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault>"
       "</w:docDefaults>"
       "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
       "w:val=\"Normal\"/>"
       "</w:style>"
       "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn "
       "w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"32\"/>"
       "</w:rPr></w:style>";
  for (int level = 1; level <= 6; ++level) {
    const std::string n = std::to_string(level);
    s += "<w:style w:type=\"paragraph\" w:styleId=\"Heading" + n + "\"><w:name w:val=\"heading " +
         n +
         "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/>"
         "<w:outlineLvl w:val=\"" +
         std::to_string(level - 1) + "\"/></w:pPr><w:rPr><w:b/>" + "<w:sz w:val=\"" +
         std::to_string(level <= 2 ? 28 : 26) + "\"/></w:rPr></w:style>";
  }
  s += "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn "
       "w:val=\"Normal\"/><w:pPr><w:ind w:left=\"720\"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>"
       "<w:style w:type=\"paragraph\" w:styleId=\"HTMLPreformatted\"><w:name w:val=\"HTML "
       "Preformatted\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
       "<w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/><w:sz "
       "w:val=\"20\"/></w:rPr>"
       "</w:style>"
       "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr>"
       "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
       "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH "
       "w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" "
       "w:sz=\"4\"/></w:tblBorders></w:tblPr>"
       "</w:style></w:styles>";
  return s;
}

/// One numbering (w:num) a list, bullets or decimal, each numbered list
/// starting at 1.
std::string numbering(const std::vector<bool>& lists) {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering ";
  s += kNs;
  s += ">";
  for (int a = 0; a < 2; ++a) {
    s += "<w:abstractNum w:abstractNumId=\"" + std::to_string(a) +
         "\"><w:multiLevelType "
         "w:val=\"hybridMultilevel\"/>";
    for (int l = 0; l < 9; ++l) {
      const std::string text =
          a == 0 ? (l % 2 == 0 ? "•" : "–") : "%" + std::to_string(l + 1) + ".";
      s += "<w:lvl w:ilvl=\"" + std::to_string(l) + "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" +
           (a == 0 ? "bullet" : "decimal") + "\"/><w:lvlText w:val=\"" + text +
           "\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"" + std::to_string(720 * (l + 1)) +
           "\" w:hanging=\"360\"/></w:pPr></w:lvl>";
    }
    s += "</w:abstractNum>";
  }
  for (std::size_t i = 0; i < lists.size(); ++i)
    s += "<w:num w:numId=\"" + std::to_string(i + 1) + "\"><w:abstractNumId w:val=\"" +
         (lists[i] ? "1" : "0") +
         "\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>";
  return s + "</w:numbering>";
}

/// The package: its parts in a zip (platform::zip_in_memory).
std::string package(const std::string& body, const BodyWriter& w) {
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"" +
      std::string(kRel) + "styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"" +
      kRel + "numbering\" Target=\"numbering.xml\"/>";
  for (std::size_t i = 0; i < w.links.size(); ++i)
    rels += "<Relationship Id=\"rId" + std::to_string(i + 10) + "\" Type=\"" + kRel +
            "hyperlink\" Target=\"" + esc(w.links[i]) + "\" TargetMode=\"External\"/>";
  rels += "</Relationships>";
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
       "Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override "
       "PartName=\"/word/document.xml\" ContentType=\"application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override "
       "PartName=\"/word/styles.xml\" ContentType=\"application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override "
       "PartName=\"/word/numbering.xml\" ContentType=\"application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/></Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
       "Id=\"rId1\" Type=\"" +
           std::string(kRel) + "officeDocument\" Target=\"word/document.xml\"/></Relationships>"},
      {"word/document.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " +
           std::string(kNs) + "><w:body>" + body +
           "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" "
           "w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"709\" "
           "w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"},
      {"word/_rels/document.xml.rels", rels},
      {"word/styles.xml", styles()},
      {"word/numbering.xml", numbering(w.lists_ordered)}};
  std::vector<std::pair<std::string_view, std::string_view>> entries;
  for (const auto& [name, bytes] : parts) entries.emplace_back(name, bytes);
  return platform::zip_in_memory(entries);
}

/// The body's Markdown as WordprocessingML (into `w`).
void write_body(const std::string& markdown, BodyWriter& w) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
      cmark_parser_new(CMARK_OPT_DEFAULT), cmark_parser_free);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root(cmark_parser_finish(parser.get()),
                                                               cmark_node_free);
  w.blocks(root.get(), 0, "");
}

struct KindWord {
  const char* kind;
  const char* word;
};
constexpr KindWord kKinds[] = {
    {"plan", "KẾ HOẠCH"},        {"notice", "THÔNG BÁO"},         {"outline", "ĐỀ CƯƠNG"},
    {"report", "BÁO CÁO"},       {"decision", "QUYẾT ĐỊNH"},      {"guidance", "HƯỚNG DẪN"},
    {"program", "CHƯƠNG TRÌNH"}, {"official-letter", "CÔNG VĂN"}, {"proposal", "TỜ TRÌNH"}};

/// The title under its kind's line: without the kind it starts with, its
/// first letter a capital ("Kế hoạch kiểm tra…" → "Kiểm tra…").
std::string subject(const std::string& title, const std::string& word) {
  icu::UnicodeString t = icu::UnicodeString::fromUTF8(title);
  icu::UnicodeString k = icu::UnicodeString::fromUTF8(word);
  if (k.isEmpty() || t.length() <= k.length() + 1 || t[k.length()] != u' ' ||
      t.caseCompare(0, k.length(), k, 0, k.length(), U_FOLD_CASE_DEFAULT) != 0)
    return title;
  icu::UnicodeString rest = t.tempSubString(k.length() + 1);
  const UChar32 first = rest.char32At(0);
  rest.replace(0, U16_LENGTH(first), icu::UnicodeString(u_toupper(first)));
  std::string out;
  rest.toUTF8String(out);
  return out;
}

}  // namespace

std::string kind_line(const std::string& kind) {
  for (const auto& k : kKinds)
    if (kind == k.kind) return k.word;
  return "";
}

std::string word_document(const Document& d, const std::string& parent) {
  std::string body;
  // The header: issuer and number on the left, the Union's name and the
  // place and date on the right.
  if (!d.number.empty() || !d.issuer.empty() || d.issued) {
    const Format bold{true, false, false};
    std::string left, right;
    if (!parent.empty()) left += line(upper(parent), kCenter);
    if (!d.issuer.empty()) left += line(upper(d.issuer), kCenter, bold);
    left += line("***", kCenter);
    if (!d.number.empty()) left += line("Số: " + d.number, kCenter);
    right += line("ĐOÀN TNCS HỒ CHÍ MINH", kCenter, bold);
    right += line("―――――", kCenter);
    if (d.issued)
      right += line((d.place.empty() ? "" : d.place) + ", ngày " + std::to_string(d.issued->day) +
                        " tháng " + std::to_string(d.issued->month) + " năm " +
                        std::to_string(d.issued->year),
                    kCenter, {false, true, false});
    body += layout_table(left, right) + "<w:p/>";
  }
  const std::string word = kind_line(d.kind);
  const Format bold{true, false, false};
  if (!word.empty()) {
    body += line(word, kCenter, bold);
    icu::UnicodeString w = icu::UnicodeString::fromUTF8(word);
    w.toLower(icu::Locale("vi"));
    std::string lower;
    w.toUTF8String(lower);
    body += line(subject(d.title, lower), kCenter, bold);
    body += line("-----", kCenter);
  } else {
    body += line(d.title, "<w:pStyle w:val=\"Title\"/>");
  }
  BodyWriter w;
  write_body(d.body, w);
  body += w.xml;
  // The recipients on the left, the signing block on the right.
  if (d.signer || !d.recipients.empty()) {
    std::string left, right;
    if (!d.recipients.empty()) {
      left += line("Nơi nhận:", "", {true, true, false});
      for (std::size_t i = 0; i < d.recipients.size(); ++i)
        left += line("- " + d.recipients[i] + (i + 1 < d.recipients.size() ? ";" : "."));
    }
    if (d.signer) {
      if (!d.signer->on_behalf.empty()) right += line(upper(d.signer->on_behalf), kCenter, bold);
      if (!d.signer->title.empty()) right += line(upper(d.signer->title), kCenter, bold);
      right += "<w:p/><w:p/><w:p/>";
      right += line(d.signer->name, kCenter, bold);
    }
    body += "<w:p/>" + layout_table(left, right);
  }
  return package(body, w);
}

std::string word_page(const Page& p) {
  BodyWriter w;
  write_body(p.body, w);
  return package(line(p.title, "<w:pStyle w:val=\"Title\"/>") + w.xml, w);
}

}  // namespace thidua::site
