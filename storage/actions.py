"""Action items across a group's meetings: their state, their history, their owner's DMs."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from ._base import Repo, stamp
from .claims import Claims
from .models import ActionEvent, ActionNotice, Entry, NewActionEvent


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
        # The first owner is a column; the others are looked for in the JSON list.
        further = (
            "EXISTS (SELECT 1 FROM json_each(more_owners) WHERE json_extract(value, '$[1]') = ?)"
        )
        rows = self._all(
            f"SELECT * FROM entries WHERE kind = 'action' AND (attributed_id = ? OR {further}) "
            "AND deleted_at IS NULL AND done_at IS NULL ORDER BY due = '', due, id",
            [user_id, user_id],
        )
        return [(int(r["group_id"]), Entry.from_row(r)) for r in rows]

    def mark_done(self, entry_id: int, *, now: datetime, note: str) -> None:
        self._update("entries", entry_id, {"done_at": stamp(now), "done_note": note})

    def reopen(self, entry_id: int) -> None:
        self._update("entries", entry_id, {"done_at": None, "done_note": ""})

    # What happened ---------------------------------------------------------------------------

    def record(self, group_id: int, entry_id: int, event: NewActionEvent, *, now: datetime) -> None:
        self._insert(
            "action_events",
            {"group_id": group_id, "entry_id": entry_id, "at": stamp(now), **asdict(event)},
        )

    def events(self, group_id: int) -> list[ActionEvent]:
        rows = self._all(
            "SELECT * FROM action_events WHERE group_id = ? ORDER BY at, id", [group_id]
        )
        return [ActionEvent.from_row(r) for r in rows]


class ActionNotices(Claims):
    """The direct messages to action owners (in the outbox): on assignment, the day before,
    on the due date."""

    what = "dm"

    def of_entry(self, entry_id: int) -> list[ActionNotice]:
        rows = self._all(
            "SELECT * FROM outbox WHERE what = 'dm' AND entry_id = ? ORDER BY due_at, id",
            [entry_id],
        )
        return [ActionNotice.from_row(r) for r in rows]

    def add(
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
            "outbox",
            {
                "what": "dm",
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

    def give_up_on(self, entry_id: int, user_id: str, error: str) -> None:
        """The owner cannot be messaged: their action's DMs still to come fail with `error`."""
        self.db.execute(
            "UPDATE outbox SET status = 'failed', last_error = ? WHERE what = 'dm' AND "
            "entry_id = ? AND user_id = ? AND status = 'pending'",
            [error, entry_id, user_id],
        )

    def refused(self, entry_ids: list[int]) -> dict[int, dict[str, str]]:
        """Owners who could not be messaged at all: entry id -> {user id: Slack's reason}."""
        if not entry_ids:
            return {}
        marks = ", ".join("?" for _ in entry_ids)
        rows = self._all(
            "SELECT entry_id, user_id, last_error FROM outbox WHERE what = 'dm' "
            "AND status = 'failed' "
            f"AND entry_id IN ({marks}) ORDER BY id",
            entry_ids,
        )
        out: dict[int, dict[str, str]] = {}
        for r in rows:
            out.setdefault(r["entry_id"], {})[r["user_id"]] = str(r["last_error"]).split(" (")[0]
        return out
