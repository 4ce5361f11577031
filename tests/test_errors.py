"""Wrong input: one clear sentence plus the usage line, and nothing stored — through the
router, and over HTTP to a running `clerk serve`."""

from __future__ import annotations

import re

import pytest

from storage import Store

from .harness import GROUP_SETUP, MEETING_SETUP

# (command line, what the sentence must say)
WRONG = [
    ("/clerk setup name=x tz=Mars/Olympus", "not a time zone"),
    ("/clerk role", "Say which role"),
    ("/clerk role emperor name=x", "is not a role"),
    ("/clerk role associate", "Say who"),
    ("/clerk role associate bruce", "is not a Slack mention"),
    ("/clerk role remove 99", "No role matches"),
    ("/clerk tor add", "Give the text"),
    ("/clerk tor shuffle", "is not a /clerk tor action"),
    ("/clerk export pdf", "is not an export format"),
    ("/clerk frobnicate", "is not a /clerk subcommand"),
    ('/clerk setup name="x', "never closed"),
    ("/meeting new", "Give the meeting a title"),
    ('/meeting new "M" kind=plenary', "kind must be session or interim"),
    ('/meeting new "M" kind=interim', "needs start="),
    ('/meeting new "M" start="yesterday-ish"', "not a date and time"),
    ('/meeting new "M" start="2024-08-01 14:30" end=14:00', "end must come after the start"),
    ('/meeting new "M" start="2024-08-01 14:30" end=15:00 duration=1h', "not both"),
    ('/meeting new "M" start="2024-08-01 14:30" duration=soon', "not a duration"),
    ('/meeting new "M" end=15:00', "Give start= too"),
    ('/meeting new "M" remind="7 days"', "not a duration"),
    ('/meeting new "M" colour=blue', "does not take colour="),
    ('/meeting new "M" start="2024-09-10 13:00" repeat=sometimes count=2', "not a repetition"),
    ('/meeting new "M" start="2024-09-10 13:00" repeat=weekly', "Say how many"),
    ('/meeting new "M" start="2024-09-10 13:00" count=3', "go with repeat="),
    ('/meeting new "M" start="2024-09-10 13:00" repeat=weekly count=99', "from 1 to 52"),
    ('/meeting new "M" start="2024-09-10 13:00" repeat=daily until=2030-01-01', "more than 52"),
    ('/meeting new "M" repeat=weekly count=2', "needs start="),
    ("/meeting use", "Say which meeting"),
    ("/meeting use 9", "no meeting 9"),
    ("/meeting use two", "not a meeting id"),
    ("/meeting close at=11:00", "before the opening time"),
    ("/meeting remind 1", "Say which meeting and the lead times"),
    ("/meeting move 1", "Give the new start="),
    ("/meeting attend bruce", "is not a mention"),
    ("/agenda add", "Give the item number"),
    ('/agenda add x "Title"', "is not an agenda number"),
    ("/agenda add 7", "Give item 7 a title"),
    ('/agenda add 2.1 "Again"', "already on the agenda"),
    ("/agenda take 9", "not on the agenda"),
    ("/agenda take", "Say which item"),
    ("/agenda remove 2", "has sub-items"),
    ("/agenda remove 2.1", "has 1 documents"),
    ('/agenda rename 9 "x"', "not on the agenda"),
    ("/agenda doc", "Give the agenda document"),
    ("/doc add", "is not a document number"),
    ("/doc add TD599 title=x", "already listed"),
    ('/doc add TD700 "loose words"', "Unexpected"),
    ("/doc add TD700 item=9", "not on the agenda"),
    ("/doc add TD700 note=a notes=b", "not both"),
    ("/doc TD999", "is not listed"),
    ("/doc set TD599", "Say what to change"),
    ("/doc move TD599", "Say where to"),
    ("/doc summary TD599", "Give the summary"),
    ("/doc present TD999", "is not listed"),
    ("/doc import", "Paste the documents"),
    ("/doc import\nTD800\tAdmin\tx\ttitle\nnonsense\tx", "Line 2"),
    ("/doc import\nTD800\tAdmin\tx\ttitle\t9", "not an item on the agenda"),
    ("/note", "Say what this is about"),
    ("/note 2.1", "Give the note text"),
    ('/note 9 "x"', "not on the agenda"),
    ('/note TD999 "x"', "is not listed"),
    ("/comment C103", "Give the comment text"),
    ("/decision TD599", "Give the decision"),
    ("/decision TD599 revised", "Say what it was revised to"),
    ("/decision TD599 revised to=Geneva", "not a document number"),
    ("/decision TD599 noted to=TD600", "goes with revised only"),
    ('/action 4.2 "do it"', "Say who owns the action"),
    ('/action 4.2 owner=TSB "do it" due=someday', "not a date"),
    ('/note edit 1 "x"', "no entry #1"),
    ('/note edit x "x"', "by its number"),
    ("/report2", "no command"),
]


