// The inspection schedule of a period as iCalendar (RFC 5545).
#pragma once

#include <string>
#include <string_view>

#include "model/model.hpp"

namespace thidua::site {

/// TEXT value escaping: backslash, semicolon, comma, line breaks.
std::string ics_escape(std::string_view text);

/// One content line folded at 75 octets (CRLF + space), never inside a UTF-8
/// character, ending in CRLF.
std::string ics_line(std::string_view line);

/// periods/<period>/schedule.ics: one VEVENT per visit. Morning visits run
/// 07:30–11:30 and afternoon visits 13:30–17:00, Vietnam time (UTC+7), written
/// in UTC; all-day visits are all-day events. UIDs are stable per period, unit
/// and date; DTSTAMP is the visit's date, so the file depends on the content
/// alone, never on the clock. Each event's summary is `summary_prefix` + the
/// unit's name.
std::string schedule_ics(const Content& content, const Period& period,
                         const std::string& summary_prefix);

}  // namespace thidua::site
