// Typed, diagnosing access to a parsed JSON file: every accessor reports what is
// wrong at the value's own line and column and returns nullopt, so a loader can
// carry on and report every problem in one run.
#pragma once

#include <cstdint>
#include <functional>
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
text::Message id_rule(IdKind kind);
/// Whether `text` (refused as an id) reads as a name: spaces, capitals or
/// Vietnamese letters ("Đoàn cơ sở Đơn vị C").
bool looks_like_name(std::string_view text);
/// The entity id made of a name: folded, words joined by '-' ("Đơn vị C" →
/// "don-vi-c").
std::string id_of_name(std::string_view name);
/// The message for `value`, refused as an id of `kind` (`what` names the
/// field): the name of a known unit is told whose it is (`known`, its id);
/// another name is told it is one, with the id made of it.
text::Message invalid_id(const text::Arg& what, std::string_view value, IdKind kind,
                         const std::string& known);

/// Where a value of a tree made from a table came from (table_json.hpp):
/// its line and column in the file (a workbook's row and column), the cell
/// as the spreadsheet names it (row and column: "C14"), and its sheet.
struct CellPlace {
  int line = 0, column = 0;
  int row = 0, cell_column = 0;  ///< 0: no cell
  std::uint32_t sheet = 0;       ///< in CellPlaces::sheets
};

/// The places of a tree made from a table, by JsonValue::offset.
struct CellPlaces {
  std::vector<CellPlace> places;
  std::vector<std::string> sheets;  ///< their names; "" for a CSV
};

class JsonReader {
 public:
  JsonReader(std::string path, std::string_view text, Diagnostics& diags)
      : path_(std::move(path)), text_(text), index_(text), diags_(diags) {}
  /// A reader of a tree made from a table: each value's offset indexes
  /// `places`, and every message names the cell ("cell C14 (sheet
  /// "Đơn vị"): …").
  JsonReader(std::string path, const CellPlaces& places, Diagnostics& diags)
      : path_(std::move(path)), index_(""), diags_(diags), places_(&places) {}

  /// Parses the file; nullopt (with the error reported) when it is not JSON.
  std::optional<JsonValue> parse() { return parse_json(text_, path_, index_, diags_); }

  SourcePos pos(const JsonValue& v) const { return at(v.offset); }
  SourcePos at(std::size_t offset) const;
  void error(const JsonValue& v, text::Message message) {
    diags_.error(pos(v), placed(v.offset, std::move(message)), cell(v.offset));
  }
  void warning(const JsonValue& v, text::Message message) {
    diags_.warning(pos(v), placed(v.offset, std::move(message)), cell(v.offset));
  }
  /// `message` about the value at `offset`, after its cell in a table.
  text::Message placed(std::size_t offset, text::Message message) const;
  Diagnostics& diags() { return diags_; }
  const std::string& path() const { return path_; }

  /// Reports unless `v` has type `t`; `what` names the value ("\"units\"",
  /// or a message: text::Message("what-each-visit")).
  bool expect(const JsonValue& v, JsonValue::Type t, const text::Arg& what);
  /// Warns about members of `obj` not in `known` (likely typos).
  void check_keys(const JsonValue& obj, std::initializer_list<std::string_view> known,
                  const text::Arg& where);

  /// Member `key` of `obj` as a string. Missing: error if `required`, else "".
  std::optional<std::string> string(const JsonValue& obj, std::string_view key, bool required);
  /// Member `key` as an id of `kind`.
  std::optional<std::string> id(const JsonValue& obj, std::string_view key, IdKind kind,
                                bool required,
                                const std::function<std::string(std::string_view)>& propose = {});
  /// `v` (a string) checked as an id of `kind`; `what` names it in messages.
  /// A name typed where an id belongs is told so, with `propose(name)` (the
  /// id of the known unit of that name, or ""), or else the id made of it.
  std::optional<std::string> id_value(
      const JsonValue& v, IdKind kind, const text::Arg& what,
      const std::function<std::string(std::string_view)>& propose = {});
  /// Member `key` as a date "YYYY-MM-DD".
  std::optional<Date> date(const JsonValue& obj, std::string_view key, bool required);
  /// `v` as a number with at most two decimals, in hundredths.
  std::optional<Points> points(const JsonValue& v, const text::Arg& what);
  /// Member `key` as a list of strings (missing → empty).
  std::vector<std::string> strings(const JsonValue& obj, std::string_view key);
  /// Flattens member "internal" of `obj`, if any, into dotted keys.
  InternalFields internal(const JsonValue& obj);

 private:
  std::string path_;
  std::string_view text_;
  /// The cell ("C14") at `offset`, or "".
  std::string cell(std::size_t offset) const;
  text::TextIndex index_;
  Diagnostics& diags_;
  const CellPlaces* places_ = nullptr;
};

}  // namespace thidua::load
