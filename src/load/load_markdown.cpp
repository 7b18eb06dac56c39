// documents/**/*.md and pages/**/*.md
#include <algorithm>
#include <set>
#include <vector>

#include "load/front_matter.hpp"
#include "load/json_reader.hpp"
#include "load/loaders.hpp"
#include "load/word.hpp"
#include "text/markdown.hpp"

namespace thidua::load {
namespace {

/// The widest table a document or page may have (the contract's limit).
constexpr std::size_t kMaxTableColumns = 1000;
/// And the cells of its tables together: cmark-gfm takes about a kilobyte a
/// cell (a 16 MB document of tables would take some 7 GB).
constexpr std::size_t kMaxTableCells = 100'000;

/// Typed access to front matter fields, reporting at the field's position.
class FieldReader {
 public:
  FieldReader(const std::string& path, std::string_view text, Diagnostics& diags)
      : path_(path), index_(text), diags_(diags) {}

  bool parse(std::string_view text) {
    fm_ = parse_front_matter(text, path_, index_, diags_);
    return fm_.has_value();
  }
  /// A Word document's fields: its side file's (`text`, at path_), or none.
  bool parse_side(std::optional<std::string_view> text) {
    fm_ = text ? parse_side_file(*text, path_, index_, diags_)
               : FrontMatter{YAML::Node(YAML::NodeType::Map), 0, ""};
    return fm_.has_value();
  }
  FrontMatter& fields() { return *fm_; }
  const FrontMatter& fm() const { return *fm_; }
  SourcePos pos(const YAML::Node& n) const { return yaml_pos(n, *fm_, path_, index_); }
  SourcePos top() const {
    auto [line, col] = index_.locate(fm_->yaml_offset);
    return {path_, line > 1 ? line - 1 : 1, 1};
  }
  void error(const YAML::Node& n, text::Message msg) { diags_.error(pos(n), std::move(msg)); }

  /// The body's tables within kMaxTableColumns and kMaxTableCells, reported
  /// at the table that passes a limit.
  void check_tables(std::string_view text) {
    const std::string& body = fm_->body;
    if (const auto over = text::table_over(body, kMaxTableColumns, kMaxTableCells)) {
      // The body is the end of the file.
      const std::size_t offset = text.size() - body.size() + over->offset;
      const auto [line, col] = index_.locate(offset);
      diags_.error({path_, line, col},
                   over->columns > kMaxTableColumns
                       ? text::Message("table-too-wide",
                                       {{"columns", over->columns}, {"max", kMaxTableColumns}})
                       : text::Message("tables-too-large", {{"max", kMaxTableCells}}));
    }
  }

  void check_keys(std::initializer_list<std::string_view> known) {
    for (const auto& kv : fm_->fields) {
      const std::string key = kv.first.Scalar();
      bool ok = false;
      for (auto k : known) ok = ok || key == k;
      if (!ok) diags_.warning(pos(kv.first), text::Message("unknown-field", {{"key", key}}));
    }
  }

