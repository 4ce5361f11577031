"""The record outlives the machine: backups of a live server, restores, replicas, bad disks."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.durability import volatile_disk, warn_if_volatile
from storage import Store

from . import fakeslack
from .edge import Served, start_serve, stop
from .harness import GROUP_SETUP, MEETING_SETUP
from .launcher import run


def clerk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run(list(args), env={**os.environ, **(env or {})}, timeout=120)


def notes_in(path: Path) -> set[str]:
    store = Store.open(path, migrate_schema=False)
    try:
        assert store.healthy()
        return {e.text for e in store.entries.of_meeting(1)}
    finally:
        store.close()


@pytest.fixture
def slack():
    fake = fakeslack.FakeSlack()
    web = fakeslack.start(fake)
    yield fake
    web.shutdown()


def _meeting(served: Served) -> None:
    for line in (*GROUP_SETUP, *MEETING_SETUP):
        command, _, text = line.partition(" ")
        assert served.command(command, text).status == 200


class Typists:
    """Clients typing /note into a running server; what it acknowledged, in order."""

    def __init__(self, served: Served, clients: int = 8) -> None:
        self.served, self.acked, self.lock = served, [], threading.Lock()
        self.stopped = threading.Event()
        self.threads = [threading.Thread(target=self._type, args=(n,)) for n in range(clients)]
        for t in self.threads:
            t.start()

    def _type(self, n: int) -> None:
        i = 0
        while not self.stopped.is_set():
            text = f"c{n}-{i}"
            try:
                resp = self.served.command("/note", f'2.1 "{text}"')
            except (OSError, http.client.HTTPException):
                return
            if resp.status == 200 and resp.json().get("response_type") == "in_channel":
                with self.lock:
                    self.acked.append(text)
            i += 1

    def so_far(self) -> list[str]:
        with self.lock:
            return list(self.acked)

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 20
        while len(self.so_far()) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def end(self) -> list[str]:
        self.stopped.set()
        for t in self.threads:
            t.join(timeout=20)
        return self.so_far()


def test_a_backup_taken_during_a_burst_holds_everything_acknowledged_before_it(tmp_path, slack):
    served = start_serve(tmp_path, slack.api_url)
    try:
        _meeting(served)
        typists = Typists(served)
        typists.wait_for(30)
        before = typists.so_far()  # acknowledged before the backup began
        done = clerk("backup", str(tmp_path / "copy.db"), "--db", str(served.db))
        typists.wait_for(len(before) + 20)  # the server went on answering meanwhile
        after = typists.end()
    finally:
        stop(served)
    assert done.returncode == 0, done.stderr
    assert "integrity check passed" in done.stdout
    copied = notes_in(tmp_path / "copy.db")  # integrity_check inside
    assert not [t for t in before if t not in copied]
    assert len(after) > len(before)
    assert not (tmp_path / "copy.db.part").exists()


def test_a_backup_never_overwrites_and_says_why(tmp_path, meeting_copy):
    (tmp_path / "taken.db").write_text("an earlier backup")
    done = clerk("backup", str(tmp_path / "taken.db"), "--db", str(meeting_copy))
    assert done.returncode == 2
    assert "already exists" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "taken.db").read_text() == "an earlier backup"
    missing = clerk("backup", str(tmp_path / "x.db"), "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "There is no database" in missing.stderr


def test_restore_is_refused_under_a_running_server_then_works_once_it_stops(tmp_path, slack):
    served = start_serve(tmp_path, slack.api_url)
    try:
        _meeting(served)
        assert served.command("/note", '2.1 "kept in the backup"').status == 200
        assert clerk("backup", str(tmp_path / "b.db"), "--db", str(served.db)).returncode == 0
        assert served.command("/note", '2.1 "after the backup"').status == 200
        refused = clerk("restore", str(tmp_path / "b.db"), "--db", str(served.db))
        assert refused.returncode == 2
        assert "A Clerk server is running" in refused.stderr
        assert "after the backup" in notes_in(served.db)  # nothing changed
    finally:
        stop(served)
    done = clerk("restore", str(tmp_path / "b.db"), "--db", str(served.db))
    assert done.returncode == 0, done.stderr
    assert notes_in(served.db) == {"kept in the backup"}
    [kept] = tmp_path.glob("served.db.before-restore-*")
    assert "after the backup" in notes_in(kept)  # the replaced record is not lost either
    again = start_serve(tmp_path, slack.api_url)  # and the server runs on the restored file
    try:
        assert again.command("/note", '2.1 "next"').status == 200
    finally:
        stop(again)
    assert notes_in(served.db) == {"kept in the backup", "next"}


def test_restore_refuses_a_file_that_is_not_a_clerk_database(tmp_path, meeting_copy):
    (tmp_path / "notes.txt").write_text("not a database at all" * 100)
    before = notes_in(meeting_copy)
    done = clerk("restore", str(tmp_path / "notes.txt"), "--db", str(meeting_copy))
    assert done.returncode == 2
    assert "is not a Clerk database" in done.stderr and "Traceback" not in done.stderr
    assert notes_in(meeting_copy) == before


def test_a_disk_that_does_not_last_is_named(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        f"tmpfs {tmp_path}/ram tmpfs rw 0 0\n"
        f"/dev/sdb1 {tmp_path}/ram/disk ext4 rw 0 0\n"
    )
    assert volatile_disk(tmp_path / "c.db", {}, str(mounts)) == ""
    assert "tmpfs" in volatile_disk(tmp_path / "ram" / "c.db", {}, str(mounts))
    assert volatile_disk(tmp_path / "ram" / "disk" / "c.db", {}, str(mounts)) == ""
    assert "dyno (web.1)" in volatile_disk(tmp_path / "c.db", {"DYNO": "web.1"}, str(mounts))


def test_warning_only_without_a_replica(tmp_path, caplog):
    assert warn_if_volatile(tmp_path / "c.db", {"DYNO": "web.1"}, replicated=False)
    assert "THE RECORD WILL BE LOST" in caplog.text
    caplog.clear()
    warn_if_volatile(tmp_path / "c.db", {"DYNO": "web.1"}, replicated=True)
    assert "LOST" not in caplog.text


def test_serve_on_a_dyno_without_a_replica_says_so_at_start(tmp_path, slack):
    served = start_serve(tmp_path, slack.api_url, env={"DYNO": "web.1"})
    log = stop(served) or served.log.read_text()
    assert "THE RECORD WILL BE LOST" in log and "LITESTREAM_REPLICA_URL" in log


def _replicated(replica: str, tmp_path: Path, name: str) -> set[str]:
    out = tmp_path / name
    done = subprocess.run(
        [str(Path(sys.executable).with_name("litestream")), "restore", "-o", str(out), replica],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "no matching backup files" in done.stderr:
        return set()  # nothing replicated yet
    assert done.returncode == 0, done.stderr
    try:
        return notes_in(out)
    finally:
        for f in tmp_path.glob(name + "*"):
            f.unlink()


def _typed_into(served: Served, count: int = 40) -> list[str]:
    """A meeting set up, then notes typed by four clients; those acknowledged."""
    _meeting(served)
    typists = Typists(served, clients=4)
    typists.wait_for(count)
    return typists.end()


def test_litestream_brings_back_every_acknowledged_entry_after_the_primary_is_lost(tmp_path, slack):
    replica = f"file://{tmp_path / 'replica'}"
    env = {"LITESTREAM_REPLICA_URL": replica, "LITESTREAM_SYNC_INTERVAL": "100ms", "DYNO": "web.1"}
    served = start_serve(tmp_path, slack.api_url, env=env)
    try:
        acked = _typed_into(served)
        # Replication is asynchronous: wait (bounded) until the replica has caught up, as an
        # operator's monitoring would, then lose the primary.
        deadline = time.monotonic() + 30
        while set(acked) - _replicated(replica, tmp_path, "probe.db"):
            assert time.monotonic() < deadline, "the replica never caught up"
            time.sleep(0.2)
    finally:
        log = stop(served) or served.log.read_text()
    assert "LOST" not in log and "replicating" in log
    for f in tmp_path.glob("served.db*"):
        f.unlink()  # the machine is gone
    assert set(acked) <= _replicated(replica, tmp_path, "restored.db")
    # A new machine: `clerk serve` finds no database, takes the replica's, and goes on.
    again = start_serve(tmp_path, slack.api_url, env=env)
    try:
        assert again.command("/note", '2.1 "on the new machine"').status == 200
    finally:
        log = stop(again) or again.log.read_text()
    assert "restored" in log
    assert set(acked) | {"on the new machine"} == notes_in(again.db)


def test_a_graceful_stop_leaves_the_replica_complete(tmp_path, slack):
    """SIGTERM (a platform's restart): the server stops answering, then litestream copies what
    it had not yet copied before it ends, so the next machine starts from everything."""
    replica = f"file://{tmp_path / 'replica'}"
    env = {"LITESTREAM_REPLICA_URL": replica, "LITESTREAM_SYNC_INTERVAL": "10s"}
    served = start_serve(tmp_path, slack.api_url, env=env)
    try:
        acked = _typed_into(served)
    finally:
        stop(served)
    for f in tmp_path.glob("served.db*"):
        f.unlink()
    assert set(acked) <= _replicated(replica, tmp_path, "restored.db")
