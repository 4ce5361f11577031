"""The change journal behind `/clerk undo`: each command's rows as they were before it.

SQLite triggers record, for every row a command inserts, updates or deletes, the row as it
was (or that it did not exist). Triggers catch every write, whatever code made it, so undo
needs no help from the repositories. They record only while a command has opened a change
(`begin`), inside its own write transaction, so other writers never see one open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from ._base import Repo, stamp

# Bookkeeping that an undo leaves alone (and that is not part of "the record").
NOT_JOURNALED = {"_sqlite_migrations", "handled_requests", "changes", "change_rows", "undo_state"}
# JSON cannot hold a BLOB: a group's Word template is kept out of the journal (going back to
# Clerk's own layout is undone by giving the template again).
NOT_JOURNALED |= {"word_templates"}
# Bookkeeping of deliveries after the ack: not a change anyone would undo.
NOT_JOURNALED |= {"deliveries"}
# The entries waiting to be indexed for search: kept by the entries' own triggers, as the
# index is (said here, not left to its name's likeness to the index's shadow tables).
NOT_JOURNALED |= {"entries_fts_pending"}
# Which workspaces left: what Slack told Clerk, not a change of anyone's.
NOT_JOURNALED |= {"departures"}
# slack_sdk's installation and OAuth-state stores (workspaces' tokens): never copied anywhere.
NOT_JOURNALED |= {"slack_installations", "slack_bots", "oauth_states"}


@dataclass(frozen=True)
class Change:
    """One command's writes, undoable by the person who made them."""

    id: int
    group_id: int | None
    user_id: str
    command: str
    summary: str
    created_at: str
    undone_at: str | None


@dataclass(frozen=True)
class Touched:
    """What one change wrote that times depend on: groups (their time zone), meetings (their
    start and reminders) and action items (their owners, due date and state), by row id."""

    groups: frozenset[int] = frozenset()
    meetings: frozenset[int] = frozenset()
    actions: frozenset[int] = frozenset()


def journaled_tables(db: Database) -> list[str]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    # Full-text indexes (virtual tables and their shadow tables) follow their tables by
    # triggers of their own: an undo of a document or an entry puts them right too.
    fts = {name for name, sql in rows if "VIRTUAL TABLE" in (sql or "").upper()}
    return sorted(
        name
        for name, _ in rows
        if name not in NOT_JOURNALED and not any(name.startswith(f) for f in fts)
    )


def _columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]


def _trigger_sql(db: Database) -> dict[str, str]:
    """The journal's triggers for the tables' current columns, by name."""
    active = "WHEN (SELECT change_id FROM undo_state) IS NOT NULL"
    record = (
        "INSERT INTO change_rows (change_id, tbl, row_id, before) "
        "SELECT change_id, '{table}', {row}, {before} FROM undo_state;"
    )
    out = {}
    for table in journaled_tables(db):
        pairs = ", ".join(f"'{c}', OLD.\"{c}\"" for c in _columns(db, table))
        out[f"journal_{table}_insert"] = (
            f"CREATE TRIGGER journal_{table}_insert AFTER INSERT ON {table} {active} BEGIN "
            + record.format(table=table, row="NEW.id", before="NULL")
            + " END"
        )
        for op in ("UPDATE", "DELETE"):
            out[f"journal_{table}_{op.lower()}"] = (
                f"CREATE TRIGGER journal_{table}_{op.lower()} BEFORE {op} ON {table} {active} "
                "BEGIN "
                + record.format(table=table, row="OLD.id", before=f"json_object({pairs})")
                + " END"
            )
    return out


def _installed(db: Database) -> dict[str, str]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'journal_%'"
    ).fetchall()
    return {name: sql for name, sql in rows}


def triggers_current(db: Database) -> bool:
    """Whether the journal's triggers are those the tables' columns call for (a read)."""
    return _installed(db) == _trigger_sql(db)


def install_triggers(db: Database) -> None:
    """(Re)create the journal's triggers from the tables' current columns (after migrations)."""
    for name in _installed(db):
        db.execute(f"DROP TRIGGER {name}")
    for sql in _trigger_sql(db).values():
        db.execute(sql)


