// The model: plain structs for everything a content folder holds. No I/O, no
// JSON types. `load` builds it, `apply_profile` strips what a profile must not
// see, and every later stage only reads it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/date.hpp"
#include "model/points.hpp"

namespace thidua {

/// Where something came from, for diagnostics: path relative to the source
/// folder, 1-based line and column (column counts characters, not bytes).
struct SourcePos {
  std::string path;
  int line = 0;
  int column = 0;
};

/// Fields under an `internal` key, flattened to dotted keys and text values
/// ("contact" → "…", "self_scores.I.1" → "10"). Empty in public builds.
using InternalFields = std::vector<std::pair<std::string, std::string>>;

struct Site {
  std::string title;
  std::string organization;
  std::string parent_organization;
  std::string base_url;
  std::string language = "vi";  ///< "vi" or "en"
  std::string theme = "default";
  std::string description;
  std::string signing_key;  ///< the office's minisign public key (its base64 line), or ""
  InternalFields internal;
};

/// A cluster's name from a date on (units.json: a cluster's "changes").
struct ClusterChange {
  Date from;
  std::string name;
};

struct Cluster {
  std::string id;
  std::string name;                    ///< as it stands now (see Unit); `changes` say since when
  std::vector<ClusterChange> changes;  ///< by date; empty for most clusters
  std::string first_name;              ///< the name before the first change
  std::optional<Date> active_from;     ///< when it was formed, if given
  std::optional<Date> active_to;       ///< when it ended, if it did
};

/// What may change about a unit from a date on (units.json: "changes").
struct UnitFacts {
  std::string name, short_name, kind, parent, cluster;
  bool operator==(const UnitFacts&) const = default;
};

/// A unit's facts from `from` on: each change complete (what it did not
/// change carried over from before it).
struct UnitChange {
  Date from;
  UnitFacts facts;
  SourcePos pos;
};

struct Unit {
  std::string id;
  std::string name;
  std::string short_name;
  std::string kind;
  std::string parent;   ///< "" for a root
  std::string cluster;  ///< always set after load: "other" when the input has none
  std::optional<Date> active_from;
  std::optional<Date> active_to;
  InternalFields internal;
  SourcePos pos;
  /// Dated facts: the name, short name, kind, parent and cluster above are
  /// those that stand now (at the end of the latest period that is not a
  /// draft); `first` are those before the first change, and each change
  /// holds them complete from its date on. Empty for most units.
  std::vector<UnitChange> changes;
  UnitFacts first;
  /// The units merged into this one, or the one it was split from
  /// (units.json "predecessors"); and, found from those, the units this one
  /// went into. Their periods continue each other's history.
  std::vector<std::string> predecessors;
  std::vector<std::string> successors;

  UnitFacts facts() const { return {name, short_name, kind, parent, cluster}; }
  /// The facts that stood on `day`.
  UnitFacts facts_on(Date day) const {
    if (changes.empty()) return facts();
    const UnitFacts* f = &first;
    for (const auto& c : changes)
      if (c.from <= day) f = &c.facts;
    return *f;
  }
  /// The name it had on `day`.
  std::string name_on(Date day) const { return changes.empty() ? name : facts_on(day).name; }
  void set_facts(const UnitFacts& f) {
    name = f.name;
    short_name = f.short_name;
    kind = f.kind;
    parent = f.parent;
    cluster = f.cluster;
  }

  /// True when the unit existed at some time during [start, end].
  bool active_during(Date start, Date end) const {
    return (!active_from || *active_from <= end) && (!active_to || *active_to >= start);
  }
};

/// The id of the implicit cluster of units that name none.
inline constexpr const char* kOtherCluster = "other";

struct Criterion {
  std::string id;
  std::string title;
  Points max = 0;
};

enum class SectionKind { kScore, kBonus, kPenalty };

struct Section {
  std::string id;
  std::string title;
  SectionKind kind = SectionKind::kScore;
  std::optional<Points> cap;  ///< the section's own "max", if given
  std::vector<Criterion> criteria;

  Points criteria_max() const {
    Points sum = 0;
    for (const auto& c : criteria) sum += c.max;
    return sum;
  }
  /// Most points the section can contribute: its cap, else its criteria's sum.
  Points max() const { return cap ? *cap : criteria_max(); }
};

struct Grade {
  std::string id;
  std::string label;
  Points min = 0;
};

struct Target {
  std::string id;
  std::string label;
  std::string unit;
  Points goal = 0;
  bool lower_is_better = false;
};

struct Scheme {
  std::string id;
  std::string title;
  std::vector<Section> sections;
  std::vector<Grade> grades;  ///< sorted by min, highest first
  std::vector<Target> targets;

