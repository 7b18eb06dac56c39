#include "load/load.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include "load/json_reader.hpp"
#include "load/json_tree.hpp"
#include "load/loaders.hpp"
#include "model/records.hpp"

namespace thidua::load {
namespace {

bool is_readme(const std::string& path) {
  return path.find('/') == std::string::npos &&
         (path.starts_with("README") || path.starts_with("readme"));
}

/// The parts of `path` split at '/'.
std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

/// Whether file `name` is `base`.json or its table (.xlsx, .ods, and .csv
/// when `csv`): the forms a content file may take.
bool is_form_of(const std::string& name, const std::string& base, bool csv) {
  return name == base + ".json" || name == base + ".xlsx" || name == base + ".ods" ||
         (csv && name == base + ".csv");
}

bool is_units_file(const std::string& path) { return is_form_of(path, "units", true); }

std::string stem(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

/// Top-level output names a free page may not take.
const std::set<std::string> kReservedPaths = {"periods",    "units",    "documents", "data",
                                              "search",     "assets",   "feed.xml",  "sitemap.xml",
                                              "robots.txt", "404.html", "index.html"};

/// The largest content file thidua reads: a results file of 100,000 units
/// is about 60 MB; a Markdown document, a few hundred KB. Past these, a file
/// is a mistake (a pasted dump, a 200 MB note) that would take gigabytes to
/// parse.
constexpr std::size_t kMaxDataFile = 256u << 20, kMaxMarkdownFile = 16u << 20;

/// "" when a file of `size` bytes at `path` may be read; else the message.
/// Why a file of `size` bytes at `path` is not read; nullopt when it may be.
std::optional<text::Message> too_large(const std::string& path, std::uintmax_t size) {
  const bool markdown = path.ends_with(".md") || path.ends_with(".docx");
  const std::size_t limit = markdown ? kMaxMarkdownFile : kMaxDataFile;
  if (size <= limit) return std::nullopt;
  return text::Message(markdown ? "file-too-large-document" : "file-too-large-data",
                       {{"size", static_cast<std::int64_t>(size >> 20)}, {"limit", limit >> 20}});
}

/// The file at `path`, unless the listing already says it is over its limit
/// (then it is not read at all; the caller reports too_large).
std::optional<std::string> read_within(const SourceTree& tree, const std::string& path,
                                       std::string* why = nullptr) {
  if (const auto size = tree.listed_size(path); size && too_large(path, *size)) return std::nullopt;
  return tree.read(path, why);
}

/// Why `path` was not read: over its limit, or what the system said.
text::Message unread(const SourceTree& tree, const std::string& path, const std::string& why) {
  if (const auto size = tree.listed_size(path))
    if (auto m = too_large(path, *size)) return *m;
  return text::Message("cannot-read", {{"reason", why}});
}

class Loader {
 public:
  Loader(const SourceTree& tree, Loaded& out, LoadCache* cache, const ResultsCache* results)
      : tree_(tree), out_(out), cache_(cache), results_cache_(results) {}

  void run() {
    const std::vector<std::string> files = tree_.list(out_.diags);
    sort_files(files);
    Content& c = out_.content;
    if (auto text = read_required("site.json")) load_site("site.json", *text, c.site, out_.diags);
    load_theme_files();
    const int errors_before_units = out_.diags.count(Severity::kError);
    units_file_ = one_form("units");
    const auto units_text = read_required(units_file_);
    against_.text(units_file_).flag(units_text.has_value()).text(units_text.value_or(""));
    if (units_text) load_units(units_file_, *units_text, c, out_.diags);
    // units.json that could not be read at all would make every reference to
    // a unit an error too; those are left out so the real fault stands alone.
    const bool units_unusable =
        c.units.empty() && out_.diags.count(Severity::kError) > errors_before_units;
    for (const auto& path : scheme_files_) {
      auto text = read(path);
      against_.text(path).flag(text.has_value()).text(text.value_or(""));
      if (!text) continue;
      const std::string id = stem(split(path)[1]);
      if (auto s = load_scheme(path, *text, id, out_.diags)) {
        if (c.find_scheme(s->id))
          out_.diags.error({path, 1, 1}, text::Message("duplicate-scheme", {{"id", s->id}}));
        else
          c.schemes.push_back(std::move(*s));
      } else {
        broken_schemes_.insert(id);  // its errors are said; periods using it say nothing more
      }
    }
    std::sort(c.schemes.begin(), c.schemes.end(),
              [](const Scheme& a, const Scheme& b) { return a.id < b.id; });
    against_hash_ = records::hex(against_.finish());
    load_periods();
    // The units as they stand now; each period takes its own (Content::units_on).
    c.settle_current();
    load_markdown();
    for (const auto& path : static_files_) c.static_files.push_back({path.substr(7), path});
    if (units_unusable)
      out_.diags.remove_if([this](const Diagnostic& d) {  // after a cell's name too ("cell A2: ")
        return d.pos.path != units_file_ && d.what.mentions("unknown-unit");
      });
    out_.diags.sort();
  }

 private:
  std::optional<std::string> read(const std::string& path) {
    std::string why;
    auto text = read_within(tree_, path, &why);
    if (!text) out_.diags.error({path, 0, 0}, unread(tree_, path, why));
    if (text) {
      if (auto problem = too_large(path, text->size())) {
        out_.diags.error({path, 0, 0}, std::move(*problem));
        return std::nullopt;
      }
    }
    return text;
  }

  /// `*kept` is `path`, unless it is already another form of the same file
  /// (period.json and period.xlsx): that is an error naming both.
  void one_of_forms(std::string& kept, const std::string& path) {
    if (kept.empty()) {
      kept = path;
      return;
    }
    out_.diags.error({path, 0, 0},
                     text::Message("file-in-two-forms", {{"file", path}, {"other", kept}}));
  }

  void scheme_file(const std::string& path) {
    for (const auto& other : scheme_files_)
      if (stem(other) == stem(path))
        return out_.diags.error(
            {path, 0, 0}, text::Message("file-in-two-forms", {{"file", path}, {"other", other}}));
    scheme_files_.push_back(path);
  }

  /// The file `base` is kept in: `base`.json, or a table of the same name
  /// (.xlsx, .ods, .csv); `base`.json when there is none (its absence is
  /// said by read_required). Two forms of one file are an error: which one
  /// holds the truth cannot be guessed.
  std::string one_form(const std::string& base) {
    std::string found;
    for (const char* ext : {".json", ".xlsx", ".ods", ".csv"}) {
      const std::string path = base + ext;
      if (!present_.count(path)) continue;
      if (found.empty())
        found = path;
      else
        out_.diags.error({path, 0, 0},
                         text::Message("file-in-two-forms", {{"file", path}, {"other", found}}));
    }
    return found.empty() ? base + ".json" : found;
  }

  std::optional<std::string> read_required(const std::string& path) {
    if (!present_.count(path)) {
      out_.diags.error({path, 0, 0}, text::Message("missing-required-file", {{"file", path}}));
      return std::nullopt;
    }
    return read(path);
  }

  void load_theme_files() {
    Content& c = out_.content;
    const std::string prefix = "themes/" + c.site.theme + "/";
    for (const auto& path : theme_paths_)
      if (path.starts_with(prefix))
        if (auto bytes = read(path)) {
          // UI strings are JSON as content is: a key given twice (the later
          // one silently won) is an error naming both lines.
          if (path.ends_with(".json"))
            parse_json(*bytes, path, text::TextIndex(*bytes), out_.diags);
          c.theme_files.emplace(path.substr(prefix.size()), *bytes);
        }
  }

  void ignored(const std::string& path, const char* why, const std::string& folder = "") {
    out_.diags.warning(
        {path, 0, 0},
        text::Message("ignored", {{"why", text::Message(why, {{"folder", folder}})}}));
  }

  void sort_files(const std::vector<std::string>& files) {
    for (const auto& path : files) {
      present_.insert(path);
      const auto parts = split(path);
      const std::string& top = parts[0];
      if (parts.size() == 1) {
        if (path != "site.json" && !is_units_file(path) && !is_readme(path))
          ignored(path, "ignored-not-read");
      } else if (top == "schemes") {
        if (parts.size() == 2 && is_form_of(parts[1], stem(parts[1]), false))
          scheme_file(path);
        else
          ignored(path, "ignored-schemes-folder");
      } else if (top == "periods") {
        sort_period_file(path, parts);
      } else if (top == "documents" || top == "pages") {
        if (path.ends_with(".md") || path.ends_with(".docx"))
          (top == "documents" ? document_files_ : page_files_).push_back(path);
        else if (path.ends_with(".yml"))
          side_files_.insert(path);  // a Word document's; said when it has none
        else
          ignored(path, "ignored-markdown-folder", top);
      } else if ((top == "static" || top == "themes") && tree_.is_link(path)) {
        // Published as they are: a link could publish a file of the content
        // folder unchecked (inspections.json, internal fields and all).
        out_.diags.error({path, 0, 0}, text::Message("published-link", {{"folder", top}}));
      } else if (top == "static") {
        // .git, .env, .htpasswd: never published. One warning per hidden
        // folder, not per file in it. .well-known/ (security.txt, domain
        // checks) is a web address by standard, so it is published.
        const auto hidden = std::find_if(parts.begin() + 1, parts.end(), [&](const std::string& p) {
          return p.starts_with(".") && !(p == ".well-known" && &p == &parts[1]);
        });
        if (hidden == parts.end()) {
          static_files_.push_back(path);
        } else {
          std::string shown;
          for (auto p = parts.begin(); p != hidden + 1; ++p)
            shown += (shown.empty() ? "" : "/") + *p;
          if (hidden_.insert(shown).second) ignored(shown, "ignored-hidden-static");
        }
      } else if (top == "themes") {
        theme_paths_.push_back(path);  // those of the site's theme are read once site.json is
      } else if (!top.starts_with(".")) {
        ignored(path, "ignored-folder-not-read");
      }
    }
  }

  /// Results by unit id (each unit once). They are large: the ids are
  /// sorted, and each result moved once.
  static void sort_by_unit(std::vector<Result>& results) {
    const auto by_unit = [](const Result& a, const Result& b) { return a.unit < b.unit; };
    if (std::is_sorted(results.begin(), results.end(), by_unit)) return;
    std::vector<std::pair<std::string_view, std::size_t>> order;
    order.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) order.emplace_back(results[i].unit, i);
    std::sort(order.begin(), order.end());
    std::vector<Result> sorted;
    sorted.reserve(results.size());
    for (const auto& [unit, i] : order) sorted.push_back(std::move(results[i]));
    results = std::move(sorted);
  }

  void sort_period_file(const std::string& path, const std::vector<std::string>& parts) {
    if (parts.size() < 3) return ignored(path, "ignored-periods-folder");
    auto& files = period_files_[parts[1]];
    const std::string& name = parts[2];
    if (parts.size() == 3 && is_form_of(name, "period", false))
      one_of_forms(files.period, path);
    else if (parts.size() == 3 && is_form_of(name, "inspections", false))
      one_of_forms(files.inspections, path);
    else if ((parts.size() == 3 && name.starts_with("results.")) ||
             (parts.size() == 4 && name == "results"))
      results_file(path, files);
    else
      ignored(path, "ignored-period-folder");
  }

  /// results.json|csv|xlsx|ods or a file under results/: read by its extension.
  /// A workbook thidua cannot read yet is an error, never skipped: its units
  /// would silently come out without results.
  struct PeriodFiles;
  void results_file(const std::string& path, PeriodFiles& files) {
    std::string ext = path.substr(path.rfind('.') + 1);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == "json" || ext == "csv" || ext == "xlsx" || ext == "ods") {
      files.results.push_back(path);
    } else if (ext == "xls" || ext == "xlsm" || ext == "xlsb" || ext == "numbers" ||
               ext == "fods") {
      out_.diags.error({path, 0, 0}, text::Message("results-format-refused"));
      files.refused.push_back(path);
    } else
      ignored(path, "ignored-period-folder");
  }

