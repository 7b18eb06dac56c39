#include "site/ics.hpp"

#include <doctest/doctest.h>

#include <set>

#include "text/utf8.hpp"

using namespace thidua;

namespace {

std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t at; (at = ics.find("\r\n", start)) != std::string::npos; start = at + 2)
    lines.push_back(ics.substr(start, at - start));
  REQUIRE(start == ics.size());  // every line ends in CRLF
  return lines;
}

std::string unfold(const std::string& ics) {
  std::string out = ics;
  for (std::size_t at; (at = out.find("\r\n ")) != std::string::npos;) out.erase(at, 3);
  return out;
}

/// A site at `base_url` with one unit.
Content one_unit(const std::string& base_url, const std::string& id, const std::string& name) {
  Content c;
  c.site.base_url = base_url;
  Unit u;
  u.id = id;
  u.name = name;
  c.units.push_back(u);
  c.index_units();
  return c;
}

}  // namespace

TEST_CASE("ics text escaping") {
  CHECK(site::ics_escape("a,b;c\\d\ne\r\nf\x01") == "a\\,b\\;c\\\\d\\ne\\nf");
}

TEST_CASE("ics lines fold at 75 octets without splitting a UTF-8 character") {
  std::string value = "DESCRIPTION:";
  for (int i = 0; i < 40; ++i) value += "Đoàn kiểm tra ";
  const std::string folded = site::ics_line(value);
  for (const auto& line : physical_lines(folded)) {
    CHECK(line.size() <= 75);
    CHECK(text::find_invalid_utf8(line) == std::string::npos);
  }
  CHECK(unfold(folded) == value + "\r\n");
  CHECK(site::ics_line("END:VEVENT") == "END:VEVENT\r\n");
}

TEST_CASE("the schedule has one event per visit, in UTC or as all-day dates") {
  const Content c = one_unit("https://doan.example.vn/thidua/", "a", "Đoàn A, phường 1; khu 2");
  Period p;
  p.id = "2024-h1";
  p.title = "6 tháng đầu năm 2024";
  Inspections in;
  in.team.push_back({"Nguyễn Văn An", "Trưởng đoàn", "Phó Bí thư"});
  auto visit = [&](Date d, Session s, std::string form) {
    Visit v;
    v.unit = "a";
    v.id = "lan-" + std::to_string(in.visits.size() + 1);  // the unit is visited thrice
    v.date = d;
    v.session = s;
    v.form = std::move(form);
    in.visits.push_back(v);
  };
  visit({2024, 7, 2}, Session::kMorning, "Trực tiếp");
  visit({2024, 7, 3}, Session::kAfternoon, "");
  visit({2024, 12, 31}, Session::kAllDay, "");
  p.inspections = in;
  const std::string ics = site::schedule_ics(c, p, "Kiểm tra:");
  const std::string flat = unfold(ics);
  physical_lines(ics);
  CHECK(flat.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  CHECK(flat.ends_with("END:VCALENDAR\r\n"));
  std::size_t events = 0;
  for (std::size_t at = 0; (at = flat.find("BEGIN:VEVENT", at)) != std::string::npos; ++at)
    ++events;
  CHECK(events == 3);
  CHECK(flat.find("UID:2024-h1/a/lan-1@doan.example.vn\r\nSEQUENCE:0\r\n") != std::string::npos);
  CHECK(flat.find("UID:2024-h1/a/lan-3@doan.example.vn\r\n") != std::string::npos);
  CHECK(flat.find("STATUS:CONFIRMED\r\nEND:VEVENT") != std::string::npos);
  CHECK(flat.find("STATUS:CANCELLED") == std::string::npos);
  CHECK(flat.find("DTSTART:20240702T003000Z\r\nDTEND:20240702T043000Z") != std::string::npos);
  CHECK(flat.find("DTSTART:20240703T063000Z\r\nDTEND:20240703T100000Z") != std::string::npos);
  CHECK(flat.find("DTSTART;VALUE=DATE:20241231\r\nDTEND;VALUE=DATE:20250101") != std::string::npos);
  CHECK(flat.find("SUMMARY:Kiểm tra:Đoàn A\\, phường 1\\; khu 2") != std::string::npos);
  CHECK(flat.find("DESCRIPTION:Trực tiếp\\nTrưởng đoàn: Nguyễn Văn An") != std::string::npos);
  std::set<std::string> dtstamps;
  for (std::size_t at = 0; (at = flat.find("DTSTAMP:", at)) != std::string::npos; ++at)
    dtstamps.insert(flat.substr(at, 24));
  CHECK(dtstamps.size() == 3);  // from the content, not the clock
}

TEST_CASE("a moved visit keeps its event: the UID has no date, SEQUENCE is its revision") {
  const Content c = one_unit("https://doan.example.vn/", "kho-bac", "Kho bạc");
  Period p;
  p.id = "2025-h1";
  Inspections in;
  Visit v;
  v.unit = "kho-bac";
  v.date = {2025, 7, 8};
  v.session = Session::kMorning;
  in.visits.push_back(v);
  p.inspections = in;
  const std::string before = unfold(site::schedule_ics(c, p, ""));
  p.inspections->visits[0].date = {2025, 7, 10};
  p.inspections->visits[0].session = Session::kAfternoon;
  p.inspections->visits[0].revision = 2;
  const std::string after = unfold(site::schedule_ics(c, p, ""));
  const std::string uid = "UID:2025-h1/kho-bac@doan.example.vn\r\n";
  CHECK(before.find(uid + "SEQUENCE:0\r\n") != std::string::npos);
  CHECK(after.find(uid + "SEQUENCE:2\r\n") != std::string::npos);
  CHECK(after.find("DTSTART:20250710T063000Z") != std::string::npos);  // 13:30 at UTC+7
  p.inspections->visits[0].cancelled = true;
  const std::string cancelled = unfold(site::schedule_ics(c, p, ""));
  CHECK(cancelled.find(uid) != std::string::npos);  // kept, not dropped
  CHECK(cancelled.find("STATUS:CANCELLED\r\nEND:VEVENT") != std::string::npos);
}