  /// Sum of the score sections' maxima.
  Points max() const {
    Points sum = 0;
    for (const auto& s : sections)
      if (s.kind == SectionKind::kScore) sum += s.max();
    return sum;
  }
  const Criterion* find_criterion(const std::string& id) const;
  const Grade* find_grade(const std::string& id) const;
  const Target* find_target(const std::string& id) const;
};

enum class PeriodStatus { kDraft, kPublished, kArchived };

struct GradeOverride {
  std::string grade;
  std::string reason;
};

/// Points by key (criterion or target id), sorted by key, iterated in key
/// order like a std::map. The keys are kept apart from the points, in a list
/// that results with the same keys share (share_keys_with; the loader shares
/// them along a period's results): a result holds a few dozen entries, and a
/// string and a number each came to 1.8 KB a result, most of a loaded site
/// of 10,000 units x 10 periods.
class PointsByKey {
 public:
  using Keys = std::vector<std::string>;
  /// An entry as iteration gives it (by value): the key, and the points,
  /// both in the map (`&it->second` points at the points it holds).
  struct Entry {
    const std::string& first;
    const Points& second;
    operator std::pair<std::string, Points>() const { return {first, second}; }
  };
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Entry;
    using difference_type = std::ptrdiff_t;
    using reference = Entry;
    struct pointer {
      Entry entry;
      const Entry* operator->() const { return &entry; }
    };
    const_iterator() = default;
    Entry operator*() const { return {(*of_->keys_)[at_], of_->values_[at_]}; }
    pointer operator->() const { return {**this}; }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++at_;
      return before;
    }
    bool operator==(const const_iterator& o) const { return of_ == o.of_ && at_ == o.at_; }

   private:
    friend class PointsByKey;
    const_iterator(const PointsByKey* of, std::size_t at) : of_(of), at_(at) {}
    const PointsByKey* of_ = nullptr;
    std::size_t at_ = 0;
  };

  PointsByKey() = default;
  PointsByKey(std::initializer_list<std::pair<std::string, Points>> entries) {
    for (const auto& [k, v] : entries) (*this)[k] = v;
  }
  template <typename Map>  // any map of string to Points
  PointsByKey(const Map& map) {
    for (const auto& [k, v] : map) (*this)[k] = v;
  }

  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, values_.size()}; }
  bool empty() const { return values_.empty(); }
  std::size_t size() const { return values_.size(); }
  void clear() {
    keys_.reset();
    values_.clear();
  }
  void reserve(std::size_t n) {
    own_keys();
    keys_->reserve(n);
    values_.reserve(n);
  }
  const_iterator find(std::string_view key) const {
    const std::size_t at = lower_bound(key);
    return at < size() && (*keys_)[at] == key ? const_iterator(this, at) : end();
  }
  std::size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  /// The value of `key`; throws std::out_of_range when absent.
  Points at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("no entry \"" + std::string(key) + "\"");
    return it->second;
  }
  /// The value of `key`, inserted as 0 in its place when absent.
  Points& operator[](std::string_view key) {
    if (empty() || keys_->back() < key) {  // keys in order: append
      own_keys();
      keys_->emplace_back(key);
      return values_.emplace_back(0);
    }
    const std::size_t at = lower_bound(key);
    if ((*keys_)[at] != key) {
      own_keys();
      keys_->insert(keys_->begin() + static_cast<std::ptrdiff_t>(at), std::string(key));
      values_.insert(values_.begin() + static_cast<std::ptrdiff_t>(at), 0);
    }
    return values_[at];
  }
  /// The keys of `like`, shared, with `values`: as many, in key order.
  static PointsByKey with_keys_of(const PointsByKey& like, std::vector<Points> values) {
    PointsByKey p;
    if (values.size() != like.size()) throw std::invalid_argument("with_keys_of: not as many");
    p.keys_ = like.keys_;
    p.values_ = std::move(values);
    return p;
  }
  /// The `i`th key (in key order).
  const std::string& key(std::size_t i) const { return (*keys_)[i]; }
  /// Takes `other`'s list of keys when it holds the same keys: the two then
  /// share it (until either gets a key the other has not).
  void share_keys_with(const PointsByKey& other) {
    if (keys_ != other.keys_ && size() == other.size() && !empty() && *keys_ == *other.keys_)
      keys_ = other.keys_;
  }
  bool operator==(const PointsByKey& o) const {
    return values_ == o.values_ && (keys_ == o.keys_ || empty() || *keys_ == *o.keys_);
  }

 private:
  std::size_t lower_bound(std::string_view key) const {
    if (empty()) return 0;
    return static_cast<std::size_t>(
        std::lower_bound(keys_->begin(), keys_->end(), key,
                         [](const std::string& k, std::string_view want) { return k < want; }) -
        keys_->begin());
  }
  /// A list of keys of its own, to change: a shared one is copied (one held
  /// alone stays: no other can come to share it meanwhile).
  void own_keys() {
    if (!keys_)
      keys_ = std::make_shared<Keys>();
    else if (keys_.use_count() > 1)
      keys_ = std::make_shared<Keys>(*keys_);
  }
  std::shared_ptr<Keys> keys_;  ///< null while empty, or after clear()
  std::vector<Points> values_;  ///< by key, as keys_
};

