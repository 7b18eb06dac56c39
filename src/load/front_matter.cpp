#include "load/front_matter.hpp"

#include <utility>
#include <vector>

namespace thidua::load {
namespace {

inline constexpr int kMaxYamlDepth = 32;

/// Where the line starting at `i` ends (index of '\n' or size), and whether it
/// is exactly `marker` (with an optional '\r').
bool line_is(std::string_view text, std::size_t i, std::string_view marker, std::size_t* next) {
  std::size_t eol = text.find('\n', i);
  if (eol == std::string_view::npos) eol = text.size();
  std::string_view line = text.substr(i, eol - i);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  *next = eol < text.size() ? eol + 1 : eol;
  return line == marker;
}

/// Offset of the first bracket opening a flow collection nested deeper than
/// the limit, or of the first line indented deeper than the limit allows.
std::optional<std::size_t> too_deep(std::string_view yaml) {
  int depth = 0;
  bool in_single = false, in_double = false;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < yaml.size(); ++i) {
    const char c = yaml[i];
    if (c == '\n') {
      line_start = i + 1;
      in_single = in_double = false;
      continue;
    }
    if (i - line_start > static_cast<std::size_t>(kMaxYamlDepth) * 4 &&
        yaml.substr(line_start, i - line_start).find_first_not_of(" -") == std::string_view::npos)
      return line_start;
    if (in_double) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_double = false;
      continue;
    }
    if (in_single) {
      if (c == '\'') in_single = false;
      continue;
    }
    if (c == '"')
      in_double = true;
    else if (c == '\'')
      in_single = true;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxYamlDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

/// The first key that a map below `node` holds twice (yaml-cpp keeps both;
/// a lookup finds the first, so the second would be dropped in silence), with
/// the key it repeats. Depth is bounded by too_deep().
std::optional<std::pair<YAML::Node, YAML::Node>> repeated_key(const YAML::Node& node) {
  if (node.IsMap()) {
    std::vector<std::pair<std::string, YAML::Node>> seen;
    for (const auto& kv : node) {
      if (kv.first.IsScalar()) {
        for (const auto& [key, first] : seen)
          if (key == kv.first.Scalar()) return std::make_pair(kv.first, first);
        seen.emplace_back(kv.first.Scalar(), kv.first);
      }
      if (auto r = repeated_key(kv.second)) return r;
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node)
      if (auto r = repeated_key(item)) return r;
  }
  return std::nullopt;
}

}  // namespace

SourcePos yaml_pos(const YAML::Node& node, const FrontMatter& fm, const std::string& path,
                   const text::TextIndex& index) {
  const YAML::Mark m = node.Mark();
  if (m.pos < 0) return {path, 0, 0};
  auto [line, col] = index.locate(fm.yaml_offset + static_cast<std::size_t>(m.pos));
  return {path, line, col};
}

/// yaml-cpp's message in words an office reads: a bracket or a quote not
/// closed, a tab, a colon inside a value.
text::Message yaml_problem(const std::string& msg) {
  namespace E = YAML::ErrorMsg;
  if (msg == E::END_OF_SEQ_FLOW) return text::Message("yaml-list-not-closed");
  if (msg == E::END_OF_MAP_FLOW) return text::Message("yaml-map-not-closed");
  if (msg == E::EOF_IN_SCALAR || msg == E::END_OF_VERBATIM_TAG)
    return text::Message("yaml-quote-not-closed");
  if (msg.starts_with("illegal tab") || msg.find("tab") != std::string::npos)
    return text::Message("yaml-tab");
  if (msg == E::MAP_VALUE || msg == E::MAP_KEY) return text::Message("yaml-colon-in-value");
  if (msg == E::END_OF_MAP || msg == E::END_OF_SEQ || msg == E::BLOCK_ENTRY)
    return text::Message("yaml-indentation");
  return text::Message("yaml-syntax", {{"detail", msg}});
}

namespace {

/// The YAML of `fm` (at fm.yaml_offset of its file), parsed into fm.fields.
bool parse_fields(std::string_view yaml_text, FrontMatter& fm, const std::string& path,
                  const text::TextIndex& index, Diagnostics& diags) {
  auto report = [&](std::size_t offset, text::Message message) {
    report_error(diags, path, index, offset, std::move(message));
  };
  const std::string yaml(yaml_text);
  if (auto deep = too_deep(yaml)) {
    report(fm.yaml_offset + *deep, text::Message("front-matter-too-deep", {{"n", kMaxYamlDepth}}));
    return false;
  }
  try {
    fm.fields = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    report(fm.yaml_offset + static_cast<std::size_t>(std::max(0, e.mark.pos)), yaml_problem(e.msg));
    return false;
  }
  if (auto r = repeated_key(fm.fields)) {
    const auto [second, first] = *r;
    const auto line =
        index.locate(fm.yaml_offset + static_cast<std::size_t>(std::max(0, first.Mark().pos)))
            .first;
    report(
        fm.yaml_offset + static_cast<std::size_t>(std::max(0, second.Mark().pos)),
        text::Message("duplicate-key", {{"key", second.Scalar()}, {"line", std::to_string(line)}}));
    return false;
  }
  if (fm.fields.IsNull()) fm.fields = YAML::Node(YAML::NodeType::Map);
  if (!fm.fields.IsMap()) {
    report(fm.yaml_offset, text::Message("front-matter-not-fields"));
    return false;
  }
  return true;
}

}  // namespace

std::optional<FrontMatter> parse_side_file(std::string_view text, const std::string& path,
                                           const text::TextIndex& index, Diagnostics& diags) {
  if (std::size_t bad = text::find_invalid_utf8(text); bad != std::string::npos) {
    report_error(diags, path, index, bad, text::Message("invalid-utf8"));
    return std::nullopt;
  }
  FrontMatter fm;
  fm.yaml_offset = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  if (!parse_fields(text.substr(fm.yaml_offset), fm, path, index, diags)) return std::nullopt;
  return fm;
}

std::optional<FrontMatter> parse_front_matter(std::string_view text, const std::string& path,
                                              const text::TextIndex& index, Diagnostics& diags) {
  auto report = [&](std::size_t offset, text::Message message) {
    report_error(diags, path, index, offset, std::move(message));
  };
  if (std::size_t bad = text::find_invalid_utf8(text); bad != std::string::npos) {
    report(bad, text::Message("invalid-utf8"));
    return std::nullopt;
  }
  std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::size_t i = start;
  if (!line_is(text, start, "---", &i)) {
    report(start, text::Message("front-matter-missing"));
    return std::nullopt;
  }
  FrontMatter fm;
  fm.yaml_offset = i;
  std::size_t yaml_end = std::string_view::npos;
  while (i < text.size()) {
    std::size_t next;
    if (line_is(text, i, "---", &next) || line_is(text, i, "...", &next)) {
      yaml_end = i;
      i = next;
      break;
    }
    i = next;
  }
  if (yaml_end == std::string_view::npos) {
    report(start, text::Message("front-matter-not-closed"));
    return std::nullopt;
  }
  if (!parse_fields(text.substr(fm.yaml_offset, yaml_end - fm.yaml_offset), fm, path, index, diags))
    return std::nullopt;
  fm.body = std::string(text.substr(i));
  return fm;
}

}  // namespace thidua::load
