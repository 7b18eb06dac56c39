// The loaders of each kind of file, called by load_content in dependency order.
// Each reports every problem it finds and fills what it could read.
#pragma once

#include <string>
#include <string_view>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace thidua::load {

void load_site(const std::string& path, std::string_view text, Site& site, Diagnostics& diags);
/// Units and clusters; checks ids, references, parent cycles.
void load_units(const std::string& path, std::string_view text, Content& content,
                Diagnostics& diags);
/// One scheme; `file_id` is the file's name without ".json".
std::optional<Scheme> load_scheme(const std::string& path, std::string_view text,
                                  const std::string& file_id, Diagnostics& diags);
/// period.json of folder `folder_id`; the scheme and compare_to are checked
/// later. Returned despite errors in its fields when its id is valid.
std::optional<Period> load_period(const std::string& path, std::string_view text,
                                  const std::string& folder_id, Diagnostics& diags);
/// Appends a results file (JSON or CSV by extension) to `period.results`.
/// `scheme` may be null when the period's scheme is unknown.
void load_results(const std::string& path, std::string_view text, const Content& content,
                  const Scheme* scheme, Period& period, Diagnostics& diags);
void load_inspections(const std::string& path, std::string_view text, const Content& content,
                      Period& period, Diagnostics& diags);
/// A document under documents/; `slug` comes from the file name.
std::optional<Document> load_document(const std::string& path, std::string_view text,
                                      const std::string& slug, const Content& content,
                                      Diagnostics& diags);
std::optional<Page> load_page(const std::string& path, std::string_view text,
                              const std::string& url_path, Diagnostics& diags);

}  // namespace thidua::load
