#include "render/renderer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "render/context.hpp"
#include "text/escape.hpp"
#include "text/markdown.hpp"
#include "text/sha256.hpp"

namespace thidua::render {
namespace {

using json = nlohmann::json;

/// What kainjow writes a page into: appends to one string, where its own
/// render() goes through an ostringstream and copies the result out.
struct StringOut {
  std::string& out;
  StringOut& operator<<(const std::string& s) {
    out += s;
    return *this;
  }
};

std::string key_of(const std::string& file_name) {
  std::string key;
  for (char c : file_name) key += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return key;
}

}  // namespace

struct Renderer::Templates {
  std::map<std::string, ms::mustache> pages;
  std::map<std::string, ms::data> partials;
  std::map<std::string, std::string> sources;
  ThemeContext context{&partials};  ///< kept from page to page, with what it has grown

  /// Checks that `text` parses on its own and keeps it; compile() once all are in.
  bool add(const std::string& name, const std::string& text, std::string* error) {
    ms::mustache tmpl{text};
    if (!tmpl.is_valid()) {
      *error = tmpl.error_message();
      return false;
    }
    partials.emplace(name, ms::data{text});
    sources.emplace(name, text);
    return true;
  }

  /// kainjow parses a partial again at every inclusion, so every page would
  /// re-parse head and foot. Partials are pasted into the templates that
  /// include them instead, before compiling; a recursive one is pasted once
  /// and left to kainjow below that.
  void compile(const json& strings, const json& assets) {
    for (const auto& [name, text] : sources) {
      std::vector<std::string> stack{name};
      ms::mustache tmpl{with_constants(with_partials(text, stack), strings, assets)};
      if (!tmpl.is_valid()) tmpl = ms::mustache{text};  // cannot happen; be safe
      tmpl.set_custom_escape(text::escape_html);
      pages.insert_or_assign(name, std::move(tmpl));
    }
  }

  /// The name in a tag, text[from, to), without the spaces around it.
  static std::string tag_name(const std::string& text, std::size_t from, std::size_t to) {
    std::string name = text.substr(from, to - from);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    return name;
  }

  /// UI strings and asset names are the same on every page, so `{{t.key}}`
  /// and `{{assets.key}}` are written into the template as text, escaped as
  /// the tag would be (`{{{ }}}` as is): a tenth of a page's tags, each
  /// looked up through every level of the page. A view never uses `t` or
  /// `assets` as a key (docs/themes.md), so the tags cannot mean anything
  /// else. A value with a brace or a line break stays a tag: written in, it
  /// would change how the template parses.
  static std::string with_constants(const std::string& text, const json& strings,
                                    const json& assets) {
    if (text.find("{{=") != std::string::npos) return text;
    std::string out;
    std::size_t pos = 0;
    for (std::size_t open; (open = text.find("{{", pos)) != std::string::npos;) {
      const bool triple = text.compare(open, 3, "{{{") == 0;
      const std::size_t inner = open + (triple ? 3 : 2);
      const std::size_t close = text.find(triple ? "}}}" : "}}", inner);
      if (close == std::string::npos) break;
      const std::size_t end = close + (triple ? 3 : 2);
      const std::string name = tag_name(text, inner, close);
      const json* value = nullptr;
      if (name.starts_with("t.") && strings.contains(name.substr(2)))
        value = &strings.at(name.substr(2));
      else if (name.starts_with("assets.") && assets.contains(name.substr(7)))
        value = &assets.at(name.substr(7));
      out.append(text, pos, open - pos);
      if (value && value->is_string() &&
          value->get_ref<const std::string&>().find_first_of("{}\r\n") == std::string::npos) {
        const std::string& v = value->get_ref<const std::string&>();
        out += triple ? v : text::escape_html(v);
      } else {
        out.append(text, open, end - open);
      }
      pos = end;
    }
    out.append(text, pos);
    return out;
  }

