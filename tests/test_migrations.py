"""A database from every earlier schema upgrades to today's, keeping its records; a failing
migration leaves the database as it was."""

from __future__ import annotations

import re
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


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory) -> set[str]:
    """The schema a new database gets, made once for every upgrade to be compared with."""
    fresh = tmp_path_factory.mktemp("fresh") / "fresh.db"
    Store.open(fresh).close()
    return schema(fresh)


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_an_older_database_upgrades_and_keeps_its_record(tmp_path, stop_before, fresh_schema):
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
    assert schema(old) == fresh_schema


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
    store = Store.open(tmp_path / "c.db")
    try:
        # What each column accepts today: the values its insert trigger lists.
        accepted = {}
        for _name, sql in store.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'check_%'"
        ).fetchall():
            table, column = re.search(r"ON (\w+) WHEN NEW\.(\w+)", sql).groups()
            listed = re.search(r"NOT IN \(([^)]*)\)", sql).group(1)
            accepted[(table, column)] = {v.strip().strip("'") for v in listed.split(",")}
        for key, enum in enums.items():
            if key[0] in ("reminders", "action_notices"):  # moved into the outbox (0021)
                key = ("outbox", "status" if key[1] == "status" else "kind")
            assert accepted[key] - {""} == {e.value for e in enum}, key
        assert set(_ALLOWED_0020) == set(enums)
        store.db.execute(
            "INSERT INTO groups (team_id, channel_id, name, short_name, parent, tz, "
            "default_remind, created_at, profile) VALUES ('T', 'C', 'G', 'G', '', 'UTC', '', "
            "'2024-01-01', 'itu')"
        )
        with pytest.raises(sqlite3.IntegrityError, match="groups.profile"):
            store.db.execute("UPDATE groups SET profile = 'iso'")
    finally:
        store.close()


def test_reminders_and_dms_move_into_the_one_outbox_with_their_slack_keys(tmp_path):
    """Upgrading to the outbox keeps every reminder and DM as it stood — a claim whose send
    was unknown still carries its old key, so the post already in Slack is found, not sent
    again — and the sender then sends both kinds from the one table."""
    from datetime import UTC, datetime, timedelta

    from bot.reminders import Dispatcher

    old = tmp_path / "old.db"
    store = Store.open(old)
    clerk = Clerk(store, FakeClock())
    for line in (*GROUP_SETUP, *MEETING_SETUP):
        clerk.ok(line)
    clerk.names["U0DANA"] = "Dana"
    clerk.ok('/action 4.2 owner=<@U0DANA> "circulate" due=2024-08-20')
    clerk.ok('/meeting new "Interim" kind=interim start="2024-08-20 13:00" remind="1d"')
    store.close()
    # The same record as the two tables before migration 0021 held it.
    db = sqlite3.connect(old)
    db.executescript(
        """
        CREATE TABLE reminders AS SELECT id, meeting_id, lead_minutes, due_at, status,
            next_attempt_at, attempts, claimed_by, claimed_at, sent_at, late, last_error,
            created_at FROM outbox WHERE what = 'reminder';
        CREATE TABLE action_notices AS SELECT id, group_id, entry_id, kind, user_id, due_at,
            status, next_attempt_at, attempts, claimed_by, claimed_at, sent_at, last_error,
            created_at FROM outbox WHERE what = 'dm';
        UPDATE reminders SET id = id + 100, status = 'claimed', claimed_by = 'gone:1:x',
            claimed_at = '2024-08-19T10:00:00+00:00', last_error = 'unknown: timed out';
        DROP TABLE outbox;
        DELETE FROM _sqlite_migrations WHERE name = '0021_outbox';
        """
    )
    db.commit()
    db.close()
    store = Store.open(old)  # upgrades
    try:
        [reminder] = store.reminders.for_meeting(2)
        assert reminder.key.startswith("reminder:1") and int(reminder.key[9:]) > 100
        assert (reminder.status, reminder.last_error) == ("claimed", "unknown: timed out")
        assert {n.kind for n in store.notices.of_entry(1)} == {"assigned", "day_before", "due_day"}
        posts: list[tuple[str, str]] = []
        dispatcher = Dispatcher(
            lambda: store,
            lambda channel, text, blocks: posts.append((channel, text)),
            clock=lambda: datetime(2024, 8, 19, 12, 0, tzinfo=UTC),
            worker="w2",
            sleep=lambda s: None,
            stale=timedelta(minutes=5),
        )
        dispatcher.tick()
        # The reminder (taken over, checked, then posted: the fake keeps no history) and
        # Dana's DMs due by now went from the one outbox.
        assert "C1" in [c for c, _ in posts] and "U0DANA" in [c for c, _ in posts]
    finally:
        store.close()


