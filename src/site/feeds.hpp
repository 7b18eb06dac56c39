// Files for crawlers and feed readers: robots.txt, sitemap.xml, feed.xml.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "score/score.hpp"

namespace thidua::site {

struct FeedInput {
  const Content& content;
  const std::vector<score::PeriodScores>& scores;
  Profile profile;
  std::string correction_label = "Correction";  ///< a correction entry's title, before the period's
};

/// Public: everything allowed, with the sitemap's address when base_url is
/// known. Intranet: `Disallow: /`.
std::string robots_txt(const FeedInput& in);

struct SitemapPage {
  std::string path;
  std::optional<Date> lastmod;  ///< a period's pages: its `published` date
};

/// Every page's absolute URL (sitemaps.org 0.9), with its date when known.
std::string sitemap_xml(const std::string& base_url, const std::vector<SitemapPage>& pages);

/// Atom (RFC 4287): one entry per document and per non-draft period, newest
/// first. Every date comes from the content, never from the clock.
std::string atom_feed(const FeedInput& in);

}  // namespace thidua::site
