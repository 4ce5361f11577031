"""What is typed is what is stored: grammar slips, undo, roles and permission holes (issue 12)."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.shell import Shell
from storage import Store

from .harness import GROUP_SETUP, MEETING_SETUP, Clerk, FakeClock, snapshot

# 1. A typo of a subcommand is refused with the nearest one, for every command --------------


@pytest.mark.parametrize(
    "line, suggestion",
    [
        ("/agenda tkae 3", "/agenda take"),
        ('/doc prsent C103 by="Ericsson Canada"', "/doc present"),
        ("/doc lsit", "/doc list"),
        ("/meeting opne", "/meeting open"),
        ('/clerk roel associate name="X"', "/clerk role"),
        ("/report preveiw", "/report preview"),
        ("/note delte 1", "/note delete"),
        ('/comment eidt 1 "x"', "/comment edit"),
        ("/decision delte 1", "/decision delete"),
        ("/action dlete 1", "/action delete"),
    ],
)
def test_a_mistyped_subcommand_is_refused_with_the_nearest(meeting, line, suggestion):
    meeting.ok("/agenda take 2.1")
    reply = meeting.refused(line)
    assert f"did you mean `{suggestion}`" in reply.text
    assert "It has" in reply.text  # names the subcommands
    meeting.ok('/note "After the slip."')
    [note] = [e for e in meeting.store.entries.of_meeting(1) if e.kind == "note"]
    assert note.target == "2.1"  # the slip moved nothing


def test_free_text_that_starts_like_a_subcommand_is_still_text(meeting):
    meeting.ok("/agenda take 2.1")
    meeting.ok("/note Adds more context to the plan.")
    meeting.ok("/note Edit the draft before the next meeting.")
    assert [e.text for e in meeting.store.entries.of_meeting(1)][-2:] == [
        "Adds more context to the plan.",
        "Edit the draft before the next meeting.",
    ]


def test_an_unknown_word_to_a_command_without_default_names_the_subcommands(meeting):
    reply = meeting.refused("/meeting frobnicate")
    assert "not a /meeting subcommand" in reply.text and "new" in reply.text


# 2. A one-word decision within a typo of a keyword ------------------------------------------


def test_a_decision_keyword_typo_is_refused_but_quoted_text_is_fine(meeting):
    reply = meeting.refused("/decision 3 note")
    assert "did you mean noted" in reply.text
    meeting.refused("/decision C103 aproved")
    meeting.ok('/decision 3 "note"')
    meeting.ok("/decision 3 deferred")  # not near any keyword: free text as before
    decisions = [(e.keyword, e.text) for e in meeting.store.entries.of_meeting(1)]
    assert decisions == [(None, "note"), (None, "deferred")]  # free text: no outcome


# 3. A quote left open swallows an option -----------------------------------------------------


def test_a_quote_left_open_before_an_option_is_refused(meeting):
    reply = meeting.refused('/comment 3.2 "Has anyone implemented it? by="A. Delegate"')
    assert "closing quote missing before by=" in reply.text


# 4. \" inside quoted text is a literal quote -------------------------------------------------


def test_an_escaped_quote_is_a_quote_in_every_output(meeting):
    meeting.ok(r'/comment C103 "He said \"yes\" to it." by="A Member State"')
    [entry] = meeting.store.entries.of_meeting(1)
    assert entry.text == 'He said "yes" to it.'
    assert "\\" not in meeting.ok("/doc C103").text
    draft = meeting.ok("/report md").later(meeting.store).files[0].content.decode()
    assert 'He said "yes" to it.' in draft


# 5. A time without seconds has zero seconds --------------------------------------------------


def test_a_time_typed_without_seconds_has_none(group):
    group.clock.now = datetime(2026, 11, 27, 7, 59, 27, 123456, tzinfo=UTC)
    group.ok('/meeting new "Interim" kind=interim start="2026-11-27 08:09" end="9:30"')
    meeting = group.store.meetings.latest(1)
    assert (meeting.start.second, meeting.start.microsecond) == (0, 0)
    assert meeting.end.second == 0
    group.ok('/meeting new "Day only" start="2026-12-03"')
    day = group.store.meetings.latest(1)
    local = day.start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Zurich"))
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert "0809" + "00" in group.ok("/meeting ics 1").files[0].content.decode().replace("T", "")


# 6. Ambiguous day/month -----------------------------------------------------------------------


def test_an_ambiguous_date_is_refused_with_both_readings(group):
    reply = group.refused('/meeting new "M" start="11/09/2023 08:30"')
    assert "11 September" in reply.text and "9 November" in reply.text
    assert "2023-11-09" in reply.text
    group.ok('/meeting new "M" start="2023-11-09 08:30"')
    group.ok('/meeting new "N" start="13/09/2023 08:30"')  # only one reading
    group.ok("/agenda add 1 One")
    assert "could be" in group.refused('/action 1 owner=TSB "x" due=05/06/2024').text


# 7. Empty values; a close before the start ------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '/meeting attend name=""',
        '/doc add TD9 title=""',
        '/clerk setup name=""',
        '/action 3.2 owner="" "Do it."',
        '/meeting new "M" place=""',
    ],
)
def test_empty_values_are_refused(meeting, line):
    assert "is empty" in meeting.refused(line).text


def test_an_empty_by_still_means_unattributed(meeting):
    meeting.ok('/comment C103 "Then, it was commented." by=""')
    assert meeting.store.entries.of_meeting(1)[0].attributed == ""


def test_a_close_before_the_start_is_refused(group):
    group.ok('/meeting new "Afternoon" start="2024-08-01 16:00"')
    reply = group.refused("/meeting close at=10:30")
    assert "before the meeting's start" in reply.text


# 8. Counts agree; empty answers say what is empty ---------------------------------------


def test_counts_agree_and_an_empty_filter_says_what_is_empty(meeting):
    meeting.ok("/meeting close at=15:45")  # makes the report add a closure section
    info = meeting.ok("/meeting info").text
    preview = meeting.ok("/report preview")
    summary = preview.later(meeting.store).text
    assert "8 agenda items" in info and "8 agenda items" in summary
    reply = meeting.ok("/doc list item=1")
    assert "No documents on item 1" in reply.text and "5 documents are listed" in reply.text


# 9. Several chairs; never none --------------------------------------------------------------


def test_adding_a_chair_removes_nobody_and_the_last_cannot_go(group):
    group.ok('/clerk role chair <@U0OTHER> name="Ms Other"')
    roles = {(r.role, r.user_id) for r in group.store.groups.roles(1)}
    assert {("rapporteur", "U0CHAIR"), ("rapporteur", "U0OTHER")} <= roles
    group.ok("/clerk role remove <@U0OTHER>")
    reply = group.refused("/clerk role remove <@U0CHAIR>")
    assert "without a rapporteur" in reply.text


# 10. Undo takes back the caller's last change, whatever it was ------------------------------


def test_undo_after_removing_a_document_restores_it_and_nothing_else(meeting):
    meeting.ok('/action 3.2 owner=TSB "Report back."')
    meeting.ok("/doc remove TD599")
    reply = meeting.ok("/clerk undo")
    assert "/doc remove" in reply.text and "TD599" in reply.text
    assert meeting.store.documents.get(1, "TD599") is not None
    assert [e.kind for e in meeting.store.entries.of_meeting(1)] == ["action"]


def test_undo_after_a_role_change_restores_the_role(meeting):
    meeting.ok('/action 3.2 owner=TSB "Report back."')
    meeting.ok('/clerk role associate <@U0NEW> name="New"')
    reply = meeting.ok("/clerk undo")
    assert "/clerk role" in reply.text
    assert not [r for r in meeting.store.groups.roles(1) if r.user_id == "U0NEW"]
    assert len(meeting.store.entries.of_meeting(1)) == 1


def test_undo_with_nothing_to_undo_says_so(meeting):
    assert "nothing to undo" in meeting.refused("/clerk undo", user="U0DELEGATE").text


def test_undo_does_not_trample_a_later_change_by_someone_else(meeting):
    meeting.ok('/doc set TD599 title="Mine"')
    meeting.ok('/doc set TD599 title="Theirs"', user="U0TSB")
    reply = meeting.refused("/clerk undo")
    assert "changed since by <@U0TSB>" in reply.text


UNDOABLE = [
    '/note 2.1 "A note."',
    '/comment C103 "A comment." by="A Member State"',
    "/decision C103 noted",
    '/action 3.2 owner=TSB "Report back." due=2024-10-31',
    '/doc add TD700 item=2.1 title="New"',
    '/doc set TD599 title="Changed" action="To approve."',
    "/doc move TD599 item=3.2",
    "/doc remove TD599",
    "/doc present C103",
    "/doc import\nTD701\tLS\tSG13\tA liaison\nTD599\tInformation\tX\tY",
    '/agenda add 5 "Any other business"',
    '/agenda rename 4 "Renamed"',
    "/agenda take 3.2",
    "/agenda approve",
    '/meeting new "Interim" kind=interim start="2024-09-10 14:00" remind="1d"',
    "/meeting open at=14:30",
    "/meeting attend <@U0ANA|ana>",
    '/clerk role associate <@U0NEW> name="New"',
    "/clerk role remove <@U0ASSOC2>",
    '/clerk tor add "Review the plans."',
    '/clerk setup name="Renamed group"',
]


def record(store: Store) -> list[str]:
    """The database as SQL, without the bookkeeping undo itself keeps."""
    skip = ("changes", "change_rows", "undo_state", "handled_requests")
    return [
        line
        for line in snapshot(store)
        if not any(f'"{t}"' in line or f" {t} " in line or f" {t}(" in line for t in skip)
        # Full-text indexes keep their own segment bookkeeping; search tests cover them.
        and "_fts" not in line
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.sampled_from(UNDOABLE), user=st.sampled_from(["U0CHAIR", "U0TSB", "U0DELEGATE"]))
def test_any_command_then_undo_leaves_the_database_as_before(meeting_file, tmp_path, line, user):
    path = tmp_path / f"ex-{abs(hash((line, user)))}.db"
    shutil.copy(meeting_file, path)
    store = Store.open(path)
    try:
        clerk = Clerk(store, FakeClock())
        before = record(store)
        reply = clerk(line, user=user)
        if not reply.ok:
            assert record(store) == before
            return
        undo = clerk("/clerk undo", user=user)
        if record(store) != before:
            assert undo.ok, undo.text
        assert undo.ok or "nothing to undo" in undo.text
        assert record(store) == before, (line, user, undo.text)
    finally:
        store.close()


# 11. The shell ---------------------------------------------------------------------------------


def test_a_paste_at_the_prompt_runs_as_it_would_piped(tmp_path):
    pasted = "\n".join(
        [
            '/clerk setup name="G"',
            '/meeting new "M" start="2024-08-01 14:30"',
            '/agenda add 1 "One"',
            '/note 1 "A note over',
            "as discussed: two lines",
            'and a third."',
            "/agenda",
        ]
    )
    out = io.StringIO()
    store = Store.open(tmp_path / "paste.db")
    shell = Shell(store, user="chair", clock=FakeClock(), out=out)
    shell.interactive(io.StringIO(pasted + "\n"), pending=lambda: True)
    text = out.getvalue()
    assert "never closed" not in text and "Commands start with /" not in text
    [note] = store.entries.of_meeting(1)
    assert note.text == "A note over\nas discussed: two lines\nand a third."
    assert note.author_id == "UCHAIR"


def test_a_piped_run_ends_with_a_summary_of_refusals(tmp_path):
    out = io.StringIO()
    store = Store.open(tmp_path / "piped.db")
    shell = Shell(store, user="chair", clock=FakeClock(), out=out)
    outcome = shell.run_script(
        [
            '/clerk setup name="G"',
            "/doc lsit",
            '/meeting new "M" start="2024-08-01"',
            "/agenda tkae 1",
        ]
    )
    assert outcome.summary() == "4 commands run, 2 refused (lines 2, 4)."


def test_tags_typed_in_the_shell_are_captured_while_the_meeting_is_open(tmp_path):
    out = io.StringIO()
    store = Store.open(tmp_path / "tags.db")
    shell = Shell(store, user="chair", clock=FakeClock(), out=out)
    outcome = shell.run_script(
        [
            '/clerk setup name="G"',
            '/meeting new "M" start="2024-08-01 13:00"',
            '/agenda add 1 "One"',
            "#note 1 Before the opening.",
            "/meeting open",
            "#note 1 During the meeting & after.",
            "# a plain comment line of the script",
        ]
    )
    assert outcome.failed == 1  # the #note before /meeting open
    assert [e.text for e in store.entries.of_meeting(1)] == ["During the meeting & after."]


# 12-15. Permission holes ----------------------------------------------------------------------


def test_an_import_follows_the_rules_of_doc_set_line_by_line(meeting):
    meeting.ok("/doc add TD800 title=Mine", user="U0DELEGATE")
    reply = meeting.refused("/doc import\nTD800\tLS\tx\ty\nTD599\tLS\tx\ty", user="U0DELEGATE")
    assert "Line 2 would change TD599" in reply.text
    meeting.ok("/doc import\nTD800\tLS\tx\ty\nTD801\tLS\tx\tz", user="U0DELEGATE")
    meeting.ok("/doc import\nTD800\tLS\tSG13\tTitle", user="U0TSB")  # a chair may


def test_role_holder_names_are_escaped_in_refusals(group):
    group.ok('/clerk role associate <@U0EVIL> name="Assoc <https://evil.example|login here>"')
    reply = group.refused('/clerk role associate name="X"', user="U0DELEGATE")
    assert "<https://evil.example" not in reply.text
    reply = group.refused('/meeting new "M"', user="U0DELEGATE")
    assert "<https://evil.example" not in reply.text and "&lt;https://evil" in reply.text


# Items 1-7 through the HTTP edge, as Slack sends them ----------------------------------------


# Items 1-7 through the HTTP edge: a real `clerk serve` process.
SERVED = "process"
SETUP = [
    (line.partition(" ")[0], line.partition(" ")[2], {})
    for line in (*GROUP_SETUP, *MEETING_SETUP, "/agenda take 2.1")
]


@pytest.mark.parametrize(
    "command, text, says",
    [
        ("/agenda", "tkae 3", "did you mean `/agenda take`"),
        ("/doc", 'prsent C103 by="Ericsson Canada"', "did you mean `/doc present`"),
        ("/decision", "3 note", "did you mean noted"),
        ("/comment", '6 "Has anyone implemented it? by="A. Delegate"', "closing quote missing"),
        ("/meeting", 'new "M" start="11/09/2023 08:30"', "9 November"),
        ("/meeting", 'attend name=""', "is empty"),
        ("/meeting", "close at=10:30", "before the meeting's start"),
    ],
)
def test_slips_over_http_are_refused_privately_and_store_nothing(served, command, text, says):
    before = entries_and_meetings(served)
    body = served.command(command, text).json()
    assert body["response_type"] == "ephemeral" and says in body["text"], body["text"]
    assert entries_and_meetings(served) == before


def test_escaped_quotes_and_exact_times_over_http(served):
    body = served.command("/comment", r'C103 "He said \"yes\"." by="A Member State"').json()
    assert body["response_type"] == "in_channel" and 'He said "yes".' in body["text"]
    served.command("/meeting", 'new "Interim" kind=interim start="2030-11-27 08:09"')
    store = Store.open(served.db)
    latest = store.meetings.latest(1)
    store.close()
    assert latest.start.second == 0 and latest.start.microsecond == 0


def entries_and_meetings(served) -> tuple:
    store = Store.open(served.db)
    try:
        meetings = store.meetings.of_group(1)
        return (
            [(e.kind, e.text) for e in store.entries.of_meeting(1)],
            [(m.title, m.closed_at, len(store.meetings.attendees(m.id))) for m in meetings],
        )
    finally:
        store.close()
