#include "site/content_files.hpp"

#include <algorithm>
#include <ctime>

#include <yaml-cpp/yaml.h>

#include "site/results_template.hpp"
#include "site/word_writer.hpp"
#include "site/xlsx.hpp"
#include "text/markdown.hpp"

namespace thidua::site {
namespace {

using ordered = nlohmann::ordered_json;

/// Points as JSON writes a number: whole numbers without a point.
ordered points(Points p) {
  if (p % 100 == 0) return static_cast<std::int64_t>(p / 100);
  return static_cast<double>(p) / 100;
}

double number(Points p) { return static_cast<double>(p) / 100; }

std::string json_text(const ordered& v) { return v.dump(2, ' ', false) + "\n"; }

ordered internal_json(const InternalFields& fields) {
  ordered out = ordered::object();
  for (const auto& [k, v] : fields) out[k] = v;
  return out;
}

const char* kind_word(SectionKind k) {
  return k == SectionKind::kBonus ? "bonus" : k == SectionKind::kPenalty ? "penalty" : "score";
}

const char* status_word(PeriodStatus s) {
  return s == PeriodStatus::kDraft      ? "draft"
         : s == PeriodStatus::kArchived ? "archived"
                                        : "published";
}

const char* session_word(Session s) {
  return s == Session::kMorning ? "morning" : s == Session::kAfternoon ? "afternoon" : "all-day";
}

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "\n") + item;
  return out;
}

/// Clusters the content lists, without the implicit "other" (no name).
std::vector<const Cluster*> listed_clusters(const Content& c) {
  std::vector<const Cluster*> out;
  for (const Cluster& k : c.clusters)
    if (!(k.id == kOtherCluster && k.name.empty())) out.push_back(&k);
  return out;
}

/// The cluster a unit names in its file: "" for the implicit "other".
std::string named_cluster(const Content& c, const Unit& u) {
  if (u.cluster != kOtherCluster) return u.cluster;
  const Cluster* k = c.find_cluster(kOtherCluster);
  return k && !k->name.empty() ? u.cluster : "";
}

/// The keys of every `fields` of `items`, in the order first met.
template <typename Items, typename Fields>
std::vector<std::string> keys_of(const Items& items, Fields fields) {
  std::vector<std::string> out;
  for (const auto& item : items)
    for (const auto& [k, v] : fields(item))
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  return out;
}

std::string value_of(const InternalFields& fields, const std::string& key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return "";
}

/// What a change changes, as (field, value) in the contract's order: the
/// fields of `after` that differ from `before` (a cluster back to none is "").
std::vector<std::pair<std::string, std::string>> changed_fields(const Content& c,
                                                                const UnitFacts& before,
                                                                const UnitFacts& after) {
  std::vector<std::pair<std::string, std::string>> out;
  if (after.name != before.name) out.emplace_back("name", after.name);
  if (after.short_name != before.short_name) out.emplace_back("short_name", after.short_name);
  if (after.kind != before.kind) out.emplace_back("kind", after.kind);
  if (after.cluster != before.cluster) {
    Unit u;
    u.cluster = after.cluster;
    out.emplace_back("cluster", named_cluster(c, u));
  }
  if (after.parent != before.parent) out.emplace_back("parent", after.parent);
  return out;
}

// --- JSON --------------------------------------------------------------

