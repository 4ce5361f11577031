"""Consistent copies of a live database, and putting one back (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .db import busy_timeout


class BackupError(Exception):
    """A copy that cannot be taken or used; the message is one sentence for the operator."""


@dataclass(frozen=True)
class Copied:
    """What a backup or a restore copied."""

    path: Path
    pages: int
    groups: int
    entries: int


def backup(source: str | Path, dest: str | Path) -> Copied:
    """Copy the live database at `source` to `dest`, consistent as of one moment.

    The backup API copies one read snapshot while writers go on (WAL), so nothing acknowledged
    before the copy began is missing. The copy is written beside `dest` and renamed into place
    only once it passes SQLite's integrity check: `dest` is never half a database.
    """
    src, dst = Path(source), Path(dest)
    if not src.is_file():
        raise BackupError(f"There is no database at {src}.")
    if dst.exists():
        raise BackupError(f"{dst} already exists; give a new file name (nothing was written).")
    part = dst.with_name(dst.name + ".part")
    part.unlink(missing_ok=True)
    try:
        pages = _copy(src, part)
        copied = _check(part, pages)
        os.replace(part, dst)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return Copied(dst, copied.pages, copied.groups, copied.entries)


def restore(source: str | Path, dest: str | Path) -> Copied:
    """Put the backup `source` in place of the database `dest` (which nothing may have open).

    The backup is checked first; `dest`'s WAL and shared-memory files go with the old file so
    SQLite cannot replay an old log onto the restored pages.
    """
    src, dst = Path(source), Path(dest)
    if not src.is_file():
        raise BackupError(f"There is no backup at {src}.")
    try:
        pages = _pages(src)
        _check(src, pages)
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{src} is not a Clerk database ({err}); nothing changed.") from err
    part = dst.with_name(dst.name + ".restoring")
    part.unlink(missing_ok=True)
    try:
        _copy(src, part)
        for suffix in ("-wal", "-shm"):
            Path(str(dst) + suffix).unlink(missing_ok=True)
        os.replace(part, dst)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return _check(dst, pages)


def _copy(src: Path, dst: Path) -> int:
    """Copy with the backup API; returns the pages copied."""
    # Read-write, though it only reads: a WAL database opened read-only cannot make the
    # shared-memory file it needs when no other process has it open.
    source = sqlite3.connect(str(src), timeout=busy_timeout())
    target = sqlite3.connect(str(dst))
    try:
        # All pages in one step: a step-by-step copy restarts whenever a writer commits, and
        # under a steady stream of commands it might never finish.
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return int(target.execute("PRAGMA page_count").fetchone()[0])
    finally:
        target.close()
        source.close()


def _pages(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()


def _check(path: Path, pages: int) -> Copied:
    """The copy passes the full integrity check and holds Clerk's tables."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise BackupError(f"The copy at {path} fails SQLite's integrity check: {problems[0]}.")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not {"groups", "entries"} <= tables:
            raise BackupError(f"{path} is not a Clerk database (no groups or entries table).")
        groups = int(conn.execute("SELECT count(*) FROM groups").fetchone()[0])
        entries = int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
        return Copied(path, pages, groups, entries)
    finally:
        conn.close()
