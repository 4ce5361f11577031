"""Opening the SQLite database and running one command's writes as one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from .migrations import migrations

# How long a writer waits for another writer before giving up (seconds).
BUSY_TIMEOUT = 30.0


def connect(path: str | Path) -> Database:
    """Open the database file with the pragmas Clerk relies on."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    # WAL lets readers run beside the writer; FULL sync because this is an official record.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def migrate(db: Database) -> None:
    """Apply pending migrations; concurrent processes serialise on the write lock."""
    with immediate(db):
        migrations.apply(db)


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the lock up front; nested calls become savepoints.

    BEGIN IMMEDIATE (not sqlite-utils' deferred BEGIN) so a read-then-write never fails
    with SQLITE_BUSY on lock upgrade when another process wrote in between.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def integrity_ok(db: Database) -> bool:
    """True when SQLite's own integrity check passes."""
    return [row[0] for row in db.execute("PRAGMA quick_check").fetchall()] == ["ok"]