std::string units_json(const Content& c) {
  ordered root = ordered::object();
  const auto clusters = listed_clusters(c);
  if (!clusters.empty()) {
    root["clusters"] = ordered::array();
    for (const Cluster* k : clusters) {
      ordered o = {{"id", k->id}, {"name", k->changes.empty() ? k->name : k->first_name}};
      if (k->active_from || k->active_to) {
        if (k->active_from) o["active"]["from"] = k->active_from->iso();
        if (k->active_to) o["active"]["to"] = k->active_to->iso();
      }
      for (const auto& change : k->changes)
        o["changes"].push_back({{"from", change.from.iso()}, {"name", change.name}});
      root["clusters"].push_back(std::move(o));
    }
  }
  root["units"] = ordered::array();
  for (const Unit& now : c.units) {
    // The facts before any change at the top, then each change's.
    Unit u = now;
    if (!u.changes.empty()) u.set_facts(u.first);
    ordered o = {{"id", u.id}, {"name", u.name}};
    if (!u.short_name.empty()) o["short_name"] = u.short_name;
    if (!u.kind.empty()) o["kind"] = u.kind;
    if (!u.parent.empty()) o["parent"] = u.parent;
    if (const std::string k = named_cluster(c, u); !k.empty()) o["cluster"] = k;
    if (u.active_from || u.active_to) {
      o["active"] = ordered::object();
      if (u.active_from) o["active"]["from"] = u.active_from->iso();
      if (u.active_to) o["active"]["to"] = u.active_to->iso();
    }
    if (!u.predecessors.empty()) o["predecessors"] = u.predecessors;
    if (!u.internal.empty()) o["internal"] = internal_json(u.internal);
    UnitFacts before = u.first;
    for (const auto& change : u.changes) {
      ordered ch = {{"from", change.from.iso()}};
      for (const auto& [key, field] : changed_fields(c, before, change.facts)) ch[key] = field;
      o["changes"].push_back(std::move(ch));
      before = change.facts;
    }
    root["units"].push_back(std::move(o));
  }
  return json_text(root);
}

std::string scheme_json(const Scheme& s) {
  ordered root = {{"id", s.id}, {"title", s.title}, {"sections", ordered::array()}};
  for (const Section& sec : s.sections) {
    ordered o = {{"id", sec.id}, {"title", sec.title}};
    if (sec.kind != SectionKind::kScore) o["kind"] = kind_word(sec.kind);
    if (sec.cap) o["max"] = points(*sec.cap);
    o["criteria"] = ordered::array();
    for (const Criterion& cr : sec.criteria)
      o["criteria"].push_back({{"id", cr.id}, {"title", cr.title}, {"max", points(cr.max)}});
    root["sections"].push_back(std::move(o));
  }
  root["grades"] = ordered::array();
  for (const Grade& g : s.grades)
    root["grades"].push_back({{"id", g.id}, {"label", g.label}, {"min", points(g.min)}});
  if (!s.targets.empty()) {
    root["targets"] = ordered::array();
    for (const Target& t : s.targets) {
      ordered o = {{"id", t.id}, {"label", t.label}};
      if (!t.unit.empty()) o["unit"] = t.unit;
      o["goal"] = points(t.goal);
      if (t.lower_is_better) o["lower_is_better"] = true;
      root["targets"].push_back(std::move(o));
    }
  }
  return json_text(root);
}

std::string period_json(const Period& p) {
  ordered root = {{"id", p.id},         {"title", p.title},   {"start", p.start.iso()},
                  {"end", p.end.iso()}, {"scheme", p.scheme}, {"status", status_word(p.status)}};
  if (!p.compare_to.empty()) root["compare_to"] = p.compare_to;
  if (p.published) root["published"] = p.published->iso();
  if (!p.sealed.empty()) root["sealed"] = p.sealed;
  if (!p.corrections.empty()) {
    root["corrections"] = ordered::array();
    for (const Correction& k : p.corrections) {
      ordered o = {
          {"date", k.date.iso()}, {"units", k.units}, {"change", k.change}, {"reason", k.reason}};
      if (!k.sealed.empty()) o["sealed"] = k.sealed;
      root["corrections"].push_back(std::move(o));
    }
  }
  return json_text(root);
}

