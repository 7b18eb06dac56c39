#include "load/json_reader.hpp"

#include "load/workbook.hpp"  // cell_name
#include "text/fold.hpp"

namespace thidua::load {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

void flatten(const JsonValue& v, const std::string& prefix, InternalFields& out) {
  switch (v.type) {
    case JsonValue::Type::kObject:
      for (const auto& m : v.members)
        flatten(m.value, prefix.empty() ? m.key : prefix + "." + m.key, out);
      break;
    case JsonValue::Type::kArray:
      for (std::size_t i = 0; i < v.items.size(); ++i)
        flatten(v.items[i], prefix + "." + std::to_string(i + 1), out);
      break;
    case JsonValue::Type::kNull:
      break;
    case JsonValue::Type::kBool:
      out.emplace_back(prefix, v.boolean ? "true" : "false");
      break;
    default:
      out.emplace_back(prefix, v.text);
  }
}

}  // namespace

bool valid_id(std::string_view id, IdKind kind) {
  if (id.empty()) return false;
  if (kind == IdKind::kEntity) {
    if (id.size() > 64 || !is_lower_alnum(id[0])) return false;
    for (char c : id)
      if (!is_lower_alnum(c) && c != '-') return false;
    // Names Windows keeps for devices: a site with a folder "nul" or "com1"
    // cannot be unzipped or copied there.
    static constexpr std::string_view kDevices[] = {"con", "prn", "aux", "nul"};
    for (const auto d : kDevices)
      if (id == d) return false;
    if (id.size() == 4 && (id.starts_with("com") || id.starts_with("lpt")) && id[3] >= '1' &&
        id[3] <= '9')
      return false;
    return true;
  }
  if (id.size() > 32 || !is_alnum(id[0])) return false;
  for (char c : id)
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

text::Message id_rule(IdKind kind) {
  return text::Message(kind == IdKind::kEntity ? "id-rule-entity" : "id-rule-criterion");
}

bool looks_like_name(std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c >= 0x80 || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

std::string id_of_name(std::string_view name) {
  std::string out;
  for (const char c : text::fold(name)) {
    if (is_lower_alnum(c)) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 64) out.resize(64);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

text::Message invalid_id(const text::Arg& what, std::string_view value, IdKind kind,
                         const std::string& known) {
  if (!known.empty()) return {"id-is-unit-name", {{"what", what}, {"value", value}, {"id", known}}};
  if (kind == IdKind::kEntity && looks_like_name(value))
    if (const std::string id = id_of_name(value); !id.empty() && valid_id(id, kind))
      return {"id-is-a-name", {{"what", what}, {"value", value}, {"id", id}}};
  return {"invalid-id", {{"what", what}, {"value", value}, {"rule", id_rule(kind)}}};
}

SourcePos JsonReader::at(std::size_t offset) const {
  if (places_) {
    if (offset >= places_->places.size()) return {path_, 0, 0};
    return {path_, places_->places[offset].line, places_->places[offset].column};
  }
  auto [line, col] = index_.locate(offset);
  return {path_, line, col};
}

text::Message JsonReader::placed(std::size_t offset, text::Message message) const {
  const std::string name = cell(offset);
  if (name.empty()) return message;
  const std::string& sheet = places_->sheets[places_->places[offset].sheet];
  // A member missing from a row is a cell left empty.
  if (message.code() == "missing-key")
    message = text::Message("table-missing-value", {{"column", message.text_arg("key")}});
  if (sheet.empty())
    return text::Message("in-cell", {{"cell", name}, {"message", std::move(message)}});
  return text::Message("in-cell-of-sheet",
                       {{"cell", name}, {"sheet", sheet}, {"message", std::move(message)}});
}

std::string JsonReader::cell(std::size_t offset) const {
  if (!places_ || offset >= places_->places.size()) return "";
  const CellPlace& p = places_->places[offset];
  return p.row ? cell_name(p.row, p.cell_column) : "";
}

bool JsonReader::expect(const JsonValue& v, JsonValue::Type t, const text::Arg& what) {
  if (v.type == t) return true;
  error(v,
        text::Message("wrong-type",
                      {{"what", what}, {"expected", type_name(t)}, {"actual", type_name(v.type)}}));
  return false;
}

void JsonReader::check_keys(const JsonValue& obj, std::initializer_list<std::string_view> known,
                            const text::Arg& where) {
  for (const auto& m : obj.members) {
    bool ok = false;
    for (auto k : known) ok = ok || m.key == k;
    if (!ok)
      diags_.warning(
          at(m.key_offset),
          placed(m.key_offset, text::Message("unknown-key", {{"key", m.key}, {"where", where}})),
          cell(m.key_offset));
  }
}

std::optional<std::string> JsonReader::string(const JsonValue& obj, std::string_view key,
                                              bool required) {
  const JsonValue* v = obj.get(key);
  if (!v) {
    if (required) {
      error(obj, text::Message("missing-key", {{"key", key}}));
      return std::nullopt;
    }
    return std::string();
  }
  if (!expect(*v, JsonValue::Type::kString, "\"" + std::string(key) + "\"")) return std::nullopt;
  return v->text;
}

std::optional<std::string> JsonReader::id_value(
    const JsonValue& v, IdKind kind, const text::Arg& what,
    const std::function<std::string(std::string_view)>& propose) {
  if (!expect(v, JsonValue::Type::kString, what)) return std::nullopt;
  if (!valid_id(v.text, kind)) {
    error(v, invalid_id(what, v.text, kind, propose ? propose(v.text) : ""));
    return std::nullopt;
  }
  return v.text;
}

std::optional<std::string> JsonReader::id(
    const JsonValue& obj, std::string_view key, IdKind kind, bool required,
    const std::function<std::string(std::string_view)>& propose) {
  const JsonValue* v = obj.get(key);
  if (!v) {
    if (required) error(obj, text::Message("missing-key", {{"key", key}}));
    return required ? std::nullopt : std::optional<std::string>("");
  }
  return id_value(*v, kind, "\"" + std::string(key) + "\"", propose);
}

std::optional<Date> JsonReader::date(const JsonValue& obj, std::string_view key, bool required) {
  const JsonValue* v = obj.get(key);
  if (!v) {
    if (required) error(obj, text::Message("missing-key", {{"key", key}}));
    return std::nullopt;
  }
  if (!expect(*v, JsonValue::Type::kString, "\"" + std::string(key) + "\"")) return std::nullopt;
  auto d = parse_date(v->text);
  if (!d) error(*v, text::Message("invalid-date", {{"value", v->text}, {"key", key}}));
  return d;
}

std::optional<Points> JsonReader::points(const JsonValue& v, const text::Arg& what) {
  if (!expect(v, JsonValue::Type::kNumber, what)) return std::nullopt;
  ParsedPoints p = parse_points(v.text);
  if (p.value) return p.value;
  const char* code = p.error == ParsePointsError::kTooManyDecimals ? "points-decimals"
                     : p.error == ParsePointsError::kOutOfRange    ? "points-out-of-range"
                                                                   : "points-not-a-number";
  error(v, text::Message(code, {{"what", what}, {"value", v.text}}));
  return std::nullopt;
}

std::vector<std::string> JsonReader::strings(const JsonValue& obj, std::string_view key) {
  std::vector<std::string> out;
  const JsonValue* v = obj.get(key);
  if (!v || !expect(*v, JsonValue::Type::kArray, "\"" + std::string(key) + "\"")) return out;
  for (const auto& item : v->items)
    if (expect(item, JsonValue::Type::kString,
               text::Message("what-each-item", {{"key", "\"" + std::string(key) + "\""}})))
      out.push_back(item.text);
  return out;
}

InternalFields JsonReader::internal(const JsonValue& obj) {
  InternalFields out;
  if (const JsonValue* v = obj.get("internal")) {
    if (expect(*v, JsonValue::Type::kObject, "\"internal\"")) flatten(*v, "", out);
  }
  return out;
}

}  // namespace thidua::load