def test_deliveries_in_flight_move_into_the_outbox_and_are_taken_over_from_a_dead_process(
    tmp_path,
):
    """A report being delivered at the upgrade stays claimed by its process; when that process
    is gone, the one sender takes it over and hands it on to be run again; finished deliveries
    were history and go."""
    import socket
    from datetime import UTC, datetime

    from bot.reminders import Dispatcher

    old = tmp_path / "old.db"
    db = connect(old)
    migrations.apply(db, stop_before="0025_deliveries_in_outbox")
    db.execute(
        "INSERT INTO groups (team_id, channel_id, name, short_name, parent, tz, created_at) "
        "VALUES ('T1', 'C1', 'WG', 'WG', '', 'UTC', '2024-01-01')"
    )
    gone = f"{socket.gethostname()}:999999"  # no such process
    for status in ("running", "done"):
        db.execute(
            "INSERT INTO deliveries (team_id, channel_id, user_id, response_url, command, text, "
            "status, worker, created_at) VALUES ('T1', 'C1', 'U1', 'https://r', '/report', "
            "'md', ?, ?, '2024-08-01T12:00:00+00:00')",
            [status, gone],
        )
    db.conn.commit()
    db.close()
    store = Store.open(old)  # upgrades
    try:
        [moved] = store.deliveries.interrupted()
        assert (moved.command, moved.text, moved.worker, moved.files) == ("/report", "md", gone, ())
        assert "deliveries" not in store.db.table_names()
        taken: list = []
        dispatcher = Dispatcher(
            lambda: store,
            lambda channel, text, blocks: None,
            clock=lambda: datetime(2024, 8, 1, 12, 1, tzinfo=UTC),
            worker="w2",
            sleep=lambda s: None,
        )
        dispatcher.tick()  # no one to run deliveries: left where they are
        assert store.deliveries.interrupted()[0].worker == gone
        dispatcher.resume = taken.extend
        dispatcher.tick()
        [again] = taken
        assert again.id == moved.id and again.unknown and again.response_url == "https://r"
    finally:
        store.close()


def test_an_up_to_date_database_opens_without_the_write_lock(tmp_path, monkeypatch):
    """Every CLI run, report worker and restart opens the database: one already up to date is
    only read, so it opens at once while a long write holds the lock."""
    Store.open(tmp_path / "c.db").close()
    monkeypatch.setenv("CLERK_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(tmp_path / "c.db")
    holder.execute("BEGIN IMMEDIATE")
    try:
        Store.open(tmp_path / "c.db").close()
    finally:
        holder.rollback()
        holder.close()


def test_a_journal_trigger_gone_or_stale_is_made_again_on_open(tmp_path):
    Store.open(tmp_path / "t.db").close()
    with sqlite3.connect(tmp_path / "t.db") as db:
        db.execute("DROP TRIGGER journal_entries_insert")
    store = Store.open(tmp_path / "t.db")
    names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    store.close()
    assert "journal_entries_insert" in names


def test_a_migrations_script_runs_statement_by_statement_inside_its_transaction(tmp_path):
    from storage.migrations import script

    db = connect(tmp_path / "s.db")
    db.conn.execute("BEGIN")
    script(
        db,
        """CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
        CREATE TRIGGER t_note AFTER INSERT ON t BEGIN
            UPDATE t SET v = v || ';' WHERE id = NEW.id;
        END;
        INSERT INTO t (v) VALUES ('a;b')""",
    )
    assert db.conn.in_transaction  # nothing committed behind the migration's back
    assert db.execute("SELECT v FROM t").fetchall() == [("a;b;",)]
    db.conn.rollback()
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 't'").fetchall() == []


def test_entries_indexed_before_the_upgrade_stay_exact_in_the_search_index(tmp_path):
    """Entries the old triggers indexed as they were logged, then edited, deleted by an undo
    and searched after the upgrade (0033): the index is told to delete exactly what it holds."""
    from .test_search import index_matches_entries

    old = tmp_path / "old.db"
    db = connect(old)
    migrations.apply(db, stop_before="0033_entries_indexed_when_searched")
    db.conn.commit()
    db.close()
    store = Store.open(old, migrate_schema=False)  # the old schema, its triggers
    clerk = Clerk(store, FakeClock())
    for line in (*GROUP_SETUP, *MEETING_SETUP):
        clerk.ok(line)
    clerk.ok('/note 3.2 "okapi"')
    clerk.ok('/note 3.2 "quokka"')
    clerk.ok('/note 3.2 "numbat"')
    store.close()

    store = Store.open(old)  # upgrades
    try:
        clerk = Clerk(store, FakeClock())
        clerk.ok('/note edit 1 "kakapo"')
        clerk.ok('/note 3.2 "tuatara"')
        clerk.ok("/clerk undo")  # deletes the waiting entry
        clerk.ok("/note delete 2")
        assert "#1 note" in clerk.ok("/clerk search kakapo").text
        assert "#3 note" in clerk.ok("/clerk search numbat").text
        for gone in ("okapi", "quokka", "tuatara"):  # edited away, deleted, undone
            assert clerk.ok(f"/clerk search {gone}").text.startswith("Nothing")
        assert index_matches_entries(store)
    finally:
        store.close()
