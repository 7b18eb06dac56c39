// The lookup context pages are rendered with: it answers kainjow mustache's
// questions from site::View values directly (see ThemeContext). Internal to
// render/.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "site/view.hpp"

namespace thidua::render {

namespace ms = kainjow::mustache;

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

}  // namespace thidua::render
