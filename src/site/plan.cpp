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

Context::Context(const Content& content, const std::vector<score::PeriodScores>& period_scores,
                 const nlohmann::json& ui_strings, Profile site_profile)
    : c(content),
      scores(period_scores),
      strings(ui_strings),
      profile(site_profile),
      locale(locale_for(content.site.language)) {
  for (const auto& ps : scores) by_period[ps.period->id] = &ps;
  for (const auto& u : c.units)
    if (!u.parent.empty()) children[u.parent].push_back(&u);
  for (const auto& d : c.documents) docs.push_back(&d);
  for (const auto& s : c.schemes) criteria_order.emplace(&s, CriteriaInOrder(s));
  std::stable_sort(docs.begin(), docs.end(), [](const Document* a, const Document* b) {
    if (a->issued != b->issued) return a->issued > b->issued;  // newest first, undated last
    return a->slug < b->slug;
  });
  hash_shared();
}

void add_file(Plan& plan, std::string path, Inputs inputs, std::function<std::string()> bytes) {
  plan.files.push_back({std::move(path),
                        [bytes = std::move(bytes)](std::string*) { return bytes(); },
                        std::move(inputs)});
}

void add_page(Plan& plan, std::string path, std::string tmpl, Inputs inputs,
              std::function<View()> view, const std::string* markdown) {
  plan.pages.push_back(
      {std::move(path), std::move(tmpl), std::move(view), markdown, std::move(inputs)});
}

namespace {

/// The files for crawlers and feed readers: robots.txt, and with a base URL
/// the sitemap of every page planned before it and the Atom feed.
void plan_crawlers(const Context& x, Plan& plan) {
  const Inputs all = x.everything();
  add_file(plan, "robots.txt", all, [&x] {
    return robots_txt(FeedInput{x.c, x.scores, x.profile});
  });
  if (x.c.site.base_url.empty()) return;
  // A period's pages (dashboard, clusters, scorecards) are dated by its
  // `published`: they change when its results are made public.
  std::map<std::string, Date, std::less<>> published;  // by period id
  for (const auto& ps : x.scores)
    if (ps.period->published) published[ps.period->id] = *ps.period->published;
  auto paths = std::make_shared<std::vector<SitemapPage>>();
  for (const auto& p : plan.pages) {
    if (p.path == urls::not_found()) continue;
    std::optional<Date> lastmod;
    if (auto it = published.find(urls::period_of(p.path)); it != published.end())
      lastmod = it->second;
    paths->push_back({p.path, lastmod});
  }
  add_file(plan, "sitemap.xml", all,
           [&x, paths] { return sitemap_xml(x.c.site.base_url, *paths); });
  add_file(plan, "feed.xml", all, [&x] {
    return atom_feed(FeedInput{x.c, x.scores, x.profile, x.t("feed_correction")});
  });
}

}  // namespace

std::string Context::t(const std::string& key) const {
  auto it = strings.find(key);
  return it != strings.end() && it->is_string() ? it->get<std::string>() : key;
}

std::string Context::t(const std::string& key, long long n) const {
  const std::string form = key + "_" + plural_category(static_cast<long>(n), locale);
  return strings.contains(form) ? t(form) : t(key);
}

View Context::base(const std::string& path, const std::string& title, const std::string& nav,
                   const std::string& root) const {
  View v;
  v.reserve(48);  // what a page sets, base and own (a scorecard: 41)
  v.set("root", root);
  v.set("lang", locale.language);
  v.set("title", title);
  View site = {{"title", c.site.title},
               {"organization", c.site.organization},
               {"parent_organization", c.site.parent_organization},
               {"description", c.site.description},
               {"signing_key", c.site.signing_key}};
  if (profile == Profile::kIntranet) site.set("internal", internal_rows(c.site.internal));
  v.set("site", std::move(site));
  v.set("intranet", profile == Profile::kIntranet);
  v.set("draft", false);
  v.set("charts", false);
  const std::string canonical =
      c.site.base_url.empty() ? "" : urls::absolute(c.site.base_url, path);
  v.set("canonical", canonical);
  // Every printed sheet is headed by the organisation and the page (its
  // period among it) and footed by the page's address: the text of @page
  // margin boxes, which CSS can only take from a stylesheet, so each page
  // carries this one <style> and its hash in the page's policy (site.css
  // styles the boxes).
  std::string print_style =
      "@page{@top-left{content:" + text::css_string(c.site.organization + " · " + title) + "}";
  if (!canonical.empty())
    print_style += "@bottom-left{content:" + text::css_string(canonical) + "}";
  print_style += "}";
  v.set("print_style_hash", text::sha256_base64(print_style));
  v.set("print_style", std::move(print_style));
  v.set("has_feed", !c.site.base_url.empty());  // feed.xml needs absolute addresses
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
  for (const auto& p : c.pages)
    pages.push({{"title", p.title}, {"href", root + urls::page(p.path)}});
  v.set("footer_pages", std::move(pages));
  v.set("breadcrumbs", View::list());
  return v;
}

View Context::base(const std::string& path, const std::string& title,
                   const std::string& nav) const {
  return base(path, title, nav, urls::root_of(path));
}

void Context::crumb(View& v, const std::string& root, const std::string& label,
                    const std::string& url) const {
  v.push("breadcrumbs", {{"label", label}, {"href", root + url}});
}

Plan plan_site(const Content& content, const std::vector<score::PeriodScores>& scores,
               const nlohmann::json& strings, Profile profile) {
  auto x = std::make_shared<const Context>(content, scores, strings, profile);
  Plan plan;
  plan_home(*x, plan);
  plan_periods(*x, plan);
  plan_units(*x, plan);
  plan_documents(*x, plan);
  plan_crawlers(*x, plan);
  plan.owner = x;
  return plan;
}

}  // namespace thidua::site
