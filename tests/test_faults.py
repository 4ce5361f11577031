"""Faults injected into Clerk — a database that breaks, a disk that refuses writes, a
database Clerk cannot open — and what the operator and the user are told."""

from __future__ import annotations

import os

import pytest

from bot.server import Health
from bot.stores import Stores
from storage.db import immediate

from .launcher import run


class _Raising:
    """A store whose integrity check raises, as SQLite does on a malformed file."""

    def healthy(self) -> bool:
        raise __import__("sqlite3").DatabaseError("database disk image is malformed")

    def answers(self) -> bool:
        return True


class _Stores:
    def __init__(self, store):
        self.store = store

    def get(self):
        return self.store


def test_a_check_that_raises_is_unhealthy_until_a_check_passes():
    health = Health(_Stores(_Raising()), every=60)
    with pytest.raises(Exception, match="malformed"):
        health.ok()
    # Within the minute the cheap query answers; the broken check must still count.
    assert health.ok() is False


def test_a_corrupted_database_file_is_unhealthy(tmp_path):
    path = tmp_path / "clerk.db"
    stores = Stores(str(path))
    store = stores.get()
    with store.transaction():
        store.db.execute("CREATE TABLE filler (x)")
        for n in range(2000):
            store.db.execute("INSERT INTO filler VALUES (?)", [f"row {n} " * 10])
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    with open(path, "r+b") as f:  # garbage over pages in the middle of the file
        f.seek(8192)
        f.write(os.urandom(65536))
    fresh = Stores.__new__(Stores)
    fresh.path, fresh._local = str(path), __import__("threading").local()
    seen = {}

    def start_response(status, headers):
        seen["status"] = status

    health = Health(fresh, every=60)
    assert b"".join(health.answer(start_response)) and seen["status"].startswith("503")
    b"".join(health.answer(start_response))
    assert seen["status"].startswith("503")  # not 200 for the rest of the minute


def test_a_failed_write_makes_the_server_unhealthy_until_a_write_succeeds(tmp_path):
    import sqlite3

    stores = Stores(str(tmp_path / "clerk.db"))
    health = Health(stores, every=0)
    assert health.ok()
    db = stores.get().db
    with pytest.raises(sqlite3.OperationalError), immediate(db):
        raise sqlite3.OperationalError("database or disk is full")
    assert health.ok() is False  # reads still pass; writes do not
    with immediate(db):
        db.execute("CREATE TABLE t (x)")
    assert health.ok() is True


@pytest.mark.parametrize("where", ["/proc/version", "/nonexistent-folder/clerk.db"])
def test_a_database_clerk_cannot_use_is_one_sentence_naming_clerk_db(tmp_path, where):
    env = {
        **os.environ,
        "CLERK_DB": where,
        "SLACK_BOT_TOKEN": "xoxb-x",
        "SLACK_SIGNING_SECRET": "s",
    }
    done = run(["serve", "--port", "0"], env=env)
    assert done.returncode == 2
    said = done.stderr.strip()
    assert "Traceback" not in said and len(said.splitlines()) == 1
    assert "CLERK_DB" in said and where in said


def test_a_delivery_another_live_process_is_running_is_not_resumed(tmp_path):
    import socket
    from datetime import UTC, datetime, timedelta

    from bot.reminders import Dispatcher

    stores = Stores(str(tmp_path / "clerk.db"))
    store = stores.get()
    now = datetime.now(UTC)
    with store.transaction():
        group = store.groups.create(
            "T1", "C1", name="WG", short_name="WG", parent="", tz="UTC", now=now
        )
        for worker in (f"{socket.gethostname()}:1", "other-host:42"):  # pid 1 is alive
            store.deliveries.start(
                group_id=group.id,
                team_id="T1",
                channel_id="C1",
                user_id="U1",
                response_url="",
                command="/report",
                text="",
                now=now,
                worker=worker,
            )
    taken: list = []
    # Reminders' claims go stale in a second here; a report takes longer, and stays its own.
    later = now + timedelta(minutes=2)
    dispatcher = Dispatcher(
        stores.get, lambda *a: None, clock=lambda: later, worker="w2", stale=timedelta(seconds=1)
    )
    dispatcher.resume = taken.extend
    dispatcher.tick()
    assert taken == []  # neither is known to be dead, nor older than any delivery takes
    assert {d.worker for d in store.deliveries.interrupted()} == {
        f"{socket.gethostname()}:1",
        "other-host:42",
    }
