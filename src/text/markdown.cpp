#include "text/markdown.hpp"

#include "text/controls.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "text/links.hpp"

namespace thidua::text {

std::string markdown_to_html(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  // CMARK_OPT_DEFAULT has no CMARK_OPT_UNSAFE: raw HTML is omitted.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG;
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(options),
                                                                     &cmark_parser_free);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root(cmark_parser_finish(parser.get()),
                                                               &cmark_node_free);

  cmark_iter* iter = cmark_iter_new(root.get());
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
      cmark_render_html(root.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  // cmark escapes markup, not controls: the control rule applies to its
  // output as a whole (the markup it writes is plain ASCII).
  std::string out = thidua::text::without_controls(html);
  std::free(html);
  return out;
}

}  // namespace thidua::text
