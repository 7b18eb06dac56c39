// The search index: units, documents and pages, folded for matching without
// diacritics, loaded by the search page as a script so it also works from disk.
#pragma once

#include <string>
#include <string_view>

#include "model/model.hpp"

namespace thidua::site {

/// search/index.js: `window.THIDUA_SEARCH = {...};` with one entry per unit,
/// document and page (type, title, detail, URL relative to the site root,
/// folded text). `strings` label the types. Only what `content` holds: a
/// public build indexes public content alone.
std::string search_index_js(const Content& content, const std::string& unit_label,
                            const std::string& document_label, const std::string& page_label);

}  // namespace thidua::site
