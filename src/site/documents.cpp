// Documents (the list and each one), free pages, search and the 404 page.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "site/planner.hpp"
#include "site/search.hpp"
#include "site/urls.hpp"
#include "text/links.hpp"

namespace thidua::site {

static View documents_index(const Context& x);
static View document(const Context& x, const Document& d);
static View free_page(const Context& x, const Page& p);
static View search_page(const Context& x);
static View not_found(const Context& x);
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

static View documents_index(const Context& x) {
  const std::string path = urls::documents();
  const std::string root = urls::root_of(path);
  View v = x.base(path, x.t("documents"), "documents");
  x.crumb(v, root, x.t("home"), urls::home());
  View rows = View::list();
  for (const auto* d : x.docs) {
    View row = document_row(x, *d, root);
    row.set("period", nullptr);
    if (const Period* p = x.c.find_period(d->period))
      row.set("period", period_summary(x, *p, root));
    rows.push(std::move(row));
  }
  v.set("documents", std::move(rows));
  return v;
}

static View document(const Context& x, const Document& d) {
  const std::string path = urls::document(d.slug);
  const std::string root = urls::root_of(path);
  View v = x.base(path, d.title, "documents");
  x.crumb(v, root, x.t("home"), urls::home());
  x.crumb(v, root, x.t("documents"), urls::documents());
  View doc = document_row(x, d, root);
  doc.set("subject", subject_of(d.title, x.t("kind_" + d.kind)));
  doc.set("issuer", d.issuer.empty() ? x.c.site.organization : d.issuer);
  doc.set("parent_issuer", x.c.site.parent_organization);
  doc.set("place", d.place);
  doc.set("signer", nullptr);
  doc.set("period", nullptr);
  doc.set("date_line", "");
  if (d.issued) doc.set("date_line", format_long_date(*d.issued, x.locale));
  if (d.signer)
    doc.set(
        "signer",
        {{"name", d.signer->name}, {"title", d.signer->title}, {"on_behalf", d.signer->on_behalf}});
  doc.set("recipients", d.recipients);
  if (const Period* p = x.c.find_period(d.period)) doc.set("period", period_summary(x, *p, root));
  View units = View::list();
  for (const auto& id : d.units)
    if (const Unit* u = x.c.find_unit(id)) units.push(unit_link(*u, root));
  doc.set("units", std::move(units));
  doc.set("original", d.original);
  v.set("document", std::move(doc));
  return v;
}

static View free_page(const Context& x, const Page& p) {
  const std::string path = urls::page(p.path);
  View v = x.base(path, p.title, "");
  x.crumb(v, urls::root_of(path), x.t("home"), urls::home());
  v.set("internal_page", p.visibility == Visibility::kInternal);
  v.set("original", p.original);
  return v;
}

static View search_page(const Context& x) {
  View v = x.base(urls::search(), x.t("search"), "search");
  x.crumb(v, urls::root_of(urls::search()), x.t("home"), urls::home());
  return v;
}

static View not_found(const Context& x) {
  // 404.html is served for any missing address, at any depth, so relative
  // links cannot work: it links from the site root (base_url's path).
  return x.base(urls::not_found(), x.t("not_found"), "", text::base_url_path(x.c.site.base_url));
}

void plan_documents(const Context& x, Plan& plan) {
  const Inputs all = x.everything();
  add_page(plan, urls::documents(), "documents", all, [&x] { return documents_index(x); });
  for (const auto* d : x.docs) {
    add_page(
        plan, urls::document(d->slug), "document", all, [&x, d] { return document(x, *d); },
        &d->body);
    for (const auto& f : d->files)
      add_file(
          plan, urls::document_file(d->slug, f.name), [d](records::Writer& w) { write(w, *d); },
          [&f] { return *f.bytes; });
  }
  for (const auto& p : x.c.pages) {
    add_page(
        plan, urls::page(p.path), "page", all, [&x, &p] { return free_page(x, p); }, &p.body);
    for (const auto& f : p.files)
      add_file(
          plan, urls::page_file(p.path, f.name), [&p](records::Writer& w) { write(w, p); },
          [&f] { return *f.bytes; });
  }
  add_page(plan, urls::search(), "search", all, [&x] { return search_page(x); });
  add_file(plan, urls::search_index(), all,
           [&x] { return search_index_js(x.c, x.t("unit"), x.t("document"), x.t("page")); });
  add_page(plan, urls::not_found(), "404", all, [&x] { return not_found(x); });
}

}  // namespace thidua::site
