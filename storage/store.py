"""The Store: one database connection and its repositories."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from .actions import ActionNotices, Actions
from .agenda import Agenda
from .claims import Outbox
from .db import connect, immediate, integrity_ok, migrate, snapshot, writer_lock
from .deliveries import Deliveries
from .departures import Departures
from .documents import Documents
from .entries import Entries
from .groups import Groups
from .journal import Journal
from .meetings import Meetings
from .purge import purge_groups, purge_requests
from .reminders import Reminders
from .requests import Requests
from .search import Search


class Store:
    """Everything Clerk keeps, behind one connection; use one Store per thread."""

    def __init__(self, db: Database, lock: threading.Lock | None = None):
        self.db = db
        self.lock = lock
        self.groups = Groups(db)
        self.meetings = Meetings(db)
        self.agenda = Agenda(db)
        self.documents = Documents(db)
        self.entries = Entries(db)
        self.reminders = Reminders(db)
        self.outbox = Outbox(db)
        self.requests = Requests(db)
        self.journal = Journal(db)
        self.search = Search(db)
        self.actions = Actions(db)
        self.notices = ActionNotices(db)
        self.deliveries = Deliveries(db)
        self.departures = Departures(db)

    @classmethod
    def open(cls, path: str | Path, *, migrate_schema: bool = True) -> Store:
        db = connect(path)
        if migrate_schema:
            migrate(db)
        return cls(db, writer_lock(path))

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or not at all."""
        with immediate(self.db, self.lock):
            yield self

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """Reads only: a consistent snapshot that neither waits for nor blocks writers."""
        with snapshot(self.db):
            yield self

    def purge(self, group_ids: list[int], team_id: str, channel_id: str = "") -> dict[str, int]:
        """Delete these groups' whole record (see purge.py) and the requests of that workspace
        or channel; rows deleted by table. Cannot be undone."""
        counts = purge_groups(self.db, group_ids)
        counts["deliveries"] = purge_requests(self.db, team_id, channel_id)
        return counts

    def healthy(self) -> bool:
        """The database answers and its integrity check passes."""
        return integrity_ok(self.db)

    def answers(self) -> bool:
        """The database file is open and answers a trivial query (cheap, unlike healthy())."""
        return bool(self.db.execute("SELECT 1").fetchone()[0] == 1)

    def close(self) -> None:
        self.db.close()
