"""Timed messages one sender claims atomically: the outbox of meeting reminders and action
owners' DMs (one table, `what` says which)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ._base import Repo, stamp
from .departures import DEPARTED_GROUPS
from .models import Row

# What last_error starts with when a send's outcome is not known (a timeout, a dropped
# connection, a claim taken over from a dead worker): the sender looks before sending again.
UNKNOWN = "unknown"


def outcome_unknown(last_error: str) -> bool:
    """Whether an earlier send may have reached Slack."""
    return last_error.startswith(UNKNOWN)


class Claims(Repo):
    """A table of messages due at a time, each claimed by one worker, then sent or failed.

    Columns every such table has: status, next_attempt_at, attempts, claimed_by, claimed_at,
    sent_at, last_error."""

    table = "outbox"
    what = ""  # "reminder" or "dm"; "" for every kind

    def _mine(self) -> tuple[str, list[str]]:
        """The SQL condition and parameters for this repository's kind of message."""
        return ("what = ? AND ", [self.what]) if self.what else ("", [])

    def _claim(
        self,
        now: datetime,
        worker: str,
        *,
        stale_before: datetime,
        limit: int,
        dead: Sequence[str] = (),
        kinds: Sequence[str] = (),
        delivery_stale_before: datetime | None = None,
    ) -> list[Row]:
        """Claim rows whose time has come (of `kinds`, when given), for `worker` only.

        Run inside a BEGIN IMMEDIATE transaction: the select and the update then see and
        change the same rows, so two processes can never claim the same one. A claim older
        than `stale_before` (its process died mid-send), or held by one of the `dead` workers
        (known gone: a restart of this machine's process), is taken over at once; its send may
        have happened, so it is marked unknown and checked before it is sent again. A
        delivery's claim goes stale at `delivery_stale_before` instead (a report takes long)."""
        marks = ", ".join("?" for _ in dead) or "''"
        mine, params = self._mine()
        if kinds:
            mine += f"what IN ({', '.join('?' for _ in kinds)}) AND "
            params = [*params, *kinds]
        rows = self._all(
            f"SELECT id, status, claimed_by FROM {self.table} WHERE {mine}("
            "(status = 'pending' AND next_attempt_at <= ?) "
            "OR (status = 'claimed' AND ("
            "(what != 'delivery' AND claimed_at < ?) OR (what = 'delivery' AND claimed_at < ?) "
            f"OR claimed_by IN ({marks})))) "
            # Nothing is posted into a workspace that uninstalled Clerk.
            f"AND group_id NOT IN ({DEPARTED_GROUPS}) "
            "ORDER BY next_attempt_at LIMIT ?",
            [
                *params,
                stamp(now),
                stamp(stale_before),
                stamp(delivery_stale_before or stale_before),
                *dead,
                limit,
            ],
        )
        for r in rows:
            values = {"status": "claimed", "claimed_by": worker, "claimed_at": stamp(now)}
            if r["status"] == "claimed":
                values["last_error"] = f"{UNKNOWN}: taken over from {r['claimed_by']}"
            self._update(self.table, r["id"], values)
        return [self._row(f"SELECT * FROM {self.table} WHERE id = ?", [r["id"]]) for r in rows]

    def claimers(self) -> list[str]:
        """The workers holding claims now."""
        mine, params = self._mine()
        rows = self._all(
            f"SELECT DISTINCT claimed_by FROM {self.table} WHERE {mine}status = 'claimed'",
            params,
        )
        return [str(r["claimed_by"]) for r in rows]

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


class Outbox(Claims):
    """The whole outbox, every kind: what one sender claims at once, oldest due first."""

    def depth(self, now: datetime) -> dict[str, int]:
        """Messages due and not yet sent (waiting, claimed or to retry), by kind."""
        rows = self._all(
            "SELECT what, count(*) AS n FROM outbox WHERE status IN ('pending', 'claimed') "
            "AND due_at <= ? GROUP BY what",
            [stamp(now)],
        )
        return {r["what"]: int(r["n"]) for r in rows}

    def claim_all(
        self,
        now: datetime,
        worker: str,
        *,
        stale_before: datetime,
        limit: int = 100,
        dead: Sequence[str] = (),
        kinds: Sequence[str] = (),
        delivery_stale_before: datetime | None = None,
    ) -> list[Row]:
        """Claim due messages of every kind, or of `kinds` (see _claim); rows, to be read by
        their `what`."""
        return self._claim(
            now,
            worker,
            stale_before=stale_before,
            limit=limit,
            dead=dead,
            kinds=kinds,
            delivery_stale_before=delivery_stale_before,
        )
