"""Full-text search over a group's record: documents and logged entries, best match first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


# What a hit shows, per table; {ids} is the matched rows, :g the group. The unary + keeps
# SQLite from walking the group's index instead of fetching the few matched rows by id.
_DOCUMENTS = (
    "documents",
    "SELECT d.id, 'document' AS kind, d.meeting_id, d.item, d.number, NULL AS entry_number,"
    " d.title AS text FROM documents d JOIN meetings m ON m.id = d.meeting_id"
    " WHERE d.id IN ({ids}) AND +m.group_id = :g AND d.removed_at IS NULL",
)
_ENTRIES = (
    "entries",
    "SELECT e.id, e.kind, e.meeting_id, e.item, e.target AS number, e.number AS entry_number,"
    " e.text FROM entries e WHERE e.id IN ({ids}) AND +e.group_id = :g AND e.deleted_at IS NULL",
)


class Search(Repo):
    def unindexed(self) -> bool:
        """Whether entries were logged since the last catch_up (a read)."""
        return self._one("SELECT 1 AS x FROM entries_fts_pending LIMIT 1") is not None

    def catch_up(self) -> int:
        """Index the entries logged since the last catch_up; how many. Inside a write.

        Entries are indexed by the next search rather than by the command that logs them
        (migration 0033): the index then always holds exactly the current text of every
        entry not pending, which is what a delete must be told."""
        cur = self.db.execute(
            "INSERT INTO entries_fts (rowid, text, attributed)"
            " SELECT e.id, e.text, e.attributed"
            " FROM entries_fts_pending p JOIN entries e ON e.id = p.id"
        )
        self.db.execute("DELETE FROM entries_fts_pending")
        return cur.rowcount

    def hits(self, group_id: int, query: str, *, limit: int = 20) -> list[Hit]:
        """Documents and entries of the group's meetings matching an FTS5 `query`.

        Raises sqlite3.OperationalError when FTS5 cannot parse the query."""
        found = self._best(_DOCUMENTS, group_id, query, limit)
        found += self._best(_ENTRIES, group_id, query, limit)
        found.sort(key=lambda r: r["rank"])
        return [Hit(**{k: v for k, v in r.items() if k != "id"}) for r in found[:limit]]

    def _best(
        self, table: tuple[str, str], group_id: int, query: str, limit: int
    ) -> list[dict[str, Any]]:
        """The `limit` best matches of one table that belong to the group.

        The match runs alone, first: joined to the table, SQLite walked the group's rows and
        ran it once per row (25 s on 80,000 entries instead of milliseconds). The best few
        hundred matches overall usually hold the group's best; when other groups' rows crowd
        them out, every match is ranked."""
        name, shown = table
        wide = limit * 10
        match = (
            f"SELECT rowid AS id, bm25({name}_fts) AS rank FROM {name}_fts"
            f" WHERE {name}_fts MATCH :q"
        )
        ranked = self._all(match + " ORDER BY rank LIMIT :wide", {"q": query, "wide": wide})
        rows = self._of_group(shown, ranked, group_id)
        if len(ranked) == wide and len(rows) < limit:
            ranked = self._all(match, {"q": query})
            rows = self._of_group(shown, ranked, group_id)
        rows.sort(key=lambda r: r["rank"])
        return rows[:limit]

    def _of_group(
        self, shown: str, ranked: list[dict[str, Any]], group_id: int
    ) -> list[dict[str, Any]]:
        rank = {r["id"]: r["rank"] for r in ranked}
        out: list[dict[str, Any]] = []
        ids = list(rank)
        for start in range(0, len(ids), 500):  # SQLite's bound-parameter limit, in chunks
            chunk = ids[start : start + 500]
            marks = ", ".join(str(int(i)) for i in chunk)  # integers from SQLite itself
            for row in self._all(shown.format(ids=marks), {"g": group_id}):
                out.append({**row, "rank": rank[row["id"]]})
        return out