  std::string with_partials(const std::string& text, std::vector<std::string>& stack) const {
    // A template that changes delimiters keeps its partials as they are.
    if (text.find("{{=") != std::string::npos) return text;
    std::string out;
    std::size_t pos = 0;
    for (std::size_t open; (open = text.find("{{>", pos)) != std::string::npos;) {
      const std::size_t close = text.find("}}", open);
      if (close == std::string::npos) break;
      const std::string name = tag_name(text, open + 3, close);
      out.append(text, pos, open - pos);
      auto it = sources.find(name);
      if (it == sources.end() || std::find(stack.begin(), stack.end(), name) != stack.end() ||
          it->second.find("{{=") != std::string::npos) {
        out.append(text, open, close + 2 - open);
      } else {
        stack.push_back(name);
        out += with_partials(it->second, stack);
        stack.pop_back();
      }
      pos = close + 2;
    }
    out.append(text, pos);
    return out;
  }
};

Renderer::Renderer() : templates_(std::make_unique<Templates>()) {}
Renderer::~Renderer() = default;

std::unique_ptr<Renderer> Renderer::create(const Theme& theme, const std::string& language,
                                           Diagnostics& diags) {
  std::unique_ptr<Renderer> r(new Renderer());
  const std::string theme_path = "themes/" + theme.name() + "/";
  bool ok = true;
  for (const auto& path : theme.list("templates/")) {
    if (!path.ends_with(".mustache")) continue;
    const std::string name = path.substr(10, path.size() - 10 - 9);
    std::string error;
    if (!r->templates_->add(name, *theme.file(path), &error)) {
      diags.error({theme_path + path, 1, 1}, text::Message("template-parse", {{"detail", error}}));
      ok = false;
    }
  }
  const std::string strings_path = "i18n/" + language + ".json";
  auto strings = theme.file(strings_path);
  if (!strings) {
    diags.error({theme_path + strings_path, 0, 0},
                text::Message("no-ui-strings", {{"language", language}}));
    ok = false;
  } else {
    r->strings_ = json::parse(*strings, nullptr, false);
    if (!r->strings_.is_object()) {
      diags.error({theme_path + strings_path, 1, 1}, text::Message("ui-strings-not-object"));
      ok = false;
    }
  }
  r->asset_names_ = json::object();
  for (const auto& path : theme.list("assets/")) {
    std::string bytes = *theme.file(path);
    std::string out = path;
    const auto dot = path.rfind('.');
    if (path.ends_with(".css") || path.ends_with(".js"))
      out = path.substr(0, dot) + "." + text::content_hash(bytes, 10) + path.substr(dot);
    r->asset_names_[key_of(path.substr(7))] = out;
    r->assets_->push_back({std::move(out), std::move(bytes)});
  }
  if (!ok) return nullptr;
  r->templates_->compile(r->strings_, r->asset_names_);
  r->make_shared_data();
  return r;
}

void Renderer::make_shared_data() {
  shared_ = site::View::from_json({{"t", strings_}, {"assets", asset_names_}});
}

std::unique_ptr<Renderer> Renderer::clone() const {
  std::unique_ptr<Renderer> r(new Renderer());
  std::string error;
  for (const auto& [name, text] : templates_->sources) r->templates_->add(name, text, &error);
  r->strings_ = strings_;
  r->assets_ = assets_;
  r->asset_names_ = asset_names_;
  r->templates_->compile(r->strings_, r->asset_names_);
  r->make_shared_data();
  return r;
}

bool Renderer::has_template(const std::string& name) const {
  return templates_->pages.count(name) > 0;
}

std::string Renderer::render(const site::PlannedPage& page) {
  auto it = templates_->pages.find(page.template_name);
  if (it == templates_->pages.end())  // the build checks every page's template first
    throw std::logic_error("no template \"" + page.template_name + "\" for " + page.path);
  site::View view = page.view();
  if (page.markdown) view.set("body_html", text::markdown_to_html(*page.markdown));
  // The page's data first, then what every page shares (t, assets), which is
  // converted once per renderer rather than once per page.
  ThemeContext& ctx = templates_->context;
  ctx.start(&shared_, &view);
  std::string out;
  out.reserve(last_size_ + last_size_ / 4);
  StringOut sink{out};
  it->second.render(ctx, sink);
  last_size_ = out.size();
  return out;
}

}  // namespace thidua::render
