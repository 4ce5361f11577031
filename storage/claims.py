"""Timed messages one sender claims atomically: meeting reminders and action owners' DMs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ._base import Repo, stamp
from .models import Row


class Claims(Repo):
    """A table of messages due at a time, each claimed by one worker, then sent or failed.

    Columns every such table has: status, next_attempt_at, attempts, claimed_by, claimed_at,
    sent_at, last_error."""

    table = ""

    def _claim(
        self, now: datetime, worker: str, *, stale_before: datetime, limit: int
    ) -> list[Row]:
        """Claim rows whose time has come, for `worker` only.

        Run inside a BEGIN IMMEDIATE transaction: the select and the update then see and
        change the same rows, so two processes can never claim the same one. A claim older
        than `stale_before` (its process died mid-send) is claimed again."""
        rows = self._all(
            f"SELECT id FROM {self.table} WHERE (status = 'pending' AND next_attempt_at <= ?) "
            "OR (status = 'claimed' AND claimed_at < ?) ORDER BY next_attempt_at LIMIT ?",
            [stamp(now), stamp(stale_before), limit],
        )
        ids = [r["id"] for r in rows]
        for rid in ids:
            self._update(
                self.table,
                rid,
                {"status": "claimed", "claimed_by": worker, "claimed_at": stamp(now)},
            )
        return [self._row(f"SELECT * FROM {self.table} WHERE id = ?", [rid]) for rid in ids]

    def mark_sent(self, row_id: int, *, now: datetime, worker: str, **also: Any) -> bool:
        """Record a successful send; False if another worker took the claim meanwhile."""
        sets = "".join(f", {column} = ?" for column in also)
        cur = self.db.execute(
            f"UPDATE {self.table} SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
            f"last_error = ''{sets} WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
            [stamp(now), *also.values(), row_id, worker],
        )
        return cur.rowcount == 1

    def retry_at(self, row_id: int, when: datetime, error: str) -> None:
        self.db.execute(
            f"UPDATE {self.table} SET status = 'pending', next_attempt_at = ?, "
            "attempts = attempts + 1, last_error = ?, claimed_by = '' WHERE id = ?",
            [stamp(when), error, row_id],
        )

    def mark_failed(self, row_id: int, error: str) -> None:
        self.db.execute(
            f"UPDATE {self.table} SET status = 'failed', attempts = attempts + 1, "
            "last_error = ? WHERE id = ?",
            [error, row_id],
        )

    def set_status(self, row_id: int, status: str, note: str = "") -> None:
        self._update(self.table, row_id, {"status": status, "last_error": note})
