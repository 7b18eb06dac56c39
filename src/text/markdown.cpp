#include "text/markdown.hpp"

#include "text/controls.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "text/links.hpp"

namespace thidua::text {

namespace {

/// A Markdown text parsed as GFM (tables, strikethrough, autolinks, task
/// lists). CMARK_OPT_DEFAULT has no CMARK_OPT_UNSAFE: raw HTML is omitted.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG;

struct Parsed {
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser{nullptr, &cmark_parser_free};
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root{nullptr, &cmark_node_free};
};

Parsed parse(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  Parsed p;
  p.parser.reset(cmark_parser_new(kOptions));
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(p.parser.get(), ext);
  cmark_parser_feed(p.parser.get(), markdown.data(), markdown.size());
  p.root.reset(cmark_parser_finish(p.parser.get()));
  return p;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  const Parsed p = parse(markdown);
  cmark_iter* iter = cmark_iter_new(p.root.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) continue;
    const char* url = cmark_node_get_url(node);
    if (url && !is_safe_link(url)) cmark_node_set_url(node, "");
  }
  cmark_iter_free(iter);

  char* html =
      cmark_render_html(p.root.get(), kOptions, cmark_parser_get_syntax_extensions(p.parser.get()));
  // cmark escapes markup, not controls: the control rule applies to its
  // output as a whole (the markup it writes is plain ASCII).
  std::string out = without_controls(html);
  std::free(html);
  return out;
}

std::string markdown_to_plain_text(std::string_view markdown) {
  // The text nodes of cmark's tree, not cmark_render_plaintext: that one
  // writes table rules ("| --- |"), task boxes and "~" back as text.
  const Parsed p = parse(markdown);
  std::string out;
  bool space = false;
  auto add = [&](const char* text) {
    for (const char* c = text; c && *c; ++c) {
      if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += *c;
    }
  };
  cmark_iter* iter = cmark_iter_new(p.root.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK)
      add(cmark_node_get_literal(node));
    else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
             (ev == CMARK_EVENT_EXIT && (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK))
      space = !out.empty();
    // Raw HTML (CMARK_NODE_HTML_*) is not shown, so not searched; nor are link targets.
  }
  cmark_iter_free(iter);
  return without_controls(out);
}

std::optional<TableSize> table_over(std::string_view markdown, std::size_t max_columns,
                                    std::size_t max_cells) {
  std::size_t cells = 0, columns = 0;  // columns: of the table being read, 0 outside one
  std::size_t table_at = 0;
  for (std::size_t start = 0; start < markdown.size();) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    const std::string_view line = markdown.substr(start, end - start);
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    // A delimiter row holds only pipes, dashes, colons and blanks, a pipe
    // and a dash among them; its columns are its cells holding a dash.
    if (line.find('|') != std::string_view::npos && line.find('-') != std::string_view::npos &&
        line.find_first_not_of("|-: \t\r") == std::string_view::npos) {
      std::size_t n = 0;
      bool dash = false;
      for (const char c : line) {
        if (c == '-') dash = true;
        if (c == '|') {
          n += dash;
          dash = false;
        }
      }
      columns = n + dash;
      table_at = start;
      cells += 2 * columns;  // the header row and this one
      if (columns > max_columns) return TableSize{start, columns, cells};
    } else if (blank) {
      columns = 0;
    } else {
      cells += columns;  // a row of the table being read (0 outside one)
    }
    if (cells > max_cells) return TableSize{table_at, columns, cells};
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace thidua::text
