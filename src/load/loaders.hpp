// The loaders of each kind of file, called by load_content in dependency order.
// Each reports every problem it finds and fills what it could read.
#pragma once

#include <string>
#include <string_view>

#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "text/fold.hpp"

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
/// One result per unit: an entry of another file adds the fields its unit's
/// first entry lacks (a JSON file adding notes, evidence or an override to
/// scores from a workbook). Both with scores is a unit scored twice; a field
/// both give is an error naming both places. Then each unit without a score
/// at all is said to have none.
void merge_results(Period& period, const Scheme* scheme, Diagnostics& diags);

void load_inspections(const std::string& path, std::string_view text, const Content& content,
                      Period& period, Diagnostics& diags);
/// A document under documents/; `slug` comes from the file name.
std::optional<Document> load_document(const std::string& path, std::string_view text,
                                      const std::string& slug, const Content& content,
                                      Diagnostics& diags);
std::optional<Page> load_page(const std::string& path, std::string_view text,
                              const std::string& url_path, Diagnostics& diags);

/// A Word document's side file `<name>.yml`: its path, and its text when
/// there is one.
struct SideFile {
  std::string path;
  std::optional<std::string_view> text;
};
/// A Word document under documents/ or pages/ (docs/content-format.md): its
/// body, its header recognised and completed by the side file, its images
/// and clean original as files beside it.
std::optional<Document> load_word_document(const std::string& path, std::string_view bytes,
                                           const SideFile& side, const std::string& slug,
                                           const Content& content, Diagnostics& diags);
std::optional<Page> load_word_page(const std::string& path, std::string_view bytes,
                                   const SideFile& side, const std::string& url_path,
                                   Diagnostics& diags);

/// " (did you mean "don-vi-b"?)" after a message about the unknown `id`,
/// the ids of `items` (units, clusters, schemes, criteria…) the candidates
/// (text::did_you_mean); "" when none is near. Only for the first 50 errors:
/// a file of 10,000 wrong ids is not compared 10,000 times with 10,000.
template <typename Items>
text::Message suggest(std::string_view id, const Items& items, const Diagnostics& diags) {
  if (diags.count(Severity::kError) >= 50) return {};
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& item : items) ids.push_back(item.id);
  return text::did_you_mean(id, ids);
}

/// The same among a scheme's criteria, in the scheme's order.
inline text::Message suggest_criterion(std::string_view id, const Scheme& scheme,
                                       const Diagnostics& diags) {
  if (diags.count(Severity::kError) >= 50) return {};
  std::vector<std::string> ids;
  for (const auto& s : scheme.sections)
    for (const auto& c : s.criteria) ids.push_back(c.id);
  return text::did_you_mean(id, ids);
}

}  // namespace thidua::load
