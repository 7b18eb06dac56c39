"""Imports a period's schedule before and after its visits changed into a
calendar the way calendar programs do (python3-icalendar reads the files; an
event replaces the one with its UID when its SEQUENCE is not lower), and
checks there is still one event per visit, the moved one at its new time and
the cancelled one kept as cancelled.

usage: calendar_check.py OLD.ics NEW.ics MOVED_UID NEW_START_UTC CANCELLED_UID
NEW_START_UTC is YYYYMMDDTHHMMSSZ."""
import datetime
import sys

import icalendar


def events(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    out = [c for c in cal.walk() if c.name == "VEVENT"]
    uids = [str(e["UID"]) for e in out]
    if len(set(uids)) != len(uids):
        sys.exit(f"{path}: two events share a UID: {uids}")
    return out


def main():
    old_path, new_path, moved, start, cancelled = sys.argv[1:6]
    old, new = events(old_path), events(new_path)
    calendar = {}
    for e in old + new:  # imported in this order, as a subscription refreshes
        uid, seq = str(e["UID"]), int(e.get("SEQUENCE", 0))
        if uid not in calendar or seq >= int(calendar[uid].get("SEQUENCE", 0)):
            calendar[uid] = e
    problems = []
    if len(calendar) != len(old):
        problems.append(f"{len(old)} visits became {len(calendar)} events: {sorted(calendar)}")
    want = datetime.datetime.strptime(start, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    got = calendar.get(moved)
    if got is None:
        problems.append(f"no event {moved}")
    else:
        if got.decoded("DTSTART") != want:
            problems.append(f"{moved} starts {got.decoded('DTSTART')}, not {want}")
        if int(got.get("SEQUENCE", 0)) <= int(next(e for e in old if str(e["UID"]) == moved).get("SEQUENCE", 0)):
            problems.append(f"{moved}: SEQUENCE did not grow")
    c = calendar.get(cancelled)
    if c is None or str(c.get("STATUS")) != "CANCELLED":
        problems.append(f"{cancelled} is not kept as CANCELLED")
    for p in problems:
        print("calendar_check:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
