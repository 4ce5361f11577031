"""Live capture: #note, #comment, #decision/#agreed, #action, #topic/#item and #doc lines."""

from __future__ import annotations

import pytest

from commands import Caller, Context
from commands.services.capture import capture as capture_rich
from commands.services.capture import capture_delete, capture_edit, parse

from .harness import shown, snapshot


# 2024-08-01 12:31:40 UTC: posted after the meeting opened (14:30 Geneva = 12:30 UTC).
def ctx(clerk, user="U0CHAIR", ts="1722515500.000100", event_id="", channel="C1"):
    return Context(
        "T1",
        channel,
        Caller(user, fallback_name=user.lower()),
        clerk.clock(),
        request_id=event_id,
        source_ts=ts,
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("#note 2.1 Text", ("/note", "2.1 Text", "note")),
        ("#Comment: C103 We agree", ("/comment", "C103 We agree", "comment")),
        ("#agreed", ("/decision", "agreed", "agreed")),
        ("#agreed TD599 noted", ("/decision", "TD599 noted", "agreed")),
        ("#topic 3.2", ("/agenda", "take 3.2", "topic")),
        ("#item 4.2", ("/agenda", "take 4.2", "item")),
        ("#doc TD599", ("/doc", "TD599", "doc")),
        ('#action owner=TSB "report back"', ("/action", 'owner=TSB "report back"', "action")),
    ],
)
def test_tags(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["note 2.1", "We discussed #note later", "#notes", "", "#"])
def test_untagged_messages_are_left_alone(text):
    assert parse(text) is None


def test_a_tagged_message_is_an_entry_of_its_author(open_meeting):
    reply = capture(
        open_meeting.router,
        ctx(open_meeting, user="U0DELEGATE"),
        "#comment C103 We support the proposal.",
    )
    assert reply.ok and reply.visibility == "channel"
    [entry] = open_meeting.store.entries.of_meeting(1)
    assert (entry.kind, entry.target, entry.author_id, entry.source_ts) == (
        "comment",
        "C103",
        "U0DELEGATE",
        "1722515500.000100",
    )
    assert entry.attributed == "u0delegate"


def test_the_current_item_is_the_default_target(open_meeting):
    capture(open_meeting.router, ctx(open_meeting), "#note The Rapporteur opened item 3.2.")
    assert open_meeting.store.entries.of_meeting(1)[0].target == "3.2"
    capture(open_meeting.router, ctx(open_meeting, ts="1722515600.000200"), "#topic 4.2")
    capture(open_meeting.router, ctx(open_meeting, ts="1722515600.000300"), "#agreed")
    last = open_meeting.store.entries.of_meeting(1)[-1]
    assert (last.kind, last.target, last.keyword) == ("decision", "4.2", "agreed")


def test_nothing_is_captured_unless_the_meeting_is_open(meeting):
    assert capture(meeting.router, ctx(meeting), "#note 2.1 Too early.") is None
    meeting.ok("/meeting open")
    meeting.ok("/meeting close")
    assert capture(meeting.router, ctx(meeting), "#note 2.1 Too late.") is None
    assert meeting.store.entries.of_meeting(1) == []


def test_bad_input_and_roles_answer_the_author_and_store_nothing(open_meeting):
    before = snapshot(open_meeting.store)
    reply = capture(open_meeting.router, ctx(open_meeting, user="U0DELEGATE"), "#decision noted")
    assert not reply.ok and "Only the rapporteur" in reply.text
    reply = capture(open_meeting.router, ctx(open_meeting), "#note TD999 unknown document")
    assert not reply.ok and "is not listed" in reply.text and reply.usage
    assert snapshot(open_meeting.store) == before


