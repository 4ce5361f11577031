"""Requests already handled: the answer to give again if Slack sends the same one twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from ._base import Repo, stamp

# Slack retries within minutes; a day is plenty, and keeps the table small.
KEEP = timedelta(days=1)


class Requests(Repo):
    def answered(self, key: str) -> tuple[str, str] | None:
        """The (reply text, visibility) given to this request before, if any."""
        row = self._one("SELECT reply, visibility FROM handled_requests WHERE key = ?", [key])
        return (row["reply"], row["visibility"]) if row else None

    def remember(self, key: str, reply: str, visibility: str, *, now: datetime) -> None:
        cur = self.db.execute(
            "INSERT OR REPLACE INTO handled_requests (key, reply, visibility, created_at) "
            "VALUES (?, ?, ?, ?)",
            [key, reply, visibility, stamp(now)],
        )
        if (cur.lastrowid or 0) % 100 == 0:  # tidy up every hundredth request, not on each one
            self.db.execute(
                "DELETE FROM handled_requests WHERE created_at < ?", [stamp(now - KEEP)]
            )

    def claim(self, key: str, reply: str, *, now: datetime) -> bool:
        """Remember a request unless it is known; True when this call is the first to see it."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO handled_requests (key, reply, visibility, created_at) "
            "VALUES (?, ?, 'caller', ?)",
            [key, reply, stamp(now)],
        )
        return cur.rowcount == 1

    # Slack messages deleted before (or while) their delivery arrived, by group and ts: a
    # late or retried delivery of one must not record it.

    def remember_deleted(self, group_id: int, source_ts: str, *, now: datetime) -> None:
        self.claim(f"deleted:{group_id}:{source_ts}", "", now=now)

    def message_deleted(self, group_id: int, source_ts: str) -> bool:
        return self.answered(f"deleted:{group_id}:{source_ts}") is not None
