"""A database from every earlier schema upgrades to today's, keeping its records; a failing
migration leaves the database as it was."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage import Store
from storage.db import connect, migrate
from storage.migrations import migrations

from .harness import GROUP_SETUP, MEETING_SETUP, Clerk, FakeClock

NAMES = [m.name for m in migrations.pending(Database(memory=True))]


def schema(path) -> set[str]:
    """Tables, indexes and triggers as SQL, white space folded (ALTER TABLE writes it its way)."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    columns = {
        (table, tuple(c[1] for c in conn.execute(f"PRAGMA table_info({table})")))
        for kind, table, _ in rows
        if kind == "table"
    }
    conn.close()
    return {f"{kind} {name} on {tbl}" for kind, name, tbl in rows} | {str(c) for c in columns}


def test_there_is_a_migration_test_for_each_migration():
    assert NAMES[0] == "0001_initial" and len(NAMES) >= 8


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_an_older_database_upgrades_and_keeps_its_record(tmp_path, stop_before):
    old = tmp_path / "old.db"
    db = connect(old)
    migrations.apply(db, stop_before=stop_before)
    # A group as the first schema stored it: the columns every later schema still has.
    db.execute(
        "INSERT INTO groups (team_id, channel_id, name, short_name, parent, tz, created_at) "
        "VALUES ('T1', 'C1', 'TSAG RG-SOP', 'RG-SOP', 'TSAG', 'Europe/Zurich', '2024-01-01')"
    )
    db.execute(
        "INSERT INTO roles (group_id, role, user_id, name, created_at) "
        "VALUES (1, 'rapporteur', 'U0CHAIR', 'Chair', '2024-01-01')"
    )
    db.conn.commit()
    db.close()

    store = Store.open(old)  # upgrades
    try:
        group = store.groups.get("T1", "C1")
        assert group is not None and group.name == "TSAG RG-SOP"
        # The upgraded database does everything a new one does.
        clerk = Clerk(store, FakeClock())
        for line in (*GROUP_SETUP[1:], *MEETING_SETUP):
            clerk.ok(line)
        clerk.ok('/comment C103 "We agree." by=<@U0ANA|ana>')
        clerk.ok("/clerk undo")
    finally:
        store.close()
    fresh = tmp_path / "fresh.db"
    Store.open(fresh).close()
    assert schema(old) == schema(fresh)


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "clerk.db"
    Store.open(path).close()
    before = schema(path)
    broken = Migrations("clerk")
    for m in migrations._migrations:  # the real ones, all applied already
        broken._migrations.append(m)

    @broken(name="9999_broken")
    def half_done(db: Database) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        db.execute("ALTER TABLE groups ADD COLUMN half TEXT")
        raise RuntimeError("the disk filled up halfway")

    monkeypatch.setattr("storage.db.migrations", broken)
    db = connect(path)
    with pytest.raises(RuntimeError, match="halfway"):
        migrate(db)
    db.close()
    assert schema(path) == before  # neither the table nor the column
    monkeypatch.undo()
    store = Store.open(path)  # and it opens as before
    assert store.healthy()
    store.close()


def test_fixed_sets_of_values_are_enums_and_the_schema_refuses_others(tmp_path):
    """Each enum of models.py is exactly what its column accepts; anything else is refused."""
    import sqlite3

    from storage import models
    from storage.migrations import _ALLOWED_0020

    enums = {
        ("entries", "kind"): models.EntryKind,
        ("entries", "target_type"): models.TargetKind,
        ("entries", "keyword"): models.Outcome,
        ("meetings", "kind"): models.MeetingKind,
        ("roles", "role"): models.RoleName,
        ("groups", "profile"): models.ReportProfile,
        ("reminders", "status"): models.ReminderState,
        ("action_notices", "status"): models.ReminderState,
        ("action_notices", "kind"): models.NoticeKind,
        ("action_events", "kind"): models.ActionEventKind,
    }
    assert set(enums) == set(_ALLOWED_0020)
    for key, enum in enums.items():
        assert set(_ALLOWED_0020[key]) - {""} == {e.value for e in enum}, key
    store = Store.open(tmp_path / "c.db")
    try:
        store.db.execute(
            "INSERT INTO groups (team_id, channel_id, name, short_name, parent, tz, "
            "default_remind, created_at, profile) VALUES ('T', 'C', 'G', 'G', '', 'UTC', '', "
            "'2024-01-01', 'itu')"
        )
        with pytest.raises(sqlite3.IntegrityError, match="groups.profile"):
            store.db.execute("UPDATE groups SET profile = 'iso'")
    finally:
        store.close()