def test_editing_the_message_edits_the_entry_in_place(open_meeting):
    capture(open_meeting.router, ctx(open_meeting), "#note 3.2 First words.")
    capture(
        open_meeting.router, ctx(open_meeting, ts="1722515600.000900"), "#note 3.2 Another note."
    )
    reply = capture_edit(open_meeting.router, ctx(open_meeting), "#note 3.2 Better words.")
    assert reply.ok
    texts = [e.text for e in open_meeting.store.entries.of_meeting(1)]
    assert texts == ["Better words.", "Another note."]  # logging order kept


def test_removing_or_changing_the_tag_by_editing(open_meeting):
    capture(open_meeting.router, ctx(open_meeting), "#note 3.2 Said.")
    capture_edit(open_meeting.router, ctx(open_meeting), "Just chatting, no tag.")
    assert open_meeting.store.entries.of_meeting(1) == []
    capture_edit(open_meeting.router, ctx(open_meeting), "#comment C103 Now a comment.")
    [entry] = open_meeting.store.entries.of_meeting(1)
    assert (entry.kind, entry.source_ts) == ("comment", "1722515500.000100")


def test_deleting_the_message_deletes_the_entry(open_meeting):
    capture(open_meeting.router, ctx(open_meeting), "#note 3.2 Said.")
    assert capture_delete(open_meeting.router, ctx(open_meeting)) is True
    assert open_meeting.store.entries.of_meeting(1) == []
    assert capture_delete(open_meeting.router, ctx(open_meeting)) is False


def test_a_retried_event_is_not_recorded_twice(open_meeting):
    for _ in range(2):
        capture(open_meeting.router, ctx(open_meeting, event_id="Ev1"), "#note 3.2 Once.")
    assert len(open_meeting.store.entries.of_meeting(1)) == 1


def test_doc_lines_answer_only_the_author(open_meeting):
    reply = capture(open_meeting.router, ctx(open_meeting), "#doc C103")
    assert reply.visibility == "caller" and "*C103*" in reply.text


def capture(*args, **kwargs):
    """A captured line's answer as Slack shows it."""
    return shown(capture_rich(*args, **kwargs))


def _tagged(lines: list[str]) -> list[str]:
    """The reference meeting as typed with #tags while it was open: `/note 2.1 "text"`
    becomes `#note 2.1 text` (the quotes a tag does not need dropped)."""
    import re

    out, running = [], False
    for line in lines:
        running = (running or "/meeting open" in line) and "/meeting close" not in line
        m = re.match(r"^(as \w+: )/(note|comment|decision|action) (.*)$", line, re.S)
        if running and m:
            who, command, args = m.groups()
            quoted = re.match(r'^([^"=]*)"([^"]*)"\s*$', args)
            args = (quoted.group(1) + quoted.group(2)).strip() if quoted else args
            line = f"{who}#{command} {args}"
        out.append(line)
    return out


def test_the_reference_meeting_typed_with_tags_makes_the_same_draft(tmp_path):
    """#tags are the slash commands: the ITU demo retyped with them while the meeting is
    open gives the very same report — and saves only the quotes (the typing measure barely
    moves: the report's own sentences are most of what is typed)."""
    import io

    from bot.demo import DEMO_CLOCK, transcript, typed_for
    from bot.shell import Shell
    from commands.report import build_report
    from commands.report.render import render_markdown
    from storage import Store

    def draft(lines: list[str], name: str) -> str:
        store = Store.open(tmp_path / name)
        shell = Shell(
            store, user="U0CHAIR", channel="rg-sop", clock=lambda: DEMO_CLOCK, out=io.StringIO()
        )
        assert shell.run_script(lines).failed == 0
        group = store.groups.all()[0]
        text = render_markdown(build_report(store, group, store.meetings.current(group)))
        store.close()
        return text

    before, after = transcript("itu"), _tagged(transcript("itu"))
    assert sum(line.split(": ", 1)[-1].startswith("#") for line in after) >= 30
    assert draft(after, "tags.db") == draft(before, "commands.db")
    assert len(typed_for(after)) < len(typed_for(before))
