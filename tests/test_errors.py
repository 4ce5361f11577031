"""Wrong input: one clear sentence plus the usage line, and nothing stored."""

from __future__ import annotations

import re

import pytest

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
