// A page's view: the data its template is rendered against. Built directly as
// kainjow/mustache data, so a page's data is made once and not converted
// (building a JSON value and converting it was a third of a build's CPU).
//
// Conventions every template relies on:
// - text "" and null are false, so {{#x}} tests for text (here);
// - numbers print as JSON prints them ("3", "12.5") (here);
// - every list `xs` also answers `has_xs` (non-empty), unless the view sets
//   `has_xs` itself, so a template can wrap a list in a heading or table.
//   The renderer answers it when it looks names up (render/renderer.cpp):
//   stored, a flag per list was a tenth of a scorecard's data.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace thidua::site {

struct ViewField;

class View {
 public:
  using Data = kainjow::mustache::data;

  View() : data_(Data::type::object) {}           ///< an empty object
  View(std::initializer_list<ViewField> fields);  ///< an object
  View(std::string text);
  View(const char* text) : View(std::string(text)) {}
  View(bool b) : data_(b) {}
  View(int n) : View(static_cast<long>(n)) {}
  View(long n);
  View(unsigned long n);
  View(double n);
  View(std::nullptr_t) : data_(false) {}        ///< absent: false to a template
  View(const std::vector<std::string>& texts);  ///< a list of texts
  static View list();
  /// A JSON value under the same conventions (UI strings, tests).
  static View from_json(const nlohmann::json& value);

  /// Sets `key` (an object's).
  View& set(const std::string& key, View value);
  /// Appends to a list; appends to the list `key` of an object.
  View& push(View item);
  View& push(const std::string& key, View item);

  bool empty() const;  ///< a list without items

  const Data& data() const { return data_; }
  Data release() { return std::move(data_); }

 private:
  explicit View(Data d) : data_(std::move(d)) {}
  Data data_;
};

/// One `key: value` of an object view, for `View{{"a", 1}, {"b", "x"}}`.
/// The value is moved out when the view is made.
struct ViewField {
  ViewField(std::string k, View v) : key(std::move(k)), value(std::move(v)) {}
  ViewField(std::string k, std::string s) : key(std::move(k)), value(std::move(s)) {}
  ViewField(std::string k, const char* s) : key(std::move(k)), value(s) {}
  ViewField(std::string k, bool b) : key(std::move(k)), value(b) {}
  ViewField(std::string k, int n) : key(std::move(k)), value(n) {}
  ViewField(std::string k, long n) : key(std::move(k)), value(n) {}
  ViewField(std::string k, unsigned long n) : key(std::move(k)), value(n) {}
  ViewField(std::string k, double n) : key(std::move(k)), value(n) {}
  ViewField(std::string k, std::nullptr_t) : key(std::move(k)), value(nullptr) {}
  ViewField(std::string k, const std::vector<std::string>& texts)
      : key(std::move(k)), value(texts) {}
  std::string key;
  mutable View value;
};

}  // namespace thidua::site
