#include "load/json_tree.hpp"

#include <simdjson.h>
#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

namespace thidua::load {
namespace {

/// An input iterator over the text that records how many bytes the lexer has
/// pulled, which is how we learn where each SAX event happened.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator() = default;
  CountingIterator(const char* p, const char* base, std::size_t* consumed)
      : p_(p), base_(base), consumed_(consumed) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    if (consumed_) *consumed_ = static_cast<std::size_t>(p_ - base_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const CountingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_ = nullptr;
  const char* base_ = nullptr;
  std::size_t* consumed_ = nullptr;
};

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// False when two members of `obj` have the same key; then, when `offset` is
/// given, the first repeat in key order is at *offset, its key in *key.
/// The vectors are scratch space.
bool no_repeated_key(const JsonValue& obj, std::vector<const JsonMember*>& table,
                     std::vector<const JsonMember*>& sorted, std::size_t* offset, std::string* key,
                     std::optional<std::size_t>* first = nullptr) {
  // Keys often come in order (scores by criterion): then none repeats.
  const auto& ms = obj.members;
  std::size_t i = 1;
  while (i < ms.size() && ms[i - 1].key < ms[i].key) ++i;
  if (i >= ms.size()) return true;
  // Else a small hash table of the keys; only an object with a repeated
  // key is sorted, to report the first repeat in key order.
  std::size_t size = 8;
  while (size < 2 * ms.size()) size *= 2;
  table.assign(size, nullptr);
  bool repeated = false;
  for (const auto& m : ms) {
    std::size_t h = std::hash<std::string_view>{}(m.key) & (size - 1);
    while (table[h] && table[h]->key != m.key) h = (h + 1) & (size - 1);
    if (table[h]) {
      repeated = true;
      break;
    }
    table[h] = &m;
  }
  if (!repeated || !offset) return !repeated;
  // By key, equal keys in the order they came (their offsets grow).
  sorted.clear();
  for (const auto& m : obj.members) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), [](const JsonMember* a, const JsonMember* b) {
    const int c = a->key.compare(b->key);
    return c < 0 || (c == 0 && a->key_offset < b->key_offset);
  });
  for (i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->key == sorted[i - 1]->key) {
      const JsonMember* later =
          sorted[i]->key_offset > sorted[i - 1]->key_offset ? sorted[i] : sorted[i - 1];
      *offset = later->key_offset;
      *key = later->key;
      if (first) *first = (later == sorted[i] ? sorted[i - 1] : sorted[i])->key_offset;
      return false;
    }
  }
  return true;
}

text::Message too_many_values() { return {"json-too-many-values", {{"n", kMaxJsonValues}}}; }

class TreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  TreeBuilder(std::string_view text, const text::TextIndex& index, const std::size_t* consumed)
      : text_(text), index_(index), consumed_(consumed) {}

  bool null() override { return add(scalar(JsonValue::Type::kNull, *consumed_ - 4)); }
  bool boolean(bool v) override {
    JsonValue j = scalar(JsonValue::Type::kBool, *consumed_ - (v ? 4 : 5));
    j.boolean = v;
    return add(std::move(j));
  }
  bool number_integer(number_integer_t) override { return number(); }
  bool number_unsigned(number_unsigned_t) override { return number(); }
  bool number_float(number_float_t, const string_t&) override { return number(); }
  bool string(string_t& s) override {
    JsonValue j = scalar(JsonValue::Type::kString, string_start());
    j.text = std::move(s);
    return add(std::move(j));
  }
  bool binary(binary_t&) override { return false; }

  bool start_object(std::size_t) override { return open(JsonValue::Type::kObject); }
  bool key(string_t& k) override {
    pending_key_ = std::move(k);
    pending_key_offset_ = string_start();
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(JsonValue::Type::kArray); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: msg"
    if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    error_ = explain(position, what);
    return false;
  }

  std::optional<JsonValue> root;
  std::optional<text::Message> error_;
  std::size_t error_offset_ = 0;
  std::string repeated_key_;                 ///< a key given twice in one object
  std::optional<std::size_t> first_offset_;  ///< of a repeated key's first use

 private:
  JsonValue scalar(JsonValue::Type t, std::size_t offset) {
    if (++values_ > kMaxJsonValues && !error_) {
      error_offset_ = offset;
      error_ = too_many_values();
    }
    JsonValue j;
    j.type = t;
    j.offset = offset;
    return j;
  }
  std::size_t values_ = 0;

  /// Where the string that just ended began.
  std::size_t string_start() const { return opening_quote(*consumed_ - 1); }

  /// The quote that opens the string running up to `at`: the first quote
  /// before it not escaped by an odd run of backslashes.
  std::size_t opening_quote(std::size_t at) const {
    for (std::size_t i = at; i > 0;) {
      --i;
      if (text_[i] != '"') continue;
      std::size_t backslashes = 0;
      while (i >= backslashes + 1 && text_[i - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return 0;
  }

  bool number() {
    // The lexer has read one character past the number unless it hit the end.
    std::size_t end = std::min(*consumed_, text_.size());
    if (end > 0 && !is_number_char(text_[end - 1])) --end;
    std::size_t start = end;
    while (start > 0 && is_number_char(text_[start - 1])) --start;
    JsonValue j = scalar(JsonValue::Type::kNumber, start);
    j.text = std::string(text_.substr(start, end - start));
    return add(std::move(j));
  }

  bool open(JsonValue::Type t) {
    if (static_cast<int>(stack_.size()) >= kMaxJsonDepth) {
      error_offset_ = *consumed_ - 1;
      error_ = text::Message("json-too-deep", {{"n", kMaxJsonDepth}});
      return false;
    }
    Frame f;
    f.value = scalar(t, *consumed_ - 1);
    if (values_ > kMaxJsonValues) return false;
    f.key = std::move(pending_key_);
    f.key_offset = pending_key_offset_;
    stack_.push_back(std::move(f));
    // A container's children gather in a buffer of its depth, kept from one
    // container to the next, and move into a vector of their exact number
    // when it closes: growing each vector moved its children again and
    // again, and growth leaves up to half of it unused (a results file is
    // mostly objects of a few dozen scores).
    if (scratch_.size() < stack_.size()) scratch_.resize(stack_.size());
    scratch_[stack_.size() - 1].members.clear();
    scratch_[stack_.size() - 1].items.clear();
    return true;
  }

  bool close() {
    Scratch& children = scratch_[stack_.size() - 1];
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    f.value.members.reserve(children.members.size());
    std::move(children.members.begin(), children.members.end(),
              std::back_inserter(f.value.members));
    f.value.items.reserve(children.items.size());
    std::move(children.items.begin(), children.items.end(), std::back_inserter(f.value.items));
    if (f.value.is_object() && !check_duplicates(f.value)) return false;
    pending_key_ = std::move(f.key);
    pending_key_offset_ = f.key_offset;
    return add(std::move(f.value));
  }

  bool check_duplicates(const JsonValue& obj) {
    if (no_repeated_key(obj, table_scratch_, sorted_scratch_, &error_offset_, &repeated_key_,
                        &first_offset_))
      return true;
    error_ =
        text::Message("duplicate-key", {{"key", repeated_key_}});  // its line added by the caller
    return false;
  }

  bool add(JsonValue v) {
    if (values_ > kMaxJsonValues) return false;
    if (stack_.empty()) {
      root = std::move(v);
      return true;
    }
    Scratch& children = scratch_[stack_.size() - 1];
    if (stack_.back().value.is_array()) {
      children.items.push_back(std::move(v));
    } else {
      children.members.push_back({std::move(pending_key_), pending_key_offset_, std::move(v)});
    }
    return true;
  }

  /// A syntax error told in words, from where the parser stopped (the
  /// character at `position` - 1, the last it read), the character before
  /// the token there, what the parser expected and the containers still
  /// open: a comma missing or left over, a quote or bracket not closed (and
  /// where it was opened), a key or a text without its double quotes. Sets
  /// error_offset_ where it is.
  text::Message explain(std::size_t position, const std::string& what) {
    using text::Message;
    const std::size_t n = text_.size();
    const std::size_t p = std::min(position, n) > 0 ? std::min(position, n) - 1 : 0;
    auto is_word = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 ||
             c == '_';
    };
    auto opened = [&](const Frame& f) {
      const auto [line, col] = index_.locate(f.value.offset);
      const bool object = f.value.is_object();
      return Message("json-opened", {{"bracket", object ? "{" : "["},
                                     {"close", object ? "}" : "]"},
                                     {"line", std::to_string(line)},
                                     {"column", std::to_string(col)}});
    };
    auto has = [&](std::string_view part) { return what.find(part) != std::string::npos; };
    if (has("control character")) {  // a line break inside a string: its quote not closed
      error_offset_ = opening_quote(p);
      return Message("json-quote-not-closed-on-line");
    }
    if (has("missing closing quote")) {
      error_offset_ = opening_quote(p + 1);
      return Message("json-quote-not-closed");
    }
    if (has("unexpected end of input") || position > n) {
      error_offset_ = n;  // where the file ends
      if (!stack_.empty()) return Message("json-not-closed", {{"opened", opened(stack_.back())}});
      return Message("json-incomplete");
    }
    const char tok = text_[p];
    // Where the token that ends at p begins.
    std::size_t start = p;
    if (tok == '"' && p > 0) {
      start = opening_quote(p);
    } else if (is_number_char(tok)) {
      while (start > 0 && is_number_char(text_[start - 1])) --start;
    } else if (is_word(tok)) {
      while (start > 0 && is_word(text_[start - 1])) --start;
    }
    std::size_t before = start;  // the last character before the token, spaces skipped
    while (before > 0 && std::isspace(static_cast<unsigned char>(text_[before - 1]))) --before;
    const char prev = before > 0 ? text_[before - 1] : '\0';
    error_offset_ = start;
    const bool closing = tok == '}' || tok == ']';
    if (has("expected end of input")) {
      if (closing) return Message("json-closes-nothing", {{"close", std::string(1, tok)}});
      return Message("json-after-end");
    }
    if (closing && prev == ',') {
      error_offset_ = before - 1;
      return Message("json-comma-left-over", {{"close", std::string(1, tok)}});
    }
    if (closing && (prev == ':' || prev == '[' || prev == ','))
      return Message("json-value-missing");
    if (closing && !stack_.empty() && (tok == '}') != stack_.back().value.is_object())
      return Message("json-wrong-bracket",
                     {{"close", std::string(1, tok)}, {"opened", opened(stack_.back())}});
    if (tok == ',' && (prev == ',' || prev == '[' || prev == ':'))
      return Message("json-value-missing");
    if (has("; expected ':'")) {
      error_offset_ = before;
      return Message("json-colon-missing");
    }
    if (tok == '\'') return Message("json-single-quotes");
    if (has("invalid literal") && is_word(tok)) {
      // a word without quotes: a key ({name: 1}), a text (Đơn vị), True or None
      std::size_t word_start = p, word_end = p;
      while (word_start > 0 && is_word(text_[word_start - 1])) --word_start;
      // to the end of the value: "Đơn vị C", not "Đơn"
      while (word_end < n && text_[word_end] != ',' && text_[word_end] != '}' &&
             text_[word_end] != ']' && text_[word_end] != ':' && text_[word_end] != '\n' &&
             text_[word_end] != '\r')
        ++word_end;
      while (word_end > word_start && std::isspace(static_cast<unsigned char>(text_[word_end - 1])))
        --word_end;
      error_offset_ = word_start;
      const std::string word(
          text_.substr(word_start, std::min<std::size_t>(word_end - word_start, 40)));
      std::string lower = word;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "true" || lower == "false" || lower == "null" || word == "None")
        return Message("json-bad-literal", {{"word", word}});
      return Message("json-text-without-quotes", {{"word", word}});
    }
    const bool value_end = prev == '"' || prev == '}' || prev == ']' || prev == 'e' ||
                           prev == 'l' || std::isdigit(static_cast<unsigned char>(prev));
    const bool value_start =
        tok == '"' || tok == '{' || tok == '[' || is_number_char(tok) || is_word(tok);
    if (value_start && value_end && !stack_.empty() &&
        (has("expected '}'") || has("expected ']'"))) {
      error_offset_ = before;  // where the comma goes
      return Message("json-comma-missing");
    }
    if (has("number") || has("expected digit")) {
      std::size_t end = is_number_char(tok) ? p + 1 : p, from = end;
      while (from > 0 && is_number_char(text_[from - 1])) --from;
      error_offset_ = from;
      return Message(
          "json-bad-number",
          {{"token", std::string(text_.substr(from, std::min<std::size_t>(end - from, 40)))}});
    }
    return Message("json-syntax", {{"detail", what}});
  }

  struct Frame {
    JsonValue value;
    std::string key;  // the key this container sits under in its parent
    std::size_t key_offset = 0;
  };
  std::string_view text_;
  const text::TextIndex& index_;  ///< the file's lines, for where a bracket opened
  const std::size_t* consumed_;
  std::vector<Frame> stack_;
  struct Scratch {
    std::vector<JsonMember> members;
    std::vector<JsonValue> items;
  };
  std::vector<Scratch> scratch_;  ///< children of the open container at each depth
  std::string pending_key_;
  std::size_t pending_key_offset_ = 0;
  std::vector<const JsonMember*> sorted_scratch_, table_scratch_;  ///< for check_duplicates
};