std::string results_json(const Period& p, const Scheme* scheme) {
  ordered root = {{"results", ordered::array()}};
  for (const Result& r : p.results) {
    ordered o = {{"unit", r.unit}};
    const auto scores = [&](const PointsByKey& values) {
      ordered out = ordered::object();
      if (scheme)  // in the scheme's order, as the office reads them
        for (const Section& s : scheme->sections)
          for (const Criterion& c : s.criteria)
            if (const auto it = values.find(c.id); it != values.end())
              out[c.id] = points(it->second);
      for (const auto& [k, v] : values)
        if (!out.contains(k)) out[k] = points(v);
      return out;
    };
    if (!r.scores.empty()) o["scores"] = scores(r.scores);
    if (!r.targets.empty()) {
      o["targets"] = ordered::object();
      for (const auto& [k, v] : r.targets) o["targets"][k] = points(v);
    }
    if (r.grade_override)
      o["grade_override"] = {{"grade", r.grade_override->grade},
                             {"reason", r.grade_override->reason}};
    if (!r.evidence.empty()) o["evidence"] = r.evidence;
    if (!r.note.empty()) o["note"] = r.note;
    if (!r.self_scores.empty() || !r.internal.empty()) {
      ordered in = ordered::object();
      if (!r.self_scores.empty()) in["self_scores"] = scores(r.self_scores);
      for (const auto& [k, v] : r.internal) in[k] = v;
      o["internal"] = std::move(in);
    }
    root["results"].push_back(std::move(o));
  }
  return json_text(root);
}

std::string inspections_json(const Inspections& ins) {
  ordered root = {{"team", ordered::array()}, {"visits", ordered::array()}};
  for (const TeamMember& m : ins.team) {
    ordered o = {{"name", m.name}};
    if (!m.role.empty()) o["role"] = m.role;
    if (!m.title.empty()) o["title"] = m.title;
    root["team"].push_back(std::move(o));
  }
  for (const Visit& v : ins.visits) {
    ordered o = {{"unit", v.unit}, {"date", v.date.iso()}, {"session", session_word(v.session)}};
    if (!v.form.empty()) o["form"] = v.form;
    if (!v.id.empty()) o["id"] = v.id;
    if (v.revision) o["revision"] = v.revision;
    if (v.cancelled) o["status"] = "cancelled";
    const Findings& f = v.findings;
    if (!f.strengths.empty() || !f.weaknesses.empty() || !f.causes.empty() ||
        !f.recommendations.empty()) {
      ordered fo = ordered::object();
      if (!f.strengths.empty()) fo["strengths"] = f.strengths;
      if (!f.weaknesses.empty()) fo["weaknesses"] = f.weaknesses;
      if (!f.causes.empty()) fo["causes"] = f.causes;
      if (!f.recommendations.empty()) fo["recommendations"] = f.recommendations;
      o["findings"] = std::move(fo);
    }
    if (!v.internal.empty()) o["internal"] = internal_json(v.internal);
    root["visits"].push_back(std::move(o));
  }
  return json_text(root);
}

// --- Workbooks ---------------------------------------------------------

/// A workbook of plain tables: each sheet's first row its header, bold and
/// frozen; its date that of the data (`created`), so the bytes depend on
/// the records only.
class Book {
 public:
  explicit Book(std::time_t created) : w_(created) {}
  void sheet(const std::string& name, const std::vector<std::string>& header) {
    w_.sheet(name);
    for (const auto& h : header) w_.text(h);
    w_.end_row();
  }
  Book& text(const std::string& s) {
    if (s.empty())
      w_.empty();
    else
      w_.text(s);
    return *this;
  }
  Book& number(Points p) {
    w_.number(site::number(p));
    return *this;
  }
  void end_row() { w_.end_row(); }
  std::string finish(std::string* error) {
    std::string bytes = w_.finish();
    if (bytes.empty()) *error = w_.error();
    return bytes;
  }

 private:
  XlsxWriter w_;
};

/// Sheet names in the content's language.
struct Names {
  bool vi;
  const char* operator()(const char* vietnamese, const char* english) const {
    return vi ? vietnamese : english;
  }
};

