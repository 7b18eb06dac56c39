// Typed, diagnosing access to a parsed JSON file: every accessor reports what is
// wrong at the value's own line and column and returns nullopt, so a loader can
// carry on and report every problem in one run.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "load/json_tree.hpp"
#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace thidua::load {

enum class IdKind {
  kEntity,     ///< unit, cluster, scheme, period: ^[a-z0-9][a-z0-9-]{0,63}$
  kCriterion,  ///< criterion, section, grade, target: ^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$
};

/// True when `id` matches the pattern of `kind`.
bool valid_id(std::string_view id, IdKind kind);
/// The pattern of `kind`, for messages.
const char* id_rule(IdKind kind);

class JsonReader {
 public:
  JsonReader(std::string path, std::string_view text, Diagnostics& diags)
      : path_(std::move(path)), text_(text), index_(text), diags_(diags) {}

  /// Parses the file; nullopt (with the error reported) when it is not JSON.
  std::optional<JsonValue> parse() { return parse_json(text_, path_, index_, diags_); }

  SourcePos pos(const JsonValue& v) const { return at(v.offset); }
  SourcePos at(std::size_t offset) const;
  void error(const JsonValue& v, std::string message) { diags_.error(pos(v), std::move(message)); }
  void warning(const JsonValue& v, std::string message) {
    diags_.warning(pos(v), std::move(message));
  }
  Diagnostics& diags() { return diags_; }
  const std::string& path() const { return path_; }

  /// Reports unless `v` has type `t`; `what` names the value ("\"units\"").
  bool expect(const JsonValue& v, JsonValue::Type t, std::string_view what);
  /// Warns about members of `obj` not in `known` (likely typos).
  void check_keys(const JsonValue& obj, std::initializer_list<std::string_view> known,
                  std::string_view where);

  /// Member `key` of `obj` as a string. Missing: error if `required`, else "".
  std::optional<std::string> string(const JsonValue& obj, std::string_view key, bool required);
  /// Member `key` as an id of `kind`.
  std::optional<std::string> id(const JsonValue& obj, std::string_view key, IdKind kind,
                                bool required);
  /// `v` (a string) checked as an id of `kind`; `what` names it in messages.
  std::optional<std::string> id_value(const JsonValue& v, IdKind kind, std::string_view what);
  /// Member `key` as a date "YYYY-MM-DD".
  std::optional<Date> date(const JsonValue& obj, std::string_view key, bool required);
  /// `v` as a number with at most two decimals, in hundredths.
  std::optional<Points> points(const JsonValue& v, std::string_view what);
  /// Member `key` as a list of strings (missing → empty).
  std::vector<std::string> strings(const JsonValue& obj, std::string_view key);
  /// Flattens member "internal" of `obj`, if any, into dotted keys.
  InternalFields internal(const JsonValue& obj);

 private:
  std::string path_;
  std::string_view text_;
  text::TextIndex index_;
  Diagnostics& diags_;
};

}  // namespace thidua::load
