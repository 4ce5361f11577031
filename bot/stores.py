"""One Store (SQLite connection) per thread, since the server answers on several threads."""

from __future__ import annotations

import threading

from storage import Store


class Stores:
    """Opens the database once to migrate it, then lazily one connection per thread."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        Store.open(path).close()  # creates the file and applies migrations once, up front

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.path, migrate_schema=False)
            self._local.store = store
        return store