  std::string units_file_ = "units.json";  ///< units.json, or its table

  struct PeriodFiles {
    std::string period;
    std::vector<std::string> results;
    std::vector<std::string> refused;  ///< results in a format not read (an error of their own)
    std::string inspections;
  };

  /// One period folder, from the texts of its files (nullopt: unreadable),
  /// into its own diagnostics. Reads only what is loaded before periods
  /// (units, schemes).
  LoadCache::Period load_period_folder(
      const std::string& folder, const PeriodFiles& files,
      const std::map<std::string, std::optional<std::string>>& texts) const {
    LoadCache::Period out;
    Diagnostics& diags = out.diags;
    const Content& c = out_.content;
    static const std::optional<std::string> kNone;
    auto read = [&](const std::string& path) -> const std::optional<std::string>& {
      const auto& text = texts.at(path);
      if (!text) {
        std::string why;  // asked again: a failed read is cheap
        if (const auto size = tree_.listed_size(path); !size || !too_large(path, *size))
          tree_.read(path, &why);
        diags.error({path, 0, 0}, unread(tree_, path, why));
      } else if (auto problem = too_large(path, text->size())) {
        diags.error({path, 0, 0}, std::move(*problem));
        return kNone;
      }
      return text;
    };
    if (!valid_id(folder, IdKind::kEntity)) {
      diags.error({"periods/" + folder, 0, 0},
                  text::Message("invalid-period-folder",
                                {{"name", folder}, {"rule", id_rule(IdKind::kEntity)}}));
      return out;
    }
    if (files.period.empty()) {
      diags.error({"periods/" + folder + "/period.json", 0, 0},
                  text::Message("missing-period-json"));
      return out;
    }
    const auto& text = read(files.period);
    if (!text) return out;
    auto period = load_period(files.period, *text, folder, diags);
    if (!period) {
      // Keep the id known so that documents naming it report nothing more.
      Period placeholder;
      placeholder.id = folder;
      placeholder.pos = {files.period, 0, 0};
      out.period = std::move(placeholder);
      return out;
    }
    const Scheme* scheme = c.find_scheme(period->scheme);
    if (!scheme && !period->scheme.empty() && !broken_schemes_.count(period->scheme)) {
      diags.error(
          period->scheme_pos,
          text::Message("unknown-scheme", {{"id", period->scheme},
                                           {"hint", suggest(period->scheme, c.schemes, diags)}}));
    }
    // The results, from the cache when every results file is as an earlier
    // load read it, with units, schemes and period.json (results_cache.hpp).
    std::vector<std::pair<const std::string*, const std::string*>> readable;
    for (const auto& path : files.results)
      if (const auto& t = read(path)) readable.emplace_back(&path, &*t);
    std::string key;
    std::optional<std::vector<Result>> cached;
    if (results_cache_ && !files.results.empty() && readable.size() == files.results.size() &&
        files.refused.empty()) {
      std::vector<std::string_view> parts{against_hash_, folder, files.period, *text};
      for (const auto& [path, t] : readable) parts.insert(parts.end(), {*path, *t});
      key = results_cache_->key(parts);
      cached = results_cache_->find(key);
    }
    if (cached) {
      period->results = std::move(*cached);
    } else {
      const std::size_t before = diags.items().size();
      for (const auto& [path, t] : readable) load_results(*path, *t, c, scheme, *period, diags);
      if (!key.empty() && diags.items().size() == before) results_cache_->put(key, period->results);
    }
    sort_by_unit(period->results);  // a unit's entries side by side, in file order
    merge_results(*period, scheme, diags);
    share_keys(period->results);
    if (!files.inspections.empty())
      if (const auto& t = read(files.inspections))
        load_inspections(files.inspections, *t, c, *period, diags);
    // A refused results file has its error: "no results file" would contradict it.
    if (files.results.empty() && files.refused.empty() && period->status != PeriodStatus::kDraft)
      diags.warning(period->pos, text::Message("no-results-file", {{"period", period->id}}));
    out.period = std::move(period);
    return out;
  }

