#include "site/view.hpp"

#include <algorithm>

namespace thidua::site {
namespace {

// kainjow's data has no mutable access to a list or a string, and its set()
// and push_back() copy (deeply). The accessors are const only by declaration:
// the list and the string are the data's own.
kainjow::mustache::list& list_of(const View::Data& d) {
  return const_cast<kainjow::mustache::list&>(d.list_value());
}

// kainjow's data has a move constructor that is not noexcept, so a growing
// std::vector of it copies (deeply) every item it already holds. This grows
// the list by moving.
void append(kainjow::mustache::list& list, View::Data&& item) {
  if (list.size() == list.capacity()) {
    kainjow::mustache::list bigger;
    bigger.reserve(std::max<std::size_t>(4, list.size() * 2));
    for (auto& x : list) bigger.push_back(std::move(x));
    list.swap(bigger);
  }
  list.push_back(std::move(item));
}

}  // namespace

View::View(std::initializer_list<ViewField> fields) : data_(Data::type::object) {
  for (const ViewField& f : fields) set(f.key, std::move(f.value));
}

View::View(std::string text) : data_(false) {
  if (text.empty()) return;  // "" is false
  data_ = Data(Data::type::string);
  const_cast<std::string&>(data_.string_value()) = std::move(text);
}

View::View(long n) : View(std::to_string(n)) {}
View::View(unsigned long n) : View(std::to_string(n)) {}
View::View(double n) : View(nlohmann::json(n).dump()) {}

View::View(const std::vector<std::string>& texts) : data_(Data::type::list) {
  list_of(data_).reserve(texts.size());
  for (const auto& text : texts) push(View(text));
}

View View::list() { return View(Data(Data::type::list)); }

View View::from_json(const nlohmann::json& v) {
  using json = nlohmann::json;
  switch (v.type()) {
    case json::value_t::object: {
      View out;
      for (const auto& [k, x] : v.items()) out.set(k, from_json(x));
      return out;
    }
    case json::value_t::array: {
      View out = list();
      list_of(out.data_).reserve(v.size());
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

View& View::set(const std::string& key, View value) {
  if (data_.is_object()) data_[key] = std::move(value.data_);
  return *this;
}

View& View::push(View item) {
  if (data_.is_list()) append(list_of(data_), std::move(item.data_));
  return *this;
}

View& View::push(const std::string& key, View item) {
  if (!data_.is_object()) return *this;
  Data& list = data_[key];
  if (!list.is_list()) list = Data(Data::type::list);
  append(list_of(list), std::move(item.data_));
  return *this;
}

bool View::empty() const { return data_.is_list() && data_.list_value().empty(); }

}  // namespace thidua::site