  /// A scalar field as text; "" when absent; error when required or not a scalar.
  std::optional<std::string> text(const YAML::Node& map, const std::string& key, bool required) {
    const YAML::Node n = map[key];
    if (!n || n.IsNull()) {
      if (required) {
        diags_.error(map == fm_->fields ? top() : pos(map),
                     text::Message("missing-field", {{"key", key}}));
        return std::nullopt;
      }
      return std::string();
    }
    if (!n.IsScalar()) {
      error(n, text::Message("field-not-single", {{"key", key}}));
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::vector<std::string> list(const std::string& key) {
    std::vector<std::string> out;
    const YAML::Node n = fm_->fields[key];
    if (!n || n.IsNull()) return out;
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) {
      error(n, text::Message("field-not-list", {{"key", key}}));
      return out;
    }
    for (const auto& item : n) {
      if (item.IsScalar())
        out.push_back(item.Scalar());
      else
        error(item, text::Message("field-item-not-single", {{"key", key}}));
    }
    return out;
  }

  std::optional<Visibility> visibility() {
    auto v = text(fm_->fields, "visibility", false);
    if (!v) return std::nullopt;
    if (v->empty() || *v == "public") return Visibility::kPublic;
    if (*v == "internal") return Visibility::kInternal;
    error(fm_->fields["visibility"], text::Message("bad-visibility", {{"value", *v}}));
    return std::nullopt;
  }

 private:
  std::string path_;
  text::TextIndex index_;
  Diagnostics& diags_;
  std::optional<FrontMatter> fm_;
};

/// The contract's kinds, in the order its message lists them.
const std::vector<std::string> kDocumentKinds = {
    "plan",     "notice",  "outline",         "report",   "decision",
    "guidance", "program", "official-letter", "proposal", "other"};

}  // namespace

namespace {

/// The fields of a document, from front matter or a Word document's header
/// and side file; `title_required`: a missing title is said here.
void document_fields(FieldReader& f, Document& d, const Content& content, Diagnostics& diags,
                     bool title_required) {
  f.check_keys({"title", "number", "kind", "issued", "place", "issuer", "signer", "period", "units",
                "recipients", "visibility"});
  const YAML::Node& map = f.fm().fields;
  if (auto v = f.text(map, "title", title_required)) d.title = *v;
  if (auto v = f.text(map, "number", false)) d.number = *v;
  if (auto v = f.text(map, "place", false)) d.place = *v;
  if (auto v = f.text(map, "issuer", false)) d.issuer = *v;
  if (auto v = f.text(map, "kind", false); v && !v->empty()) {
    if (std::find(kDocumentKinds.begin(), kDocumentKinds.end(), *v) != kDocumentKinds.end()) {
      d.kind = *v;
    } else {
      std::string kinds;
      for (std::size_t i = 0; i < kDocumentKinds.size(); ++i)
        kinds += (i == 0 ? "" : ", ") + std::string(kDocumentKinds[i]);
      f.error(map["kind"], text::Message("bad-document-kind", {{"kinds", kinds}, {"value", *v}}));
    }
  }
  if (auto v = f.text(map, "issued", false); v && !v->empty()) {
    d.issued = parse_date(*v);
    if (!d.issued)
      f.error(map["issued"],
              text::Message("invalid-date-short", {{"value", *v}, {"key", "issued"}}));
  }
  if (const YAML::Node s = map["signer"]; s && !s.IsNull()) {
    Signer signer;
    if (s.IsScalar()) {
      signer.name = s.Scalar();
      d.signer = signer;
    } else if (s.IsMap()) {
      for (const auto& kv : s) {
        const std::string k = kv.first.Scalar();
        if (k != "name" && k != "title" && k != "on_behalf")
          diags.warning(f.pos(kv.first), text::Message("unknown-signer-field", {{"key", k}}));
      }
      auto name = f.text(s, "name", true);
      auto title = f.text(s, "title", false);
      auto on_behalf = f.text(s, "on_behalf", false);
      if (name && title && on_behalf) d.signer = Signer{*name, *title, *on_behalf};
    } else {
      f.error(s, text::Message("bad-signer"));
    }
  }
  if (auto v = f.text(map, "period", false); v && !v->empty()) {
    if (!valid_id(*v, IdKind::kEntity))
      f.error(map["period"], text::Message("invalid-period-id", {{"value", *v}}));
    else if (!content.find_period(*v))
      f.error(map["period"],
              text::Message("unknown-period",
                            {{"period", *v}, {"hint", suggest(*v, content.periods, diags)}}));
    else
      d.period = *v;
  }
  const std::vector<std::string> units = f.list("units");
  for (std::size_t i = 0; i < units.size(); ++i) {
    const YAML::Node n = map["units"].IsSequence() ? map["units"][i] : map["units"];
    if (!content.find_unit(units[i]))
      f.error(n,
              text::Message("unknown-unit",
                            {{"id", units[i]}, {"hint", suggest(units[i], content.units, diags)}}));
    else
      d.units.push_back(units[i]);
  }
  d.recipients = f.list("recipients");
  if (auto v = f.visibility()) d.visibility = *v;
}

/// A Word document's problems, at their paragraph.
void report_word(const std::string& path, const std::vector<WordProblem>& problems,
                 Diagnostics& diags) {
  for (const auto& p : problems) {
    const SourcePos pos{path, p.paragraph, p.paragraph > 0 ? 1 : 0};
    text::Message m = p.paragraph > 0
                          ? text::Message("in-paragraph", {{"n", p.paragraph}, {"message", p.what}})
                          : p.what;
    if (p.error)
      diags.error(pos, std::move(m));
    else
      diags.warning(pos, std::move(m));
  }
}

/// The .docx at `path` read, its problems reported, and its side file
/// parsed into `f` (made for the side file, or for the document when there
/// is none): nullopt when either fails.
std::optional<WordDocument> read_with_side(const std::string& path, std::string_view bytes,
                                           const SideFile& side, FieldReader& f,
                                           Diagnostics& diags) {
  std::vector<WordProblem> problems;
  auto w = read_word(bytes, problems);
  report_word(path, problems, diags);
  if (!f.parse_side(side.text) || !w) return std::nullopt;
  return w;
}

/// The recognised fields as front matter, under what the side file gives.
void complete(FrontMatter& fm, const WordDocument& w, Recognised& r) {
  YAML::Node& f = fm.fields;
  for (const auto& kv : f) r.from_side.push_back(kv.first.Scalar());
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty() && !f[key]) f[key] = value;
  };
  put("title", w.title);
  put("number", w.number);
  put("kind", w.kind);
  put("place", w.place);
  put("issuer", w.issuer);
  if (w.issued) put("issued", w.issued->iso());
  if (w.signer && !f["signer"]) {
    YAML::Node s(YAML::NodeType::Map);
    s["name"] = w.signer->name;
    s["title"] = w.signer->title;
    s["on_behalf"] = w.signer->on_behalf;
    f["signer"] = s;
  }
  if (!w.recipients.empty() && !f["recipients"]) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& x : w.recipients) list.push_back(x);
    f["recipients"] = list;
  }
  r.fields = w.recognised;
}

