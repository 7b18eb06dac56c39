// Documents (the list and each one), free pages, search and the 404 page.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "site/planner.hpp"
#include "site/urls.hpp"
#include "text/links.hpp"

namespace thidua::site {
namespace {

/// The title without the kind it starts with, its first letter made a
/// capital: under the kind's line (KẾ HOẠCH) a plan titled "Kế hoạch kiểm
/// tra…" reads "Kiểm tra…", as an administrative document's subject does.
/// The title itself when it does not start so.
std::string subject_of(const std::string& title, const std::string& kind) {
  const icu::UnicodeString t = icu::UnicodeString::fromUTF8(title);
  const icu::UnicodeString k = icu::UnicodeString::fromUTF8(kind);
  if (k.isEmpty() || t.length() <= k.length() + 1 || t[k.length()] != u' ' ||
      t.caseCompare(0, k.length(), k, 0, k.length(), U_FOLD_CASE_DEFAULT) != 0)
    return title;
  icu::UnicodeString rest = t.tempSubString(k.length()).trim();
  if (rest.isEmpty()) return title;
  const UChar32 first = rest.char32At(0);
  rest.replace(0, U16_LENGTH(first), icu::UnicodeString(u_toupper(first)));
  std::string out;
  rest.toUTF8String(out);
  return out;
}

}  // namespace

View Planner::documents_index() const {
  const std::string path = urls::documents();
  const std::string root = urls::root_of(path);
  View v = base(path, t("documents"), "documents");
  crumb(v, root, t("home"), urls::home());
  View rows = View::list();
  for (const auto* d : docs_) {
    View row = document_row(*d, root);
    row.set("period", nullptr);
    if (const Period* p = c_.find_period(d->period)) row.set("period", period_summary(*p, root));
    rows.push(std::move(row));
  }
  v.set("documents", std::move(rows));
  return v;
}

View Planner::document(const Document& d) const {
  const std::string path = urls::document(d.slug);
  const std::string root = urls::root_of(path);
  View v = base(path, d.title, "documents");
  crumb(v, root, t("home"), urls::home());
  crumb(v, root, t("documents"), urls::documents());
  View doc = document_row(d, root);
  doc.set("subject", subject_of(d.title, t("kind_" + d.kind)));
  doc.set("issuer", d.issuer.empty() ? c_.site.organization : d.issuer);
  doc.set("parent_issuer", c_.site.parent_organization);
  doc.set("place", d.place);
  doc.set("signer", nullptr);
  doc.set("period", nullptr);
  doc.set("date_line", "");
  if (d.issued) doc.set("date_line", format_long_date(*d.issued, locale_));
  if (d.signer)
    doc.set(
        "signer",
        {{"name", d.signer->name}, {"title", d.signer->title}, {"on_behalf", d.signer->on_behalf}});
  doc.set("recipients", d.recipients);
  if (const Period* p = c_.find_period(d.period)) doc.set("period", period_summary(*p, root));
  View units = View::list();
  for (const auto& id : d.units)
    if (const Unit* u = c_.find_unit(id)) units.push(unit_link(*u, root));
  doc.set("units", std::move(units));
  doc.set("original", d.original);
  v.set("document", std::move(doc));
  return v;
}

View Planner::free_page(const Page& p) const {
  const std::string path = urls::page(p.path);
  View v = base(path, p.title, "");
  crumb(v, urls::root_of(path), t("home"), urls::home());
  v.set("internal_page", p.visibility == Visibility::kInternal);
  v.set("original", p.original);
  return v;
}

View Planner::search_page() const {
  View v = base(urls::search(), t("search"), "search");
  crumb(v, urls::root_of(urls::search()), t("home"), urls::home());
  return v;
}

View Planner::not_found() const {
  // 404.html is served for any missing address, at any depth, so relative
  // links cannot work: it links from the site root (base_url's path).
  return base(urls::not_found(), t("not_found"), "", text::base_url_path(c_.site.base_url));
}

}  // namespace thidua::site