std::string units_book(const Content& c, std::time_t created, Names n, std::string* error) {
  Book b(created);
  const auto internal = keys_of(c.units, [](const Unit& u) { return u.internal; });
  std::vector<std::string> header = {"id",          "name",      "short_name",
                                     "kind",        "parent",    "cluster",
                                     "active_from", "active_to", "predecessors"};
  for (const auto& k : internal) header.push_back("internal:" + k);
  b.sheet(n("Đơn vị", "Units"), header);
  for (const Unit& now : c.units) {
    Unit u = now;
    if (!u.changes.empty()) u.set_facts(u.first);
    b.text(u.id).text(u.name).text(u.short_name).text(u.kind).text(u.parent);
    b.text(named_cluster(c, u));
    b.text(u.active_from ? u.active_from->iso() : "").text(u.active_to ? u.active_to->iso() : "");
    b.text(lines(u.predecessors));
    for (const auto& k : internal) b.text(value_of(u.internal, k));
    b.end_row();
  }
  const auto clusters = listed_clusters(c);
  if (!clusters.empty()) {
    b.sheet(n("Cụm", "Clusters"), {"id", "name", "active_from", "active_to"});
    for (const Cluster* k : clusters) {
      b.text(k->id).text(k->changes.empty() ? k->name : k->first_name);
      b.text(k->active_from ? k->active_from->iso() : "");
      b.text(k->active_to ? k->active_to->iso() : "");
      b.end_row();
    }
  }
  // Dated changes: a row a change, only what it changes filled in ("-": a
  // field that changes back to nothing).
  if (std::any_of(c.units.begin(), c.units.end(),
                  [](const Unit& u) { return !u.changes.empty(); })) {
    const std::vector<std::string> fields = {"name", "short_name", "kind", "cluster", "parent"};
    std::vector<std::string> head = {"unit", "from"};
    head.insert(head.end(), fields.begin(), fields.end());
    b.sheet(n("Thay đổi", "Changes"), head);
    for (const Unit& u : c.units) {
      UnitFacts before = u.first;
      for (const auto& change : u.changes) {
        b.text(u.id).text(change.from.iso());
        const auto changed = changed_fields(c, before, change.facts);
        for (const auto& f : fields) {
          std::string value;
          for (const auto& [key, v] : changed)
            if (key == f) value = v.empty() ? "-" : v;
          b.text(value);
        }
        b.end_row();
        before = change.facts;
      }
    }
  }
  if (std::any_of(clusters.begin(), clusters.end(),
                  [](const Cluster* k) { return !k->changes.empty(); })) {
    b.sheet(n("Cụm thay đổi", "Cluster changes"), {"cluster", "from", "name"});
    for (const Cluster* k : clusters)
      for (const auto& change : k->changes) {
        b.text(k->id).text(change.from.iso()).text(change.name);
        b.end_row();
      }
  }
  return b.finish(error);
}

/// Why `s` cannot be a workbook ("" when it can): its rows tell a criterion
/// from a section by its id, its section's and a dot.
std::string scheme_not_a_book(const Scheme& s) {
  for (const Section& sec : s.sections)
    for (const Criterion& cr : sec.criteria)
      if (!cr.id.starts_with(sec.id + ".") || cr.id.size() <= sec.id.size() + 1) return cr.id;
  return "";
}

std::string scheme_book(const Scheme& s, std::time_t created, Names n, std::string* error) {
  Book b(created);
  b.sheet(n("Thang điểm", "Scheme"), {"id", "title", "max", "kind"});
  for (const Section& sec : s.sections) {
    b.text(sec.id).text(sec.title);
    if (sec.cap)
      b.number(*sec.cap);
    else
      b.text("");
    b.text(sec.kind == SectionKind::kScore ? "" : kind_word(sec.kind));
    b.end_row();
    for (const Criterion& cr : sec.criteria) {
      b.text(cr.id).text(cr.title).number(cr.max);
      b.end_row();
    }
  }
  b.sheet(n("Xếp loại", "Grades"), {"id", "label", "min"});
  for (const Grade& g : s.grades) {
    b.text(g.id).text(g.label).number(g.min);
    b.end_row();
  }
  if (!s.targets.empty()) {
    b.sheet(n("Chỉ tiêu", "Targets"), {"id", "label", "unit", "goal", "lower_is_better"});
    for (const Target& t : s.targets) {
      b.text(t.id).text(t.label).text(t.unit).number(t.goal);
      b.text(t.lower_is_better ? "true" : "");
      b.end_row();
    }
  }
  b.sheet(n("Thông tin", "About"), {"field", "value"});
  b.text("id").text(s.id);
  b.end_row();
  b.text("title").text(s.title);
  b.end_row();
  return b.finish(error);
}

