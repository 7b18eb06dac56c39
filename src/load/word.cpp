#include "load/word.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>

#include "load/workbook_parts.hpp"
#include "platform/zip.hpp"
#include "text/controls.hpp"
#include "text/markdown.hpp"
#include "text/utf8.hpp"

// The node types of cmark-gfm's table and strikethrough extensions: defined
// and exported by libcmark-gfm-extensions (set when the extensions are
// registered) but declared only in its private headers.
extern "C" {
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL,
    CMARK_NODE_STRIKETHROUGH;
}

namespace thidua::load {
namespace {

using workbook_parts::Xml;

// ---------------------------------------------------------------- the zip

struct Part {
  std::string name;
  std::string bytes;
};

/// Every part of the zip, in its order, all of them within kMaxWordUnpacked
/// together. nullopt with `problem` set when it cannot be read.
std::optional<std::vector<Part>> unpack(std::string_view bytes, text::Message* problem) {
  if (const auto c = workbook_parts::compound_file(bytes); c != workbook_parts::Compound::kNone) {
    *problem =
        text::Message(c == workbook_parts::Compound::kEncrypted ? "word-password" : "word-old-doc");
    return std::nullopt;
  }
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    *problem = text::Message("word-unreadable");
    return std::nullopt;
  }
  std::vector<Part> parts;
  std::set<std::string> names;
  std::size_t total = 0;
  archive_entry* e;
  int r;
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    const char* raw = archive_entry_pathname(e);
    std::string name = raw ? raw : "";
    if (!names.insert(name).second) {
      *problem = text::Message("word-part-twice", {{"part", text::excerpt(name)}});
      return std::nullopt;
    }
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    Part p{std::move(name), {}};
    char buf[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
      total += static_cast<std::size_t>(n);
      if (total > kMaxWordUnpacked) {
        *problem = text::Message("word-too-large-unpacked", {{"mb", kMaxWordUnpacked >> 20}});
        return std::nullopt;
      }
      p.bytes.append(buf, static_cast<std::size_t>(n));
    }
    if (n < 0) {
      *problem = text::Message("word-part-damaged", {{"part", text::excerpt(p.name)}});
      return std::nullopt;
    }
    parts.push_back(std::move(p));
  }
  if (r != ARCHIVE_EOF) {
    *problem = text::Message("word-cut-short");
    return std::nullopt;
  }
  return parts;
}

