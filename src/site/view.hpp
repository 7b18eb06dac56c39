// A page's view: the data its template is rendered against, a JSON-like
// value (texts, true/false, objects, lists) made once per page. The renderer
// answers the template engine's lookups from it directly (render/renderer.cpp):
// kainjow's own data — a hash map per object, a heap string per text — made
// and destroyed per page was a third of a build's CPU.
//
// Conventions every template relies on:
// - text "" and null are false, so {{#x}} tests for text (here);
// - numbers print as JSON prints them ("3", "12.5") (here);
// - member names are string literals in the code (View::Name), referred to,
//   not copied;
// - every list `xs` also answers `has_xs` (non-empty), unless the view sets
//   `has_xs` itself, so a template can wrap a list in a heading or table.
//   The renderer answers it when it looks names up: stored, a flag per list
//   was a tenth of a scorecard's data.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

// clang 14 (Debian 12's, which the fuzz build uses) crashes making code for
// a consteval Name passed by value; there the names are merely constexpr.
#if defined(__clang__) && __clang_major__ < 15
#define THIDUA_NAME_CONSTEVAL constexpr
#else
#define THIDUA_NAME_CONSTEVAL consteval
#endif

namespace thidua::site {

struct ViewField;

class View {
 public:
  enum class Kind : unsigned char { kFalse, kTrue, kText, kObject, kList };

  /// A member's name with its first bytes as one number, so that names are
  /// mostly told apart by one comparison (views are searched by name for
  /// every tag of every page).
  struct Key {
    constexpr explicit Key(std::string_view n) : name(n), head(head_of(n)) {}
    static constexpr std::uint64_t head_of(std::string_view n) {
      std::uint64_t h = 0;
      if (!std::is_constant_evaluated() && std::endian::native == std::endian::little &&
          n.size() >= sizeof h) {
        std::memcpy(&h, n.data(), sizeof h);  // one load
        return h;
      }
      // Shorter names byte by byte in a register: a copy of fewer than 8
      // bytes read back whole stalls the processor (a store-forwarding
      // miss), which was a third of every lookup's time.
      for (std::size_t i = 0; i < std::min(n.size(), sizeof h); ++i)
        h |= std::uint64_t{static_cast<unsigned char>(n[i])} << (8 * i);
      return h;
    }
    bool operator==(const Key& k) const {
      const std::size_t size = name.size();
      return head == k.head && size == k.name.size() &&
             (size <= sizeof head ||
              std::memcmp(name.data() + sizeof head, k.name.data() + sizeof head,
                          size - sizeof head) == 0);
    }
    std::string_view name;
    std::uint64_t head;
  };

  /// The name of a member as the code sets it: a string literal, so a view
  /// refers to its names and never copies them (there are millions).
  struct Name : Key {
    template <std::size_t N>
    THIDUA_NAME_CONSTEVAL Name(const char (&literal)[N]) : Key(std::string_view(literal, N - 1)) {}
  };

  View();                                         ///< an empty object
  View(std::initializer_list<ViewField> fields);  ///< an object
  View(std::string text);
  View(const char* text);
  View(bool b);
  View(int n);
  View(long n);
  View(unsigned long n);
  View(long long n);  // the sizes and counts of a system whose long has 32 bits (Windows)
  View(unsigned long long n);
  View(double n);
  View(std::nullptr_t);                         ///< absent: false to a template
  View(const std::vector<std::string>& texts);  ///< a list of texts
  static View list();
  /// A JSON value under the same conventions (UI strings, tests).
  static View from_json(const nlohmann::json& value);

  /// Room for `n` members or items, as std::vector::reserve.
  View& reserve(std::size_t n);
  /// Sets `key` (an object's).
  View& set(Name key, View value);
  /// Appends to a list; appends to the list `key` of an object.
  View& push(View item);
  View& push(Name key, View item);

  Kind kind() const { return kind_; }
  bool empty() const;                                ///< a list without items
  const std::string& text() const { return text_; }  ///< a text's; "" otherwise
  /// An object's member `key`; null when there is none (or this is no object).
  const View* find(const Key& key) const;
  const View* find(std::string_view key) const { return find(Key(key)); }
  /// A list's items (an object's members, in the order they were set).
  std::size_t size() const;
  const View& item(std::size_t i) const;
  const Key& name(std::size_t i) const;      ///< an object's i-th member's
  bool bisected() const { return sorted_; }  ///< find() bisects it (objects from JSON)

 private:
  struct Member;
  Member* member(const Key& key);
  static std::string_view kept(const std::string& name);
  static bool before(const Key& a, const Key& b);  ///< the order of sorted_ objects

  Kind kind_;
  bool sorted_ = false;  ///< an object's names are in before() order (from_json): find() bisects
  std::string text_;
  std::vector<Member> members_;  ///< an object's key/value pairs; a list's items (no key)
};

struct View::Member {
  Member(Key k, View v) : key(k), value(std::move(v)) {}
  Key key;  ///< an item of a list has an empty one
  View value;
};

// Defined here, where Member is complete: a constructor may destroy members_.
inline View::View() : kind_(Kind::kObject) {}
inline View::View(const char* text) : View(std::string(text)) {}
inline View::View(int n) : View(static_cast<long>(n)) {}
inline View::View(bool b) : kind_(b ? Kind::kTrue : Kind::kFalse) {}
inline View::View(std::nullptr_t) : kind_(Kind::kFalse) {}

inline bool View::empty() const { return kind_ == Kind::kList && members_.empty(); }
inline std::size_t View::size() const { return members_.size(); }
inline const View& View::item(std::size_t i) const { return members_[i].value; }
inline const View::Key& View::name(std::size_t i) const { return members_[i].key; }

/// One `key: value` of an object view, for `View{{"a", 1}, {"b", "x"}}`.
/// The value is moved out when the view is made.
struct ViewField {
  ViewField(View::Name k, View v) : key(k), value(std::move(v)) {}
  ViewField(View::Name k, std::string s) : key(k), value(std::move(s)) {}
  ViewField(View::Name k, const char* s) : key(k), value(s) {}
  ViewField(View::Name k, bool b) : key(k), value(b) {}
  ViewField(View::Name k, int n) : key(k), value(n) {}
  ViewField(View::Name k, long n) : key(k), value(n) {}
  ViewField(View::Name k, unsigned long n) : key(k), value(n) {}
  ViewField(View::Name k, long long n) : key(k), value(n) {}
  ViewField(View::Name k, unsigned long long n) : key(k), value(n) {}
  ViewField(View::Name k, double n) : key(k), value(n) {}
  ViewField(View::Name k, std::nullptr_t) : key(k), value(nullptr) {}
  ViewField(View::Name k, const std::vector<std::string>& texts) : key(k), value(texts) {}
  View::Name key;
  mutable View value;
};

}  // namespace thidua::site
