"""The Store: one database connection and its repositories."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from .agenda import Agenda
from .db import connect, immediate, integrity_ok, migrate
from .documents import Documents
from .entries import Entries
from .groups import Groups
from .meetings import Meetings
from .reminders import Reminders
from .requests import Requests


class Store:
    """Everything Clerk keeps, behind one connection; use one Store per thread."""

    def __init__(self, db: Database):
        self.db = db
        self.groups = Groups(db)
        self.meetings = Meetings(db)
        self.agenda = Agenda(db)
        self.documents = Documents(db)
        self.entries = Entries(db)
        self.reminders = Reminders(db)
        self.requests = Requests(db)

    @classmethod
    def open(cls, path: str | Path, *, migrate_schema: bool = True) -> Store:
        db = connect(path)
        if migrate_schema:
            migrate(db)
        return cls(db)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together or not at all."""
        with immediate(self.db):
            yield self

    def healthy(self) -> bool:
        """The database answers and its integrity check passes."""
        return integrity_ok(self.db)

    def close(self) -> None:
        self.db.close()