const Part* find_part(const std::vector<Part>& parts, std::string_view name) {
  for (const auto& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

/// An expat parse of a part, its problems said as a document's.
bool parse_xml(Xml& x, const Part& part, text::Message* problem) {
  if (x.parse(part.name, part.bytes, problem)) return true;
  if (problem->code().starts_with("workbook-"))
    *problem = problem->renamed("word-" + problem->code().substr(9));
  return false;
}

// ------------------------------------------------------------ relationships

struct Relation {
  std::string type;    ///< the last segment of its Type: "image", "hyperlink"
  std::string target;  ///< a part's name, resolved; or the external address
  bool external = false;
};

/// `target` of a relationship of the part in `folder` ("word/"), as the name
/// of a part of the zip; "" when it leads outside the zip.
std::string resolve(const std::string& folder, std::string_view target) {
  std::vector<std::string> segments;
  std::string path =
      target.starts_with("/") ? std::string(target.substr(1)) : folder + std::string(target);
  std::size_t at = 0;
  while (at <= path.size()) {
    const std::size_t slash = std::min(path.find('/', at), path.size());
    const std::string seg = path.substr(at, slash - at);
    if (seg == "..") {
      if (segments.empty()) return "";
      segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    at = slash + 1;
  }
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

std::map<std::string, Relation> relations(const std::vector<Part>& parts, const std::string& of,
                                          text::Message* problem) {
  std::map<std::string, Relation> out;
  const auto slash = of.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : of.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? of : of.substr(slash + 1);
  const Part* part = find_part(parts, folder + "_rels/" + name + ".rels");
  if (!part) return out;
  Xml x(text::Message("word-advice"));
  x.on_start = [&](std::string_view el, Xml::Attrs a) {
    if (el != "Relationship") return;
    Relation r;
    const std::string_view type = Xml::attr(a, "Type");
    r.type = std::string(
        type.substr(type.rfind('/') == std::string_view::npos ? 0 : type.rfind('/') + 1));
    r.external = Xml::attr(a, "TargetMode") == "External";
    r.target =
        r.external ? std::string(Xml::attr(a, "Target")) : resolve(folder, Xml::attr(a, "Target"));
    out.emplace(std::string(Xml::attr(a, "Id")), std::move(r));
  };
  if (!parse_xml(x, *part, problem)) out.clear();
  return out;
}

// ------------------------------------------------------ styles, numbering

struct Style {
  std::string name;  ///< lower case ("heading 1")
  std::string based_on;
  int outline = -1;  ///< 0-based outline level; -1 none
  std::string num_id;
  int num_level = 0;
  bool bold = false, italic = false;
};

bool on(Xml::Attrs a) {
  const std::string_view v = Xml::attr(a, "val");
  return v.empty() || (v != "0" && v != "false" && v != "off" && v != "none");
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int to_int(std::string_view s, int otherwise) {
  if (s.empty() || s.size() > 6) return otherwise;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return otherwise;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::map<std::string, Style> read_styles(const Part* part, text::Message* problem) {
  std::map<std::string, Style> out;
  if (!part) return out;
  Xml x(text::Message("word-advice"));
  Style* cur = nullptr;
  bool in_rpr = false, in_ppr = false;
  x.on_start = [&](std::string_view el, Xml::Attrs a) {
    if (el == "style") {
      cur = &out[std::string(Xml::attr(a, "styleId"))];
    } else if (!cur) {
      return;
    } else if (el == "name") {
      cur->name = lower_ascii(Xml::attr(a, "val"));
    } else if (el == "basedOn") {
      cur->based_on = Xml::attr(a, "val");
    } else if (el == "pPr") {
      in_ppr = true;
    } else if (el == "rPr") {
      in_rpr = true;
    } else if (in_ppr && el == "outlineLvl") {
      cur->outline = to_int(Xml::attr(a, "val"), -1);
    } else if (in_ppr && el == "numId") {
      cur->num_id = Xml::attr(a, "val");
    } else if (in_ppr && el == "ilvl") {
      cur->num_level = to_int(Xml::attr(a, "val"), 0);
    } else if (in_rpr && el == "b") {
      cur->bold = on(a);
    } else if (in_rpr && el == "i") {
      cur->italic = on(a);
    }
  };
  x.on_end = [&](std::string_view el) {
    if (el == "style") cur = nullptr;
    if (el == "pPr") in_ppr = false;
    if (el == "rPr") in_rpr = false;
  };
  if (!parse_xml(x, *part, problem)) out.clear();
  return out;
}

/// numId → the formats of its levels ("bullet", "decimal"…).
std::map<std::string, std::map<int, std::string>> read_numbering(const Part* part,
                                                                 text::Message* problem) {
  std::map<std::string, std::map<int, std::string>> abstract, out;
  if (!part) return out;
  Xml x(text::Message("word-advice"));
  std::map<std::string, std::string> nums;  // numId → abstractNumId
  std::string cur_abstract, cur_num;
  int level = 0;
  x.on_start = [&](std::string_view el, Xml::Attrs a) {
    if (el == "abstractNum")
      cur_abstract = Xml::attr(a, "abstractNumId");
    else if (el == "lvl")
      level = to_int(Xml::attr(a, "ilvl"), 0);
    else if (el == "numFmt" && !cur_abstract.empty())
      abstract[cur_abstract][level] = Xml::attr(a, "val");
    else if (el == "num")
      cur_num = Xml::attr(a, "numId");
    else if (el == "abstractNumId" && !cur_num.empty())
      nums[cur_num] = Xml::attr(a, "val");
  };
  x.on_end = [&](std::string_view el) {
    if (el == "abstractNum") cur_abstract.clear();
    if (el == "num") cur_num.clear();
  };
  if (!parse_xml(x, *part, problem)) return out;
  for (const auto& [num, abs] : nums)
    if (auto it = abstract.find(abs); it != abstract.end()) out[num] = it->second;
  return out;
}

// ------------------------------------------------------------- the body

struct Run {
  std::string text;  ///< "\n" alone: a line break
  bool bold = false, italic = false, strike = false;
  std::string link;   ///< its address, "" when none
  std::string image;  ///< a part's name: the run is this image
  std::string alt;    ///< the image's description
};

struct Para {
  std::vector<Run> runs;
  int number = 0;   ///< 1-based, for messages
  int heading = 0;  ///< 1–6; 0 none
  bool title_style = false, centered = false, quote = false, code = false;
  int list_level = -1;  ///< -1: not an item
  bool ordered = false;
  std::string list_id;

  std::string text() const {
    std::string s;
    for (const auto& r : runs) s += r.text;
    return s;
  }
};

struct Cell {
  std::vector<Para> paras;
  int span = 1;
  bool continued = false;  ///< merged with the cell above (vMerge continue)
};

struct Table {
  std::vector<std::vector<Cell>> rows;
  int number = 0;  ///< the paragraph number of its first paragraph
};

struct Block {
  bool is_table = false;
  Para para;
  Table table;
};

/// The lines of a paragraph, split at its line breaks, white space folded.
std::vector<std::string> lines_of(const Para& p);

/// Word's white space as a reader sees it: tabs and no-break spaces spaces,
/// runs of spaces one, none at the ends.
std::string squeeze(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || nbsp) {
      space = true;
      if (nbsp) ++i;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<std::string> lines_of(const Para& p) {
  std::vector<std::string> out(1);
  for (const auto& r : p.runs) {
    if (r.text == "\n")
      out.emplace_back();
    else
      out.back() += r.text;
  }
  std::vector<std::string> kept;
  for (auto& l : out)
    if (auto s = squeeze(l); !s.empty()) kept.push_back(std::move(s));
  return kept;
}

/// Reads document.xml into blocks.
class BodyReader {
 public:
  BodyReader(const std::map<std::string, Style>& styles,
             const std::map<std::string, std::map<int, std::string>>& numbering,
             const std::map<std::string, Relation>& rels)
      : styles_(styles), numbering_(numbering), rels_(rels) {}

  bool read(const Part& part, text::Message* problem) {
    Xml x(text::Message("word-advice"));
    x_ = &x;
    x.on_start = [this](std::string_view el, Xml::Attrs a) { start(el, a); };
    x.on_end = [this](std::string_view el) { end(el); };
    x.on_text = [this](std::string_view t) {
      if (in_text_ && skip_ == 0 && !in_instr_) text_ += t;
      if (in_instr_ && skip_ == 0) instr_ += t;
    };
    return parse_xml(x, part, problem);
  }

  std::vector<Block> blocks;
  int paragraphs = 0;
  bool text_box = false, footnotes = false;

 private:
  /// Elements whose content is not the document's text: properties that
  /// hold text (a deleted paragraph mark's), drawings but their picture,
  /// what Word keeps for older readers.
  void start(std::string_view el, Xml::Attrs a) {
    if (skip_ > 0) {
      if (el == "txbxContent") text_box = true;
      if (el == "blip" && in_drawing_) image_ = Xml::attr(a, "embed");
      if (el == "imagedata" && in_drawing_) image_ = Xml::attr(a, "id");
      if (el == "docPr" && in_drawing_) alt_ = Xml::attr(a, "descr");
      ++skip_;
      return;
    }
    if (is_tracked(el)) {
      x_->fail(at_paragraph(text::Message("word-tracked-changes")));
      return;
    }
    if (el == "commentRangeStart" || el == "commentReference") {
      x_->fail(at_paragraph(text::Message("word-comments")));
      return;
    }
    if (el == "p") {
      para_ = Para{};
      para_.number = ++paragraphs;
      in_p_ = true;
    } else if (el == "pPr" || el == "rPr" || el == "tcPr" || el == "tblPr" || el == "trPr") {
      props_.push_back(std::string(el));
    } else if (in_props("pPr") && !in_props("rPr")) {
      paragraph_property(el, a);
    } else if (in_props("rPr") && in_r_) {
      run_property(el, a);
    } else if (in_props("tcPr")) {
      if (el == "gridSpan") cell_span_ = std::max(1, to_int(Xml::attr(a, "val"), 1));
      if (el == "vMerge") cell_continued_ = Xml::attr(a, "val") != "restart";
    } else if (el == "r") {
      in_r_ = true;
      run_ = Run{};
      run_.link = link_;
    } else if (el == "t" && in_r_) {
      in_text_ = true;
      text_.clear();
    } else if (el == "instrText") {
      // field instructions: read only for a HYPERLINK field
    } else if ((el == "tab" || el == "ptab") && in_r_) {
      add_text(" ");
    } else if ((el == "br" || el == "cr") && in_r_) {
      if (Xml::attr(a, "type") != "page" && Xml::attr(a, "type") != "column") add_text("\n");
    } else if (el == "noBreakHyphen" && in_r_) {
      add_text("-");
    } else if (el == "hyperlink") {
      const std::string id(Xml::attr(a, "id"));
      link_.clear();
      if (auto it = rels_.find(id); !id.empty() && it != rels_.end() && it->second.external)
        link_ = it->second.target;
    } else if (el == "fldChar") {
      const std::string_view type = Xml::attr(a, "fldCharType");
      if (type == "begin") {
        in_instr_ = true;
        instr_.clear();
      } else if (type == "separate") {
        in_instr_ = false;
        field_link_ = hyperlink_field(instr_);
        link_ = field_link_;
      } else if (type == "end") {
        in_instr_ = false;
        if (!field_link_.empty()) link_.clear();
        field_link_.clear();
      }
    } else if (el == "drawing" || el == "pict" || el == "object") {
      in_drawing_ = true;
      image_.clear();
      alt_.clear();
      ++skip_;
    } else if (el == "Fallback" || el == "sectPr" || el == "sdtPr" || el == "sdtEndPr" ||
               el == "delText" || el == "del" || el == "moveFrom") {
      ++skip_;
    } else if (el == "footnoteReference" || el == "endnoteReference") {
      footnotes = true;
    } else if (el == "tbl") {
      if (in_cell_) {
        ++nested_tables_;  // a table in a table: its paragraphs join the cell
      } else {
        table_ = Table{};
        table_.number = paragraphs + 1;
        in_table_ = true;
      }
    } else if (el == "tr" && nested_tables_ == 0 && in_table_) {
      table_.rows.emplace_back();
    } else if (el == "tc" && nested_tables_ == 0 && in_table_) {
      in_cell_ = true;
      cell_ = Cell{};
      cell_span_ = 1;
      cell_continued_ = false;
    }
  }

  void end(std::string_view el) {
    if (skip_ > 0) {
      if (--skip_ == 0 && in_drawing_) {
        in_drawing_ = false;
        if (!image_.empty() && in_p_) {
          Run r;
          r.image = image_;
          r.alt = alt_;
          r.link = link_;
          para_.runs.push_back(std::move(r));
        }
      }
      return;
    }
    if (!props_.empty() && props_.back() == el) {
      props_.pop_back();
      return;
    }
    if (el == "t") {
      in_text_ = false;
      if (in_r_) add_text(text_);
    } else if (el == "r") {
      in_r_ = false;
    } else if (el == "hyperlink") {
      link_.clear();
    } else if (el == "p" && in_p_) {
      in_p_ = false;
      finish_paragraph();
    } else if (el == "tc" && nested_tables_ == 0 && in_cell_) {
      in_cell_ = false;
      cell_.span = cell_span_;
      cell_.continued = cell_continued_;
      if (!table_.rows.empty()) table_.rows.back().push_back(std::move(cell_));
    } else if (el == "tbl") {
      if (nested_tables_ > 0) {
        --nested_tables_;
      } else if (in_table_) {
        in_table_ = false;
        Block b;
        b.is_table = true;
        b.table = std::move(table_);
        blocks.push_back(std::move(b));
      }
    }
  }

  static bool is_tracked(std::string_view el) {
    static const std::set<std::string_view> kTracked = {"ins",
                                                        "del",
                                                        "moveFrom",
                                                        "moveTo",
                                                        "rPrChange",
                                                        "pPrChange",
                                                        "sectPrChange",
                                                        "tblPrChange",
                                                        "trPrChange",
                                                        "tcPrChange",
                                                        "tblGridChange",
                                                        "numberingChange",
                                                        "cellIns",
                                                        "cellDel",
                                                        "cellMerge",
                                                        "tblPrExChange",
                                                        "moveFromRangeStart",
                                                        "moveToRangeStart",
                                                        "customXmlInsRangeStart",
                                                        "customXmlDelRangeStart"};
    return kTracked.count(el) > 0;
  }

  text::Message at_paragraph(text::Message m) const {
    return text::Message("in-paragraph",
                         {{"n", std::max(1, paragraphs)}, {"message", std::move(m)}});
  }

  bool in_props(std::string_view name) const {
    return std::find(props_.begin(), props_.end(), name) != props_.end();
  }

  void paragraph_property(std::string_view el, Xml::Attrs a) {
    if (el == "pStyle") {
      style_of_para(std::string(Xml::attr(a, "val")));
    } else if (el == "jc") {
      para_.centered = Xml::attr(a, "val") == "center";
    } else if (el == "outlineLvl") {
      const int l = to_int(Xml::attr(a, "val"), 9);
      if (l < 6) para_.heading = l + 1;
    } else if (el == "numId") {
      const std::string id(Xml::attr(a, "val"));
      para_.list_id = id;
      if (id == "0")
        para_.list_level = -1;
      else if (para_.list_level < 0)
        para_.list_level = 0;
    } else if (el == "ilvl") {
      para_.list_level = std::clamp(to_int(Xml::attr(a, "val"), 0), 0, 8);
    }
  }

  void style_of_para(const std::string& id) {
    // The style and those it is based on, nearest first.
    for (int depth = 0; depth < 10; ++depth) {
      const auto it = styles_.find(depth == 0 ? id : chain_);
      if (it == styles_.end()) break;
      const Style& s = it->second;
      if (depth == 0) chain_ = id;
      if (para_.heading == 0) {
        if (s.name.starts_with("heading ") && s.name.size() == 9 && s.name[8] >= '1' &&
            s.name[8] <= '6')
          para_.heading = s.name[8] - '0';
        else if (s.outline >= 0 && s.outline < 6)
          para_.heading = s.outline + 1;
      }
      if (s.name == "title") para_.title_style = true;
      if (s.name == "quote" || s.name == "intense quote" || s.name == "quotations")
        para_.quote = true;
      if (s.name == "html preformatted" || s.name == "preformatted text" || s.name == "source text")
        para_.code = true;
      if (!s.num_id.empty() && para_.list_id.empty() && s.num_id != "0") {
        para_.list_id = s.num_id;
        para_.list_level = std::clamp(s.num_level, 0, 8);
      }
      if (s.based_on.empty()) break;
      chain_ = s.based_on;
    }
  }

  void run_property(std::string_view el, Xml::Attrs a) {
    if (el == "b")
      run_.bold = on(a);
    else if (el == "i")
      run_.italic = on(a);
    else if (el == "strike" || el == "dstrike")
      run_.strike = on(a);
    else if (el == "rStyle") {
      if (auto it = styles_.find(std::string(Xml::attr(a, "val"))); it != styles_.end()) {
        run_.bold = run_.bold || it->second.bold || it->second.name == "strong";
        run_.italic = run_.italic || it->second.italic || it->second.name == "emphasis";
      }
    }
  }

  void add_text(const std::string& t) {
    if (!in_p_ || t.empty()) return;
    Run r = run_;
    r.text = t;
    r.link = link_;
    para_.runs.push_back(std::move(r));
  }

  /// The address of a HYPERLINK field's instruction (`HYPERLINK "https://…"`),
  /// "" for any other field or a link within the document (\l).
  static std::string hyperlink_field(const std::string& instr) {
    const std::string s = squeeze(instr);
    if (!s.starts_with("HYPERLINK ") || s.find("\\l") != std::string::npos) return "";
    const auto q1 = s.find('"');
    const auto q2 = q1 == std::string::npos ? q1 : s.find('"', q1 + 1);
    return q2 == std::string::npos ? "" : s.substr(q1 + 1, q2 - q1 - 1);
  }

  void finish_paragraph() {
    if (para_.list_level >= 0) {
      const auto it = numbering_.find(para_.list_id);
      std::string format = "bullet";
      if (it != numbering_.end()) {
        const auto lvl = it->second.find(para_.list_level);
        if (lvl != it->second.end()) format = lvl->second;
      } else {
        para_.list_level = -1;  // numbering that is not there: a paragraph
      }
      if (format == "none") para_.list_level = -1;
      para_.ordered = format != "bullet";
    }
    if (in_cell_) {
      cell_.paras.push_back(std::move(para_));
    } else {
      Block b;
      b.para = std::move(para_);
      blocks.push_back(std::move(b));
    }
  }

  const std::map<std::string, Style>& styles_;
  const std::map<std::string, std::map<int, std::string>>& numbering_;
  const std::map<std::string, Relation>& rels_;
  Xml* x_ = nullptr;
  std::vector<std::string> props_;
  int skip_ = 0, nested_tables_ = 0;
  bool in_p_ = false, in_r_ = false, in_text_ = false, in_instr_ = false, in_drawing_ = false;
  bool in_table_ = false, in_cell_ = false, cell_continued_ = false;
  int cell_span_ = 1;
  std::string text_, instr_, link_, field_link_, image_, alt_, chain_;
  Para para_;
  Run run_;
  Cell cell_;
  Table table_;
};

// --------------------------------------------------- the header, recognised

icu::UnicodeString u(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

/// Letters, all of them capitals.
bool in_capitals(std::string_view line) {
  const icu::UnicodeString s = u(line);
  bool letters = false;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    if (!u_isalpha(c)) continue;
    letters = true;
    if (u_islower(c)) return false;
  }
  return letters;
}

std::string upper(std::string_view s) {
  icu::UnicodeString t = u(s);
  t.toUpper(icu::Locale("vi"));
  return utf8(t);
}

std::string lower(std::string_view s) {
  icu::UnicodeString t = u(s);
  t.toLower(icu::Locale("vi"));
  return utf8(t);
}

/// "KẾ HOẠCH" → "Kế hoạch".
std::string sentence_case(std::string_view s) {
  icu::UnicodeString t = u(s);
  t.toLower(icu::Locale("vi"));
  if (!t.isEmpty()) {
    const UChar32 first = t.char32At(0);
    t.replace(0, U16_LENGTH(first), icu::UnicodeString(u_toupper(first)));
  }
  return utf8(t);
}

bool is_decoration(std::string_view line) {
  const icu::UnicodeString s = u(line);
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    if (c != '*' && c != '-' && c != '_' && c != ' ' && c != 0x2015 && c != 0x2014 && c != 0x2013 &&
        c != 0x2500 && c != '=')
      return false;
  }
  return true;
}

bool is_union_line(std::string_view line) { return upper(line) == "ĐOÀN TNCS HỒ CHÍ MINH"; }

/// "Số: 46 - KH/ĐTN" → "46-KH/ĐTN"; "" for a number left blank ("Số:
/// -KH/ĐTN"); nullopt for a line that is not a number's ("Số lượng…").
std::optional<std::string> number_of(std::string_view line) {
  // "Số" and "SỐ" are four bytes, as is "số".
  if (line.size() < 4 || lower(line.substr(0, 4)) != "số") return std::nullopt;
  std::string_view rest = line.substr(4);
  while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (!rest.empty() && rest[0] == ':')
    rest.remove_prefix(1);
  else if (rest.empty() || rest[0] < '0' || rest[0] > '9')
    return std::nullopt;
  // Spaces around "-" and "/" go; others stay one.
  std::string out;
  const std::string squeezed = squeeze(rest);
  for (std::size_t i = 0; i < squeezed.size(); ++i) {
    const char c = squeezed[i];
    if (c == ' ') {
      const char prev = out.empty() ? '-' : out.back();
      const char next = i + 1 < squeezed.size() ? squeezed[i + 1] : '-';
      if (prev == '-' || prev == '/' || next == '-' || next == '/') continue;
    }
    out += c;
  }
  if (out.empty() || out[0] == '-' || out[0] == '/') return std::string();
  return out;
}

/// "<place>, ngày D tháng M năm Y": the place and the date (nullopt when
/// its day or month is left blank, as before signing).
struct DateLine {
  std::string place;
  std::optional<Date> date;
};

std::optional<DateLine> date_line_of(std::string_view line) {
  static const std::regex kDate(
      R"(^,\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})\s*\.?$)");
  for (std::size_t comma = line.find(','); comma != std::string_view::npos;
       comma = line.find(',', comma + 1)) {
    const std::string rest = lower(line.substr(comma));
    std::smatch m;
    if (!std::regex_match(rest, m, kDate)) continue;
    DateLine d;
    d.place = squeeze(line.substr(0, comma));
    if (m[1].matched && m[2].matched) {
      Date date{std::stoi(m[3]), std::stoi(m[2]), std::stoi(m[1])};
      if (auto checked = parse_date(date.iso())) d.date = *checked;
    }
    return d;
  }
  return std::nullopt;
}

struct KindWord {
  const char* word;
  const char* kind;
};
constexpr KindWord kKinds[] = {{"KẾ HOẠCH", "plan"},        {"THÔNG BÁO", "notice"},
                               {"ĐỀ CƯƠNG", "outline"},     {"BÁO CÁO", "report"},
                               {"QUYẾT ĐỊNH", "decision"},  {"HƯỚNG DẪN", "guidance"},
                               {"CHƯƠNG TRÌNH", "program"}, {"CÔNG VĂN", "official-letter"},
                               {"TỜ TRÌNH", "proposal"},    {"NGHỊ QUYẾT", "other"},
                               {"CHỈ THỊ", "other"},        {"THÔNG TRI", "other"},
                               {"QUY CHẾ", "other"},        {"QUY ĐỊNH", "other"},
                               {"BIÊN BẢN", "other"},       {"KẾT LUẬN", "other"},
                               {"ĐỀ ÁN", "other"},          {"GIẤY MỜI", "other"}};

bool is_signing_start(std::string_view line) {
  for (std::string_view p : {"TM.", "TM ", "T/M", "KT.", "KT ", "Q.", "TL.", "TUQ.", "T.M."})
    if (line.starts_with(p)) return true;
  return false;
}

bool is_recipients_line(std::string_view line) {
  const std::string l = lower(line);
  return l.starts_with("nơi nhận");
}

/// "- Các cơ sở Đoàn;" → "Các cơ sở Đoàn".
std::string recipient_of(std::string line) {
  for (std::string_view dash : {"- ", "-", "– ", "+ ", "• ", "* "})
    if (line.starts_with(dash)) {
      line = line.substr(dash.size());
      break;
    }
  while (!line.empty() &&
         (line.back() == ';' || line.back() == '.' || line.back() == ',' || line.back() == ' '))
    line.pop_back();
  if (line.ends_with("./")) line.resize(line.size() - 2);
  return squeeze(line);
}

bool is_list_line(const Para& p, std::string_view line) {
  return p.list_level >= 0 || line.starts_with("-") || line.starts_with("–") ||
         line.starts_with("+") || line.starts_with("•");
}

class Recogniser {
 public:
  Recogniser(std::vector<Block>& blocks, WordDocument& doc) : blocks_(blocks), doc_(doc) {}

  void run() {
    std::size_t first = 0;
    header(first);
    kind_and_title(first);
    signing(first);
    blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(first));
  }

 private:
  void found(const std::string& field, const std::string& value) {
    doc_.recognised.emplace_back(field, value);
  }

  /// The header: the first table, or the paragraphs before the kind line.
  void header(std::size_t& first) {
    std::vector<std::vector<std::string>> sides;  // lines, a side (a cell) each
    std::size_t end = 0;
    if (!blocks_.empty() && blocks_[0].is_table) {
      for (const auto& row : blocks_[0].table.rows)
        for (const auto& cell : row) {
          std::vector<std::string> lines;
          for (const auto& p : cell.paras)
            for (auto& l : lines_of(p)) lines.push_back(std::move(l));
          if (!lines.empty()) sides.push_back(std::move(lines));
        }
      end = 1;
    } else {
      const std::size_t kind = find_kind(0);
      if (kind == blocks_.size()) return;
      std::vector<std::string> lines;
      for (std::size_t i = 0; i < kind; ++i)
        if (!blocks_[i].is_table)
          for (auto& l : lines_of(blocks_[i].para)) lines.push_back(std::move(l));
      sides.push_back(std::move(lines));
      end = kind;
    }
    bool is_header = false;
    for (const auto& side : sides)
      for (const auto& l : side)
        is_header = is_header || is_union_line(l) || number_of(l) || date_line_of(l);
    if (!is_header) return;
    first = end;
    // The issuer: the side holding the number, else the side without the
    // date; its lines but the union's, the number, the date and rules. The
    // first of several names the body above the issuer.
    const std::vector<std::string>* issuer_side = nullptr;
    for (const auto& side : sides) {
      for (const auto& l : side) {
        if (auto n = number_of(l)) {
          issuer_side = &side;
          if (!n->empty() && doc_.number.empty()) {
            doc_.number = *n;
            found("number", *n);
          }
        } else if (auto d = date_line_of(l); d && doc_.place.empty()) {
          doc_.place = d->place;
          if (!d->place.empty()) found("place", d->place);
          if (d->date) {
            doc_.issued = d->date;
            found("issued", d->date->iso());
          }
        }
      }
    }
    if (!issuer_side)
      for (const auto& side : sides) {
        bool dated = false;
        for (const auto& l : side) dated = dated || date_line_of(l);
        if (!dated && sides.size() > 1) {
          issuer_side = &side;
          break;
        }
      }
    if (!issuer_side && sides.size() == 1) issuer_side = &sides[0];
    if (!issuer_side) return;
    std::vector<std::string> names;
    for (const auto& l : *issuer_side)
      if (!is_union_line(l) && !is_decoration(l) && !number_of(l) && !date_line_of(l) &&
          in_capitals(l))
        names.push_back(l);
    if (names.empty()) return;
    std::string issuer;
    for (std::size_t i = names.size() > 1 ? 1 : 0; i < names.size(); ++i)
      issuer += (issuer.empty() ? "" : " ") + names[i];
    doc_.issuer = issuer;
    found("issuer", issuer);
  }

  /// The first paragraph from `from` in capitals that names a kind, within
  /// the first blocks; blocks_.size() when there is none.
  std::size_t find_kind(std::size_t from) const {
    for (std::size_t i = from; i < blocks_.size() && i < from + 24; ++i) {
      if (blocks_[i].is_table) continue;
      const auto lines = lines_of(blocks_[i].para);
      if (lines.size() == 1 && !word_kind_of(lines[0]).empty()) return i;
    }
    return blocks_.size();
  }

  void kind_and_title(std::size_t& first) {
    const std::size_t k = find_kind(first);
    if (k == blocks_.size()) {
      // No kind: a page, or a document whose title is its first paragraph
      // in the Title or the Heading 1 style.
      for (std::size_t i = first; i < blocks_.size() && i < first + 8; ++i) {
        if (blocks_[i].is_table) break;
        const Para& p = blocks_[i].para;
        if (lines_of(p).empty()) continue;
        if (p.title_style || p.heading == 1) {
          doc_.title = squeeze(p.text());
          found("title", doc_.title);
          first = i + 1;
        }
        break;
      }
      return;
    }
    // The kind line comes right after the header, or after blank lines.
    for (std::size_t i = first; i < k; ++i)
      if (blocks_[i].is_table || !lines_of(blocks_[i].para).empty()) return;
    const std::string line = lines_of(blocks_[k].para)[0];
    doc_.kind = word_kind_of(line);
    found("kind", doc_.kind + " (" + line + ")");
    std::size_t i = k + 1;
    while (i < blocks_.size() && !blocks_[i].is_table && lines_of(blocks_[i].para).empty()) ++i;
    std::vector<std::string> title;
    const bool centered = blocks_[k].para.centered;
    for (; i < blocks_.size() && !blocks_[i].is_table; ++i) {
      const Para& p = blocks_[i].para;
      const auto lines = lines_of(p);
      if (lines.empty()) break;
      if (lines.size() == 1 && is_decoration(lines[0])) {
        ++i;
        break;
      }
      if (!title.empty() && (!centered || !p.centered)) break;
      if (p.list_level >= 0 || p.heading > 0) break;
      for (const auto& l : lines) title.push_back(l);
      if (!centered) {
        ++i;
        break;
      }
    }
    first = i;
    if (title.empty()) return;
    std::string subject;
    for (const auto& l : title) subject += (subject.empty() ? "" : " ") + l;
    // "Kiểm tra…" under KẾ HOẠCH → "Kế hoạch kiểm tra…"; a subject starting
    // with a word in capitals (an abbreviation) keeps it.
    const icu::UnicodeString s = u(subject);
    if (s.length() > 1 && u_isupper(s.char32At(0)) && !u_isupper(s.char32At(s.moveIndex32(0, 1)))) {
      icu::UnicodeString t = s;
      const UChar32 c = t.char32At(0);
      t.replace(0, U16_LENGTH(c), icu::UnicodeString(u_tolower(c)));
      subject = utf8(t);
    }
    doc_.title = sentence_case(line) + " " + subject;
    found("title", doc_.title);
  }

  /// The signing block and the recipients, after the body: a table at the
  /// end, or the paragraphs from "Nơi nhận:" or a TM. line on.
  void signing(std::size_t first) {
    std::size_t end = blocks_.size();
    while (end > first && !blocks_[end - 1].is_table && lines_of(blocks_[end - 1].para).empty())
      --end;
    if (end == first) return;
    struct Line {
      std::string text;
      const Para* para;
      int side;
    };
    std::vector<Line> lines;
    std::size_t start = end;
    if (blocks_[end - 1].is_table) {
      const Table& t = blocks_[end - 1].table;
      int side = 0;
      bool signing = false;
      for (const auto& row : t.rows)
        for (const auto& cell : row) {
          ++side;
          for (const auto& p : cell.paras)
            for (auto& l : lines_of(p)) {
              signing = signing || is_recipients_line(l) || is_signing_start(l);
              lines.push_back({l, &p, side});
            }
        }
      if (!signing) return;
      start = end - 1;
    } else {
      // From the end back to the first of "Nơi nhận:" or a signing line,
      // within the last paragraphs.
      std::size_t from = end;
      for (std::size_t i = end; i > first && i + 40 > end; --i) {
        const Block& b = blocks_[i - 1];
        if (b.is_table) break;
        const auto ls = lines_of(b.para);
        if (!ls.empty() && (is_recipients_line(ls[0]) || is_signing_start(ls[0]))) from = i - 1;
      }
      if (from == end) return;
      for (std::size_t i = from; i < end; ++i)
        for (auto& l : lines_of(blocks_[i].para)) lines.push_back({l, &blocks_[i].para, 0});
      start = from;
    }
    // Recipients: "Nơi nhận:" and the items after it on its side.
    std::vector<std::string> signing;
    bool in_recipients = false;
    int recipients_side = -1;
    for (const auto& l : lines) {
      if (is_recipients_line(l.text)) {
        in_recipients = true;
        recipients_side = l.side;
        const auto colon = l.text.find(':');
        if (colon != std::string::npos && colon + 1 < l.text.size())
          if (auto r = recipient_of(l.text.substr(colon + 1)); !r.empty())
            doc_.recipients.push_back(r);
        continue;
      }
      if (in_recipients && l.side == recipients_side && is_list_line(*l.para, l.text)) {
        if (auto r = recipient_of(l.text); !r.empty()) doc_.recipients.push_back(r);
        continue;
      }
      in_recipients = false;
      if (l.side != recipients_side || l.side == 0) signing.push_back(l.text);
    }
    for (const auto& r : doc_.recipients) found("recipients", r);
    // Signing: an on-behalf line (TM., KT.…), titles in capitals, the name.
    if (signing.size() >= 2) {
      Signer s;
      std::size_t i = 0;
      if (is_signing_start(signing[0])) s.on_behalf = signing[i++];
      std::string title;
      for (; i + 1 < signing.size(); ++i)
        if (in_capitals(signing[i])) title += (title.empty() ? "" : " ") + signing[i];
      s.title = title;
      s.name = signing.back();
      if (!in_capitals(s.name) && (!s.title.empty() || !s.on_behalf.empty())) {
        doc_.signer = s;
        if (!s.on_behalf.empty()) found("signer.on_behalf", s.on_behalf);
        if (!s.title.empty()) found("signer.title", s.title);
        found("signer.name", s.name);
      }
    }
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(start), blocks_.end());
  }

  std::vector<Block>& blocks_;
  WordDocument& doc_;
};

// -------------------------------------------------- to cmark's node tree

using Node = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;

cmark_syntax_extension* extension(const char* name) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  return cmark_find_syntax_extension(name);
}

cmark_node* node(cmark_node_type type) { return cmark_node_new(type); }

cmark_node* ext_node(cmark_node_type type, const char* ext) {
  return cmark_node_new_with_ext(type, extension(ext));
}

/// A table's cell as cmark's own parser makes one: the table extension gives
/// a cell made with cmark_node_new_with_ext data it never frees.
cmark_node* table_cell() {
  cmark_node* n = cmark_node_new(CMARK_NODE_TABLE_CELL);
  cmark_node_set_syntax_extension(n, extension("table"));
  return n;
}

bool is_space_or_punct(UChar32 c) { return u_isspace(c) || u_ispunct(c) || c == 0xA0; }

/// Inline runs into `parent`: runs of one format together, white space and
/// punctuation at a format's ends moved outside it (so that the Markdown
/// written from the tree reads back as the same emphasis).
class Inlines {
 public:
  /// `formats`: bold, italic and strikethrough as marks; false: the words alone.
  Inlines(cmark_node* parent, const std::map<std::string, std::string>& images, bool formats = true)
      : parent_(parent), images_(images), formats_(formats) {}

  void add(const std::vector<Run>& runs, bool breaks) {
    std::size_t i = 0;
    while (i < runs.size()) {
      const Run& r = runs[i];
      if (!r.image.empty()) {
        if (auto it = images_.find(r.image); it != images_.end()) {
          cmark_node* img = node(CMARK_NODE_IMAGE);
          cmark_node_set_url(img, it->second.c_str());
          if (!r.alt.empty()) {
            cmark_node* t = node(CMARK_NODE_TEXT);
            cmark_node_set_literal(t, squeeze(r.alt).c_str());
            cmark_node_append_child(img, t);
          }
          append(img, r.link);
        }
        prev_word_ = false;
        ++i;
        continue;
      }
      if (r.text == "\n") {
        append(node(breaks ? CMARK_NODE_LINEBREAK : CMARK_NODE_SOFTBREAK), r.link);
        prev_word_ = false;
        ++i;
        continue;
      }
      std::string text;
      std::size_t j = i;
      for (; j < runs.size() && runs[j].image.empty() && runs[j].text != "\n" &&
             runs[j].bold == r.bold && runs[j].italic == r.italic && runs[j].strike == r.strike &&
             runs[j].link == r.link;
           ++j)
        text += runs[j].text;
      // What follows: a letter or digit makes a closing mark after
      // punctuation no closing mark (CommonMark's flanking rules).
      bool next_word = false;
      if (j < runs.size() && runs[j].image.empty() && runs[j].text != "\n" &&
          !runs[j].text.empty()) {
        const icu::UnicodeString n = u(runs[j].text);
        next_word = !is_space_or_punct(n.char32At(0));
      }
      formatted(text, r, next_word);
      i = j;
    }
  }

 private:
  /// A run of one format: white space at its ends outside the marks, and
  /// punctuation at an end next to a letter outside too, so that the
  /// Markdown written from the tree reads back as the same emphasis.
  void formatted(const std::string& raw, const Run& r, bool next_word) {
    const icu::UnicodeString s = u(raw);
    int32_t a = 0, b = s.length();
    const bool bold = formats_ && r.bold, italic = formats_ && r.italic,
               strike = formats_ && r.strike;
    if (bold || italic || strike) {
      bool strip = prev_word_;
      while (a < b) {
        const UChar32 c = s.char32At(a);
        if (u_isspace(c) || c == 0xA0) {
          strip = false;
        } else if (!(strip && is_space_or_punct(c))) {
          break;
        } else {
          strip = false;
        }
        a = s.moveIndex32(a, 1);
      }
      strip = next_word;
      while (b > a) {
        const int32_t before = s.moveIndex32(b, -1);
        const UChar32 c = s.char32At(before);
        if (u_isspace(c) || c == 0xA0) {
          strip = false;
        } else if (!(strip && is_space_or_punct(c))) {
          break;
        } else {
          strip = false;
        }
        b = before;
      }
    }
    if (a > 0) plain(utf8(s.tempSubString(0, a)), r.link);
    if (b > a) {
      cmark_node* t = node(CMARK_NODE_TEXT);
      cmark_node_set_literal(t, utf8(s.tempSubString(a, b - a)).c_str());
      cmark_node* n = t;
      if (strike) n = wrap(ext_node(CMARK_NODE_STRIKETHROUGH, "strikethrough"), n);
      if (italic) n = wrap(node(CMARK_NODE_EMPH), n);
      if (bold) n = wrap(node(CMARK_NODE_STRONG), n);
      append(n, r.link);
    }
    if (b < s.length()) plain(utf8(s.tempSubString(b)), r.link);
    if (!s.isEmpty()) prev_word_ = !is_space_or_punct(s.char32At(s.moveIndex32(s.length(), -1)));
  }

  void plain(const std::string& text, const std::string& link) {
    cmark_node* t = node(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, text.c_str());
    append(t, link);
  }

  static cmark_node* wrap(cmark_node* outer, cmark_node* inner) {
    cmark_node_append_child(outer, inner);
    return outer;
  }

  /// Into the parent, or into a link node when the run is a link (runs of
  /// one link share it).
  void append(cmark_node* n, const std::string& link) {
    if (link.empty()) {
      cmark_node_append_child(parent_, n);
      last_link_ = nullptr;
      return;
    }
    if (!last_link_ || link != last_url_) {
      last_link_ = node(CMARK_NODE_LINK);
      cmark_node_set_url(last_link_, link.c_str());
      cmark_node_append_child(parent_, last_link_);
      last_url_ = link;
    }
    cmark_node_append_child(last_link_, n);
  }

  cmark_node* parent_;
  const std::map<std::string, std::string>& images_;
  bool formats_;
  bool prev_word_ = false;  ///< the text before ends with a letter or digit
  cmark_node* last_link_ = nullptr;
  std::string last_url_;
};

std::string render(cmark_node* doc);

/// Whether `runs` with their formats read back as the same words as
/// without: marks that touch (bold right after italic, around punctuation)
/// can make Markdown that shows an asterisk; such a paragraph keeps its
/// words and loses its marks.
bool formats_read_back(const std::vector<Run>& runs, bool breaks,
                       const std::map<std::string, std::string>& images) {
  bool any = false;
  for (const auto& r : runs) any = any || r.bold || r.italic || r.strike;
  if (!any) return true;
  const auto words = [&](bool formats) {
    Node doc(cmark_node_new(CMARK_NODE_DOCUMENT), cmark_node_free);
    cmark_node* p = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(doc.get(), p);
    Inlines(p, images, formats).add(runs, breaks);
    return text::markdown_to_plain_text(render(doc.get()));
  };
  return words(true) == words(false);
}

/// Runs with the text of a paragraph trimmed at its ends.
std::vector<Run> trimmed(std::vector<Run> runs) {
  while (!runs.empty() && runs.front().image.empty() && squeeze(runs.front().text).empty())
    runs.erase(runs.begin());
  while (!runs.empty() && runs.back().image.empty() && squeeze(runs.back().text).empty())
    runs.pop_back();
  for (auto& r : runs) {
    if (r.text == "\n") continue;
    std::string t;
    for (std::size_t i = 0; i < r.text.size(); ++i) {
      const bool nbsp = r.text[i] == '\xC2' && i + 1 < r.text.size() && r.text[i + 1] == '\xA0';
      if (r.text[i] == '\t' || nbsp) {
        t += ' ';
        if (nbsp) ++i;
      } else {
        t += r.text[i];
      }
    }
    r.text = std::move(t);
  }
  if (!runs.empty() && runs.front().image.empty()) {
    auto& t = runs.front().text;
    t.erase(0, t.find_first_not_of(' '));
  }
  if (!runs.empty() && runs.back().image.empty()) {
    auto& t = runs.back().text;
    t.erase(t.find_last_not_of(' ') + 1);
  }
  return runs;
}

bool has_content(const Para& p) {
  for (const auto& r : p.runs)
    if (!r.image.empty() || (r.text != "\n" && !squeeze(r.text).empty())) return true;
  return false;
}

class TreeBuilder {
 public:
  /// The extensions registered first: their node types are set then.
  TreeBuilder(const std::map<std::string, std::string>& images) : images_(images) {
    extension("table");
  }

  cmark_node* build(const std::vector<Block>& blocks) {
    cmark_node* doc = node(CMARK_NODE_DOCUMENT);
    for (std::size_t i = 0; i < blocks.size();) {
      const Block& b = blocks[i];
      if (b.is_table) {
        table(doc, b.table);
        ++i;
        continue;
      }
      const Para& p = b.para;
      if (!has_content(p)) {
        ++i;
        continue;
      }
      const auto lines = lines_of(p);
      if (lines.size() == 1 && lines[0].size() >= 3 && is_decoration(lines[0]) &&
          lines[0].find_first_of("*-_") != std::string::npos) {
        cmark_node_append_child(doc, node(CMARK_NODE_THEMATIC_BREAK));
        ++i;
      } else if (p.list_level >= 0) {
        i = list(doc, blocks, i, p.list_level);
      } else if (p.code) {
        std::string code;
        for (; i < blocks.size() && !blocks[i].is_table && blocks[i].para.code; ++i)
          code += blocks[i].para.text() + "\n";
        cmark_node* c = node(CMARK_NODE_CODE_BLOCK);
        cmark_node_set_literal(c, code.c_str());
        cmark_node_append_child(doc, c);
      } else if (p.quote) {
        cmark_node* q = node(CMARK_NODE_BLOCK_QUOTE);
        for (; i < blocks.size() && !blocks[i].is_table && blocks[i].para.quote; ++i)
          if (has_content(blocks[i].para)) paragraph(q, blocks[i].para);
        cmark_node_append_child(doc, q);
      } else {
        paragraph(doc, p);
        ++i;
      }
    }
    return doc;
  }

 private:
  void paragraph(cmark_node* parent, const Para& p) {
    cmark_node* n;
    if (p.heading > 0 || p.title_style) {
      n = node(CMARK_NODE_HEADING);
      cmark_node_set_heading_level(n, p.heading > 0 ? p.heading : 1);
    } else {
      n = node(CMARK_NODE_PARAGRAPH);
    }
    const auto runs = trimmed(p.runs);
    const bool breaks = p.heading == 0 && !p.title_style;
    Inlines(n, images_, formats_read_back(runs, breaks, images_)).add(runs, breaks);
    cmark_node_append_child(parent, n);
  }

  /// The items from `i` at `level` and deeper, as a list; the index after.
  std::size_t list(cmark_node* parent, const std::vector<Block>& blocks, std::size_t i, int level) {
    const std::size_t start = i;
    const bool ordered = blocks[i].para.ordered;
    cmark_node* l = node(CMARK_NODE_LIST);
    cmark_node_set_list_type(l, ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST);
    if (ordered) {
      cmark_node_set_list_delim(l, CMARK_PERIOD_DELIM);
      cmark_node_set_list_start(l, 1);
    }
    cmark_node_set_list_tight(l, 1);
    cmark_node_append_child(parent, l);
    cmark_node* item = nullptr;
    while (i < blocks.size() && !blocks[i].is_table) {
      const Para& p = blocks[i].para;
      if (!has_content(p)) {
        // A blank paragraph between items is not the end of the list.
        std::size_t j = i;
        while (j < blocks.size() && !blocks[j].is_table && !has_content(blocks[j].para)) ++j;
        if (j < blocks.size() && !blocks[j].is_table && blocks[j].para.list_level >= level) {
          i = j;
          continue;
        }
        break;
      }
      if (p.list_level < level) break;
      if (p.list_level > level && item) {
        i = list(item, blocks, i, p.list_level);
        continue;
      }
      // Another kind, or another numbering at this level: another list.
      if (p.ordered != ordered || p.list_id != blocks[start].para.list_id) break;
      item = node(CMARK_NODE_ITEM);
      cmark_node* para = node(CMARK_NODE_PARAGRAPH);
      auto runs = trimmed(p.runs);
      // A box typed before a bulleted item (☐, ☒ or ☑) makes it a task.
      if (!ordered && !runs.empty() && runs.front().image.empty())
        for (const auto& [box, checked] :
             {std::pair<std::string_view, bool>{"☐ ", false}, {"☒ ", true}, {"☑ ", true}})
          if (runs.front().text.starts_with(box)) {
            runs.front().text.erase(0, box.size());
            cmark_node_set_syntax_extension(item, extension("tasklist"));
            cmark_gfm_extensions_set_tasklist_item_checked(item, checked);
            break;
          }
      Inlines(para, images_, formats_read_back(runs, true, images_)).add(runs, true);
      cmark_node_append_child(item, para);
      cmark_node_append_child(l, item);
      ++i;
    }
    return i;
  }

  void table(cmark_node* parent, const Table& t) {
    std::size_t columns = 0;
    for (const auto& row : t.rows) {
      std::size_t n = 0;
      for (const auto& c : row) n += static_cast<std::size_t>(c.span);
      columns = std::max(columns, n);
    }
    if (columns == 0) return;
    cmark_node* tbl = ext_node(CMARK_NODE_TABLE, "table");
    cmark_gfm_extensions_set_table_columns(tbl, static_cast<uint16_t>(columns));
    std::vector<uint8_t> align(columns, 0);
    cmark_gfm_extensions_set_table_alignments(tbl, static_cast<uint16_t>(columns), align.data());
    bool header = true;
    for (const auto& row : t.rows) {
      cmark_node* r = ext_node(CMARK_NODE_TABLE_ROW, "table");
      cmark_gfm_extensions_set_table_row_is_header(r, header ? 1 : 0);
      std::size_t n = 0;
      for (const auto& c : row) {
        cmark_node* cell = table_cell();
        if (!c.continued) {
          std::vector<Run> runs;
          for (const auto& p : c.paras) {
            if (!has_content(p)) continue;
            if (!runs.empty()) {
              Run space;
              space.text = " ";
              runs.push_back(std::move(space));
            }
            for (auto& r2 : trimmed(p.runs)) {
              if (r2.text == "\n") r2.text = " ";
              runs.push_back(std::move(r2));
            }
          }
          Inlines(cell, images_, formats_read_back(runs, false, images_)).add(runs, false);
        }
        cmark_node_append_child(r, cell);
        ++n;
        for (int s = 1; s < c.span; ++s, ++n) cmark_node_append_child(r, table_cell());
      }
      for (; n < columns; ++n) cmark_node_append_child(r, table_cell());
      cmark_node_append_child(tbl, r);
      header = false;
    }
    cmark_node_append_child(parent, tbl);
  }

  const std::map<std::string, std::string>& images_;
};

/// The tree as Markdown: cmark escapes what would otherwise be markup, and
/// each extension's node writes itself.
std::string render(cmark_node* doc) {
  char* md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
  std::string out = md ? md : "";
  std::free(md);
  return out;
}

// ------------------------------------------------------ the original, clean

/// The property parts with no names of people in them.
const std::map<std::string, std::string>& clean_parts() {
  static const std::map<std::string, std::string> kParts = {
      {"docProps/core.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<cp:coreProperties "
       "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"></cp:coreProperties>"},
      {"docProps/app.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Properties "
       "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
       "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
       "</Properties>"},
      {"word/people.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"/>"},
      {"docProps/custom.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Properties "
       "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
       "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
       "</Properties>"}};
  return kParts;
}

/// The zip again, its parts in their order, those that name people
/// replaced by empty ones (platform::zip_in_memory: the same document gives
/// the same bytes).
std::string clean_original(const std::vector<Part>& parts) {
  std::vector<std::pair<std::string_view, std::string_view>> entries;
  for (const auto& p : parts) {
    const auto clean = clean_parts().find(p.name);
    entries.emplace_back(p.name, clean == clean_parts().end() ? p.bytes : clean->second);
  }
  return platform::zip_in_memory(entries);
}

/// Whether a part holds a tracked change's or a comment's author: such
/// parts (headers, footers, notes) are shipped in the original.
bool names_authors(const Part& p, text::Message* problem, bool* comments) {
  Xml x(text::Message("word-advice"));
  bool found = false;
  x.on_start = [&](std::string_view el, Xml::Attrs a) {
    if (el == "comment") *comments = true;
    if (Xml::has_attr(a, "author") && el != "person") found = true;
  };
  if (!parse_xml(x, p, problem)) return false;
  return found;
}

std::string image_extension(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? "" : lower_ascii(name.substr(dot + 1));
}

}  // namespace

std::string word_kind_of(std::string_view line) {
  if (!in_capitals(line)) return "";
  const std::string l = squeeze(line);
  for (const auto& k : kKinds)
    if (l == k.word) return k.kind;
  return "";
}

std::optional<WordDocument> read_word(std::string_view bytes, std::vector<WordProblem>& problems) {
  auto fail = [&](text::Message m, int paragraph = 0) {
    problems.push_back({paragraph, std::move(m), true});
    return std::nullopt;
  };
  text::Message problem;
  const auto parts = unpack(bytes, &problem);
  if (!parts) return fail(problem);
  // The main part: what the package's relationships name, else the usual.
  std::string main = "word/document.xml";
  {
    const auto rels = relations(*parts, "", &problem);
    if (!problem.empty()) return fail(problem);
    for (const auto& [id, r] : rels)
      if (r.type == "officeDocument" && !r.external && find_part(*parts, r.target)) main = r.target;
  }
  const Part* document = find_part(*parts, main);
  if (!document) {
    if (find_part(*parts, "content.xml") && find_part(*parts, "mimetype"))
      return fail(text::Message("word-odt-named-docx"));
    return fail(text::Message("word-not-docx"));
  }
  const auto rels = relations(*parts, main, &problem);
  if (!problem.empty()) return fail(problem);
  // Comments and tracked changes anywhere the original carries them.
  bool comments = false;
  for (const auto& p : *parts) {
    if (!p.name.starts_with("word/") || !p.name.ends_with(".xml") || p.name == main) continue;
    const std::string base = p.name.substr(5);
    const bool text_part = base.starts_with("header") || base.starts_with("footer") ||
                           base.starts_with("footnotes") || base.starts_with("endnotes") ||
                           base.starts_with("comments");
    if (!text_part) continue;
    const bool authors = names_authors(p, &problem, &comments);
    if (!problem.empty()) return fail(problem);
    if (comments) return fail(text::Message("word-comments"));
    if (authors) return fail(text::Message("word-tracked-changes"));
  }
  std::string folder = main.substr(0, main.rfind('/') + 1);
  const auto styles = read_styles(find_part(*parts, folder + "styles.xml"), &problem);
  if (!problem.empty()) return fail(problem);
  const auto numbering = read_numbering(find_part(*parts, folder + "numbering.xml"), &problem);
  if (!problem.empty()) return fail(problem);
  BodyReader reader(styles, numbering, rels);
  if (!reader.read(*document, &problem)) {
    const text::Message& core = problem.core();
    int paragraph = 0;
    if (problem.code() == "in-paragraph") {
      paragraph = std::max(1, reader.paragraphs);
      return fail(core, paragraph);
    }
    return fail(problem);
  }
  if (reader.text_box) problems.push_back({0, text::Message("word-text-box"), false});
  if (reader.footnotes) problems.push_back({0, text::Message("word-footnotes"), false});

  // Tables within the contract's limits, said at the table.
  std::size_t cells = 0;
  for (const auto& b : reader.blocks) {
    if (!b.is_table) continue;
    std::size_t columns = 0;
    for (const auto& row : b.table.rows) {
      std::size_t n = 0;
      for (const auto& c : row) n += static_cast<std::size_t>(c.span);
      columns = std::max(columns, n);
      cells += n;
    }
    if (columns > kMaxWordTableColumns)
      return fail(
          text::Message("table-too-wide", {{"columns", columns}, {"max", kMaxWordTableColumns}}),
          b.table.number);
    if (cells > kMaxWordTableCells)
      return fail(text::Message("tables-too-large", {{"max", kMaxWordTableCells}}), b.table.number);
  }

  WordDocument doc;
  Recogniser(reader.blocks, doc).run();

  // Images: the pictures the body shows, in order, as files of the site.
  std::map<std::string, std::string> image_names;  // relationship id → file name
  for (const auto& b : reader.blocks) {
    auto visit = [&](const Para& p) {
      for (const auto& r : p.runs) {
        if (r.image.empty() || image_names.count(r.image)) continue;
        const auto rel = rels.find(r.image);
        if (rel == rels.end()) continue;
        if (rel->second.external) {
          problems.push_back({p.number, text::Message("word-image-external"), false});
          continue;
        }
        const Part* img = find_part(*parts, rel->second.target);
        if (!img) continue;
        const std::string ext = image_extension(img->name);
        if (ext != "png" && ext != "jpg" && ext != "jpeg" && ext != "gif" && ext != "webp") {
          problems.push_back(
              {p.number, text::Message("word-image-format", {{"format", upper(ext)}}), false});
          continue;
        }
        const std::string name =
            "hinh-" + std::to_string(doc.images.size() + 1) + "." + (ext == "jpeg" ? "jpg" : ext);
        image_names[r.image] = name;
        doc.images.push_back({name, img->bytes});
      }
    };
    if (!b.is_table)
      visit(b.para);
    else
      for (const auto& row : b.table.rows)
        for (const auto& c : row)
          for (const auto& p : c.paras) visit(p);
  }
  Node tree(TreeBuilder(image_names).build(reader.blocks), cmark_node_free);
  doc.markdown = render(tree.get());
  // Nothing names a person: the original as it came (a zip written again
  // costs more than the rest of the reading).
  bool names = false;
  for (const auto& p : *parts) names = names || clean_parts().count(p.name) > 0;
  doc.original = names ? clean_original(*parts) : std::string(bytes);
  return doc;
}

}  // namespace thidua::load
