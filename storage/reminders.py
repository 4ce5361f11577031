"""Reminder rows: what is due, who is sending it, what was sent. Claims are atomic."""

from __future__ import annotations

from datetime import datetime

from ._base import Repo, stamp
from .models import Reminder


class Reminders(Repo):
    """The reminders of every meeting; the database is the source of truth."""

    def for_meeting(self, meeting_id: int) -> list[Reminder]:
        rows = self._all(
            "SELECT * FROM reminders WHERE meeting_id = ? ORDER BY due_at, id", [meeting_id]
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
        rid = self._insert(
            "reminders",
            {
                "meeting_id": meeting_id,
                "lead_minutes": lead_minutes,
                "due_at": stamp(due_at),
                "status": status,
                "next_attempt_at": stamp(due_at),
                "created_at": stamp(now),
                "last_error": note,
            },
        )
        return self._by_id(rid)

    def _by_id(self, reminder_id: int) -> Reminder:
        return Reminder.from_row(self._row("SELECT * FROM reminders WHERE id = ?", [reminder_id]))

    def set_status(self, reminder_id: int, status: str, note: str = "") -> None:
        self._update("reminders", reminder_id, {"status": status, "last_error": note})

    def claim_due(
        self, now: datetime, worker: str, *, stale_before: datetime, limit: int = 100
    ) -> list[Reminder]:
        """Claim reminders whose time has come, for `worker` only.

        Run inside a BEGIN IMMEDIATE transaction: the select and the update then see and
        change the same rows, so two processes can never claim the same reminder. A claim
        older than `stale_before` (its process died mid-send) is claimed again.
        """
        rows = self._all(
            "SELECT id FROM reminders WHERE (status = 'pending' AND next_attempt_at <= ?) "
            "OR (status = 'claimed' AND claimed_at < ?) ORDER BY next_attempt_at LIMIT ?",
            [stamp(now), stamp(stale_before), limit],
        )
        ids = [r["id"] for r in rows]
        for rid in ids:
            self._update(
                "reminders",
                rid,
                {
                    "status": "claimed",
                    "claimed_by": worker,
                    "claimed_at": stamp(now),
                },
            )
        return [self._by_id(rid) for rid in ids]

    def mark_sent(self, reminder_id: int, *, now: datetime, late: bool, worker: str) -> bool:
        """Record a successful post; False if another worker took the claim meanwhile."""
        cur = self.db.execute(
            "UPDATE reminders SET status = 'sent', sent_at = ?, late = ?, attempts = attempts + 1, "
            "last_error = '' WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
            [stamp(now), int(late), reminder_id, worker],
        )
        return cur.rowcount == 1

    def retry_at(self, reminder_id: int, when: datetime, error: str) -> None:
        self.db.execute(
            "UPDATE reminders SET status = 'pending', next_attempt_at = ?, "
            "attempts = attempts + 1, last_error = ?, claimed_by = '' WHERE id = ?",
            [stamp(when), error, reminder_id],
        )

    def mark_failed(self, reminder_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE reminders SET status = 'failed', attempts = attempts + 1, last_error = ? "
            "WHERE id = ?",
            [error, reminder_id],
        )