class Journal(Repo):
    """Opens and closes a command's change; finds and undoes a person's last one."""

    def begin(self, user_id: str, command: str, *, now: datetime) -> int:
        """Open a change: from now on, every row written is journaled into it."""
        cur = self.db.conn.execute(
            "INSERT INTO changes (user_id, command, summary, created_at) VALUES (?, ?, '', ?)",
            [user_id, command, stamp(now)],
        )  # a trigger of the changes table makes it the open one (see migration 0019)
        return int(cur.lastrowid or 0)

    def pause(self) -> None:
        """Stop journaling into the open change (its transaction is about to commit; other
        writers may write before it is resumed, into changes of their own)."""
        self.db.execute("UPDATE undo_state SET change_id = NULL")

    def resume(self, change_id: int, *, group_id: int, summary: str) -> None:
        """Journal into `change_id` again; it is labelled already, so an interruption leaves a
        change `/clerk undo` can take back."""
        self.db.execute("UPDATE undo_state SET change_id = ?", [change_id])
        self.db.execute(
            "UPDATE changes SET group_id = ?, summary = ? WHERE id = ?",
            [group_id, summary, change_id],
        )

    def end(
        self,
        change_id: int,
        *,
        group_id: int | None,
        summary: str,
        user_id: str | None = None,
        command: str | None = None,
    ) -> None:
        """Close the change, labelled; one that wrote nothing, or has no group (not
        undoable), is forgotten."""
        conn = self.db.conn
        conn.execute("UPDATE undo_state SET change_id = NULL")
        if group_id is not None:
            kept = conn.execute(
                "UPDATE changes SET group_id = ?, summary = ?, user_id = coalesce(?, user_id), "
                "command = coalesce(?, command) WHERE id = ? "
                "AND EXISTS (SELECT 1 FROM change_rows WHERE change_id = ?)",
                [group_id, summary, user_id, command, change_id, change_id],
            )
            if kept.rowcount:
                return
        conn.execute("DELETE FROM change_rows WHERE change_id = ?", [change_id])
        conn.execute("DELETE FROM changes WHERE id = ?", [change_id])

    def touched(self, change_id: int) -> Touched:
        """The groups, meetings and action items the change wrote (an entry that is or was
        an action: one made, edited, done, deleted or undone)."""
        rows = self._all(
            "SELECT DISTINCT c.tbl, c.row_id FROM change_rows c WHERE c.change_id = ? AND ("
            " c.tbl IN ('groups', 'meetings') OR (c.tbl = 'entries' AND ("
            "  json_extract(c.before, '$.kind') = 'action' OR EXISTS ("
            "   SELECT 1 FROM entries e WHERE e.id = c.row_id AND e.kind = 'action'))))",
            [change_id],
        )
        by: dict[str, set[int]] = {"groups": set(), "meetings": set(), "entries": set()}
        for r in rows:
            by[r["tbl"]].add(int(r["row_id"]))
        return Touched(frozenset(by["groups"]), frozenset(by["meetings"]), frozenset(by["entries"]))

    def last(self, group_id: int, user_id: str) -> Change | None:
        """The person's latest change in the group that is not undone yet."""
        row = self._one(
            "SELECT * FROM changes WHERE group_id = ? AND user_id = ? AND undone_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            [group_id, user_id],
        )
        return Change(**row) if row else None

    def overtaken(self, change: Change) -> Change | None:
        """A later change by someone else to a row this change wrote, if any."""
        row = self._one(
            "SELECT c.* FROM change_rows later JOIN changes c ON c.id = later.change_id "
            "WHERE later.change_id > ? AND c.undone_at IS NULL AND EXISTS ("
            " SELECT 1 FROM change_rows mine WHERE mine.change_id = ? "
            " AND mine.tbl = later.tbl AND mine.row_id = later.row_id) "
            "ORDER BY c.id LIMIT 1",
            [change.id, change.id],
        )
        return Change(**row) if row else None

    def undo(self, change: Change, *, now: datetime) -> None:
        """Put back every row the change wrote, newest write first."""
        rows = self._all(
            "SELECT tbl, row_id, before FROM change_rows WHERE change_id = ? ORDER BY id DESC",
            [change.id],
        )
        for r in rows:
            table = r["tbl"]
            if r["before"] is None:
                self.db.execute(f"DELETE FROM {table} WHERE id = ?", [r["row_id"]])
                continue
            before = json.loads(r["before"])
            cols = [c for c in _columns(self.db, table) if c in before]
            exists = self._one(f"SELECT 1 AS x FROM {table} WHERE id = ?", [r["row_id"]])
            if exists:
                sets = ", ".join(f'"{c}" = ?' for c in cols)
                self.db.execute(
                    f"UPDATE {table} SET {sets} WHERE id = ?",
                    [*(before[c] for c in cols), r["row_id"]],
                )
            else:
                names = ", ".join(f'"{c}"' for c in cols)
                marks = ", ".join("?" for _ in cols)
                self.db.execute(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", [before[c] for c in cols]
                )
        self.db.execute("UPDATE changes SET undone_at = ? WHERE id = ?", [stamp(now), change.id])
