"""What the group did is what the record says: opening and closing, time zones, attendance
(issue 22)."""

from __future__ import annotations

from datetime import UTC, datetime

from commands import Caller, Context
from commands.services.capture import capture


def tagged(clerk, text: str, ts: datetime):
    ctx = Context(
        "T1",
        "C1",
        Caller("U0CHAIR", fallback_name="chair"),
        clerk.clock(),
        source_ts=f"{ts.timestamp():.6f}",
    )
    return capture(clerk.router, ctx, text)


def test_opening_again_after_a_close_reopens_and_tags_are_heard(group):
    group.clock.now = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)
    group.ok('/meeting new "M" start="2024-08-01 14:00"')  # Zurich: 12:00 UTC
    group.ok('/agenda add 1 "One"')
    group.ok("/meeting open")
    group.ok("/meeting close")
    group.clock.advance(minutes=25)
    reply = group.ok("/meeting open at=14:20")
    assert "is open again" in reply.text
    assert tagged(group, "#note 1 After the reopening.", group.clock.now).ok
    meeting = group.store.meetings.latest(1)
    assert meeting.closed_at is None


def test_opening_a_meeting_of_an_earlier_day_takes_its_planned_start_and_says_so(group):
    group.clock.now = datetime(2024, 8, 5, 9, 0, tzinfo=UTC)
    group.ok('/meeting new "Held last week" start="2024-08-01 14:30"')
    reply = group.ok("/meeting open")
    assert "opened at Thu 1 Aug 2024 14:30" in reply.text and "its planned start" in reply.text
    assert group.store.meetings.latest(1).opened_at == datetime(2024, 8, 1, 12, 30, tzinfo=UTC)
    # Today's meeting opens now, as before.
    group.ok('/meeting new "Today" start="2024-08-05 14:00"')
    reply = group.ok("/meeting open 2")
    assert "11:00" in reply.text and "planned start" not in reply.text
