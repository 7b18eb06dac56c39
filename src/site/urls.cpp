#include "site/urls.hpp"

namespace thidua::site::urls {

std::string period_of(const std::string& path) {
  constexpr std::string_view kPeriods = "periods/";
  if (!path.starts_with(kPeriods)) return "";
  const auto slash = path.find('/', kPeriods.size());
  return slash == std::string::npos ? "" : path.substr(kPeriods.size(), slash - kPeriods.size());
}

std::string root_of(const std::string& path) {
  std::string root;
  for (char c : path)
    if (c == '/') root += "../";
  return root;
}

std::string absolute(const std::string& base_url, const std::string& path) {
  std::string p = path;
  if (p == "index.html")
    p.clear();
  else if (p.ends_with("/index.html"))
    p.resize(p.size() - 10);
  return base_url + p;
}

}  // namespace thidua::site::urls
