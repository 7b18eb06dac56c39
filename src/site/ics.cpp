#include "site/ics.hpp"

#include "text/controls.hpp"

#include <cstdio>

namespace thidua::site {
namespace {

std::string host_of(const std::string& base_url) {
  auto start = base_url.find("://");
  if (start == std::string::npos) return "thidua.invalid";
  start += 3;
  const auto end = base_url.find_first_of("/:", start);
  return base_url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// YYYYMMDD, and YYYYMMDDTHHMMSSZ for a Vietnam local time (UTC+7).
std::string ics_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}
std::string ics_utc(Date d, int local_minutes) {
  char buf[24];
  const int utc = local_minutes - 7 * 60;  // the visits of the morning start after 07:00
  std::snprintf(buf, sizeof buf, "%sT%02d%02d00Z", ics_date(d).c_str(), utc / 60, utc % 60);
  return buf;
}

Date next_day(Date d) {
  ++d.day;
  if (parse_date(d.iso())) return d;
  d.day = 1;
  if (++d.month > 12) {
    d.month = 1;
    ++d.year;
  }
  return d;
}

}  // namespace

std::string ics_escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (const std::size_t drop = thidua::text::control_length(text, i); drop > 0) {
      i += drop - 1;  // the control rule (TEXT allows no C0 controls but tab)
    } else if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ics_line(std::string_view line) {
  std::string out;
  std::size_t width = 0;  // octets on the current physical line
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    len = std::min(len, line.size() - i);
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len;
  }
  return out + "\r\n";
}

std::string schedule_ics(const Content& content, const Period& period,
                         const std::string& summary_prefix) {
  const std::string host = host_of(content.site.base_url);
  std::string out;
  auto prop = [&](const std::string& line) { out += ics_line(line); };
  prop("BEGIN:VCALENDAR");
  prop("VERSION:2.0");
  prop("PRODID:-//thidua//thidua " THIDUA_VERSION "//VI");
  prop("CALSCALE:GREGORIAN");
  prop("METHOD:PUBLISH");
  prop("X-WR-CALNAME:" + ics_escape(period.title));
  std::string team;
  if (period.inspections)
    for (const auto& m : period.inspections->team)
      team += (team.empty() ? "" : "; ") + m.role + (m.role.empty() ? "" : ": ") + m.name;
  if (period.inspections) {
    for (const auto& v : period.inspections->visits) {
      const Unit* u = content.find_unit(v.unit);
      const std::string name = u ? u->name_on(period.end) : v.unit;
      prop("BEGIN:VEVENT");
      // The same event for good: period and unit (and the visit's id when
      // the unit has several), never the date; '/' cannot be in an id.
      prop("UID:" + period.id + "/" + v.unit + (v.id.empty() ? "" : "/" + v.id) + "@" + host);
      prop("SEQUENCE:" + std::to_string(v.revision));
      prop("DTSTAMP:" + ics_date(v.date) + "T000000Z");
      if (v.session == Session::kAllDay) {
        prop("DTSTART;VALUE=DATE:" + ics_date(v.date));
        prop("DTEND;VALUE=DATE:" + ics_date(next_day(v.date)));  // DTEND is exclusive
      } else if (v.session == Session::kMorning) {
        prop("DTSTART:" + ics_utc(v.date, 7 * 60 + 30));
        prop("DTEND:" + ics_utc(v.date, 11 * 60 + 30));
      } else {
        prop("DTSTART:" + ics_utc(v.date, 13 * 60 + 30));
        prop("DTEND:" + ics_utc(v.date, 17 * 60));
      }
      prop("SUMMARY:" + ics_escape(summary_prefix + name));
      prop("LOCATION:" + ics_escape(name));
      std::string description = v.form;
      if (!team.empty()) description += (description.empty() ? "" : "\n") + team;
      if (!description.empty()) prop("DESCRIPTION:" + ics_escape(description));
      prop(v.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
      prop("END:VEVENT");
    }
  }
  prop("END:VCALENDAR");
  return out;
}

}  // namespace thidua::site
