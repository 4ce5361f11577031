"""A workspace that leaves (uninstall, revoked token) hears nothing more; its record is kept
until an operator purges it, or the retention period ends; a group's data on request."""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.reminders import Dispatcher
from commands import Work, purge_departed, workspace_left
from storage import Store

from .edge import InProcess, set_up_channel, stop
from .launcher import run
from .test_reminders import Poster, no_sleep

FAKE_SLACK: dict = {}


def clerk(*args: str) -> subprocess.CompletedProcess:
    return run(list(args), env=dict(os.environ))


# An interim meeting a month from now (the edge books by the real clock): its 7-day reminder.
START = (datetime.now(UTC) + timedelta(days=30)).replace(second=0, microsecond=0)
DUE = START - timedelta(days=7)


@pytest.fixture
def edge(tmp_path, slack):
    served = InProcess(tmp_path, slack.api_url)
    for command, text in (
        ("/clerk", 'setup name="WG One" tz=UTC'),
        ("/meeting", f'new "Interim" kind=interim start="{START:%Y-%m-%d %H:%M}" remind=7d'),
    ):
        assert served.command(command, text).status == 200
    yield served
    stop(served)


def db_file(store: Store) -> str:
    """The file a test's store has open."""
    return str(store.db.execute("PRAGMA database_list").fetchone()[2])


def sent_by_dispatcher(db, at: datetime) -> list:
    store = Store.open(db)
    poster = Poster()
    Dispatcher(lambda: store, poster, clock=lambda: at, worker="w", sleep=no_sleep).tick(at)
    store.close()
    return poster.posts


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_uninstalled", "event_ts": "1.2"},
        {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}, "event_ts": "1.2"},
    ],
)
def test_a_workspace_that_leaves_gets_no_more_reminders_and_keeps_its_record(edge, event):
    assert edge.event(event, event_id="EvLeft").status == 200
    assert sent_by_dispatcher(edge.db, DUE) == []  # due, and not posted
    store = Store.open(edge.db)
    try:
        assert store.departures.teams() == ["T1"]
        assert store.groups.get("T1", "C1") is not None  # kept until purged
    finally:
        store.close()


def test_revoking_only_user_tokens_changes_nothing(edge):
    event = {"type": "tokens_revoked", "tokens": {"oauth": ["U0CHAIR"]}, "event_ts": "1.2"}
    assert edge.event(event, event_id="EvUser").status == 200
    assert len(sent_by_dispatcher(edge.db, DUE)) == 1


def test_a_workspace_that_installs_again_is_back_at_its_first_request(edge):
    edge.event({"type": "app_uninstalled", "event_ts": "1.2"}, event_id="EvGone")
    assert edge.command("/meeting", "list").status == 200  # reinstalled: it asks again
    store = Store.open(edge.db)
    try:
        assert store.departures.teams() == []
    finally:
        store.close()
    # Its dropped reminders stay dropped; meetings booked from now on are reminded again.
    assert sent_by_dispatcher(edge.db, DUE) == []


def test_purge_deletes_one_workspaces_record_and_nothing_else(group, tmp_path):
    group.ok('/meeting new "M" start="2024-08-01 14:30"')
    group.ok('/agenda add 1 "One"')
    group.ok('/doc add C7 item=1 title="A confidential title"')
    group.ok('/note 1 "a confidential remark"')
    group.ok('/action 1 owner=<@U0OWNER> "a confidential action"')
    for line in (
        '/clerk setup name="Other WG" tz=UTC',
        '/meeting new "N" start="2024-08-01 14:30"',
        '/agenda add 1 "One"',
        '/note 1 "kept"',
    ):
        group.ok(line, team="T2", channel="C9")
    db = db_file(group.store)
    said = clerk("purge", "--team", "T1", "--db", db)
    assert said.returncode == 1 and "--yes" in said.stdout  # says what would go, first
    done = clerk("purge", "--team", "T1", "--db", db, "--yes")
    assert done.returncode == 0, done.stderr
    store = Store.open(db)
    try:
        assert store.healthy()
        assert [g.name for g in store.groups.all()] == ["Other WG"]
        rows = store.db.execute("SELECT count(*) FROM change_rows").fetchone()[0]
        assert rows > 0  # the other group's undo history is there
        dump = "\n".join(store.db.conn.iterdump())
    finally:
        store.close()
    assert "confidential" not in dump and "kept" in dump  # not in a table, journal or index


def test_purge_and_export_of_one_channel(group, tmp_path):
    group.ok('/meeting new "M" start="2024-08-01 14:30"')
    group.ok('/agenda add 1 "One"')
    group.ok('/note 1 "our remark"')
    db = db_file(group.store)
    out = tmp_path / "wg.json"
    done = clerk("export", "--channel", "C1", "--db", db, "-o", str(out))
    assert done.returncode == 0, done.stderr
    record = json.loads(out.read_text())
    assert "our remark" in json.dumps(record)
    assert clerk("purge", "--channel", "C1", "--db", db, "--yes").returncode == 0
    store = Store.open(db)
    try:
        assert store.groups.all() == []
    finally:
        store.close()


def test_retention_purges_workspaces_that_left_long_enough_ago(group):
    group.ok('/meeting new "M" start="2024-08-01 14:30"')
    left_at = datetime(2024, 9, 1, tzinfo=UTC)
    workspace_left(Work(group.store), "T1", "app_uninstalled", now=left_at)
    assert purge_departed(Work(group.store), left_at - timedelta(days=1)) == []
    [done] = purge_departed(Work(group.store), left_at + timedelta(days=30))
    assert done.groups == ("TSAG RG-SOP",) and done.total > 0
    assert group.store.groups.all() == [] and group.store.departures.teams() == []


def test_the_server_runs_the_retention_purge_hourly(tmp_path):
    from bot.stores import Stores
    from bot.workspaces import keep_for

    stores = Stores(str(tmp_path / "r.db"))
    store = stores.get()
    workspace_left(Work(store), "T9", "app_uninstalled", now=datetime(2020, 1, 1, tzinfo=UTC))

    class Scheduler:
        jobs: list = []

        def add_job(self, fn, trigger, **kwargs):
            self.jobs.append((fn, trigger, kwargs))

    scheduler = Scheduler()
    keep_for(scheduler, stores, timedelta(days=30))  # type: ignore[arg-type]
    [(job, trigger, kwargs)] = scheduler.jobs
    assert trigger == "interval" and kwargs["hours"] == 1
    job()
    assert store.departures.teams() == []  # left in 2020: past its 30 days


# /clerk export answers at once and builds the file after --------------------------------------


def test_export_is_acknowledged_before_the_file_is_built(served, slack, monkeypatch):
    import commands.clerk

    set_up_channel(served, "C70")
    real = commands.clerk.export_json

    def slow(*args, **kwargs):  # a 20-meeting register took 6.4 s here
        time.sleep(3.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(commands.clerk, "export_json", slow)
    resp = served.command("/clerk", "export json", channel="C70", channel_name="wg-c70")
    assert resp.status == 200 and resp.seconds < 2.0
    assert "Preparing the record" in resp.json()["text"]
    slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("files.completeUploadExternal")
            if "clerk-wg-c70-record.json" in str(c.args.get("initial_comment", ""))
        ],
        timeout=30,
    )
