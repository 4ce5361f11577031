"""Action items across a group's meetings: their state, their history, their owner's DMs."""

from __future__ import annotations

from datetime import datetime

from ._base import Repo, stamp
from .models import ActionEvent, ActionNotice, Entry


class Actions(Repo):
    """Actions are entries of kind "action"; this adds what happens to them afterwards."""

    def of_group(self, group_id: int, *, done_too: bool = False) -> list[Entry]:
        """The group's live actions, oldest first; open ones only unless `done_too`."""
        open_only = "" if done_too else " AND done_at IS NULL"
        rows = self._all(
            "SELECT * FROM entries WHERE group_id = ? AND kind = 'action' "
            f"AND deleted_at IS NULL{open_only} ORDER BY id",
            [group_id],
        )
        return [Entry.from_row(r) for r in rows]

    def open_of_owner(self, user_id: str) -> list[tuple[int, Entry]]:
        """(group id, action) of every open action this Slack user owns, in any group."""
        rows = self._all(
            "SELECT * FROM entries WHERE kind = 'action' AND attributed_id = ? "
            "AND deleted_at IS NULL AND done_at IS NULL ORDER BY due = '', due, id",
            [user_id],
        )
        return [(int(r["group_id"]), Entry.from_row(r)) for r in rows]

    def mark_done(self, entry_id: int, *, now: datetime, note: str) -> None:
        self._update("entries", entry_id, {"done_at": stamp(now), "done_note": note})

    def reopen(self, entry_id: int) -> None:
        self._update("entries", entry_id, {"done_at": None, "done_note": ""})

    # What happened ---------------------------------------------------------------------------

    def record(
        self, group_id: int, entry_id: int, kind: str, *, now: datetime, **values: str
    ) -> None:
        self._insert(
            "action_events",
            {"group_id": group_id, "entry_id": entry_id, "kind": kind, "at": stamp(now), **values},
        )

    def events(self, group_id: int) -> list[ActionEvent]:
        rows = self._all(
            "SELECT * FROM action_events WHERE group_id = ? ORDER BY at, id", [group_id]
        )
        return [ActionEvent.from_row(r) for r in rows]

    # The owner's direct messages -------------------------------------------------------------

    def notices(self, entry_id: int) -> list[ActionNotice]:
        rows = self._all(
            "SELECT * FROM action_notices WHERE entry_id = ? ORDER BY due_at, id", [entry_id]
        )
        return [ActionNotice.from_row(r) for r in rows]

    def add_notice(
        self,
        group_id: int,
        entry_id: int,
        kind: str,
        user_id: str,
        due_at: datetime,
        *,
        status: str,
        now: datetime,
        note: str = "",
    ) -> None:
        self._insert(
            "action_notices",
            {
                "group_id": group_id,
                "entry_id": entry_id,
                "kind": kind,
                "user_id": user_id,
                "due_at": stamp(due_at),
                "status": status,
                "next_attempt_at": stamp(due_at),
                "created_at": stamp(now),
                "last_error": note,
            },
        )

    def set_notice_status(self, notice_id: int, status: str, note: str = "") -> None:
        self._update("action_notices", notice_id, {"status": status, "last_error": note})

    def claim_notices(
        self, now: datetime, worker: str, *, stale_before: datetime, limit: int = 100
    ) -> list[ActionNotice]:
        """Claim due notices for `worker` only (inside BEGIN IMMEDIATE, as reminders are)."""
        rows = self._all(
            "SELECT id FROM action_notices WHERE (status = 'pending' AND next_attempt_at <= ?) "
            "OR (status = 'claimed' AND claimed_at < ?) ORDER BY next_attempt_at LIMIT ?",
            [stamp(now), stamp(stale_before), limit],
        )
        ids = [r["id"] for r in rows]
        for nid in ids:
            self._update(
                "action_notices",
                nid,
                {"status": "claimed", "claimed_by": worker, "claimed_at": stamp(now)},
            )
        return [
            ActionNotice.from_row(self._row("SELECT * FROM action_notices WHERE id = ?", [n]))
            for n in ids
        ]

    def notice_sent(self, notice_id: int, *, now: datetime, worker: str) -> bool:
        cur = self.db.execute(
            "UPDATE action_notices SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
            "last_error = '' WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
            [stamp(now), notice_id, worker],
        )
        return cur.rowcount == 1

    def notice_retry(self, notice_id: int, when: datetime, error: str) -> None:
        self.db.execute(
            "UPDATE action_notices SET status = 'pending', next_attempt_at = ?, "
            "attempts = attempts + 1, last_error = ?, claimed_by = '' WHERE id = ?",
            [stamp(when), error, notice_id],
        )

    def notice_failed(self, notice_id: int, error: str) -> None:
        self.db.execute(
            "UPDATE action_notices SET status = 'failed', attempts = attempts + 1, "
            "last_error = ? WHERE id = ?",
            [error, notice_id],
        )
