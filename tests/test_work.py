"""The unit of work (commands/framework/work.py): every write journals, re-plans and commits
as one."""

from __future__ import annotations

from pathlib import Path

from commands.services.capture import capture, capture_delete, capture_edit

from .test_capture import ctx

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "commands" / "framework" / "work.py"


# Outside storage, only the unit of work may open a write or a journal change.
OPENS = (".transaction()", ".atomic()", "journal.begin(", "journal.end(", "journal.resume(")


def test_one_place_opens_a_write_transaction_and_the_journal():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for package in ("bot", "commands")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != WORK
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if any(o in line for o in OPENS)
    ]
    assert offenders == []


def _actions_dms(clerk, number: int) -> set[tuple[str, str]]:
    entry = clerk.store.entries.all_for_group(1)[number - 1]
    return {(n.kind, n.status) for n in clerk.store.notices.of_entry(entry.id)}


def test_deleting_the_message_of_an_action_drops_its_owners_dms(open_meeting):
    open_meeting.names["U0DELEGATE"] = "Dana Delegate"
    line = '#action owner=<@U0DELEGATE|dana> "circulate the comments" due=2024-08-20'
    assert capture(open_meeting.router, ctx(open_meeting), line).ok
    assert ("due_day", "pending") in _actions_dms(open_meeting, 1)
    assert capture_delete(open_meeting.router, ctx(open_meeting))
    left = _actions_dms(open_meeting, 1)
    assert ("due_day", "dropped") in left and ("due_day", "pending") not in left


def test_taking_the_tag_off_an_action_drops_its_owners_dms(open_meeting):
    open_meeting.names["U0DELEGATE"] = "Dana Delegate"
    line = '#action owner=<@U0DELEGATE|dana> "circulate the comments" due=2024-08-20'
    assert capture(open_meeting.router, ctx(open_meeting), line).ok
    capture_edit(open_meeting.router, ctx(open_meeting), "circulate the comments, said Dana")
    assert ("due_day", "dropped") in _actions_dms(open_meeting, 1)


def test_a_line_edited_into_another_kind_is_undone_whole(open_meeting):
    """Undo after an edit turned a #comment into a #decision brings the comment back."""
    router, said = open_meeting.router, ctx(open_meeting)
    assert capture(router, said, "#comment C103 We support it.").ok
    assert capture_edit(router, said, "#agreed C103 noted").ok
    assert [e.kind for e in open_meeting.store.entries.of_meeting(1)] == ["decision"]
    open_meeting.ok("/clerk undo")
    live = [(e.kind, e.text) for e in open_meeting.store.entries.of_meeting(1)]
    assert live == [("comment", "We support it.")]


class Counting:
    """The connection, counting the statements Clerk itself executes (not triggers')."""

    def __init__(self, conn):
        self._conn, self.sql = conn, []

    def execute(self, sql, *params):
        self.sql.append(" ".join(sql.split())[:60])
        return self._conn.execute(sql, *params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def statements(clerk, line: str, **kwargs) -> list[str]:
    db = clerk.store.db
    real = db.conn
    db.conn = counting = Counting(real)
    try:
        clerk.ok(line, **kwargs)
    finally:
        db.conn = real
    return counting.sql


def test_a_note_costs_at_most_twelve_statements(open_meeting):
    """Bench §1's budget: the group read once, no roles for a participant-level command, the
    entry returned by its INSERT, three journal statements and one re-plan look."""
    sql = statements(open_meeting, '/note 3.2 "A note."', user="U0DELEGATE")
    assert len(sql) <= 12, sql
    assert sum(s.startswith("SELECT * FROM groups") for s in sql) == 1
    assert not any("FROM roles" in s for s in sql)


def test_a_report_job_and_the_home_read_one_snapshot(open_meeting):
    """Dozens of SELECTs, one read transaction: a draft never mixes before and after a write."""
    from commands.report.command import ReportJob
    from commands.services.home import home

    store = open_meeting.store
    for run in (
        lambda: ReportJob(1, 1, ("docx", "md"), preview=False)(store),
        lambda: ReportJob(1, 1, (), preview=True)(store),
        lambda: home(store, "T1", "U0CHAIR", open_meeting.clock()),
    ):
        real = store.db.conn
        store.db.conn = counting = Counting(real)
        try:
            run()
        finally:
            store.db.conn = real
        reads = [s for s in counting.sql if s.startswith("SELECT")]
        assert counting.sql[0] == "BEGIN DEFERRED" and len(reads) > 5
        assert counting.sql.count("BEGIN DEFERRED") == 1
