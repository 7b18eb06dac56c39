#include "site/view.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_set>

namespace thidua::site {

View::View(std::initializer_list<ViewField> fields) : kind_(Kind::kObject) {
  members_.reserve(fields.size());
  // The names of a literal list are all different: no search.
  for (const ViewField& f : fields) members_.emplace_back(f.key, std::move(f.value));
}

View::View(std::string text) : kind_(Kind::kFalse) {
  if (text.empty()) return;  // "" is false
  kind_ = Kind::kText;
  text_ = std::move(text);
}

View::View(long n) : View(std::to_string(n)) {}
View::View(unsigned long n) : View(std::to_string(n)) {}
View::View(long long n) : View(std::to_string(n)) {}
View::View(unsigned long long n) : View(std::to_string(n)) {}
View::View(double n) : View(nlohmann::json(n).dump()) {}

View::View(const std::vector<std::string>& texts) : kind_(Kind::kList) {
  members_.reserve(texts.size());
  for (const auto& text : texts) push(View(text));
}

bool View::before(const Key& a, const Key& b) {
  if (a.head != b.head) return a.head < b.head;
  return a.name < b.name;
}

std::string_view View::kept(const std::string& name) {
  // Names from JSON (UI strings, tests) are few and kept for good: views
  // refer to their names.
  static std::mutex mutex;
  static std::unordered_set<std::string> names;
  const std::lock_guard<std::mutex> lock(mutex);
  return *names.insert(name).first;
}

View View::list() {
  View out;
  out.kind_ = Kind::kList;
  return out;
}

View View::from_json(const nlohmann::json& v) {
  using json = nlohmann::json;
  switch (v.type()) {
    case json::value_t::object: {
      View out;
      out.members_.reserve(v.size());
      // Lookups bisect objects from JSON (the UI strings are a few
      // hundred), in the order of the names' first bytes as numbers.
      for (const auto& [k, x] : v.items()) out.members_.emplace_back(Key(kept(k)), from_json(x));
      std::sort(out.members_.begin(), out.members_.end(),
                [](const Member& a, const Member& b) { return before(a.key, b.key); });
      out.sorted_ = true;
      return out;
    }
    case json::value_t::array: {
      View out = list();
      out.members_.reserve(v.size());
      for (const auto& x : v) out.push(from_json(x));
      return out;
    }
    case json::value_t::string:
      return View(v.get_ref<const std::string&>());
    case json::value_t::boolean:
      return View(v.get<bool>());
    case json::value_t::null:
      return View(nullptr);
    default:
      return View(v.dump());
  }
}

View::Member* View::member(const Key& key) {
  if (sorted_) {
    auto it = std::lower_bound(members_.begin(), members_.end(), key,
                               [](const Member& m, const Key& k) { return before(m.key, k); });
    return it != members_.end() && it->key == key ? &*it : nullptr;
  }
  for (Member& m : members_)
    if (m.key == key) return &m;
  return nullptr;
}

const View* View::find(const Key& key) const {
  if (kind_ != Kind::kObject) return nullptr;
  const Member* m = const_cast<View*>(this)->member(key);
  return m ? &m->value : nullptr;
}

View& View::set(Name key, View value) {
  if (kind_ != Kind::kObject) return *this;
  if (Member* m = member(key)) {
    m->value = std::move(value);
  } else {
    members_.emplace_back(key, std::move(value));
    sorted_ = false;
  }
  return *this;
}

View& View::reserve(std::size_t n) {
  members_.reserve(n);
  return *this;
}

View& View::push(View item) {
  if (kind_ == Kind::kList) members_.emplace_back(Key(std::string_view()), std::move(item));
  return *this;
}

View& View::push(Name key, View item) {
  if (kind_ != Kind::kObject) return *this;
  Member* m = member(key);
  if (!m) {
    set(key, list());
    m = &members_.back();
  } else if (m->value.kind_ != Kind::kList) {
    m->value = list();
  }
  m->value.push(std::move(item));
  return *this;
}

}  // namespace thidua::site
