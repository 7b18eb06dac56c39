#include "load/results_cache.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

#include "model/records.hpp"
#include "platform/files.hpp"
#include "platform/paths.hpp"
#include "text/sha256.hpp"

namespace thidua::load {
namespace {

constexpr std::string_view kHeader = "thidua results 2\n";

// Every field of Result, in order: a field added to Result and not here
// would be lost by a cached period. This size is Result's on the 64-bit
// targets thidua is built for; a new field changes it.
static_assert(sizeof(void*) != 8 || sizeof(Result) == 472,
              "Result changed: keep its new fields in encode_results/decode_results");

class Out {
 public:
  explicit Out(std::string& s) : s_(s) {}
  /// Seven bits a byte, the lowest first, the last byte's top bit clear.
  void number(std::uint64_t n) {
    for (; n >= 0x80; n >>= 7) s_.push_back(static_cast<char>((n & 0x7f) | 0x80));
    s_.push_back(static_cast<char>(n));
  }
  /// Zigzag: small negative numbers stay short.
  void signed_number(std::int64_t n) {
    number((static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63));
  }
  void text(std::string_view t) {
    number(t.size());
    s_.append(t);
  }
  void pos(const SourcePos& p) {
    text(p.path);
    signed_number(p.line);
    signed_number(p.column);
  }
  /// Points: their count, doubled, and each key and value; or, when the
  /// result before had the same keys, the count doubled plus one and the
  /// values alone (a period's results mostly share their criteria).
  void points(const PointsByKey& points, const PointsByKey& before) {
    bool same = !points.empty() && points.size() == before.size();
    for (std::size_t i = 0; same && i < points.size(); ++i) same = points.key(i) == before.key(i);
    number(points.size() * 2 + (same ? 1 : 0));
    for (const auto& [key, value] : points) {
      if (!same) text(key);
      signed_number(value);
    }
  }
  void fields(const InternalFields& fields) {
    number(fields.size());
    for (const auto& [k, v] : fields) {
      text(k);
      text(v);
    }
  }

 private:
  std::string& s_;
};

class In {
 public:
  explicit In(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool at_end() const { return s_.empty(); }
  std::uint64_t number() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (s_.empty()) return fail();
      const auto byte = static_cast<unsigned char>(s_.front());
      s_.remove_prefix(1);
      n |= std::uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return n;
    }
    return fail();  // longer than any number written
  }
  std::int64_t signed_number() {
    const std::uint64_t z = number();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  /// A count of things each at least `least` bytes long: no more than are left.
  std::size_t count(std::size_t least) {
    const std::uint64_t n = number();
    return n <= s_.size() / least ? static_cast<std::size_t>(n) : fail();
  }
  std::string text() {
    const std::uint64_t n = number();
    if (n > s_.size()) return fail(), std::string();
    std::string t(s_.substr(0, static_cast<std::size_t>(n)));
    s_.remove_prefix(static_cast<std::size_t>(n));
    return t;
  }
  int small() {
    const std::int64_t n = signed_number();
    return n >= INT32_MIN && n <= INT32_MAX ? static_cast<int>(n) : static_cast<int>(fail());
  }
  SourcePos pos() {
    SourcePos p;
    p.path = text();
    p.line = small();
    p.column = small();
    return p;
  }
  /// Points; with the keys of `like`, shared, when they are the same (most
  /// results of a period have the keys of the one before).
  PointsByKey points(const PointsByKey& like) {
    const std::uint64_t tagged = number();
    const std::uint64_t n = tagged / 2;
    if (tagged % 2 == 0) return points(n);
    // The keys of the result before, the values alone.
    if (n == 0 || n != like.size() || n > s_.size()) return fail(), PointsByKey();
    std::vector<Points> values(static_cast<std::size_t>(n));
    for (auto& v : values) v = signed_number();
    return ok_ ? PointsByKey::with_keys_of(like, std::move(values)) : PointsByKey();
  }
  /// `n` keys and values, keys of their own.
  PointsByKey points(std::uint64_t count) {
    PointsByKey out;
    if (count > s_.size() / 2) return fail(), PointsByKey();
    const auto n = static_cast<std::size_t>(count);
    out.reserve(n);
    std::string last;
    for (std::size_t i = 0; i < n && ok_; ++i) {
      std::string key = text();
      const Points value = signed_number();
      if (i > 0 && !(last < key)) return fail(), PointsByKey();  // sorted, unique
      out[key] = value;
      last = std::move(key);
    }
    return out;
  }
  InternalFields fields() {
    InternalFields out;
    const std::size_t n = count(2);
    for (std::size_t i = 0; i < n && ok_; ++i) {
      std::string k = text();
      out.emplace_back(std::move(k), text());
    }
    return out;
  }

 private:
  std::uint64_t fail() {
    ok_ = false;
    s_ = {};
    return 0;
  }
  std::string_view s_;
  bool ok_ = true;
};

}  // namespace

std::string encode_results(const std::vector<Result>& results) {
  std::string s(kHeader);
  Out o(s);
  o.number(results.size());
  const Result none;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    const Result& before = i > 0 ? results[i - 1] : none;
    o.text(r.unit);
    o.points(r.scores, before.scores);
    o.points(r.targets, before.targets);
    o.number(r.grade_override ? 1 : 0);
    if (r.grade_override) {
      o.text(r.grade_override->grade);
      o.text(r.grade_override->reason);
    }
    o.number(r.evidence.size());
    for (const auto& [criterion, urls] : r.evidence) {
      o.text(criterion);
      o.number(urls.size());
      for (const auto& url : urls) o.text(url);
    }
    o.text(r.note);
    o.points(r.self_scores, before.self_scores);
    o.fields(r.internal);
    o.pos(r.pos);
    o.pos(r.unit_pos);
    o.text(r.unit_cell);
    o.text(r.unit_sheet);
  }
  text::Sha256 sha;
  sha.update(s);
  const auto digest = sha.finish();
  s.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return s;
}