std::string period_book(const Period& p, std::time_t created, Names n, std::string* error) {
  Book b(created);
  b.sheet(n("Kỳ", "Period"), {"field", "value"});
  const auto field = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    b.text(name).text(value);
    b.end_row();
  };
  field("id", p.id);
  field("title", p.title);
  field("start", p.start.iso());
  field("end", p.end.iso());
  field("scheme", p.scheme);
  field("status", status_word(p.status));
  field("compare_to", p.compare_to);
  field("published", p.published ? p.published->iso() : "");
  field("sealed", p.sealed);
  if (!p.corrections.empty()) {
    b.sheet(n("Đính chính", "Corrections"), {"date", "units", "change", "reason", "sealed"});
    for (const Correction& k : p.corrections) {
      b.text(k.date.iso()).text(lines(k.units)).text(k.change).text(k.reason).text(k.sealed);
      b.end_row();
    }
  }
  return b.finish(error);
}

std::string inspections_book(const Inspections& ins, std::time_t created, Names n,
                             std::string* error) {
  Book b(created);
  b.sheet(n("Đoàn kiểm tra", "Team"), {"name", "role", "title"});
  for (const TeamMember& m : ins.team) {
    b.text(m.name).text(m.role).text(m.title);
    b.end_row();
  }
  const auto internal = keys_of(ins.visits, [](const Visit& v) { return v.internal; });
  std::vector<std::string> header = {"unit",       "date",     "session",        "form",
                                     "id",         "revision", "status",         "strengths",
                                     "weaknesses", "causes",   "recommendations"};
  for (const auto& k : internal) header.push_back("internal:" + k);
  b.sheet(n("Lịch kiểm tra", "Visits"), header);
  for (const Visit& v : ins.visits) {
    b.text(v.unit).text(v.date.iso()).text(session_word(v.session)).text(v.form).text(v.id);
    if (v.revision)
      b.number(static_cast<Points>(v.revision) * 100);
    else
      b.text("");
    b.text(v.cancelled ? "cancelled" : "");
    b.text(lines(v.findings.strengths)).text(lines(v.findings.weaknesses));
    b.text(lines(v.findings.causes)).text(lines(v.findings.recommendations));
    for (const auto& k : internal) b.text(value_of(v.internal, k));
    b.end_row();
  }
  return b.finish(error);
}

/// The internal fields of `p`'s results that no column of its workbook
/// holds, as a results file of their own (merged with the workbook's).
std::string results_beside(const Period& p) {
  ordered root = {{"results", ordered::array()}};
  for (const Result& r : p.results) {
    ordered in = ordered::object();
    for (const auto& [k, v] : r.internal)
      if (k != "assessor_note") in[k] = v;
    if (!in.empty()) root["results"].push_back({{"unit", r.unit}, {"internal", std::move(in)}});
  }
  return root["results"].empty() ? "" : json_text(root);
}

/// A document's fields as YAML (front matter, or a side file): those `keep`
/// says, in the contract's order.
std::string fields_yaml(const Document& d, const std::function<bool(std::string_view)>& keep) {
  YAML::Emitter y;
  y << YAML::BeginMap;
  const auto text = [&](const char* key, const std::string& v) {
    if (!v.empty() && keep(key)) y << YAML::Key << key << YAML::Value << v;
  };
  text("title", d.title);
  text("number", d.number);
  text("kind", d.kind);
  if (d.issued) text("issued", d.issued->iso());
  text("place", d.place);
  text("issuer", d.issuer);
  if (d.signer && keep("signer")) {
    y << YAML::Key << "signer" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "name" << YAML::Value << d.signer->name;
    if (!d.signer->title.empty()) y << YAML::Key << "title" << YAML::Value << d.signer->title;
    if (!d.signer->on_behalf.empty())
      y << YAML::Key << "on_behalf" << YAML::Value << d.signer->on_behalf;
    y << YAML::EndMap;
  }
  text("period", d.period);
  if (!d.units.empty() && keep("units"))
    y << YAML::Key << "units" << YAML::Value << YAML::Flow << d.units;
  if (!d.recipients.empty() && keep("recipients"))
    y << YAML::Key << "recipients" << YAML::Value << YAML::Flow << d.recipients;
  if (d.visibility == Visibility::kInternal && keep("visibility"))
    y << YAML::Key << "visibility" << YAML::Value << "internal";
  y << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

std::string without_extension(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(0, dot);
}

bool same_signer(const std::optional<Signer>& a, const std::optional<Signer>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->name == b->name && a->title == b->title && a->on_behalf == b->on_behalf);
}

