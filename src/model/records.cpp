#include "model/records.hpp"

#include <cstring>

namespace thidua::records {

void Writer::put(const char* bytes, std::size_t n) {
  if (n > buffer_.size() - used_) {
    sha_.update({buffer_.data(), used_});
    used_ = 0;
    // A long field (a file's bytes) goes to the hash as it is, not copied.
    if (n >= buffer_.size()) {
      sha_.update({bytes, n});
      return;
    }
  }
  std::memcpy(buffer_.data() + used_, bytes, n);
  used_ += n;
}

Writer& Writer::text(std::string_view s) {
  number(static_cast<long long>(s.size()));
  put(s.data(), s.size());
  return *this;
}

Writer& Writer::number(long long n) {
  // Eight bytes, little-endian whatever the machine: the same record hashes
  // alike on every platform.
  char bytes[8];
  auto u = static_cast<unsigned long long>(n);
  for (char& b : bytes) {
    b = static_cast<char>(u & 0xff);
    u >>= 8;
  }
  put(bytes, sizeof bytes);
  return *this;
}

Writer& Writer::date(const std::optional<Date>& d) {
  flag(d.has_value());
  if (d) date(*d);
  return *this;
}

Writer& Writer::hash(const Hash& h) {
  put(reinterpret_cast<const char*>(h.data()), h.size());
  return *this;
}

Hash Writer::finish() {
  sha_.update({buffer_.data(), used_});
  used_ = 0;
  return sha_.finish();
}

std::string hex(const Hash& h, std::size_t chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : h) {
    if (out.size() >= chars) break;
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  out.resize(std::min(out.size(), chars));
  return out;
}

void write(Writer& w, const InternalFields& fields) {
  w.number(static_cast<long long>(fields.size()));
  for (const auto& [key, value] : fields) w.text(key).text(value);
}

void write(Writer& w, const Site& s) {
  w.text("site").text(s.title).text(s.organization).text(s.parent_organization).text(s.base_url);
  w.text(s.language).text(s.theme).text(s.description).text(s.signing_key);
  write(w, s.internal);
}

void write(Writer& w, const Cluster& c) {
  w.text("cluster").text(c.id).text(c.name);
  if (c.changes.empty()) return;
  w.text("changes").text(c.first_name).number(static_cast<long long>(c.changes.size()));
  for (const auto& change : c.changes) w.date(change.from).text(change.name);
}

void write(Writer& w, const Unit& u) {
  w.text("unit").text(u.id).text(u.name).text(u.short_name).text(u.kind).text(u.parent);
  w.text(u.cluster).date(u.active_from).date(u.active_to);
  write(w, u.internal);
  // Dated facts: written only when there are some, so that a folder
  // without any hashes as it did before they existed.
  if (u.changes.empty()) return;
  const auto facts = [&w](const UnitFacts& f) {
    w.text(f.name).text(f.short_name).text(f.kind).text(f.parent).text(f.cluster);
  };
  w.text("changes").number(static_cast<long long>(u.changes.size()));
  facts(u.first);
  for (const auto& c : u.changes) {
    w.date(c.from);
    facts(c.facts);
  }
}

void write(Writer& w, const Scheme& s) {
  w.text("scheme").text(s.id).text(s.title).number(static_cast<long long>(s.sections.size()));
  for (const auto& sec : s.sections) {
    w.text(sec.id).text(sec.title).number(static_cast<int>(sec.kind)).flag(sec.cap.has_value());
    if (sec.cap) w.number(*sec.cap);
    w.number(static_cast<long long>(sec.criteria.size()));
    for (const auto& c : sec.criteria) w.text(c.id).text(c.title).number(c.max);
  }
  w.number(static_cast<long long>(s.grades.size()));
  for (const auto& g : s.grades) w.text(g.id).text(g.label).number(g.min);
  w.number(static_cast<long long>(s.targets.size()));
  for (const auto& t : s.targets)
    w.text(t.id).text(t.label).text(t.unit).number(t.goal).flag(t.lower_is_better);
}

namespace {
void write_points(Writer& w, const PointsByKey& points) {
  w.number(static_cast<long long>(points.size()));
  for (const auto& [key, value] : points) w.text(key).number(value);
}
}  // namespace

void write(Writer& w, const Result& r) {
  w.text("result").text(r.unit);
  write_points(w, r.scores);
  write_points(w, r.targets);
  w.flag(r.grade_override.has_value());
  if (r.grade_override) w.text(r.grade_override->grade).text(r.grade_override->reason);
  w.number(static_cast<long long>(r.evidence.size()));
  for (const auto& [criterion, urls] : r.evidence) {
    w.text(criterion).number(static_cast<long long>(urls.size()));
    for (const auto& url : urls) w.text(url);
  }
  w.text(r.note);
  write_points(w, r.self_scores);
  write(w, r.internal);
}

namespace {
void write_list(Writer& w, const std::vector<std::string>& items) {
  w.number(static_cast<long long>(items.size()));
  for (const auto& item : items) w.text(item);
}
}  // namespace

void write(Writer& w, const Visit& v) {
  w.text("visit").text(v.id).text(v.unit).date(v.date).number(static_cast<int>(v.session));
  w.number(v.revision).flag(v.cancelled).text(v.form);
  write_list(w, v.findings.strengths);
  write_list(w, v.findings.weaknesses);
  write_list(w, v.findings.causes);
  write_list(w, v.findings.recommendations);
  write(w, v.internal);
}

void write(Writer& w, const Inspections& in) {
  w.text("inspections").number(static_cast<long long>(in.team.size()));
  for (const auto& m : in.team) w.text(m.name).text(m.role).text(m.title);
  w.number(static_cast<long long>(in.visits.size()));
  for (const auto& v : in.visits) write(w, v);
}

namespace {

/// The files a Word original brings, bytes and all.
void write_files(Writer& w, const std::vector<Attachment>& files, const std::string& original) {
  w.number(static_cast<long long>(files.size()));
  for (const auto& f : files) w.text(f.name).text(*f.bytes);
  w.text(original);
}

}  // namespace

void write(Writer& w, const Document& d) {
  w.text("document").text(d.slug).text(d.source_path).text(d.title).text(d.number).text(d.kind);
  w.date(d.issued).text(d.place).text(d.issuer).flag(d.signer.has_value());
  if (d.signer) w.text(d.signer->name).text(d.signer->title).text(d.signer->on_behalf);
  w.text(d.period);
  write_list(w, d.units);
  write_list(w, d.recipients);
  w.number(static_cast<int>(d.visibility)).text(d.body);
  write_files(w, d.files, d.original);
}

void write(Writer& w, const Page& p) {
  w.text("page").text(p.path).text(p.source_path).text(p.title);
  w.number(static_cast<int>(p.visibility)).text(p.body);
  write_files(w, p.files, p.original);
}

void write_settings(Writer& w, const Period& p) {
  w.text("period").text(p.id).text(p.title).date(p.start).date(p.end).text(p.scheme);
  w.number(static_cast<int>(p.status)).text(p.compare_to).date(p.published).text(p.sealed);
  w.number(static_cast<long long>(p.corrections.size()));
  for (const auto& c : p.corrections) {
    w.date(c.date);
    write_list(w, c.units);
    w.text(c.change).text(c.reason).text(c.sealed);
  }
}

}  // namespace thidua::records
