"""Shared helpers for the repositories: timestamps and row access."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from .models import Row

# Query parameters, positional or named.
Params = list[Any] | tuple[Any, ...] | dict[str, Any]


def stamp(now: datetime) -> str:
    """A UTC timestamp string as stored in every *_at column."""
    return now.astimezone(UTC).isoformat(timespec="seconds")


def stamp_or_none(when: datetime | None) -> str | None:
    return stamp(when) if when is not None else None


class Repo:
    """Base of the per-concern repositories: holds the database."""

    def __init__(self, db: Database):
        self.db = db

    # Reads go straight to the connection: sqlite-utils' query() wraps every SELECT in a
    # savepoint (three statements a query), which measured as most of a command's SQL time.
    def _one(self, sql: str, params: Params = ()) -> Row | None:
        cur = self.db.conn.execute(sql, params)
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    def _all(self, sql: str, params: Params = ()) -> list[Row]:
        cur = self.db.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _row(self, sql: str, params: Params = ()) -> Row:
        """The one row a query must find (a row just written, an aggregate)."""
        row = self._one(sql, params)
        if row is None:
            raise LookupError(f"no row for: {sql}")
        return row

    # Writes too: sqlite-utils' Table.insert() introspects the table (PRAGMA table_info) on
    # each call and opens its own savepoint; one plain INSERT inside the command's
    # transaction does the same work. sqlite-utils does what it does best here: the
    # connection (Database), migrations (Migrations) and the schema they build.
    def _insert(self, table: str, values: Row) -> int:
        cols = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        cur = self.db.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(values.values())
        )
        return int(cur.lastrowid or 0)

    def _insert_returning(
        self, table: str, values: Row, *, computed: dict[str, tuple[str, Params]] | None = None
    ) -> Row:
        """Insert and return the row as stored, in one statement (`INSERT … RETURNING *`).

        `computed`: columns given by a sub-query and its parameters (the next number)."""
        computed = computed or {}
        cols = ", ".join(f'"{c}"' for c in [*values, *computed])
        marks = ", ".join(["?"] * len(values) + [f"({sql})" for sql, _ in computed.values()])
        params = [*values.values(), *(p for _, ps in computed.values() for p in ps)]
        cur = self.db.conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks}) RETURNING *", params
        )
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        cur.close()  # RETURNING: the statement completes only once its rows are read
        return dict(zip(names, row, strict=True))

    def _update(self, table: str, row_id: int, values: Row) -> None:
        if not values:
            return
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
