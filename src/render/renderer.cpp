#include "render/renderer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "text/escape.hpp"
#include "text/markdown.hpp"
#include "text/sha256.hpp"

namespace thidua::render {
namespace {

namespace ms = kainjow::mustache;
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

/// The data stack a page is rendered against (site::View, the page's over
/// what every page shares), and the theme's partials.
///
/// kainjow asks its context for names and gets its own data back; views are
/// not kainjow data (making and destroying that per page was a third of a
/// build), so this context answers with stand-ins that kainjow reads at once:
/// - a text: one reused string, read before the next lookup;
/// - true, false: constants;
/// - an object: a constant; when kainjow pushes it for a section, the object
///   looked up last is pushed;
/// - a list: a list of as many placeholders, kept per stack depth while its
///   section runs; kainjow pushes each placeholder in turn, and its index
///   names the item.
/// A name resolves as in kainjow: the innermost data where the whole dotted
/// name resolves wins, "." is the top. `has_xs` is answered here too
/// (site/view.hpp). Names missing from a page's big objects cost a scan of
/// them at every lookup that goes past them: objects on the stack with many
/// members are indexed by name while they are on it.
///
/// Written against kainjow mustache 4.1 (Debian 12's libkainjow-mustache-dev
/// 4.1+ds-2; scripts/install-deps refuses another version). What this relies
/// on beyond its documented interface:
/// - basic_context's four virtuals (push, pop, get, get_partial) are all
///   kainjow calls on a context;
/// - kainjow reads a text's string_value() before it calls get() again, so
///   one stand-in string can be rewritten for every lookup (the const_cast
///   below writes into our own stand-in, const only in kainjow's signature);
/// - for a list section, kainjow pushes the address of each element of the
///   list's std::vector<data>, in order: the element's index is found from
///   that address (the pointer arithmetic in push());
/// - data of type::list built empty can be grown in place through
///   list_value().
/// The renderer tests ("views answer kainjow through stand-ins", "dotted
/// names", "has_xs") fail if any of this changes.
class ThemeContext : public ms::basic_context<std::string> {
 public:
  explicit ThemeContext(const std::map<std::string, ms::data>* partials) : partials_(partials) {}

  /// Starts a page: `page` over `shared`.
  void start(const site::View* shared, const site::View* page) {
    stack_.clear();
    push_view(shared);
    push_view(page);
  }

  void push(const ms::data* data) override {
    const std::size_t depth = stack_.size();
    const site::View* view = nullptr;  // true, false, an empty list: nothing to look in
    if (data == &text_ || data == &object_) {
      view = last_;
    } else if (depth < lists_.size() && lists_[depth].view) {
      const auto& items = lists_[depth].data.list_value();
      const auto at = reinterpret_cast<std::uintptr_t>(data);
      const auto first = reinterpret_cast<std::uintptr_t>(items.data());
      if (at >= first && at < first + items.size() * sizeof(ms::data))
        view = &lists_[depth].view->item((at - first) / sizeof(ms::data));
    }
    push_view(view);
  }
  void pop() override { stack_.pop_back(); }

  const ms::data* get(const std::string& name) const override {
    if (name == ".") return as_data(stack_.back().view);
    // Most names have no dot, and are short: no memchr call for them.
    std::size_t dot = 0;
    while (dot < name.size() && name[dot] != '.') ++dot;
    if (dot == name.size()) dot = std::string::npos;
    const Key whole(std::string_view(name).substr(0, dot));
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (!it->view) continue;
      const site::View* var = member(*it, whole);
      for (std::size_t from = dot + 1; var && dot != std::string::npos && from < name.size();) {
        // "a." is "a", as kainjow has it
        const std::size_t to = std::min(name.find('.', from), name.size());
        var = member({var, nullptr}, Key(std::string_view(name).substr(from, to - from)));
        from = to + 1;
      }
      if (var) return as_data(var);
    }
    return nullptr;
  }

  const ms::data* get_partial(const std::string& name) const override {
    auto it = partials_->find(name);
    return it == partials_->end() ? nullptr : &it->second;
  }

 private:
  using Key = site::View::Key;
  struct Named {  ///< an entry of an index: a member's place by its name's first bytes
    std::uint64_t head;
    std::uint32_t place;
    bool operator<(const Named& n) const {
      return head < n.head || (head == n.head && place < n.place);
    }
  };
  struct Frame {
    const site::View* view;
    const std::vector<Named>* index;  ///< for an object with many members
  };
  static constexpr std::size_t kIndexFrom = 12;  ///< members

