"""Full-text search over a group's record: documents and logged entries, best match first."""

from __future__ import annotations

from dataclasses import dataclass

from ._base import Repo


@dataclass(frozen=True)
class Hit:
    """One match: a document listed at a meeting, or an entry logged there."""

    kind: str  # "document" or the entry's kind (note, comment, decision…)
    meeting_id: int
    item: str
    number: str  # the document's number, or the entry's target
    entry_number: int | None  # the entry's id in the group (#17), None for documents
    text: str  # what matched: the title, or the entry's text
    rank: float  # bm25: lower is better


class Search(Repo):
    def hits(self, group_id: int, query: str, *, limit: int = 20) -> list[Hit]:
        """Documents and entries of the group's meetings matching an FTS5 `query`.

        Raises sqlite3.OperationalError when FTS5 cannot parse the query."""
        rows = self._all(
            "SELECT * FROM ("
            " SELECT 'document' AS kind, d.meeting_id, d.item, d.number, NULL AS entry_number,"
            "  d.title AS text, bm25(documents_fts) AS rank"
            " FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
            " JOIN meetings m ON m.id = d.meeting_id"
            " WHERE documents_fts MATCH :q AND m.group_id = :g AND d.removed_at IS NULL"
            " UNION ALL"
            " SELECT e.kind, e.meeting_id, e.item, e.target, e.number, e.text,"
            "  bm25(entries_fts) AS rank"
            " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
            " WHERE entries_fts MATCH :q AND e.group_id = :g AND e.deleted_at IS NULL"
            ") ORDER BY rank LIMIT :n",
            {"q": query, "g": group_id, "n": limit},
        )
        return [Hit(**r) for r in rows]