struct Result {
  std::string unit;
  PointsByKey scores;   ///< by criterion id
  PointsByKey targets;  ///< actual value by target id
  std::optional<GradeOverride> grade_override;
  std::map<std::string, std::vector<std::string>> evidence;  ///< URLs by criterion id
  std::string note;
  PointsByKey self_scores;  ///< internal: the unit's own scoring
  InternalFields internal;  ///< other internal fields
  SourcePos pos;
  /// Where its unit is named, for messages: the position, and in a table the
  /// cell ("A2") and a workbook's sheet.
  SourcePos unit_pos;
  std::string unit_cell, unit_sheet;
};

/// Results with the same keys share their lists (PointsByKey::share_keys_with):
/// each result's with the one's before it.
void share_keys(std::vector<Result>& results);

/// A scheme's criteria sorted by id, each with its place in scheme order
/// (sections in order, then their criteria): a result's scores, sorted by id
/// too, are read in one walk along both rather than a search per criterion.
class CriteriaInOrder {
 public:
  explicit CriteriaInOrder(const Scheme& scheme);
  /// Each criterion's points in `scores`, in scheme order; null where absent.
  std::vector<const Points*> find(const PointsByKey& scores) const;

 private:
  std::vector<std::pair<std::string_view, std::size_t>> by_id_;
};

struct TeamMember {
  std::string name;
  std::string role;
  std::string title;
};

enum class Session { kMorning, kAfternoon, kAllDay };

struct Findings {
  std::vector<std::string> strengths;
  std::vector<std::string> weaknesses;
  std::vector<std::string> causes;
  std::vector<std::string> recommendations;
};

struct Visit {
  std::string id;  ///< optional; needed when a unit is visited twice in a period
  std::string unit;
  Date date;
  Session session = Session::kAllDay;
  int revision = 0;        ///< raised when the visit moves: its calendar SEQUENCE
  bool cancelled = false;  ///< kept, and said, rather than dropped
  std::string form;
  Findings findings;
  InternalFields internal;
  SourcePos pos;
};

struct Inspections {
  std::vector<TeamMember> team;
  std::vector<Visit> visits;  ///< by date, then session, then unit
};

/// A change to a sealed period's results, on the record (period.json).
struct Correction {
  Date date;
  std::vector<std::string> units;  ///< unit ids it changed
  std::string change, reason;
  std::string sealed;  ///< the period's seal after it, when the sources changed
  SourcePos pos;
};

struct Period {
  std::string id;
  std::string title;
  Date start;
  Date end;
  std::string scheme;
  PeriodStatus status = PeriodStatus::kPublished;
  std::string compare_to;         ///< explicit comparison period, or ""
  std::optional<Date> published;  ///< when its results were made public: feed and sitemap dates
  std::vector<Result> results;    ///< sorted by unit id
  std::optional<Inspections> inspections;
  SourcePos pos;             ///< of the period.json object
  SourcePos scheme_pos;      ///< of its "scheme" value
  SourcePos compare_to_pos;  ///< of its "compare_to" value
  std::string sealed;        ///< the seal `thidua archive` printed, or ""
  SourcePos sealed_pos;
  std::vector<Correction> corrections;  ///< in date order