std::optional<std::vector<Result>> decode_results(std::string_view bytes) {
  constexpr std::size_t kDigest = 32;
  if (bytes.size() < kHeader.size() + kDigest || !bytes.starts_with(kHeader)) return std::nullopt;
  const std::string_view body = bytes.substr(0, bytes.size() - kDigest);
  text::Sha256 sha;
  sha.update(body);
  const auto digest = sha.finish();
  if (std::memcmp(digest.data(), bytes.data() + body.size(), kDigest) != 0) return std::nullopt;
  In in(body.substr(kHeader.size()));
  std::vector<Result> out;
  const std::size_t n = in.count(12);  // the fewest bytes a result takes
  out.reserve(n);
  const Result none;
  for (std::size_t i = 0; i < n && in.ok(); ++i) {
    Result& r = out.emplace_back();
    const Result& before = i > 0 ? out[i - 1] : none;
    r.unit = in.text();
    r.scores = in.points(before.scores);
    r.targets = in.points(before.targets);
    if (in.number() == 1) {
      std::string grade = in.text();
      r.grade_override = GradeOverride{std::move(grade), in.text()};
    }
    const std::size_t evidence = in.count(2);
    for (std::size_t e = 0; e < evidence && in.ok(); ++e) {
      auto& urls = r.evidence[in.text()];
      const std::size_t m = in.count(1);
      for (std::size_t u = 0; u < m && in.ok(); ++u) urls.push_back(in.text());
    }
    r.note = in.text();
    r.self_scores = in.points(before.self_scores);
    r.internal = in.fields();
    r.pos = in.pos();
    r.unit_pos = in.pos();
    r.unit_cell = in.text();
    r.unit_sheet = in.text();
  }
  if (!in.ok() || !in.at_end()) return std::nullopt;
  return out;
}

ResultsCache::ResultsCache(std::filesystem::path folder, std::string binary, bool read)
    : folder_(std::move(folder)), binary_(std::move(binary)), read_(read) {}

std::string ResultsCache::key(const std::vector<std::string_view>& parts) const {
  records::Writer w;
  w.text(kHeader).text(binary_);
  for (const auto part : parts) w.text(part);
  return records::hex(w.finish());
}

std::optional<std::vector<Result>> ResultsCache::find(const std::string& key) const {
  if (!read_ || folder_.empty() || binary_.empty()) return std::nullopt;
  const auto bytes = platform::read_small_file(folder_ / key, std::size_t{1} << 32, nullptr);
  if (!bytes) return std::nullopt;
  auto results = decode_results(*bytes);
  if (results) {
    ++found_;
    std::lock_guard lock(used_mutex_);
    used_.push_back(key);
  }
  return results;
}

void ResultsCache::put(const std::string& key, const std::vector<Result>& results) const {
  if (folder_.empty() || binary_.empty()) return;
  {
    std::lock_guard lock(used_mutex_);
    used_.push_back(key);
    // The folder, the owner's alone: results hold internal fields.
    std::error_code ec;
    if (!std::filesystem::is_directory(folder_, ec)) {
      if (!std::filesystem::create_directories(folder_, ec) || ec) return;
      platform::set_owner_only(folder_, nullptr);  // not on Windows: %LOCALAPPDATA% is
    }
  }
  const std::string bytes = encode_results(results);
  const std::filesystem::path target = folder_ / key;
  auto temp = platform::TempFile::beside(target, nullptr);
  if (!temp || !temp->file().write_all(bytes, nullptr) || !temp->file().close(nullptr)) return;
  if (platform::rename(platform::path_of(temp->path()), target, nullptr)) {
    temp->keep();
    ++put_;
  }
}

void ResultsCache::trim(std::uintmax_t max_bytes) const {
  if (folder_.empty()) return;
  const platform::Folder dir = platform::Folder::open(folder_, /*follow=*/false, nullptr);
  if (!dir.is_open()) return;
  std::vector<platform::Entry> entries;
  if (!dir.entries(&entries, nullptr)) return;
  struct Kept {
    std::string name;
    platform::FileTime changed;
    std::uintmax_t size;
  };
  std::vector<Kept> old;
  std::uintmax_t total = 0;
  platform::FileTime day_ago = platform::file_time_now();
  day_ago.seconds -= 24 * 60 * 60;
  {
    std::lock_guard lock(used_mutex_);
    for (const auto& e : entries) {
      platform::Info info;
      if (!dir.stat(e.name, &info, nullptr) || info.type != platform::Type::kFile) continue;
      // An entry being written has a name of its own (".<key>.XXXXXX"):
      // one a day old was left by a build that was killed.
      if (e.name.size() == 1 + 64 + 7 && e.name.front() == '.' && info.changed < day_ago) {
        dir.remove(e.name, nullptr);
        continue;
      }
      if (e.name.size() != 64) continue;  // only entries: 64 hex digits
      total += info.size;
      if (std::find(used_.begin(), used_.end(), e.name) == used_.end())
        old.push_back({e.name, info.changed, info.size});
    }
  }
  std::sort(old.begin(), old.end(), [](const Kept& a, const Kept& b) {
    return std::tie(a.changed, a.name) < std::tie(b.changed, b.name);
  });
  for (const auto& k : old) {
    if (total <= max_bytes) break;
    if (dir.remove(k.name, nullptr)) total -= k.size;
  }
}

}  // namespace thidua::load
