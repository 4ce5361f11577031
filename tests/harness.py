"""Test helpers: drive the router as a Slack user would, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.render import mrkdwn
from commands import Caller, Context, Reply, make_router
from storage import Store

TEAM = "T1"
CHANNEL = "C1"


class Shown:
    """A Reply as Slack shows it: `text` and `full` in mrkdwn (the Rich value in `said`)."""

    def __init__(self, reply: Reply):
        self.reply = reply

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reply, name)

    @property
    def said(self):
        return self.reply.text

    @property
    def text(self) -> str:
        return mrkdwn(self.reply.text)

    @property
    def full(self) -> str:
        return mrkdwn(self.reply.full)

    @property
    def later(self):
        later = self.reply.later
        return None if later is None else (lambda store: Shown(later(store)))


def shown(reply: Reply | None) -> Any:
    """A reply wrapped as Slack shows it (None stays None)."""
    return None if reply is None else Shown(reply)


def summary_of(report: Any, filenames: list[str]) -> str:
    """A report's channel message as Slack shows it."""
    from commands.report.render import render_summary

    return mrkdwn(render_summary(report, filenames))


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


class Clerk:
    """Runs `/command text` lines through the router, as `user` in `channel` of `team`."""

    def __init__(self, store: Store, clock: FakeClock):
        self.store = store
        self.clock = clock
        self.router = make_router(store)
        self.names: dict[str, str] = {}
        self.admins: set[str] = set()

    def __call__(
        self,
        line: str,
        *,
        user: str = "U0CHAIR",
        channel: str = CHANNEL,
        team: str = TEAM,
        escaped: bool = False,
    ) -> Reply:
        command, _, text = line.strip().partition(" ")
        name = self.names.get(user, user.lower())
        caller = Caller(user, fallback_name=name, lookup=lambda: (name, user in self.admins))
        ctx = Context(
            team,
            channel,
            caller,
            self.clock(),
            channel_name="rg-sop",
            directory=self.names.__getitem__,  # a mention's real name, as users.info gives it
        )
        return shown(self.router.dispatch(command, text, ctx, escaped=escaped))

    def ok(self, line: str, **kwargs) -> Reply:
        """Run a line that must succeed; fail the test with the reply otherwise."""
        reply = self(line, **kwargs)
        assert reply.ok, f"{line!r} was refused: {reply.text}"
        return reply

    def refused(self, line: str, **kwargs) -> Reply:
        """Run a line that must be refused without changing the database."""
        before = snapshot(self.store)
        reply = self(line, **kwargs)
        assert not reply.ok, f"{line!r} was accepted: {reply.text}"
        assert snapshot(self.store) == before, f"{line!r} changed the database"
        return reply


def search_index(table: str) -> bool:
    """The search index's tables: derived from the record, and written by a search (which
    indexes the entries logged since the last one), so not part of what a command stored."""
    return "_fts" in table


def snapshot(store: Store, leave_out: Callable[[str], bool] = search_index) -> list[tuple]:
    """The record — the schema and every row of every table but those left out (by default
    the search index) — to prove a refused command stored nothing. (Rows as SQLite gives
    them: iterdump's SQL text says the same at four times the cost, 1,500 snapshots a run.)"""
    conn = store.db.conn
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    rows = [
        (name, conn.execute(f'SELECT * FROM "{name}"').fetchall())
        for _, name, sql in schema
        # A virtual table's rows live in its shadow tables, which are read as tables.
        if sql and sql.startswith("CREATE TABLE") and not leave_out(name)
    ]
    return [*schema, *rows]


GROUP_SETUP = (
    '/clerk setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich',
    '/clerk role associate <@U0ASSOC2> name="Mr Dao Tian (ZTE Corporation, China)"',
    "/clerk role secretariat <@U0TSB> name=TSB",
)
MEETING_SETUP = (
    '/meeting new "RG-SOP meeting" event="TSAG meeting" place=Geneva '
    'event-dates="29 July – 2 August 2024" start="2024-08-01 14:30" end="15:45"',
    '/agenda add 1 "Opening and welcome"',
    '/agenda add 2 "Review of the report of Industry Engagement Workshop"',
    '/agenda add 2.1 "Report of Industry Engagement Workshop"',
    '/agenda add 2.2 "Industry Engagement Proposed Actions sorted by target entities"',
    '/agenda add 3 "TSAG inputs to CWG-SFP"',
    '/agenda add 3.2 "Elements to consider for the ITU-T/TSAG input to CWG-SFP"',
    '/agenda add 4 "Operational plan for 2025-2028"',
    '/agenda add 4.2 "ITU-T draft operational plan for 2025-2028 and 2023 performance report"',
    '/doc add TD514 source="Rapporteur, RG-SOP" title="Agenda, RG-SOP" category=Admin',
    '/doc add TD599 item=2.1 source="Rapporteur, RG-IEM" '
    'title="Report of Industry Engagement Workshop" category=Information action="To note."',
    '/doc add TD667R1 item=2.2 source="Rapporteur, RG-IEM" '
    'title="Industry Engagement Proposed Actions sorted by target entities" category=Information',
    '/doc add C103 item=3.2 source="Ericsson Canada; Canada" '
    'title="Elements to consider for the ITU-T/TSAG input to CWG-SFP" category=Contribution '
    'action="To discuss."',
    '/doc add TD625 item=4.2 source=TSB title="ITU-T draft operational plan" category=Information',
)
