"""Meetings of a group and who attended them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ._base import Repo, stamp, stamp_or_none
from .models import Attendee, Group, Meeting, MeetingFields, Speaker

# Columns whose values are datetimes in the dataclass and UTC strings in the table.
_TIME_COLUMNS = ("start", "end", "opened_at", "closed_at", "cancelled_at", "close_recorded_at")


def _to_columns(values: dict[str, Any]) -> dict[str, Any]:
    return {k: stamp_or_none(v) if k in _TIME_COLUMNS else v for k, v in values.items()}


class Meetings(Repo):
    """Meetings, numbered 1, 2, 3… within their group."""

    def create(
        self, group_id: int, values: MeetingFields, *, now: datetime, created_by: str = ""
    ) -> Meeting:
        number = self._row(
            "SELECT coalesce(max(number), 0) + 1 AS n FROM meetings WHERE group_id = ?",
            [group_id],
        )["n"]
        mid = self._insert(
            "meetings",
            {
                "group_id": group_id,
                "number": number,
                "created_at": stamp(now),
                "created_by": created_by,
                **_to_columns(values.given()),
            },
        )
        return self.by_id(mid)

    def by_id(self, meeting_id: int) -> Meeting:
        return Meeting.from_row(self._row("SELECT * FROM meetings WHERE id = ?", [meeting_id]))

    def by_id_or_none(self, meeting_id: int) -> Meeting | None:
        """A meeting by row id, None when there is none (an undone /meeting new)."""
        row = self._one("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        return Meeting.from_row(row) if row else None

    def get(self, group_id: int, number: int) -> Meeting | None:
        row = self._one(
            "SELECT * FROM meetings WHERE group_id = ? AND number = ?", [group_id, number]
        )
        return Meeting.from_row(row) if row else None

    def of_group(self, group_id: int) -> list[Meeting]:
        rows = self._all("SELECT * FROM meetings WHERE group_id = ? ORDER BY number", [group_id])
        return [Meeting.from_row(r) for r in rows]

    def latest(self, group_id: int) -> Meeting | None:
        row = self._one(
            "SELECT * FROM meetings WHERE group_id = ? ORDER BY number DESC LIMIT 1", [group_id]
        )
        return Meeting.from_row(row) if row else None

    def current(self, group: Group) -> Meeting | None:
        """The group's current meeting (`/meeting use`), else its latest one, else None."""
        if group.current_meeting_id:
            return self.by_id(group.current_meeting_id)
        return self.latest(group.id)

    def update(self, meeting_id: int, values: MeetingFields) -> Meeting:
        self._update("meetings", meeting_id, _to_columns(values.given()))
        return self.by_id(meeting_id)

    # Attendance ----------------------------------------------------------------------------

    def attend(
        self,
        meeting_id: int,
        *,
        name: str,
        user_id: str | None,
        now: datetime,
        regrets: bool = False,
        guest: bool = False,
        source_ts: str = "",
    ) -> bool:
        """Record an attendee (with `regrets`, someone who sent regrets; with `guest`, a
        guest); False when they were already recorded so. Regrets then present+ (or the
        reverse) changes the record."""
        cur = self.db.execute(
            "INSERT INTO attendance "
            "(meeting_id, name, user_id, created_at, regrets, guest, source_ts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, name) DO UPDATE SET "
            "regrets = excluded.regrets, guest = excluded.guest, source_ts = excluded.source_ts "
            "WHERE regrets != excluded.regrets OR guest != excluded.guest",
            [meeting_id, name, user_id, stamp(now), int(regrets), int(guest), source_ts],
        )
        return cur.rowcount == 1

    def unsay_attendance(self, group_id: int, source_ts: str) -> int:
        """Take back the attendance a message recorded (edited or deleted); how many rows."""
        if not source_ts:
            return 0
        cur = self.db.execute(
            "DELETE FROM attendance WHERE source_ts = ? AND meeting_id IN "
            "(SELECT id FROM meetings WHERE group_id = ?)",
            [source_ts, group_id],
        )
        return int(cur.rowcount)

    def leave(self, meeting_id: int, *, name: str) -> bool:
        """Take a name off the attendance (present-); False when it was not on it."""
        cur = self.db.execute(
            "DELETE FROM attendance WHERE meeting_id = ? AND name = ? AND regrets = 0",
            [meeting_id, name],
        )
        return cur.rowcount == 1

    def attendees(self, meeting_id: int) -> list[Attendee]:
        """Who attended, in the order they were recorded."""
        rows = self._all(
            "SELECT * FROM attendance WHERE meeting_id = ? AND regrets = 0 ORDER BY id",
            [meeting_id],
        )
        return [Attendee.from_row(r) for r in rows]

    # The speaker queue ------------------------------------------------------------------------

    def queue(self, meeting_id: int) -> list[Speaker]:
        """Who is waiting to speak, first asked first."""
        rows = self._all("SELECT * FROM speakers WHERE meeting_id = ? ORDER BY id", [meeting_id])
        return [Speaker.from_row(r) for r in rows]

    def enqueue(
        self, meeting_id: int, *, name: str, user_id: str | None, note: str, now: datetime
    ) -> bool:
        """Put someone at the end of the queue; False if they were on it already (a new
        note then replaces theirs, their place kept)."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO speakers (meeting_id, name, user_id, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [meeting_id, name, user_id, note, stamp(now)],
        )
        if cur.rowcount == 1:
            return True
        if note:
            self.db.execute(
                "UPDATE speakers SET note = ? WHERE meeting_id = ? AND name = ?",
                [note, meeting_id, name],
            )
        return False

    def dequeue(self, meeting_id: int, *, name: str) -> bool:
        """Take someone off the queue (q-, ack); False if they were not on it."""
        cur = self.db.execute(
            "DELETE FROM speakers WHERE meeting_id = ? AND name = ? COLLATE NOCASE",
            [meeting_id, name],
        )
        return cur.rowcount == 1

    def regrets(self, meeting_id: int) -> list[Attendee]:
        """Who sent regrets, in the order they were recorded."""
        rows = self._all(
            "SELECT * FROM attendance WHERE meeting_id = ? AND regrets = 1 ORDER BY id",
            [meeting_id],
        )
        return [Attendee.from_row(r) for r in rows]