/// Documents and pages in `form` (content_files says how).
void word_files(const Content& c, ContentForm form, const WordReader& read_word,
                ContentFiles& out) {
  const auto add = [&](std::string path, std::string bytes) {
    out.files.push_back({std::move(path), std::move(bytes)});
  };
  const auto kept = [&](const std::string& path) {
    out.kept_as_json.push_back(text::Message("convert-document-kept-markdown", {{"file", path}}));
  };
  const auto same_body = [](const std::string& a, const std::string& b) {
    return text::markdown_to_html(a) == text::markdown_to_html(b);
  };
  for (const Document& d : c.documents) {
    const bool word = d.source_path.ends_with(".docx");
    const std::string base = without_extension(d.source_path);
    // Pictures go to static/, which every build publishes: an internal
    // document with pictures stays in Word.
    const bool pictures = d.files.size() > 1;
    if (form == ContentForm::kJson && word && pictures && d.visibility == Visibility::kInternal) {
      out.kept_as_json.push_back(
          text::Message("convert-document-kept-word", {{"file", d.source_path}}));
    } else if (form == ContentForm::kJson && word) {
      for (const auto& f : d.files)
        if (f.name != d.original) add("static/documents/" + d.slug + "/" + f.name, *f.bytes);
      add(base + ".md",
          "---\n" + fields_yaml(d, [](std::string_view) { return true; }) + "---\n\n" + d.body);
      out.replaced.push_back(d.source_path);
      out.replaced.push_back(base + ".yml");
    } else if (form == ContentForm::kWorkbooks && !word) {
      std::string docx = word_document(d, c.site.parent_organization);
      const auto back = read_word(docx);
      if (!back || !same_body(back->body, d.body)) {
        kept(d.source_path);
        continue;
      }
      // The side file: what the header does not say exactly, and what only
      // a side file says.
      const std::string side = fields_yaml(d, [&](std::string_view key) {
        if (key == "title") return back->title != d.title;
        if (key == "number") return back->number != d.number;
        if (key == "kind")
          return back->kind != d.kind && !(back->kind.empty() && d.kind == "other");
        if (key == "issued") return back->issued != d.issued;
        if (key == "place") return back->place != d.place;
        if (key == "issuer") return back->issuer != d.issuer;
        if (key == "signer") return !same_signer(back->signer, d.signer);
        if (key == "recipients") return back->recipients != d.recipients;
        return true;  // period, units, visibility
      });
      add(base + ".docx", std::move(docx));
      if (side != "{}\n") add(base + ".yml", side);
      out.replaced.push_back(d.source_path);
    }
  }
  for (const Page& p : c.pages) {
    const bool word = p.source_path.ends_with(".docx");
    const std::string base = without_extension(p.source_path);
    const std::string internal =
        p.visibility == Visibility::kInternal ? "visibility: internal\n" : "";
    if (form == ContentForm::kJson && word && p.files.size() > 1 &&
        p.visibility == Visibility::kInternal) {
      out.kept_as_json.push_back(
          text::Message("convert-document-kept-word", {{"file", p.source_path}}));
    } else if (form == ContentForm::kJson && word) {
      for (const auto& f : p.files)
        if (f.name != p.original) add("static/" + p.path + "/" + f.name, *f.bytes);
      YAML::Emitter y;
      y << YAML::BeginMap << YAML::Key << "title" << YAML::Value << p.title << YAML::EndMap;
      add(base + ".md", "---\n" + std::string(y.c_str()) + "\n" + internal + "---\n\n" + p.body);
      out.replaced.push_back(p.source_path);
      out.replaced.push_back(base + ".yml");
    } else if (form == ContentForm::kWorkbooks && !word) {
      std::string docx = word_page(p);
      const auto back = read_word(docx);
      if (!back || !same_body(back->body, p.body)) {
        kept(p.source_path);
        continue;
      }
      YAML::Emitter y;
      if (back->title != p.title)
        y << YAML::BeginMap << YAML::Key << "title" << YAML::Value << p.title << YAML::EndMap;
      const std::string side =
          (back->title != p.title ? std::string(y.c_str()) + "\n" : "") + internal;
      add(base + ".docx", std::move(docx));
      if (!side.empty()) add(base + ".yml", side);
      out.replaced.push_back(p.source_path);
    }
  }
}

}  // namespace

