// The site's URL layout: where each page and file of the contract lives
// (docs/pages.md). The one place that knows it: the plan, search, feeds and
// calendars ask here.
#pragma once

#include <string>

namespace thidua::site::urls {

inline std::string home() { return "index.html"; }
inline std::string periods() { return "periods/index.html"; }
inline std::string period(const std::string& p) { return "periods/" + p + "/index.html"; }
inline std::string scorecard(const std::string& p, const std::string& u) {
  return "periods/" + p + "/units/" + u + "/index.html";
}
/// A cluster's whole ranking in a period (the dashboard shows a large one's top).
inline std::string cluster(const std::string& p, const std::string& c) {
  return "periods/" + p + "/clusters/" + c + "/index.html";
}
inline std::string schedule(const std::string& p) { return "periods/" + p + "/schedule.ics"; }
inline std::string units() { return "units/index.html"; }
inline std::string unit(const std::string& u) { return "units/" + u + "/index.html"; }
inline std::string documents() { return "documents/index.html"; }
inline std::string document(const std::string& slug) { return "documents/" + slug + "/index.html"; }
inline std::string page(const std::string& path) { return path + "/index.html"; }
/// A file beside a document or a page (an image of its body, its Word
/// original): its pages link to it by `name` alone.
inline std::string document_file(const std::string& slug, const std::string& name) {
  return "documents/" + slug + "/" + name;
}
inline std::string page_file(const std::string& path, const std::string& name) {
  return path + "/" + name;
}
inline std::string search() { return "search/index.html"; }
inline std::string search_index() { return "search/index.js"; }
inline std::string not_found() { return "404.html"; }
/// A unit's results over the periods, as CSV.
inline std::string history(const std::string& u) { return "data/units/" + u + ".csv"; }
/// A period's open data; `ext` is "csv" or "json".
inline std::string data(const std::string& p, const std::string& ext) {
  return "data/" + p + "/results." + ext;
}

/// The period whose pages `path` is one of (its dashboard, a cluster, a
/// scorecard, its calendar), or "" for a page of no period.
std::string period_of(const std::string& path);

/// "../" once per folder of `path`: the way from a page back to the site root.
std::string root_of(const std::string& path);

/// The URL of `path` in the published site: base_url + path, a trailing
/// "index.html" dropped.
std::string absolute(const std::string& base_url, const std::string& path);

}  // namespace thidua::site::urls
