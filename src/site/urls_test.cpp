#include "site/urls.hpp"

#include <doctest/doctest.h>

using namespace thidua::site;

TEST_CASE("the period a page belongs to, from its path") {
  CHECK(urls::period_of("periods/2024-h1/index.html") == "2024-h1");
  CHECK(urls::period_of("periods/2024-h1/khoi/kinh-te/index.html") == "2024-h1");
  CHECK(urls::period_of("periods/2024-h1/schedule.ics") == "2024-h1");
  CHECK(urls::period_of("periods/index.html") == "");  // the list of periods: none
  CHECK(urls::period_of("units/periods/index.html") == "");
  CHECK(urls::period_of("index.html") == "");
  // Whatever the layout, every page made for a period names it.
  for (const auto& path :
       {urls::period("p"), urls::scorecard("p", "u"), urls::cluster("p", "c"), urls::schedule("p")})
    CHECK_MESSAGE(urls::period_of(path) == "p", path);
  for (const auto& path : {urls::home(), urls::periods(), urls::unit("u"), urls::document("d"),
                           urls::units(), urls::search(), urls::not_found()})
    CHECK_MESSAGE(urls::period_of(path) == "", path);
}
