"""RFC 5545 calendar files for meetings, built with the icalendar package."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage import Group, Meeting


def _zone(tz_name: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def meeting_ics(meeting: Meeting, group: Group, tz_name: str, *, now: datetime) -> bytes:
    """One VEVENT in the meeting's zone, with its VTIMEZONE, so calendars place it right."""
    import icalendar  # loaded for a calendar file only, not with the commands

    zone = _zone(tz_name)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Clerk//Meeting calendar//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    # Stable per meeting, so a re-sent file updates the calendar entry instead of doubling it.
    event.add("uid", f"meeting-{meeting.id}-{group.team_id}-{group.channel_id}@clerk")
    event.add("summary", meeting.title)
    event.add("dtstamp", now)
    start = meeting.start or now  # /meeting ics is offered only for meetings with a start
    event.add("dtstart", start.astimezone(zone))
    end = meeting.end or start + timedelta(hours=1)
    event.add("dtend", end.astimezone(zone))
    if meeting.link:
        event.add("url", meeting.link)
        event.add("location", meeting.link)
    elif meeting.place:
        event.add("location", meeting.place)
    description = [f"{group.name}: {meeting.title}"]
    if meeting.link:
        description.append(f"Join: {meeting.link}")
    event.add("description", "\n".join(description))
    if meeting.cancelled_at:
        event.add("status", "CANCELLED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