/// The token as written: simdjson's raw token runs on over the spaces after it.
std::string_view trim_end(std::string_view raw) {
  while (!raw.empty() &&
         (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
    raw.remove_suffix(1);
  return raw;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// A number in JSON's grammar without an exponent, as nlohmann reads it
/// alike: an exponent can overflow a double, which nlohmann reports.
bool is_plain_number(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || !is_digit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    const std::size_t digits = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == digits) return false;
  }
  return i == s.size();
}

/// The fast path: simdjson's on-demand parser walks the text into the tree
/// TreeBuilder would make (the same types, texts, keys and offsets). It
/// declines whatever it is not sure nlohmann would read alike — any simdjson
/// error (its first stage checks UTF-8 and unescaped control characters in
/// strings), exponents, nesting deeper than
/// kMaxJsonDepth, a repeated key, a root that is not an object or a list —
/// and then nlohmann parses the text again and says what is wrong.
class FastBuilder {
 public:
  /// Where the value past kMaxJsonValues starts, when parse() stopped there.
  std::optional<std::size_t> too_many_at;

  /// `text` after its byte order mark, which took `shift` bytes.
  std::optional<JsonValue> parse(std::string_view text, std::size_t shift) {
    simdjson::padded_string padded(text);
    base_ = padded.data();
    shift_ = shift;
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    if (parser.iterate(padded).get(doc)) return std::nullopt;
    simdjson::ondemand::json_type type;
    if (doc.type().get(type)) return std::nullopt;
    if (type != simdjson::ondemand::json_type::object &&
        type != simdjson::ondemand::json_type::array)
      return std::nullopt;
    simdjson::ondemand::value root;
    if (doc.get_value().get(root)) return std::nullopt;
    JsonValue out;
    if (!value(root, out, 0)) return std::nullopt;
    // Nothing may follow the root: simdjson says so by having no location left.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return std::nullopt;
    return out;
  }

 private:
  std::size_t offset_of(const char* p) const {
    return static_cast<std::size_t>(p - base_) + shift_;
  }

  bool value(simdjson::ondemand::value v, JsonValue& out, int depth) {
    using simdjson::ondemand::json_type;
    if (++values_ > kMaxJsonValues) {
      too_many_at = offset_of(v.raw_json_token().data());
      return false;
    }
    json_type type;
    if (v.type().get(type)) return false;
    const std::string_view raw = v.raw_json_token();
    out.offset = offset_of(raw.data());
    const std::string_view token = trim_end(raw);  // a scalar as written
    switch (type) {
      case json_type::object:
        out.type = JsonValue::Type::kObject;
        return object(v, out, depth);
      case json_type::array:
        out.type = JsonValue::Type::kArray;
        return array(v, out, depth);
      case json_type::string: {
        out.type = JsonValue::Type::kString;
        std::string_view text;
        if (v.get_string().get(text)) return false;
        out.text = text;
        return true;
      }
      case json_type::number:
        out.type = JsonValue::Type::kNumber;
        out.text = token;
        return is_plain_number(out.text);
      case json_type::boolean:
        out.type = JsonValue::Type::kBool;
        out.boolean = token == "true";
        return out.boolean || token == "false";
      case json_type::null:
        return token == "null";
    }
    return false;
  }

  bool object(simdjson::ondemand::value v, JsonValue& out, int depth) {
    simdjson::ondemand::object object;
    if (depth >= kMaxJsonDepth || v.get_object().get(object)) return false;
    // Children gather in a buffer of their depth, as in TreeBuilder.
    std::vector<JsonMember>& members = members_[static_cast<std::size_t>(depth)];
    members.clear();
    for (auto field : object) {
      simdjson::ondemand::field f;
      if (std::move(field).get(f)) return false;
      JsonMember m;
      const char* key = f.key().raw();
      std::string_view unescaped;
      if (f.unescaped_key().get(unescaped)) return false;
      m.key = unescaped;
      m.key_offset = offset_of(key) - 1;
      if (!value(f.value(), m.value, depth + 1)) return false;
      members.push_back(std::move(m));
    }
    out.members.reserve(members.size());
    std::move(members.begin(), members.end(), std::back_inserter(out.members));
    return no_repeated_key(out, table_, sorted_, nullptr, nullptr);
  }

  bool array(simdjson::ondemand::value v, JsonValue& out, int depth) {
    simdjson::ondemand::array array;
    if (depth >= kMaxJsonDepth || v.get_array().get(array)) return false;
    std::vector<JsonValue>& items = items_[static_cast<std::size_t>(depth)];
    items.clear();
    for (auto item : array) {
      simdjson::ondemand::value i;
      if (std::move(item).get(i)) return false;
      JsonValue j;
      if (!value(i, j, depth + 1)) return false;
      items.push_back(std::move(j));
    }
    out.items.reserve(items.size());
    std::move(items.begin(), items.end(), std::back_inserter(out.items));
    return true;
  }

  const char* base_ = nullptr;
  std::size_t shift_ = 0;
  std::size_t values_ = 0;
  // One per depth, made up front: a deeper level must not move a shallower one's.
  std::vector<std::vector<JsonMember>> members_ =
      std::vector<std::vector<JsonMember>>(kMaxJsonDepth);
  std::vector<std::vector<JsonValue>> items_ = std::vector<std::vector<JsonValue>>(kMaxJsonDepth);
  std::vector<const JsonMember*> table_, sorted_;  ///< for no_repeated_key
};

}  // namespace

