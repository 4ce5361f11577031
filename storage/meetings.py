"""Meetings of a group and who attended them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ._base import Repo, stamp, stamp_or_none
from .models import Attendee, Group, Meeting, MeetingFields

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

    def attend(self, meeting_id: int, *, name: str, user_id: str | None, now: datetime) -> bool:
        """Record an attendee; False when they were already recorded."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO attendance (meeting_id, name, user_id, created_at) "
            "VALUES (?, ?, ?, ?)",
            [meeting_id, name, user_id, stamp(now)],
        )
        return cur.rowcount == 1

    def attendees(self, meeting_id: int) -> list[Attendee]:
        rows = self._all("SELECT * FROM attendance WHERE meeting_id = ? ORDER BY id", [meeting_id])
        return [Attendee.from_row(r) for r in rows]
