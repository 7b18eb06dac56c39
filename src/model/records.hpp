// Records: the model's parts in a canonical form, to hash. A record's hash
// depends on what it says, never on where it was read from (no file, line or
// column; JSON or a workbook alike), so a build can tell which parts of the
// content changed and make again only the files that read them
// (docs/development.md, "Incremental builds").
//
// A record is written as a sequence of fields, each tagged with its length,
// so no two different records write the same bytes.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "model/model.hpp"
#include "text/sha256.hpp"

namespace thidua::records {

using Hash = text::Sha256::Digest;

/// Writes fields into a SHA-256, buffered (a scorecard's inputs are a few
/// hundred small fields).
class Writer {
 public:
  Writer& text(std::string_view s);
  Writer& number(long long n);
  Writer& flag(bool b) { return number(b ? 1 : 0); }
  Writer& date(Date d) { return number(d.days()); }
  Writer& date(const std::optional<Date>& d);
  Writer& hash(const Hash& h);
  /// The hash of every field written; the writer starts over after it.
  Hash finish();

 private:
  /// Appends `n` bytes: to the buffer, or (past its room) to the hash.
  void put(const char* bytes, std::size_t n);
  std::array<char, 4096> buffer_;
  std::size_t used_ = 0;
  text::Sha256 sha_;
};

/// Each record writes every field that can show in the site or change what
/// is computed from it.
void write(Writer& w, const Site& site);
void write(Writer& w, const Cluster& cluster);
void write(Writer& w, const Unit& unit);
void write(Writer& w, const Scheme& scheme);
void write(Writer& w, const Result& result);
void write(Writer& w, const Visit& visit);
void write(Writer& w, const Inspections& inspections);
void write(Writer& w, const Document& document);
void write(Writer& w, const Page& page);
void write(Writer& w, const InternalFields& fields);
/// A period's settings: everything in period.json but the inspections
/// (its id, title, dates, scheme, status, comparison, publication, seal and
/// corrections). Its results are records of their own.
void write_settings(Writer& w, const Period& period);

/// The hash of one record.
template <typename T>
Hash hash_of(const T& record) {
  Writer w;
  write(w, record);
  return w.finish();
}

/// The first `chars` hex digits of `h`.
std::string hex(const Hash& h, std::size_t chars = 64);

}  // namespace thidua::records
