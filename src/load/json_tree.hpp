// JSON parsed by simdjson, or nlohmann/json when it is invalid, into a tree that remembers where
// each value starts, so that later checks can point at the exact line and column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/report.hpp"
#include "model/diagnostic.hpp"
#include "text/messages.hpp"

namespace thidua::load {

struct JsonMember;

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  std::size_t offset = 0;  ///< byte offset where the value starts
  bool boolean = false;
  std::string text;  ///< a string's contents, or a number as written
  std::vector<JsonValue> items;
  std::vector<JsonMember> members;

  bool is_object() const { return type == Type::kObject; }
  bool is_array() const { return type == Type::kArray; }
  bool is_string() const { return type == Type::kString; }
  bool is_number() const { return type == Type::kNumber; }
  /// The member named `key`, or null.
  const JsonValue* get(std::string_view key) const;
  /// Alike in everything, offsets included (tests compare parsers so).
  bool operator==(const JsonValue&) const = default;
};

struct JsonMember {
  std::string key;
  std::size_t key_offset = 0;
  JsonValue value;
  bool operator==(const JsonMember&) const = default;
};

/// The deepest nesting of arrays and objects a content file may have.
inline constexpr int kMaxJsonDepth = 64;
/// The most values (each text, number, list and object) a file may hold, as
/// many as the cells of the largest workbook: a 10,000-unit results file of
/// 40 scores holds about 450,000. Each value of the tree takes about a
/// hundred bytes, so a file of empty objects ({},{},…) would otherwise take
/// some 75 times its size.
inline constexpr std::size_t kMaxJsonValues = 4'000'000;

/// Parses `text` (the whole file, BOM allowed). On failure reports one error at
/// the fault (syntax, invalid UTF-8, duplicate key, nesting deeper than
/// kMaxJsonDepth, more than kMaxJsonValues values) and returns nullopt.
std::optional<JsonValue> parse_json(std::string_view text, const std::string& path,
                                    const text::TextIndex& index, Diagnostics& diags);

/// parse_json's two parsers, apart for tests. The fast one (simdjson) reads
/// valid JSON into the same tree and returns nullopt for whatever it is not
/// sure the reference would read alike; parse_json then asks the reference
/// (nlohmann), which also says what is wrong.
/// `too_many_at`, when given, is set to where the value past kMaxJsonValues
/// starts if the fast parser stopped there.
std::optional<JsonValue> parse_json_fast(std::string_view text, std::size_t* too_many_at = nullptr);
std::optional<JsonValue> parse_json_reference(std::string_view text, const std::string& path,
                                              const text::TextIndex& index, Diagnostics& diags);

/// "string", "number", … for messages.
text::Message type_name(JsonValue::Type type);

}  // namespace thidua::load
