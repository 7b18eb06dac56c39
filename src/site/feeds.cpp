#include "site/feeds.hpp"

#include <algorithm>
#include <tuple>

#include "site/urls.hpp"
#include "text/escape.hpp"

namespace thidua::site {

std::string robots_txt(const FeedInput& in) {
  if (in.profile == Profile::kIntranet) return "User-agent: *\nDisallow: /\n";
  std::string out = "User-agent: *\nAllow: /\n";
  if (!in.content.site.base_url.empty())
    out += "\nSitemap: " + in.content.site.base_url + "sitemap.xml\n";
  return out;
}

std::string sitemap_xml(const std::string& base_url, const std::vector<SitemapPage>& pages) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& p : pages) {
    out += "  <url><loc>" + text::xml_escape(urls::absolute(base_url, p.path)) + "</loc>";
    if (p.lastmod) out += "<lastmod>" + p.lastmod->iso() + "</lastmod>";
    out += "</url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string atom_feed(const FeedInput& in) {
  const Content& c = in.content;
  struct Entry {
    Date date;
    std::string id, title, url, summary;
  };
  std::vector<Entry> entries;
  for (const auto& d : c.documents) {
    if (!d.issued) continue;
    std::string summary = d.number.empty() ? d.title : d.number + " — " + d.title;
    entries.push_back({*d.issued, "documents/" + d.slug, d.title,
                       urls::absolute(c.site.base_url, urls::document(d.slug)), summary});
  }
  for (const auto& ps : in.scores) {
    const Period& p = *ps.period;
    if (p.status == PeriodStatus::kDraft || !ps.scheme) continue;
    entries.push_back({p.published.value_or(p.end), "periods/" + p.id, p.title,
                       urls::absolute(c.site.base_url, urls::period(p.id)),
                       p.title + " (" + p.start.iso() + " – " + p.end.iso() + ")"});
    // Each correction is news of its own, linked to where the dashboard lists it.
    int n = 0;
    for (const auto& corr : p.corrections)
      entries.push_back({corr.date, "periods/" + p.id + "/" + std::to_string(++n),
                         in.correction_label + ": " + p.title,
                         urls::absolute(c.site.base_url, urls::period(p.id)) +
                             "#dieu-chinh-ket-qua-" + std::to_string(n),
                         corr.change + ". " + corr.reason});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(b.date, a.id) < std::tie(a.date, b.id);
  });
  const std::string updated =
      (entries.empty() ? Date{} : entries.front().date).iso() + "T00:00:00Z";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
         text::xml_escape(c.site.language) + "\">\n";
  out += "  <title>" + text::xml_escape(c.site.title) + "</title>\n";
  if (!c.site.description.empty())
    out += "  <subtitle>" + text::xml_escape(c.site.description) + "</subtitle>\n";
  out += "  <id>" + text::xml_escape(c.site.base_url) + "</id>\n";
  out += "  <link rel=\"alternate\" href=\"" + text::xml_escape(c.site.base_url) + "\"/>\n";
  out += "  <link rel=\"self\" href=\"" + text::xml_escape(c.site.base_url + "feed.xml") + "\"/>\n";
  out += "  <updated>" + updated + "</updated>\n";
  out += "  <author><name>" +
         text::xml_escape(c.site.organization.empty() ? c.site.title : c.site.organization) +
         "</name></author>\n";
  for (const auto& e : entries) {
    out += "  <entry>\n";
    out += "    <id>" + text::xml_escape(e.url) + "</id>\n";
    out += "    <title>" + text::xml_escape(e.title) + "</title>\n";
    out += "    <link rel=\"alternate\" href=\"" + text::xml_escape(e.url) + "\"/>\n";
    out += "    <updated>" + e.date.iso() + "T00:00:00Z</updated>\n";
    out += "    <summary>" + text::xml_escape(e.summary) + "</summary>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace thidua::site