@pytest.mark.parametrize("line, says", WRONG, ids=[w[0][:40] for w in WRONG])
def test_wrong_input_is_refused_with_one_sentence_and_usage(meeting, line, says):
    meeting.ok("/meeting open at=14:00")
    reply = meeting.refused(line)
    assert says in reply.text
    sentence, _, usage = reply.full.partition("\nUsage: ")
    assert usage.startswith("`/") and usage.endswith("`"), reply.full
    assert reply.usage.startswith("/") and sentence == reply.text
    assert "\n" not in sentence, "one sentence, then the usage line"
    assert "Traceback" not in reply.text
    assert reply.visibility == "caller"


def test_limits_have_clear_messages(meeting):
    long = "x" * 12_001
    assert "one field holds at most 12,000" in meeting.refused(f'/note 2.1 "{long}"').text
    assert "title= is 12,001 characters" in meeting.refused(f"/doc add TD9 title={long}").text
    lines = "\n".join(f"TD{n}\tAdmin\tx\tt" for n in range(3_001))
    assert "at most 3,000" in meeting.refused(f"/doc import\n{lines}").text
    assert "Split it" in meeting.refused("/note " + "y" * 1_000_001).text
    meeting.ok(f'/note 2.1 "{"z" * 12_000}"')  # the limit itself is fine


def test_setup_without_a_name_is_refused(clerk):
    assert "Give the group a name" in clerk.refused("/clerk setup tz=UTC").text


def test_setup_again_without_options_shows_the_settings(group):
    assert "Time zone: Europe/Zurich" in group.ok("/clerk setup").text


def test_a_command_before_setup_says_how_to_start(clerk):
    reply = clerk.refused('/note 1 "x"')
    assert "not set up for Clerk yet" in reply.text and "/clerk setup" in reply.text


def test_entries_before_any_meeting_say_how_to_create_one(group):
    reply = group.refused('/note 1 "x"')
    assert "no meeting yet" in reply.text and "/meeting new" in reply.text


def test_a_failing_command_halfway_stores_nothing(meeting):
    """/doc import validates every line before writing any: all or nothing."""
    meeting.refused("/doc import\nTD801\tAdmin\tx\tfine\nTD802\tAdmin\tx\tfine\nbad line")
    assert meeting.store.documents.get(1, "TD801") is None


def test_an_internal_fault_is_a_clear_answer_and_rolls_back(meeting, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(meeting.store.entries, "add", explode)
    reply = meeting.refused('/note 2.1 "x"')
    assert "Something went wrong inside Clerk, and nothing was stored" in reply.text
    assert "disk on fire" not in reply.text and "Traceback" not in reply.text


def test_user_text_is_escaped_in_replies(meeting):
    reply = meeting.ok('/note 2.1 "<!channel> & <@U0CHAIR> *bold*"')
    assert "<!channel>" not in reply.text and "<@U0CHAIR>" not in reply.text
    assert "&lt;!channel&gt; &amp; &lt;@U0CHAIR&gt;" in reply.text
    assert not re.search(r"<![a-z]+>", meeting.ok("/doc list").text)


# A typo of a subcommand is refused with the nearest one, for every command --------------------


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


# A one-word decision within a typo of a keyword ----------------------------------------------


def test_a_decision_keyword_typo_is_refused_but_quoted_text_is_fine(meeting):
    reply = meeting.refused("/decision 3 note")
    assert "did you mean noted" in reply.text
    meeting.refused("/decision C103 aproved")
    meeting.ok('/decision 3 "note"')
    meeting.ok("/decision 3 deferred")  # not near any keyword: free text as before
    decisions = [(e.keyword, e.text) for e in meeting.store.entries.of_meeting(1)]
    assert decisions == [(None, "note"), (None, "deferred")]  # free text: no outcome


# A quote left open before an option ----------------------------------------------------------


def test_a_quote_left_open_before_an_option_is_refused(meeting):
    reply = meeting.refused('/comment 3.2 "Has anyone implemented it? by="A. Delegate"')
    assert "closing quote missing before by=" in reply.text


# An ambiguous day/month -----------------------------------------------------------------------


def test_an_ambiguous_date_is_refused_with_both_readings(group):
    reply = group.refused('/meeting new "M" start="11/09/2023 08:30"')
    assert "11 September" in reply.text and "9 November" in reply.text
    assert "2023-11-09" in reply.text
    group.ok('/meeting new "M" start="2023-11-09 08:30"')
    group.ok('/meeting new "N" start="13/09/2023 08:30"')  # only one reading
    group.ok("/agenda add 1 One")
    assert "could be" in group.refused('/action 1 owner=TSB "x" due=05/06/2024').text


# Empty values; a close before the start ------------------------------------------------------


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


# The same slips through the HTTP edge, as Slack sends them: a real `clerk serve` process ---

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