  int length_days() const { return end.days() - start.days(); }
};

enum class Visibility { kPublic, kInternal };

struct Signer {
  std::string name;
  std::string title;
  std::string on_behalf;
};

/// A file a document or page brings to the site beside it, read from its
/// Word original: an image of its body, or the original for download.
struct Attachment {
  std::string name;                          ///< a file name: "hinh-1.png"
  std::shared_ptr<const std::string> bytes;  ///< what is written
};

/// What was read from a Word document's administrative header, for `check`
/// to show: {"number", "46-KH/ĐTN"}…; and which fields its side file gave.
struct Recognised {
  std::vector<std::pair<std::string, std::string>> fields;
  std::string side_path;               ///< "" when there is none
  std::vector<std::string> from_side;  ///< its keys
};

struct Document {
  std::string slug;         ///< from the file name, unique
  std::string source_path;  ///< relative to the source folder
  std::string title;
  std::string number;
  std::string kind = "other";  ///< plan | notice | outline | report | decision | other
  std::optional<Date> issued;
  std::string place;
  std::string issuer;
  std::optional<Signer> signer;
  std::string period;
  std::vector<std::string> units;
  std::vector<std::string> recipients;
  Visibility visibility = Visibility::kPublic;
  std::string body;  ///< GitHub-flavoured Markdown, rendered later
  /// From a Word document: its images and its original (named `original`).
  std::vector<Attachment> files;
  std::string original;
  std::optional<Recognised> recognised;
};

struct Page {
  std::string path;         ///< URL path without slashes at the ends, e.g. "gioi-thieu"
  std::string source_path;  ///< relative to the source folder
  std::string title;
  Visibility visibility = Visibility::kPublic;
  std::string body;
  std::vector<Attachment> files;  ///< as a Document's
  std::string original;
};

struct StaticFile {
  std::string path;  ///< relative to static/, forward slashes
  std::string source_path;
};

/// Everything a content folder holds, validated.
struct Content {
  Site site;
  std::vector<Cluster> clusters;  ///< as listed, plus "other" when used
  std::vector<Unit> units;        ///< as listed
  std::vector<Scheme> schemes;    ///< by id
  std::vector<Period> periods;    ///< by end date, then id
  std::vector<Document> documents;
  std::vector<Page> pages;
  std::vector<StaticFile> static_files;
  /// The content's own files of the site's theme: path below
  /// themes/<site.theme>/ → bytes. Read by load, so the render stage never
  /// touches the content folder.
  std::map<std::string, std::string> theme_files;
  /// Unit id → index into `units`, cluster id → index into `clusters`;
  /// rebuilt by index_units(). find_unit and find_cluster fall back to a scan
  /// while they are out of step (hand-built content in tests).
  std::unordered_map<std::string, std::size_t> unit_index;
  std::unordered_map<std::string, std::size_t> cluster_index;

  void index_units();
  const Unit* find_unit(const std::string& id) const;
  const Cluster* find_cluster(const std::string& id) const;
  /// Whether any unit or cluster has dated changes.
  bool has_changes() const;
  /// The units and clusters as they stood on `day` (each unit's facts, each
  /// cluster's name then), in the same order as `units` and `clusters`.
  std::vector<Unit> units_on(Date day) const;
  std::vector<Cluster> clusters_on(Date day) const;
  /// The day whose organisation is the current one: the end of the latest
  /// period that is not a draft (never the clock's date); without one, the
  /// latest change's date.
  Date current_day() const;
  /// Sets each unit's and cluster's facts to those of current_day().
  void settle_current();
  const Scheme* find_scheme(const std::string& id) const;
  const Period* find_period(const std::string& id) const;
};

enum class Profile { kPublic, kIntranet };

/// Drops everything `profile` must not see: for kPublic, every internal field,
/// self scores, internal documents and pages, draft periods. Applied once,
/// right after loading, so no later stage can leak what it never receives.
void apply_profile(Content& content, Profile profile);

/// The content as it stood at the end of period `period_id`, for its archive
/// snapshot: later periods are dropped, and so are documents of later periods
/// and documents without a period issued after it (or undated), and schemes
/// no remaining period uses. False when the period does not exist or is a draft.
bool keep_until_period(Content& content, const std::string& period_id);

}  // namespace thidua
