// What pages read, as records (plan.hpp, Inputs): the hashes many pages
// share, each made once per build (the large ones when first needed). Each page group says what its
// pages read beside the function that builds their view (scorecard_inputs in scorecard.cpp,
// unit_inputs in units.cpp).
#include <cassert>
#include <functional>
#include <mutex>

#include "site/planner.hpp"

namespace thidua::site {

void Context::hash_shared() {
  records::Writer w;
  // The words: the site's settings and UI strings, in its profile (what
  // open data and calendars read of the site: sheet names, the host).
  write(w, c.site);
  w.number(static_cast<int>(profile)).text(strings.dump());
  words_ = w.finish();
  // The shell: what every page has besides (base(): the navigation, the
  // free pages in the footer, the intranet banner) and the theme it is
  // drawn with.
  w.hash(words_).number(static_cast<long long>(c.theme_files.size()));
  for (const auto& [path, bytes] : c.theme_files) w.text(path).text(bytes);
  w.number(static_cast<long long>(c.pages.size()));
  for (const auto& p : c.pages) w.text(p.path).text(p.title);
  shell_ = w.finish();

  // Every unit and cluster (rankings name them), and every document
  // (dashboards list a period's).
  for (const auto& u : c.units) write(w, u);
  for (const auto& cl : c.clusters) write(w, cl);
  organisation_ = w.finish();
  for (const auto* d : docs) write(w, *d);
  documents_ = w.finish();

  // A period's head: what a page of it shows of the period itself.
  period_head_.resize(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const score::PeriodScores& ps = scores[i];
    const Period& p = *ps.period;
    w.hash(shell_);
    write_settings(w, p);
    if (ps.scheme) write(w, *ps.scheme);
    w.flag(ps.compared != nullptr);
    if (ps.compared) write_settings(w, *ps.compared);
    // Corrections name their units.
    for (const auto& corr : p.corrections)
      for (const auto& id : corr.units)
        if (const Unit* u = c.find_unit(id)) w.text(u->name_on(p.end));
    w.number(static_cast<long long>(ps.ranked.size()));
    period_head_[i] = w.finish();
  }

  // A cluster of a period as its units' scorecards show it.
  cluster_head_.resize(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i)
    for (const auto& cs : scores[i].clusters) {
      write(w, *cs.cluster);
      w.number(static_cast<long long>(cs.ranked.size())).number(cs.average);
      for (Points avg : cs.section_averages) w.number(avg);
      cluster_head_[i].push_back(w.finish());
    }

  // The rest is made when a page first needs it, by whichever render worker
  // asks first (the others wait for it), once: a period's records are
  // hashed by one worker while another hashes the next period's, and the
  // preview makes only those of the pages it is asked for.
  raw_ = std::vector<Lazy>(scores.size());
  result_hashes_ = std::vector<LazyList>(scores.size());
  period_data_ = std::vector<Lazy>(scores.size());
  period_all_ = std::vector<Lazy>(scores.size());
  unit_across_ = std::vector<Lazy>(c.units.size());
}

const std::vector<records::Hash>& Context::result_hashes(std::size_t i) const {
  return result_hashes_[i].get([&] {
    const Period& p = *scores[i].period;
    std::vector<records::Hash> hashes;
    hashes.reserve(p.results.size());
    records::Writer w;
    for (const auto& r : p.results) {
      write(w, r);
      hashes.push_back(w.finish());
    }
    return hashes;
  });
}

const records::Hash& Context::result_hash(const score::PeriodScores& ps, const Result& r) const {
  const std::size_t i = index_of(ps);
  const std::vector<Result>& all = ps.period->results;
  [[maybe_unused]] const std::less<const Result*> before;
  assert(!before(&r, all.data()) && before(&r, all.data() + all.size()));
  return result_hashes(i)[static_cast<std::size_t>(&r - all.data())];
}

const records::Hash& Context::raw(std::size_t i) const {
  return raw_[i].get([&] {
    // A period's records: its settings, scheme, results and inspections.
    const score::PeriodScores& ps = scores[i];
    const Period& p = *ps.period;
    records::Writer w;
    write_settings(w, p);
    if (ps.scheme) write(w, *ps.scheme);
    for (const auto& h : result_hashes(i)) w.hash(h);
    w.flag(p.inspections.has_value());
    if (p.inspections) write(w, *p.inspections);
    return w.finish();
  });
}

const records::Hash& Context::period_data_hash(std::size_t i) const {
  return period_data_[i].get([&] {
    // What a period's open data and calendar are made from: its records,
    // those of the period it is compared with, the organisation and the
    // words.
    const score::PeriodScores& ps = scores[i];
    records::Writer w;
    w.hash(words_).hash(raw(i)).hash(organisation_).flag(ps.compared != nullptr);
    if (ps.compared) {
      write_settings(w, *ps.compared);
      for (std::size_t k = 0; k < scores.size(); ++k)
        if (scores[k].period == ps.compared) w.hash(raw(k));
    }
    return w.finish();
  });
}

const records::Hash& Context::period_all_hash(std::size_t i) const {
  // A period's dashboard and cluster pages: its open data's inputs, its
  // head and the documents.
  return period_all_[i].get([&] {
    records::Writer w;
    return w.hash(period_head_[i]).hash(period_data_hash(i)).hash(documents_).finish();
  });
}

const records::Hash& Context::everything_hash() const {
  return everything_.get([&] {
    records::Writer w;
    for (std::size_t i = 0; i < scores.size(); ++i) w.hash(raw(i));
    w.hash(shell_).hash(organisation_).hash(documents_);
    w.number(static_cast<long long>(c.static_files.size()));
    for (const auto& s : c.static_files) w.text(s.path);
    return w.finish();
  });
}

const records::Hash& Context::period_head(const score::PeriodScores& ps) const {
  return period_head_[index_of(ps)];
}

const records::Hash& Context::cluster_head(const score::PeriodScores& ps, std::size_t index) const {
  return cluster_head_[index_of(ps)][index];
}

std::size_t Context::index_of(const score::PeriodScores& ps) const {
  return static_cast<std::size_t>(&ps - scores.data());
}

Inputs Context::everything() const {
  return [this](records::Writer& w) { w.hash(everything_hash()); };
}

Inputs Context::whole_period(const score::PeriodScores& ps) const {
  return [this, i = index_of(ps)](records::Writer& w) { w.hash(period_all_hash(i)); };
}

Inputs Context::period_data(const score::PeriodScores& ps) const {
  return [this, i = index_of(ps)](records::Writer& w) { w.hash(period_data_hash(i)); };
}

void Context::write_scored(records::Writer& w, const score::PeriodScores& ps,
                           const score::UnitResult& r) const {
  w.number(r.total).number(static_cast<long long>(r.sections.size()));
  for (Points s : r.sections) w.number(s);
  w.number(grade_index(*ps.scheme, r.grade)).number(grade_index(*ps.scheme, r.computed_grade));
  w.number(r.rank).number(r.cluster_rank).flag(r.rank_change.has_value());
  if (r.rank_change) w.number(*r.rank_change);
  w.flag(r.total_change.has_value());
  if (r.total_change) w.number(*r.total_change);
  w.number(static_cast<long long>(r.targets.size()));
  for (const auto& tr : r.targets) w.text(tr.target->id).number(tr.actual).flag(tr.met);
}

std::size_t Context::unit_place(const Unit& u) const {
  // A unit of the content, or of a period's organisation (score::PeriodScores):
  // the same place in both.
  const std::less<const Unit*> before;
  const Unit* base = c.units.data();
  if (!before(&u, base) && before(&u, base + c.units.size()))
    return static_cast<std::size_t>(&u - base);
  return static_cast<std::size_t>(c.find_unit(u.id) - base);
}

void Context::unit_across(records::Writer& w, const Unit& u) const {
  // Every period's row of the unit's history and "other periods": the
  // period itself, and the unit's total, grade and ranks in it; made once
  // for all of the unit's pages.
  w.hash(unit_across_[unit_place(u)].get([&] {
    records::Writer across;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const score::PeriodScores& ps = scores[i];
      if (!ps.scheme) continue;
      across.hash(period_head_[i]).flag(u.active_during(ps.period->start, ps.period->end));
      const auto* r = ps.find(u);
      across.flag(r != nullptr);
      if (r) write_scored(across, ps, *r);
    }
    return across.finish();
  }));
}

void Context::unit_documents_inputs(records::Writer& w, const Unit& u) const {
  for (const auto* d : docs)
    if (std::find(d->units.begin(), d->units.end(), u.id) != d->units.end()) write(w, *d);
}

}  // namespace thidua::site