/// Its images and its clean original, as files beside the page.
void attach(WordDocument& w, const std::string& slug, std::vector<Attachment>& files,
            std::string& original) {
  for (auto& img : w.images)
    files.push_back({img.name, std::make_shared<const std::string>(std::move(img.bytes))});
  original = slug + ".docx";
  files.push_back({original, std::make_shared<const std::string>(std::move(w.original))});
}

}  // namespace

std::optional<Document> load_document(const std::string& path, std::string_view text,
                                      const std::string& slug, const Content& content,
                                      Diagnostics& diags) {
  const int errors_before = diags.count(Severity::kError);
  FieldReader f(path, text, diags);
  if (!f.parse(text)) return std::nullopt;
  Document d;
  d.slug = slug;
  d.source_path = path;
  d.body = f.fm().body;
  f.check_tables(text);
  document_fields(f, d, content, diags, true);
  if (diags.count(Severity::kError) > errors_before) return std::nullopt;
  return d;
}

std::optional<Document> load_word_document(const std::string& path, std::string_view bytes,
                                           const SideFile& side, const std::string& slug,
                                           const Content& content, Diagnostics& diags) {
  const int errors_before = diags.count(Severity::kError);
  FieldReader f(side.text ? side.path : path, side.text ? *side.text : "", diags);
  auto w = read_with_side(path, bytes, side, f, diags);
  if (!w) return std::nullopt;
  Document d;
  d.slug = slug;
  d.source_path = path;
  d.body = std::move(w->markdown);
  Recognised r;
  if (side.text) r.side_path = side.path;
  complete(f.fields(), *w, r);
  d.recognised = std::move(r);
  if (!f.fm().fields["title"])
    diags.error({path, 0, 0}, text::Message("word-no-title", {{"side", side.path}}));
  document_fields(f, d, content, diags, false);
  attach(*w, slug, d.files, d.original);
  if (diags.count(Severity::kError) > errors_before) return std::nullopt;
  return d;
}

std::optional<Page> load_page(const std::string& path, std::string_view text,
                              const std::string& url_path, Diagnostics& diags) {
  const int errors_before = diags.count(Severity::kError);
  FieldReader f(path, text, diags);
  if (!f.parse(text)) return std::nullopt;
  f.check_keys({"title", "visibility"});
  Page p;
  p.path = url_path;
  p.source_path = path;
  p.body = f.fm().body;
  f.check_tables(text);
  if (auto v = f.text(f.fm().fields, "title", true)) p.title = *v;
  if (auto v = f.visibility()) p.visibility = *v;
  if (diags.count(Severity::kError) > errors_before) return std::nullopt;
  return p;
}

std::optional<Page> load_word_page(const std::string& path, std::string_view bytes,
                                   const SideFile& side, const std::string& url_path,
                                   Diagnostics& diags) {
  const int errors_before = diags.count(Severity::kError);
  FieldReader f(side.text ? side.path : path, side.text ? *side.text : "", diags);
  auto w = read_with_side(path, bytes, side, f, diags);
  if (!w) return std::nullopt;
  f.check_keys({"title", "visibility"});
  Page p;
  p.path = url_path;
  p.source_path = path;
  p.body = std::move(w->markdown);
  if (auto v = f.text(f.fm().fields, "title", false)) p.title = *v;
  if (p.title.empty()) p.title = w->title;
  if (p.title.empty())
    diags.error({path, 0, 0}, text::Message("word-no-title", {{"side", side.path}}));
  if (auto v = f.visibility()) p.visibility = *v;
  const auto slash = url_path.rfind('/');
  attach(*w, slash == std::string::npos ? url_path : url_path.substr(slash + 1), p.files,
         p.original);
  if (diags.count(Severity::kError) > errors_before) return std::nullopt;
  return p;
}

}  // namespace thidua::load
