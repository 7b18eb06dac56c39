#include "load/json_reader.hpp"

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

const char* id_rule(IdKind kind) {
  return kind == IdKind::kEntity
             ? "1 to 64 characters: lowercase letters a-z, digits and '-', not starting with "
               "'-', and not a name Windows keeps for devices (con, prn, aux, nul, com1-com9, "
               "lpt1-lpt9)"
             : "1 to 32 characters: letters A-Z a-z, digits, '.', '_' and '-', starting with a "
               "letter or digit";
}

SourcePos JsonReader::at(std::size_t offset) const {
  auto [line, col] = index_.locate(offset);
  return {path_, line, col};
}

bool JsonReader::expect(const JsonValue& v, JsonValue::Type t, std::string_view what) {
  if (v.type == t) return true;
  error(v, std::string(what) + " must be " + type_name(t) + ", not " + type_name(v.type));
  return false;
}

void JsonReader::check_keys(const JsonValue& obj, std::initializer_list<std::string_view> known,
                            std::string_view where) {
  for (const auto& m : obj.members) {
    bool ok = false;
    for (auto k : known) ok = ok || m.key == k;
    if (!ok)
      diags_.warning(at(m.key_offset), "unknown key \"" + m.key + "\" in " + std::string(where) +
                                           " (ignored; check the spelling)");
  }
}

std::optional<std::string> JsonReader::string(const JsonValue& obj, std::string_view key,
                                              bool required) {
  const JsonValue* v = obj.get(key);
  if (!v) {
    if (required) {
      error(obj, "missing required key \"" + std::string(key) + "\"");
      return std::nullopt;
    }
    return std::string();
  }
  if (!expect(*v, JsonValue::Type::kString, "\"" + std::string(key) + "\"")) return std::nullopt;
  return v->text;
}

std::optional<std::string> JsonReader::id_value(const JsonValue& v, IdKind kind,
                                                std::string_view what) {
  if (!expect(v, JsonValue::Type::kString, what)) return std::nullopt;
  if (!valid_id(v.text, kind)) {
    error(v, "invalid " + std::string(what) + " \"" + v.text + "\": use " + id_rule(kind));
    return std::nullopt;
  }
  return v.text;
}

std::optional<std::string> JsonReader::id(const JsonValue& obj, std::string_view key, IdKind kind,
                                          bool required) {
  const JsonValue* v = obj.get(key);
  if (!v) {
    if (required) error(obj, "missing required key \"" + std::string(key) + "\"");
    return required ? std::nullopt : std::optional<std::string>("");
  }
  return id_value(*v, kind, "\"" + std::string(key) + "\"");
}

std::optional<Date> JsonReader::date(const JsonValue& obj, std::string_view key, bool required) {
  const JsonValue* v = obj.get(key);
  if (!v) {
    if (required) error(obj, "missing required key \"" + std::string(key) + "\"");
    return std::nullopt;
  }
  if (!expect(*v, JsonValue::Type::kString, "\"" + std::string(key) + "\"")) return std::nullopt;
  auto d = parse_date(v->text);
  if (!d)
    error(*v, "invalid date \"" + v->text + "\" in \"" + std::string(key) +
                  "\": write YYYY-MM-DD, e.g. 2024-06-30");
  return d;
}

std::optional<Points> JsonReader::points(const JsonValue& v, std::string_view what) {
  if (!expect(v, JsonValue::Type::kNumber, what)) return std::nullopt;
  ParsedPoints p = parse_points(v.text);
  if (p.value) return p.value;
  switch (p.error) {
    case ParsePointsError::kTooManyDecimals:
      error(v, std::string(what) + " " + v.text + " has more than 2 decimals");
      break;
    case ParsePointsError::kOutOfRange:
      error(v, std::string(what) + " " + v.text + " is out of range");
      break;
    default:
      error(v, std::string(what) + " " + v.text + " is not a number");
  }
  return std::nullopt;
}

std::vector<std::string> JsonReader::strings(const JsonValue& obj, std::string_view key) {
  std::vector<std::string> out;
  const JsonValue* v = obj.get(key);
  if (!v || !expect(*v, JsonValue::Type::kArray, "\"" + std::string(key) + "\"")) return out;
  for (const auto& item : v->items)
    if (expect(item, JsonValue::Type::kString, "each item of \"" + std::string(key) + "\""))
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
