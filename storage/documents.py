"""Documents of a meeting, in the order they were listed (the order of Annex A)."""

from __future__ import annotations

from datetime import datetime

from ._base import Repo, stamp
from .models import Document, DocumentFields


class Documents(Repo):
    """Live documents; removed ones are kept with `removed_at` set."""

    def add(
        self,
        meeting_id: int,
        number: str,
        base: str,
        revision: str,
        *,
        now: datetime,
        created_by: str = "",
        values: DocumentFields | None = None,
    ) -> Document:
        position = self._row(
            "SELECT coalesce(max(position), 0) + 1 AS p FROM documents WHERE meeting_id = ?",
            [meeting_id],
        )["p"]
        did = self._insert(
            "documents",
            {
                "meeting_id": meeting_id,
                "number": number,
                "base": base,
                "revision": revision,
                "position": position,
                "created_at": stamp(now),
                "created_by": created_by,
                "updated_at": stamp(now),
                **(values or DocumentFields()).given(),
            },
        )
        return self._by_id(did)

    def _by_id(self, doc_id: int) -> Document:
        return Document.from_row(self._row("SELECT * FROM documents WHERE id = ?", [doc_id]))

    def get(self, meeting_id: int, number: str) -> Document | None:
        row = self._one(
            "SELECT * FROM documents WHERE meeting_id = ? AND number = ? AND removed_at IS NULL",
            [meeting_id, number],
        )
        return Document.from_row(row) if row else None

    def of_meeting(self, meeting_id: int) -> list[Document]:
        rows = self._all(
            "SELECT * FROM documents WHERE meeting_id = ? AND removed_at IS NULL ORDER BY position",
            [meeting_id],
        )
        return [Document.from_row(r) for r in rows]

    def revisions(self, meeting_id: int, base: str) -> list[Document]:
        """Every live revision of a base document, the base itself included."""
        rows = self._all(
            "SELECT * FROM documents WHERE meeting_id = ? AND base = ? AND removed_at IS NULL "
            "ORDER BY position",
            [meeting_id, base],
        )
        return [Document.from_row(r) for r in rows]

    def related(self, meeting_id: int, doc: Document) -> list[Document]:
        """The meeting's documents a document's revision chain can touch: itself, its base,
        that base's other revisions, and those naming it as their predecessor."""
        rows = self._all(
            "SELECT * FROM documents WHERE meeting_id = ? AND removed_at IS NULL AND ("
            " number IN (?, ?, ?) OR base IN (?, ?) OR revision_of = ?) ORDER BY position",
            [
                meeting_id,
                doc.number,
                doc.base,
                doc.revision_of,
                doc.number,
                doc.base,
                doc.number,
            ],
        )
        return [Document.from_row(r) for r in rows]

    def across_meetings(self, group_id: int, base: str) -> list[Document]:
        """A document and its revisions or versions wherever the group listed them, oldest
        meeting first: the group's register of it."""
        rows = self._all(
            "SELECT d.* FROM documents d JOIN meetings m ON m.id = d.meeting_id "
            "WHERE m.group_id = ? AND d.base = ? AND d.removed_at IS NULL "
            "ORDER BY coalesce(m.start, m.created_at), m.number, d.position",
            [group_id, base],
        )
        return [Document.from_row(r) for r in rows]

    def update(self, doc_id: int, values: DocumentFields, *, now: datetime) -> Document:
        self._update("documents", doc_id, {**values.given(), "updated_at": stamp(now)})
        return self._by_id(doc_id)

    def remove(self, doc_id: int, *, now: datetime) -> None:
        self._update("documents", doc_id, {"removed_at": stamp(now), "updated_at": stamp(now)})

    def count_on_item(self, meeting_id: int, item: str) -> int:
        return int(
            self._row(
                "SELECT count(*) AS n FROM documents WHERE meeting_id = ? AND item = ? "
                "AND removed_at IS NULL",
                [meeting_id, item],
            )["n"]
        )
