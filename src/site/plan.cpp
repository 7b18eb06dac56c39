#include "site/plan.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "site/feeds.hpp"
#include "site/ics.hpp"
#include "site/open_data.hpp"
#include "site/planner.hpp"
#include "site/search.hpp"
#include "site/urls.hpp"
#include "text/escape.hpp"
#include "text/sha256.hpp"

namespace thidua::site {

Planner::Planner(const Content& c, const std::vector<score::PeriodScores>& scores,
                 const json& strings, Profile profile)
    : c_(c), scores_(scores), t_(strings), profile_(profile), locale_(locale_for(c.site.language)) {
  for (const auto& ps : scores_) by_period_[ps.period->id] = &ps;
  for (const auto& u : c_.units)
    if (!u.parent.empty()) children_[u.parent].push_back(&u);
  for (const auto& d : c_.documents) docs_.push_back(&d);
  for (const auto& s : c_.schemes) criteria_order_.emplace(&s, CriteriaInOrder(s));
  std::stable_sort(docs_.begin(), docs_.end(), [](const Document* a, const Document* b) {
    if (a->issued != b->issued) return a->issued > b->issued;  // newest first, undated last
    return a->slug < b->slug;
  });
}

Plan Planner::plan() {
  hash_shared();
  const Inputs all = everything();
  add(urls::home(), "home", all, [this] { return home(); });
  add(urls::periods(), "periods", all, [this] { return periods_index(); });
  for (const auto& ps : scores_) {
    if (!ps.scheme) continue;
    const std::string& id = ps.period->id;
    const Inputs period = whole_period(ps);
    add(urls::period(id), "dashboard", period, [this, &ps] { return dashboard(ps); });
    for (std::size_t i = 0; i < ps.clusters.size(); ++i)
      add(urls::cluster(id, ps.clusters[i].cluster->id), "cluster", period,
          [this, &ps, i] { return cluster_page(ps, i); });
    for (std::size_t i = 0; i < ps.ranked.size(); ++i)
      add(
          urls::scorecard(id, ps.ranked[i].unit->id), "scorecard",
          [this, &ps, i](records::Writer& w) { scorecard_inputs(w, ps, i); },
          [this, &ps, i] { return scorecard(ps, i); });
    const Inputs data = period_data(ps);
    file(urls::data(id, "json"), data, [&ps] { return results_json(ps); });
    file(urls::data(id, "csv"), data, [&ps] { return results_csv(ps); });
    plan_.files.push_back({urls::data(id, "xlsx"),
                           [this, &ps](std::string* error) {
                             return results_xlsx(ps, t("sheet_results"), t("sheet_scheme"), error);
                           },
                           data});
    if (ps.period->inspections && !ps.period->inspections->visits.empty())
      file(urls::schedule(id), data,
           [this, &ps] { return schedule_ics(c_, *ps.period, t("calendar_summary") + " "); });
  }
  add(urls::units(), "units", all, [this] { return units_index(); });
  for (const auto& u : c_.units) {
    const Inputs unit = [this, &u](records::Writer& w) { unit_inputs(w, u); };
    add(urls::unit(u.id), "unit", unit, [this, &u] { return unit_profile(u); });
    if (has_result(u))
      file(urls::history(u.id), unit, [this, &u] { return unit_history_csv(u, scores_); });
  }
  add(urls::documents(), "documents", all, [this] { return documents_index(); });
  for (const auto* d : docs_) {
    add(
        urls::document(d->slug), "document", all, [this, d] { return document(*d); }, &d->body);
    for (const auto& f : d->files)
      file(
          urls::document_file(d->slug, f.name), [d](records::Writer& w) { write(w, *d); },
          [&f] { return *f.bytes; });
  }
  for (const auto& p : c_.pages) {
    add(
        urls::page(p.path), "page", all, [this, &p] { return free_page(p); }, &p.body);
    for (const auto& f : p.files)
      file(
          urls::page_file(p.path, f.name), [&p](records::Writer& w) { write(w, p); },
          [&f] { return *f.bytes; });
  }
  add(urls::search(), "search", all, [this] { return search_page(); });
  file(urls::search_index(), all,
       [this] { return search_index_js(c_, t("unit"), t("document"), t("page")); });
  add(urls::not_found(), "404", all, [this] { return not_found(); });
  file("robots.txt", all, [this] { return robots_txt(FeedInput{c_, scores_, profile_}); });
  if (!c_.site.base_url.empty()) {
    // A period's pages (dashboard, clusters, scorecards) are dated by its
    // `published`: they change when its results are made public.
    std::map<std::string, Date, std::less<>> published;  // by period id
    for (const auto& ps : scores_)
      if (ps.period->published) published[ps.period->id] = *ps.period->published;
    auto paths = std::make_shared<std::vector<SitemapPage>>();
    for (const auto& p : plan_.pages) {
      if (p.path == urls::not_found()) continue;
      std::optional<Date> lastmod;
      if (auto it = published.find(urls::period_of(p.path)); it != published.end())
        lastmod = it->second;
      paths->push_back({p.path, lastmod});
    }
    file("sitemap.xml", all, [this, paths] { return sitemap_xml(c_.site.base_url, *paths); });
    file("feed.xml", all, [this] {
      return atom_feed(FeedInput{c_, scores_, profile_, t("feed_correction")});
    });
  }
  return std::move(plan_);
}

void Planner::file(std::string path, Inputs inputs, std::function<std::string()> bytes) {
  plan_.files.push_back({std::move(path),
                         [bytes = std::move(bytes)](std::string*) { return bytes(); },
                         std::move(inputs)});
}

void Planner::add(std::string path, std::string tmpl, Inputs inputs, std::function<View()> view,
                  const std::string* markdown) {
  plan_.pages.push_back(
      {std::move(path), std::move(tmpl), std::move(view), markdown, std::move(inputs)});
}

std::string Planner::t(const std::string& key) const {
  auto it = t_.find(key);
  return it != t_.end() && it->is_string() ? it->get<std::string>() : key;
}

std::string Planner::t(const std::string& key, long long n) const {
  const std::string form = key + "_" + plural_category(static_cast<long>(n), locale_);
  return t_.contains(form) ? t(form) : t(key);
}

View Planner::base(const std::string& path, const std::string& title, const std::string& nav,
                   const std::string& root) const {
  View v;
  v.reserve(48);  // what a page sets, base and own (a scorecard: 41)
  v.set("root", root);
  v.set("lang", locale_.language);
  v.set("title", title);
  View site = {{"title", c_.site.title},
               {"organization", c_.site.organization},
               {"parent_organization", c_.site.parent_organization},
               {"description", c_.site.description},
               {"signing_key", c_.site.signing_key}};
  if (profile_ == Profile::kIntranet) site.set("internal", internal_rows(c_.site.internal));
  v.set("site", std::move(site));
  v.set("intranet", profile_ == Profile::kIntranet);
  v.set("draft", false);
  v.set("charts", false);
  const std::string canonical =
      c_.site.base_url.empty() ? "" : urls::absolute(c_.site.base_url, path);
  v.set("canonical", canonical);
  // Every printed sheet is headed by the organisation and the page (its
  // period among it) and footed by the page's address: the text of @page
  // margin boxes, which CSS can only take from a stylesheet, so each page
  // carries this one <style> and its hash in the page's policy (site.css
  // styles the boxes).
  std::string print_style =
      "@page{@top-left{content:" + text::css_string(c_.site.organization + " · " + title) + "}";
  if (!canonical.empty())
    print_style += "@bottom-left{content:" + text::css_string(canonical) + "}";
  print_style += "}";
  v.set("print_style_hash", text::sha256_base64(print_style));
  v.set("print_style", std::move(print_style));
  v.set("has_feed", !c_.site.base_url.empty());  // feed.xml needs absolute addresses
  // Optional parts are always present (null when absent): a missing key
  // would make Mustache look it up in the enclosing context instead.
  v.set("featured", nullptr);
  v.set("compared", nullptr);
  v.set("override", nullptr);
  v.set("visit", nullptr);
  v.set("prev", nullptr);
  v.set("next", nullptr);
  v.set("internal", View::list());
  View items = View::list();
  const std::pair<const char*, std::string> entries[] = {{"home", urls::home()},
                                                         {"periods", urls::periods()},
                                                         {"units", urls::units()},
                                                         {"documents", urls::documents()},
                                                         {"search", urls::search()}};
  for (const auto& [key, url] : entries)
    items.push({{"label", t(key)}, {"href", root + url}, {"current", nav == key}});
  v.set("nav", std::move(items));
  View pages = View::list();
  for (const auto& p : c_.pages)
    pages.push({{"title", p.title}, {"href", root + urls::page(p.path)}});
  v.set("footer_pages", std::move(pages));
  v.set("breadcrumbs", View::list());
  return v;
}

View Planner::base(const std::string& path, const std::string& title,
                   const std::string& nav) const {
  return base(path, title, nav, urls::root_of(path));
}

void Planner::crumb(View& v, const std::string& root, const std::string& label,
                    const std::string& url) const {
  v.push("breadcrumbs", {{"label", label}, {"href", root + url}});
}

Plan plan_site(const Content& content, const std::vector<score::PeriodScores>& scores,
               const nlohmann::json& strings, Profile profile) {
  auto planner = std::make_shared<Planner>(content, scores, strings, profile);
  Plan plan = planner->plan();
  plan.owner = planner;
  return plan;
}

}  // namespace thidua::site
