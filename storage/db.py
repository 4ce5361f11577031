"""Opening the SQLite database and running one command's writes as one transaction."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from .journal import install_triggers, triggers_current
from .migrations import migrations


def busy_timeout() -> float:
    """How long a writer waits for another writer before giving up (seconds)."""
    # CLERK_BUSY_TIMEOUT, read at each open rather than once at import, so a process that
    # loaded storage before its settings were known (a worker, an embedding) still obeys it.
    return float(os.environ.get("CLERK_BUSY_TIMEOUT") or 30.0)


class _Writes:
    """Whether this process's last write reached the disk (a full disk fails every write
    while reads still pass; /healthz must see that)."""

    ok = True


def last_write_ok() -> bool:
    return _Writes.ok


def _failed_write(err: BaseException) -> bool:
    """A failure of the database itself, not a refusal, and not another writer's lock."""
    return (
        isinstance(err, sqlite3.DatabaseError)
        and "locked" not in str(err)
        and "busy" not in str(err)
    )


def connect(path: str | Path) -> Database:
    """Open the database file with the pragmas Clerk relies on."""
    conn = sqlite3.connect(str(path), timeout=busy_timeout(), check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    # WAL lets readers run beside the writer; FULL sync because this is an official record.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def migrate(db: Database) -> None:
    """Apply pending migrations; concurrent processes serialise on the write lock.

    A database already up to date (most opens: every CLI run, every restart, the tests)
    is only read — no write transaction, no fsync."""
    if not migrations.pending(db) and triggers_current(db):
        return
    with immediate(db):
        migrations.apply(db)
        # The journal's triggers name every column: made anew after any schema change.
        install_triggers(db)


# One writer lock per database file in this process. Threads queue on it and are woken the
# moment it frees; SQLite's own busy handler would make them sleep in steps of up to 100 ms.
# Other processes still wait on SQLite's lock (busy timeout).
_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_GUARD = threading.Lock()


def writer_lock(path: str | Path) -> threading.Lock:
    key = str(Path(path).resolve())
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(key, threading.Lock())


@contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """A read-only transaction: one consistent view, no write lock (WAL readers never wait)."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN DEFERRED")
    try:
        yield db
    finally:
        db.rollback()  # nothing to keep: reads only


@contextmanager
def immediate(db: Database, lock: threading.Lock | None = None) -> Iterator[Database]:
    """A write transaction that takes the lock up front; nested calls become savepoints.

    BEGIN IMMEDIATE (not sqlite-utils' deferred BEGIN) so a read-then-write never fails
    with SQLITE_BUSY on lock upgrade when another process wrote in between.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    if lock is not None:
        lock.acquire()
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException as err:
            db.rollback()
            if _failed_write(err):
                _Writes.ok = False
            raise
        else:
            try:
                db.conn.execute("COMMIT")
            except sqlite3.DatabaseError as err:
                if _failed_write(err):
                    _Writes.ok = False
                raise
            _Writes.ok = True
    finally:
        if lock is not None:
            lock.release()


def integrity_ok(db: Database) -> bool:
    """True when SQLite's own integrity check passes."""
    return [row[0] for row in db.execute("PRAGMA quick_check").fetchall()] == ["ok"]