const JsonValue* JsonValue::get(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

text::Message type_name(JsonValue::Type t) {
  switch (t) {
    case JsonValue::Type::kNull:
      return text::Message("type-null");
    case JsonValue::Type::kBool:
      return text::Message("type-bool");
    case JsonValue::Type::kNumber:
      return text::Message("type-number");
    case JsonValue::Type::kString:
      return text::Message("type-string");
    case JsonValue::Type::kArray:
      return text::Message("type-list");
    case JsonValue::Type::kObject:
      return text::Message("type-object");
  }
  return text::Message("type-null");
}

std::optional<JsonValue> parse_json_fast(std::string_view text, std::size_t* too_many_at) {
  const std::size_t shift = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  FastBuilder fast;
  auto tree = fast.parse(text.substr(shift), shift);
  if (fast.too_many_at && too_many_at) *too_many_at = *fast.too_many_at;
  return tree;
}

std::optional<JsonValue> parse_json_reference(std::string_view text, const std::string& path,
                                              const text::TextIndex& index, Diagnostics& diags) {
  auto report = [&](std::size_t offset, text::Message message) {
    report_error(diags, path, index, offset, std::move(message));
  };
  if (std::size_t bad = text::find_invalid_utf8(text); bad != std::string::npos) {
    report(bad, text::Message("invalid-utf8"));
    return std::nullopt;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos || text == "\xEF\xBB\xBF") {
    report(0, text::Message("json-empty-file"));
    return std::nullopt;
  }
  std::size_t consumed = 0;
  TreeBuilder builder(text, index, &consumed);
  CountingIterator first(text.data(), text.data(), &consumed);
  CountingIterator last(text.data() + text.size(), text.data(), nullptr);
  const bool ok = nlohmann::json::sax_parse(first, last, &builder);
  if (!ok || !builder.root) {
    text::Message message =
        builder.error_ ? *builder.error_ : text::Message("json-syntax", {{"detail", ""}});
    if (builder.first_offset_)
      message = text::Message(
          "duplicate-key", {{"key", builder.repeated_key_},
                            {"line", std::to_string(index.locate(*builder.first_offset_).first)}});
    report(builder.error_offset_, std::move(message));
    return std::nullopt;
  }
  return std::move(builder.root);
}

std::optional<JsonValue> parse_json(std::string_view text, const std::string& path,
                                    const text::TextIndex& index, Diagnostics& diags) {
  std::size_t too_many_at = std::string_view::npos;
  if (auto tree = parse_json_fast(text, &too_many_at)) return tree;
  if (too_many_at != std::string_view::npos) {  // valid so far: no need to read it again
    report_error(diags, path, index, too_many_at, too_many_values());
    return std::nullopt;
  }
  return parse_json_reference(text, path, index, diags);
}

}  // namespace thidua::load