  void load_periods() {
    Content& c = out_.content;
    // With a cache, a folder whose files, units.json and schemes are all as
    // they were is not parsed again: its period and diagnostics are copied.
    if (cache_) {
      if (against_hash_ != cache_->against) cache_->periods.clear();
      cache_->against = against_hash_;
    }
    // Each folder's files are read in turn; those the cache does not have are
    // then loaded on as many threads as there are cores (a folder reads only
    // what was loaded before it, and writes only its own entry), and taken
    // in folder order, so that neither the periods nor their diagnostics
    // depend on the threads.
    struct Folder {
      const std::string* folder;
      const PeriodFiles* files;
      std::map<std::string, std::optional<std::string>> texts;
      LoadCache::Period* entry = nullptr;
      LoadCache::Period loaded = {};
    };
    std::vector<Folder> folders;
    for (const auto& [folder, files] : period_files_) {
      Folder& f = folders.emplace_back(Folder{&folder, &files, {}});
      for (const auto& path : files.results) f.texts[path] = read_within(tree_, path);
      for (const auto& path : files.refused) f.texts["\n" + path] = std::nullopt;  // in the key
      for (const auto& path : {files.period, files.inspections})
        if (!path.empty()) f.texts[path] = read_within(tree_, path);
      if (cache_)
        if (auto it = cache_->periods.find(folder);
            it != cache_->periods.end() && it->second.texts == f.texts)
          f.entry = &it->second;
    }
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      for (std::size_t i; (i = next++) < folders.size();) {
        Folder& f = folders[i];
        if (f.entry) continue;
        f.loaded = load_period_folder(*f.folder, *f.files, f.texts);
        if (cache_) f.loaded.texts = std::move(f.texts);  // its key
        f.texts.clear();
        f.entry = &f.loaded;
      }
    };
    const std::size_t threads =
        std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), folders.size());
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    std::map<std::string, LoadCache::Period> kept;
    for (auto& [folder_name, files, texts, entry, loaded] : folders) {
      const std::string& folder = *folder_name;
      out_.diags.append(entry->diags);
      // Copied when the cache keeps it, moved otherwise.
      if (entry->period)
        c.periods.push_back(cache_ ? Period(*entry->period) : std::move(*entry->period));
      if (cache_) kept.emplace(folder, std::move(*entry));
    }
    if (cache_) cache_->periods = std::move(kept);
    std::sort(c.periods.begin(), c.periods.end(), [](const Period& a, const Period& b) {
      return std::tie(a.end, a.start, a.id) < std::tie(b.end, b.start, b.id);
    });
    for (const auto& p : c.periods) {
      if (p.compare_to.empty()) continue;
      const Period* other = c.find_period(p.compare_to);
      if (!other)
        out_.diags.error(p.compare_to_pos,
                         text::Message("compare-to-unknown",
                                       {{"period", p.compare_to},
                                        {"hint", suggest(p.compare_to, c.periods, out_.diags)}}));
      else if (other->id == p.id)
        out_.diags.error(p.compare_to_pos, text::Message("compare-to-itself"));
      else if (other->end >= p.end)
        out_.diags.error(
            p.compare_to_pos,
            text::Message("compare-to-later", {{"period", other->id}, {"end", other->end.iso()}}));
      else if (other->status == PeriodStatus::kDraft)
        out_.diags.error(p.compare_to_pos,
                         text::Message("compare-to-draft", {{"period", other->id}}));
    }
  }

  void load_markdown() {
    Content& c = out_.content;
    std::map<std::string, std::string> slugs;
    for (const auto& path : document_files_) {
      const std::string name = split(path).back();
      const std::string slug = stem(name);
      if (!valid_id(slug, IdKind::kEntity)) {
        out_.diags.error({path, 0, 0}, text::Message("invalid-document-name",
                                                     {{"name", name},
                                                      {"id", id_of_name(slug)},
                                                      {"rule", id_rule(IdKind::kEntity)}}));
        continue;
      }
      if (auto [it, fresh] = slugs.emplace(slug, path); !fresh) {
        out_.diags.error({path, 0, 0}, text::Message("duplicate-document",
                                                     {{"name", name}, {"other", it->second}}));
        continue;
      }
      auto text = read(path);
      if (!text) continue;
      if (path.ends_with(".docx")) {
        const SideFile side = side_file(path);
        if (auto d = load_word_document(path, *text, side, slug, c, out_.diags))
          c.documents.push_back(std::move(*d));
      } else if (auto d = load_document(path, *text, slug, c, out_.diags)) {
        c.documents.push_back(std::move(*d));
      }
    }
    // Newest first; undated last; then by slug.
    std::sort(c.documents.begin(), c.documents.end(), [](const Document& a, const Document& b) {
      const Date none{0, 0, 0};
      return std::tie(b.issued ? *b.issued : none, a.slug) <
             std::tie(a.issued ? *a.issued : none, b.slug);
    });
    std::map<std::string, std::string> page_urls;
    for (const auto& path : page_files_) {
      auto parts = split(path.substr(6));  // below pages/
      parts.back() = stem(parts.back());
      if (parts.back() == "index") parts.pop_back();
      std::string url;
      bool ok = !parts.empty();
      for (const auto& p : parts) {
        ok = ok && valid_id(p, IdKind::kEntity);
        url += (url.empty() ? "" : "/") + p;
      }
      if (!ok) {
        out_.diags.error({path, 0, 0},
                         parts.empty()
                             ? text::Message("page-replaces-home")
                             : text::Message("invalid-page-path",
                                             {{"path", url}, {"rule", id_rule(IdKind::kEntity)}}));
        continue;
      }
      if (auto [it, fresh] = page_urls.emplace(url, path); !fresh) {
        out_.diags.error({path, 0, 0}, text::Message("page-address-taken",
                                                     {{"address", url}, {"other", it->second}}));
        continue;
      }
      if (kReservedPaths.count(parts[0])) {
        out_.diags.error({path, 0, 0}, text::Message("page-address-reserved",
                                                     {{"address", url}, {"folder", parts[0]}}));
        continue;
      }
      auto text = read(path);
      if (!text) continue;
      if (path.ends_with(".docx")) {
        const SideFile side = side_file(path);
        if (auto p = load_word_page(path, *text, side, url, out_.diags))
          c.pages.push_back(std::move(*p));
      } else if (auto p = load_page(path, *text, url, out_.diags)) {
        c.pages.push_back(std::move(*p));
      }
    }
    // A side file completes a Word document of its name: alone, it is not read.
    for (const auto& path : side_files_)
      if (!side_texts_.count(path))
        out_.diags.warning({path, 0, 0},
                           text::Message("word-side-alone", {{"docx", stem(path) + ".docx"}}));
  }

  /// The side file of the Word document at `path`, read when there is one.
  SideFile side_file(const std::string& path) {
    SideFile side{stem(path) + ".yml", std::nullopt};
    if (!side_files_.count(side.path)) return side;
    auto& text = side_texts_[side.path];
    if (auto t = read(side.path)) text = std::move(*t);
    side.text = text;
    return side;
  }

  const SourceTree& tree_;
  Loaded& out_;
  LoadCache* cache_;
  const ResultsCache* results_cache_;
  records::Writer against_;  ///< units and schemes as read, for the caches' keys
  std::string against_hash_;
  std::set<std::string> present_;
  std::vector<std::string> scheme_files_, document_files_, page_files_, static_files_, theme_paths_;
  std::set<std::string> hidden_;                   ///< hidden parts of static/ already reported
  std::set<std::string> side_files_;               ///< .yml under documents/ and pages/
  std::map<std::string, std::string> side_texts_;  ///< those read, by path
  std::map<std::string, PeriodFiles> period_files_;
  std::set<std::string> broken_schemes_;  ///< ids (file names) of schemes with errors
};

}  // namespace

Site load_site_settings(const SourceTree& tree) {
  Site site;
  Diagnostics ignored;  // load_content reports them
  if (const auto text = tree.read("site.json")) load_site("site.json", *text, site, ignored);
  return site;
}

Loaded load_content(const SourceTree& tree, LoadCache* cache, const ResultsCache* results) {
  Loaded out;
  Loader(tree, out, cache, results).run();
  return out;
}

}  // namespace thidua::load
