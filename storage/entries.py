"""Logged entries (notes, comments, decisions, actions…) in logging order; deletes are soft."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from typing import Any

from ._base import Repo, stamp
from .models import Entry, EntryFields, NewEntry, owners_json


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the table keeps them: an action's further owners as JSON, no outcome as ""."""
    if "more_owners" in values:
        values = {**values, "more_owners": owners_json(tuple(values["more_owners"]))}
    if "keyword" in values and values["keyword"] is None:
        values = {**values, "keyword": ""}
    return values


class Entries(Repo):
    """Entries numbered 1, 2, 3… within their group, ordered by when they were logged."""

    def add(self, new: NewEntry, *, now: datetime) -> Entry:
        """A new entry, numbered next in its group, as stored (one statement)."""
        values = {f.name: getattr(new, f.name) for f in fields(new)}
        row = self._insert_returning(
            "entries",
            {**_stored(values), "created_at": stamp(now)},
            computed={
                "number": (
                    "SELECT coalesce(max(number), 0) + 1 FROM entries WHERE group_id = ?",
                    [new.group_id],
                )
            },
        )
        return Entry.from_row(row)

    def by_id(self, entry_id: int) -> Entry | None:
        """Any entry by its row id, deleted or not."""
        row = self._one("SELECT * FROM entries WHERE id = ?", [entry_id])
        return Entry.from_row(row) if row else None

    def _by_id(self, entry_id: int) -> Entry:
        return Entry.from_row(self._row("SELECT * FROM entries WHERE id = ?", [entry_id]))

    def get(self, group_id: int, number: int) -> Entry | None:
        """A live entry by its number in the group."""
        row = self._one(
            "SELECT * FROM entries WHERE group_id = ? AND number = ? AND deleted_at IS NULL",
            [group_id, number],
        )
        return Entry.from_row(row) if row else None

    def of_meeting(self, meeting_id: int) -> list[Entry]:
        rows = self._all(
            "SELECT * FROM entries WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY id",
            [meeting_id],
        )
        return [Entry.from_row(r) for r in rows]

    def on_target(self, meeting_id: int, target: str) -> list[Entry]:
        rows = self._all(
            "SELECT * FROM entries WHERE meeting_id = ? AND target = ? AND deleted_at IS NULL "
            "ORDER BY id",
            [meeting_id, target],
        )
        return [Entry.from_row(r) for r in rows]

    def revisions_decided(self, meeting_id: int, number: str) -> list[Entry]:
        """The meeting's "revised to" decisions on a document or naming it as the revision."""
        # Two lookups, not "target = ? OR ref = ?": each then finds its index.
        revised = "kind = 'decision' AND keyword = 'revised' AND deleted_at IS NULL"
        rows = self._all(
            f"SELECT * FROM entries WHERE meeting_id = ? AND target = ? AND {revised} UNION "
            f"SELECT * FROM entries WHERE meeting_id = ? AND ref = ? AND {revised} ORDER BY id",
            [meeting_id, number, meeting_id, number],
        )
        return [Entry.from_row(r) for r in rows]

    def on_documents(self, group_id: int, numbers: list[str]) -> list[Entry]:
        """Live entries of any meeting of the group about these documents, in logging order."""
        if not numbers:
            return []
        marks = ", ".join("?" for _ in numbers)
        rows = self._all(
            f"SELECT * FROM entries WHERE group_id = ? AND target_type = 'doc' "
            f"AND target IN ({marks}) AND deleted_at IS NULL ORDER BY id",
            [group_id, *numbers],
        )
        return [Entry.from_row(r) for r in rows]

    def first_presented(
        self, group_id: int, bases: Iterable[str], before: datetime
    ) -> dict[str, int]:
        """base document -> the meeting where it (or a revision of it) was first presented,
        in logging order, among the group's meetings that began before `before`; only for
        `bases` (one query, however long the group's history)."""
        rows = self._all(
            "SELECT base, meeting_id FROM ("
            "  SELECT COALESCE(d.base, e.target) AS base, e.meeting_id,"
            "  ROW_NUMBER() OVER (PARTITION BY COALESCE(d.base, e.target) ORDER BY e.id) AS nth"
            "  FROM entries e JOIN meetings m ON m.id = e.meeting_id"
            "  LEFT JOIN documents d ON d.meeting_id = e.meeting_id AND d.number = e.target"
            "  AND d.removed_at IS NULL"
            "  WHERE e.group_id = ? AND e.kind = 'presented' AND e.deleted_at IS NULL"
            "  AND m.start IS NOT NULL AND m.start < ?"
            "  AND COALESCE(d.base, e.target) IN (SELECT value FROM json_each(?))"
            ") WHERE nth = 1",
            [group_id, stamp(before), json.dumps(sorted(set(bases)))],
        )
        return {str(r["base"]): int(r["meeting_id"]) for r in rows}

    def by_source(
        self, group_id: int, source_ts: str, *, include_deleted: bool = False
    ) -> Entry | None:
        """The entry captured from a Slack message: the live one, or the latest even if deleted."""
        live = "" if include_deleted else " AND deleted_at IS NULL"
        row = self._one(
            f"SELECT * FROM entries WHERE group_id = ? AND source_ts = ?{live} "
            "ORDER BY id DESC LIMIT 1",
            [group_id, source_ts],
        )
        return Entry.from_row(row) if row else None

    def last_by_author(self, group_id: int, author_id: str) -> Entry | None:
        row = self._one(
            "SELECT * FROM entries WHERE group_id = ? AND author_id = ? AND deleted_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            [group_id, author_id],
        )
        return Entry.from_row(row) if row else None

    def edit(self, entry_id: int, values: EntryFields, *, now: datetime) -> Entry:
        self._update("entries", entry_id, {**_stored(values.given()), "edited_at": stamp(now)})
        return self._by_id(entry_id)

    def delete(self, entry_id: int, *, now: datetime, detach: bool = False) -> None:
        """Soft delete; `detach` also forgets its Slack message, which may then tag anew."""
        values = {"deleted_at": stamp(now)}
        if detach:
            values["source_ts"] = ""
        self._update("entries", entry_id, values)

    def all_for_group(self, group_id: int, *, include_deleted: bool = True) -> list[Entry]:
        where = "" if include_deleted else " AND deleted_at IS NULL"
        rows = self._all(f"SELECT * FROM entries WHERE group_id = ?{where} ORDER BY id", [group_id])
        return [Entry.from_row(r) for r in rows]
