"""Reminder rows: what is due, who is sending it, what was sent. Claims are atomic."""

from __future__ import annotations

from datetime import datetime

from ._base import stamp
from .claims import Claims
from .models import Reminder


class Reminders(Claims):
    """The reminders of every meeting, in the outbox; the database is the source of truth."""

    what = "reminder"

    def for_meeting(self, meeting_id: int) -> list[Reminder]:
        rows = self._all(
            "SELECT * FROM outbox WHERE what = 'reminder' AND meeting_id = ? ORDER BY due_at, id",
            [meeting_id],
        )
        return [Reminder.from_row(r) for r in rows]

    def add(
        self,
        meeting_id: int,
        lead_minutes: int,
        due_at: datetime,
        *,
        status: str,
        now: datetime,
        note: str = "",
    ) -> Reminder:
        row = self._insert_returning(
            "outbox",
            {
                "what": "reminder",
                "meeting_id": meeting_id,
                "lead_minutes": lead_minutes,
                "due_at": stamp(due_at),
                "status": status,
                "next_attempt_at": stamp(due_at),
                "created_at": stamp(now),
                "last_error": note,
            },
            computed={"group_id": ("SELECT group_id FROM meetings WHERE id = ?", [meeting_id])},
        )
        return Reminder.from_row(row)
