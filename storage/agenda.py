"""Agenda items of a meeting, kept in numeric order (2 < 2.1 < 2.10 < 3)."""

from __future__ import annotations

from datetime import datetime

from ._base import Repo, stamp
from .models import AgendaItem


def sort_key(number: str) -> str:
    """A text key that sorts agenda numbers numerically: 2.10 after 2.9."""
    return ".".join(f"{int(part):05d}" for part in number.split("."))


class Agenda(Repo):
    """Live agenda items; removed ones are kept with `removed_at` set."""

    def add(self, meeting_id: int, number: str, title: str, *, now: datetime) -> AgendaItem:
        iid = self._insert(
            "agenda_items",
            {
                "meeting_id": meeting_id,
                "number": number,
                "title": title,
                "sort_key": sort_key(number),
                "created_at": stamp(now),
            },
        )
        return AgendaItem.from_row(self._row("SELECT * FROM agenda_items WHERE id = ?", [iid]))

    def get(self, meeting_id: int, number: str) -> AgendaItem | None:
        row = self._one(
            "SELECT * FROM agenda_items WHERE meeting_id = ? AND number = ? AND removed_at IS NULL",
            [meeting_id, number],
        )
        return AgendaItem.from_row(row) if row else None

    def of_meeting(self, meeting_id: int) -> list[AgendaItem]:
        rows = self._all(
            "SELECT * FROM agenda_items WHERE meeting_id = ? AND removed_at IS NULL "
            "ORDER BY sort_key",
            [meeting_id],
        )
        return [AgendaItem.from_row(r) for r in rows]

    def children(self, meeting_id: int, number: str) -> list[AgendaItem]:
        return [i for i in self.of_meeting(meeting_id) if i.number.startswith(number + ".")]

    def rename(self, item_id: int, title: str) -> None:
        self._update("agenda_items", item_id, {"title": title})

    def set_convener(self, item_id: int, name: str) -> None:
        self._update("agenda_items", item_id, {"convener": name})

    def remove(self, item_id: int, *, now: datetime) -> None:
        self._update("agenda_items", item_id, {"removed_at": stamp(now)})