bool is_record_file(std::string_view path) {
  const auto form = [](std::string_view name, std::string_view base, bool csv) {
    if (!name.starts_with(base) || name.size() <= base.size() || name[base.size()] != '.')
      return false;
    const std::string_view ext = name.substr(base.size() + 1);
    return ext == "json" || ext == "xlsx" || ext == "ods" || (csv && ext == "csv");
  };
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return form(path, "units", true);
  const std::string_view top = path.substr(0, slash), rest = path.substr(slash + 1);
  if (top == "schemes") {
    const auto dot = rest.rfind('.');
    return rest.find('/') == std::string_view::npos && dot != std::string_view::npos &&
           form(rest, rest.substr(0, dot), false);
  }
  if (top != "periods") return false;
  const auto inner = rest.find('/');
  if (inner == std::string_view::npos) return false;
  const std::string_view name = rest.substr(inner + 1);
  return form(name, "period", false) || form(name, "inspections", false) ||
         form(name, "results", true) || name.starts_with("results/");
}

ContentFiles content_files(const Content& c, ContentForm form, const nlohmann::json& strings,
                           const WordReader& read_word) {
  ContentFiles out;
  auto& files = out.files;
  const std::time_t created =
      c.periods.empty() ? 0 : static_cast<std::time_t>(c.periods.back().end.days()) * 86400;
  const Names n{c.site.language != "en"};
  std::string error;
  const auto add = [&](std::string path, std::string bytes) {
    if (!bytes.empty()) files.push_back({std::move(path), std::move(bytes)});
  };
  const bool books = form == ContentForm::kWorkbooks;
  add(books ? "units.xlsx" : "units.json",
      books ? units_book(c, created, n, &error) : units_json(c));
  for (const Scheme& s : c.schemes) {
    const std::string odd = books ? scheme_not_a_book(s) : "";
    if (!odd.empty())
      out.kept_as_json.push_back(
          text::Message("convert-scheme-kept-json", {{"scheme", s.id}, {"criterion", odd}}));
    if (books && odd.empty())
      add("schemes/" + s.id + ".xlsx", scheme_book(s, created, n, &error));
    else
      add("schemes/" + s.id + ".json", scheme_json(s));
  }
  for (const Period& p : c.periods) {
    const std::string dir = "periods/" + p.id + "/";
    add(dir + (books ? "period.xlsx" : "period.json"),
        books ? period_book(p, created, n, &error) : period_json(p));
    if (p.inspections)
      add(dir + (books ? "inspections.xlsx" : "inspections.json"),
          books ? inspections_book(*p.inspections, created, n, &error)
                : inspections_json(*p.inspections));
    if (p.results.empty()) continue;
    if (!books) {
      add(dir + "results.json", results_json(p, c.find_scheme(p.scheme)));
      continue;
    }
    ResultsTemplate t = results_template(c, p, strings, /*internal=*/true, &error);
    add(dir + "results.xlsx", std::move(t.bytes));
    add(dir + "results/internal.json", results_beside(p));
  }
  word_files(c, form, read_word, out);
  if (!error.empty()) {
    out.files.clear();
    out.replaced.clear();
    out.error = error;
  }
  return out;
}

}  // namespace thidua::site