  void push_view(const site::View* view) {
    const std::size_t depth = stack_.size();
    if (!view || view->kind() != site::View::Kind::kObject || view->size() < kIndexFrom ||
        view->bisected()) {
      stack_.push_back({view, nullptr});
      return;
    }
    while (indexes_.size() <= depth) indexes_.emplace_back();
    std::vector<Named>& index = indexes_[depth];  // the one at this depth is not in use
    index.clear();
    for (std::size_t i = 0; i < view->size(); ++i)
      index.push_back({view->name(i).head, static_cast<std::uint32_t>(i)});
    std::sort(index.begin(), index.end());
    stack_.push_back({view, &index});
  }

  /// `key` of the frame's object: the first member of that name, as find() has it.
  static const site::View* find(const Frame& f, const Key& key) {
    if (!f.index) return f.view->find(key);
    auto it = std::lower_bound(f.index->begin(), f.index->end(), Named{key.head, 0});
    for (; it != f.index->end() && it->head == key.head; ++it)
      if (f.view->name(it->place) == key) return &f.view->item(it->place);
    return nullptr;
  }

  /// `key` of the frame's object; for "has_xs" that it does not hold
  /// itself, whether its list `xs` has items.
  static const site::View* member(const Frame& f, const Key& key) {
    if (const site::View* var = find(f, key)) return var;
    if (key.name.size() <= 4 || key.name.substr(0, 4) != "has_") return nullptr;
    const site::View* list = find(f, Key(key.name.substr(4)));
    if (!list || list->kind() != site::View::Kind::kList) return nullptr;
    return list->empty() ? &kFalseView : &kTrueView;
  }

  /// What kainjow reads for `view` (see above).
  const ms::data* as_data(const site::View* view) const {
    if (!view) return nullptr;
    switch (view->kind()) {
      case site::View::Kind::kFalse:
        return &kFalse;
      case site::View::Kind::kTrue:
        return &kTrue;
      case site::View::Kind::kText:
        const_cast<std::string&>(text_.string_value()) = view->text();
        last_ = view;
        return &text_;
      case site::View::Kind::kObject:
        last_ = view;
        return &object_;
      case site::View::Kind::kList:
        break;
    }
    if (view->empty()) return &kEmptyList;
    // A list's section pushes its items at the depth it was looked up at.
    const std::size_t depth = stack_.size();
    while (lists_.size() <= depth) lists_.emplace_back();
    ListStandIn& list = lists_[depth];
    auto& items = const_cast<ms::list&>(list.data.list_value());
    while (items.size() > view->size()) items.pop_back();
    while (items.size() < view->size()) items.emplace_back(true);
    list.view = view;
    return &list.data;
  }

  struct ListStandIn {
    ms::data data{ms::data::type::list};
    const site::View* view = nullptr;
  };

  std::vector<Frame> stack_;
  std::deque<std::vector<Named>> indexes_;  ///< by depth
  const std::map<std::string, ms::data>* partials_;
  mutable ms::data text_{ms::data::type::string};
  mutable ms::data object_{true};
  mutable const site::View* last_ = nullptr;
  mutable std::deque<ListStandIn> lists_;  ///< by depth; a deque keeps them in place
  static const ms::data kTrue, kFalse, kEmptyList;
  static const site::View kTrueView, kFalseView;
};

const ms::data ThemeContext::kTrue{true};
const ms::data ThemeContext::kFalse{false};
const ms::data ThemeContext::kEmptyList{ms::data::type::list};
const site::View ThemeContext::kTrueView{true};
const site::View ThemeContext::kFalseView{false};

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
      diags.error({theme_path + path, 1, 1}, "template does not parse: " + error);
      ok = false;
    }
  }
  const std::string strings_path = "i18n/" + language + ".json";
  auto strings = theme.file(strings_path);
  if (!strings) {
    diags.error({theme_path + strings_path, 0, 0},
                "no UI strings for language \"" + language + "\"");
    ok = false;
  } else {
    r->strings_ = json::parse(*strings, nullptr, false);
    if (!r->strings_.is_object()) {
      diags.error({theme_path + strings_path, 1, 1}, "UI strings must be one JSON object of texts");
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
