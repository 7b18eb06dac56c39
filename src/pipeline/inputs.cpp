#include "pipeline/inputs.hpp"

#include <filesystem>
#include <set>

#include "model/records.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "text/sha256.hpp"

namespace thidua::pipeline {

std::string binary_identity() {
  std::error_code ec;
  const auto exe = platform::executable_path();
  if (exe.empty()) return "";
  const auto exe_size = std::filesystem::file_size(exe, ec);
  const auto exe_time = std::filesystem::last_write_time(exe, ec).time_since_epoch().count();
  if (ec) return "";
  return std::string(THIDUA_VERSION) + '\n' + platform::text_of(exe) + '\t' +
         std::to_string(exe_size) + '\t' + std::to_string(exe_time);
}

Fingerprint input_fingerprint(const load::SourceTree& tree, Profile profile,
                              const std::string& base_url, const std::string& signer,
                              const std::string& known_listing, const std::string& known_inputs) {
  // A file changed less than two seconds before the listing may change
  // again within the same tick of a coarse clock (FAT keeps two seconds):
  // then the listing cannot vouch for the bytes.
  platform::FileTime settled = platform::file_time_now();
  settled.seconds -= 2;
  Diagnostics diags;
  const auto paths = tree.list(diags);
  if (!diags.items().empty()) return {};
  const std::string binary = binary_identity();
  if (binary.empty()) return {};
  const std::string head = binary + '\n' + (profile == Profile::kIntranet ? "intranet" : "public") +
                           '\n' + base_url + '\n' + signer + '\n';
  Fingerprint f;
  if (std::string listing = tree.listing(settled); !listing.empty())
    f.listing = text::content_hash(head + listing);
  if (!f.listing.empty() && f.listing == known_listing && !known_inputs.empty()) {
    f.inputs = known_inputs;
    return f;
  }
  std::string list = head;
  for (const auto& path : paths) {
    if (path.starts_with(".")) continue;
    auto bytes = tree.read(path);
    if (!bytes) return {};
    list += path + '\t' + text::content_hash(*bytes) + '\n';
    tree.remember(path, std::move(*bytes));  // for the load that follows
  }
  f.inputs = text::content_hash(list);
  return f;
}

std::string snapshot_hash(const Content& c,
                          const std::function<std::string(const std::string&)>& static_hash) {
  using records::write;
  records::Writer w;
  w.text("thidua content 2");
  write(w, c.site);
  w.number(static_cast<long long>(c.units.size()));
  for (const auto& u : c.units) write(w, u);
  w.number(static_cast<long long>(c.clusters.size()));
  for (const auto& cl : c.clusters) write(w, cl);
  std::set<std::string> schemes;
  for (const auto& p : c.periods) schemes.insert(p.scheme);
  for (const auto& s : c.schemes)
    if (schemes.count(s.id)) write(w, s);
  w.number(static_cast<long long>(c.periods.size()));
  for (const auto& p : c.periods) {
    records::write_settings(w, p);
    w.number(static_cast<long long>(p.results.size()));
    for (const auto& r : p.results) write(w, r);
    w.flag(p.inspections.has_value());
    if (p.inspections) write(w, *p.inspections);
  }
  w.number(static_cast<long long>(c.documents.size()));
  for (const auto& d : c.documents) write(w, d);
  w.number(static_cast<long long>(c.pages.size()));
  for (const auto& p : c.pages) write(w, p);
  w.number(static_cast<long long>(c.theme_files.size()));
  for (const auto& [path, bytes] : c.theme_files) w.text(path).text(bytes);
  w.number(static_cast<long long>(c.static_files.size()));
  for (const auto& s : c.static_files) w.text(s.path).text(static_hash(s.path));
  return records::hex(w.finish());
}

namespace {

/// True when some result of `p` has penalties past its penalty section's max.
bool penalty_cap_applies(const Period& p, const Content& c) {
  const Scheme* scheme = c.find_scheme(p.scheme);
  if (!scheme) return false;
  for (const auto& s : scheme->sections) {
    if (s.kind != SectionKind::kPenalty || !s.cap) continue;
    for (const auto& r : p.results) {
      Points entered = 0;
      for (const auto& cr : s.criteria)
        if (auto it = r.scores.find(cr.id); it != r.scores.end()) entered += it->second;
      if (entered > *s.cap) return true;
    }
  }
  return false;
}

}  // namespace

std::string period_seal_v1(const load::SourceTree& tree, const Period& p, const Content& c) {
  std::string hashed = "thidua seal 1\0" + p.id + '\0' + p.start.iso() + '\0' + p.end.iso() + '\0' +
                       p.scheme + '\0' + p.compare_to + '\0';
  if (penalty_cap_applies(p, c))
    hashed += std::string("penalty sections cap their deductions\0", 38);
  const std::string folder = "periods/" + p.id + "/";
  const std::string scheme = "schemes/" + p.scheme + ".json";
  Diagnostics ignored;
  for (const auto& path : tree.list(ignored)) {  // sorted
    if (!(path.starts_with(folder) && path != folder + "period.json") && path != scheme) continue;
    const std::string bytes = tree.read(path).value_or("");
    hashed += path + '\0' + std::to_string(bytes.size()) + '\0' + bytes;
  }
  return text::content_hash(hashed);
}

std::string period_seal(const Period& p, const Content& c) {
  records::Writer w;
  w.text("thidua seal 2").text(p.id).date(p.start).date(p.end).text(p.scheme).text(p.compare_to);
  w.flag(penalty_cap_applies(p, c));
  const Scheme* scheme = c.find_scheme(p.scheme);
  w.flag(scheme != nullptr);
  if (scheme) write(w, *scheme);
  w.number(static_cast<long long>(p.results.size()));
  for (const auto& r : p.results) write(w, r);  // by unit id
  w.flag(p.inspections.has_value());
  if (p.inspections) write(w, *p.inspections);
  // The organisation as it stood: the units active during the period, as
  // published (their internal fields are the office's, not the record's),
  // and their clusters.
  // Each unit's facts and each cluster's name as they stood at its end.
  const bool changed = c.has_changes();
  const std::vector<Unit> then = changed ? c.units_on(p.end) : std::vector<Unit>();
  const std::vector<Cluster> then_clusters =
      changed ? c.clusters_on(p.end) : std::vector<Cluster>();
  std::set<std::string> clusters;
  for (const auto& u : changed ? then : c.units) {
    if (!u.active_during(p.start, p.end)) continue;
    w.text(u.id).text(u.name).text(u.short_name).text(u.kind).text(u.parent).text(u.cluster);
    w.date(u.active_from).date(u.active_to);
    clusters.insert(u.cluster);
  }
  w.text("");
  for (const auto& cl : changed ? then_clusters : c.clusters)
    if (clusters.count(cl.id)) w.text("cluster").text(cl.id).text(cl.name);
  return records::hex(w.finish());
}

void check_seals(const load::SourceTree& tree, const Content& c, Diagnostics& diags) {
  for (const auto& p : c.periods) {
    for (const auto& corr : p.corrections)
      for (const auto& u : corr.units)
        if (!c.find_unit(u))
          diags.error(corr.pos,
                      text::Message("correction-unknown-unit", {{"period", p.id}, {"id", u}}));
    if (p.sealed.empty()) continue;
    const Correction* last = nullptr;
    for (const auto& corr : p.corrections)
      if (!corr.sealed.empty()) last = &corr;
    const std::string& expected = last ? last->sealed : p.sealed;
    const SourcePos& at = last ? last->pos : p.sealed_pos;
    const std::string now = period_seal(p, c);
    if (now == expected) continue;
    if (period_seal_v1(tree, p, c) == expected) {
      diags.warning(at, text::Message("seal-v1", {{"period", p.id}, {"seal", now}}));
      continue;
    }
    diags.error(at,
                last ? text::Message("seal-broken-since-correction",
                                     {{"period", p.id}, {"date", last->date.iso()}, {"seal", now}})
                     : text::Message("seal-broken", {{"period", p.id}, {"seal", now}}));
  }
}

}  // namespace thidua::pipeline
