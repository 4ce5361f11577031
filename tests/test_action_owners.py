"""Several owners per action (issue 22.11): each stored, told, listed, and able to close it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from commands.report.build import build_report
from commands.report.render import render_markdown

from .harness import snapshot
from .test_actions import Outbox, dispatcher

ALICE, BOB, CAROL = "U0ALICE", "U0BOB", "U0CAROL"


@pytest.fixture
def two(meeting):
    meeting.names.update({ALICE: "Alice Adams", BOB: "Bob Brown", CAROL: "Carol Chen"})
    return meeting


def owners(clerk, number: int) -> list[tuple[str, str]]:
    entry = clerk.store.entries.get(1, number)
    return [(o.name, o.user_id) for o in entry.owners]


def told(clerk, number: int) -> set[tuple[str, str, str]]:
    entry = clerk.store.entries.get(1, number)
    return {(n.kind, n.user_id, n.status) for n in clerk.store.notices.of_entry(entry.id)}


def test_a_list_in_one_owner_is_one_owner_each(two):
    reply = two.ok('/action 4.2 owner="Editors of Y.3000; TSB" "update the draft"')
    assert reply.text == "#1 action on item 4.2 — Editors of Y.3000 and TSB: update the draft"
    assert owners(two, 1) == [("Editors of Y.3000", ""), ("TSB", "")]


def test_owner_given_again_or_as_several_mentions(two):
    two.ok(f'/action 4.2 owner=<@{ALICE}> owner=<@{BOB}> "circulate" due=2024-08-20')
    assert owners(two, 1) == [("Alice Adams", ALICE), ("Bob Brown", BOB)]
    two.ok(f'/action 4.2 owner="<@{ALICE}> <@{BOB}>, Carol Chen" "review"')
    assert owners(two, 2) == [("Alice Adams", ALICE), ("Bob Brown", BOB), ("Carol Chen", "")]
    # The same person twice is one owner.
    two.ok(f'/action 4.2 owner=<@{ALICE}> owner="<@{ALICE}>" "once"')
    assert owners(two, 3) == [("Alice Adams", ALICE)]


def test_an_empty_list_is_refused_with_nothing_written(two):
    before = snapshot(two.store)
    reply = two.refused('/action 4.2 owner=" , ;" "nobody"')
    assert "Say who owns the action" in reply.text
    assert snapshot(two.store) == before


def test_each_owner_is_told_and_reminded(two):
    two.ok(f'/action 4.2 owner=<@{ALICE}>,<@{BOB}> "circulate" due=2024-08-20')
    assert told(two, 1) == {
        (kind, user, "pending")
        for kind in ("assigned", "day_before", "due_day")
        for user in (ALICE, BOB)
    }
    outbox = Outbox()
    dispatcher(two.store, outbox, datetime(2024, 8, 1, 12, 0, 5, tzinfo=UTC)).tick()
    assert sorted(c for c, _ in outbox.sent) == [ALICE, BOB]
    assert all("Alice Adams and Bob Brown" in text for _, text in outbox.sent)


def test_every_owner_sees_it_as_theirs_and_may_close_it(two):
    two.ok(f'/action 4.2 owner=<@{ALICE}>,<@{BOB}> "circulate"')
    assert "circulate" in two.ok("/action list mine", user=BOB).text
    assert two.store.actions.open_of_owner(BOB)[0][1].number == 1
    done = two.ok('/action done 1 "sent"', user=BOB)
    assert done.text == "Done: #1 Alice Adams and Bob Brown: circulate — “sent”"
    two.ok("/action reopen 1", user=ALICE)
    assert two.refused("/action done 1", user=CAROL).text.startswith("Only")


def test_the_list_shows_a_shared_action_under_each_owner_counted_once(two):
    two.ok(f'/action 4.2 owner=<@{ALICE}>,<@{BOB}> "circulate"')
    two.ok('/action 3.2 owner=TSB "report"')
    text = two.ok("/action list").text
    assert text.startswith("*Open action items of TSAG RG-SOP* (2):")
    assert "*Alice Adams*\n• #1 circulate (with Bob Brown)" in text
    assert "*Bob Brown*\n• #1 circulate (with Alice Adams)" in text


def test_set_owner_replaces_the_list_and_tells_only_newcomers(two):
    two.ok(f'/action 4.2 owner=<@{ALICE}>,<@{BOB}> "circulate" due=2024-08-20')
    reply = two.ok(f"/action set 1 owner=<@{BOB}> owner=<@{CAROL}>")
    assert reply.text.startswith("Changed #1 Bob Brown and Carol Chen: circulate")
    assert owners(two, 1) == [("Bob Brown", BOB), ("Carol Chen", CAROL)]
    rows = told(two, 1)
    assert ("assigned", CAROL, "pending") in rows
    assert ("day_before", ALICE, "dropped") in rows  # no longer hers
    assert [r for r in rows if r[:2] == ("assigned", BOB)] == [("assigned", BOB, "pending")]
    two.ok("/clerk undo")
    assert owners(two, 1) == [("Alice Adams", ALICE), ("Bob Brown", BOB)]


def test_the_report_the_review_and_the_file_name_every_owner(two):
    two.ok(f'/action 4.2 owner=<@{ALICE}>,<@{BOB}> "circulate the comments"')
    model = build_report(two.store, two.store.groups.by_id(1), two.store.meetings.get(1, 1))
    assert [g.owner for g in model.actions] == ["Alice Adams and Bob Brown"]
    [attached] = two.ok("/action list all file").files
    rows = list(csv.reader(io.StringIO(attached.content.decode())))
    assert rows[1][1] == "Alice Adams and Bob Brown"
    two.ok('/meeting new "Next" start="2024-10-01 14:30"')
    two.ok('/agenda add 1 "Review of actions"')
    two.ok("/action done 1", user=BOB)
    review = build_report(two.store, two.store.groups.by_id(1), two.store.meetings.get(1, 2))
    assert "Alice Adams and Bob Brown to circulate the comments (action #1" in render_markdown(
        review
    )


def test_slack_mentions_in_a_list_stay_people(two):
    """Slack sends `owner=<@U…|name>,<@U…|name>`: each is a person, told by DM."""
    line = f'/action 4.2 owner=<@{ALICE}|alice>,<@{BOB}|bob> "circulate" owner="Carol &amp; co"'
    two.ok(line, escaped=True)
    assert owners(two, 1) == [("Alice Adams", ALICE), ("Bob Brown", BOB), ("Carol & co", "")]
    assert {u for _, u, _ in told(two, 1)} == {ALICE, BOB}


def test_an_owner_slack_refused_is_not_tried_again_when_the_action_is_edited(two):
    """Given up for good (a deactivated account): editing the action's text later neither
    books new DMs for that owner nor tells whoever logged it a second time."""
    from bot.reminders import PostFailed

    two.ok(f'/action 4.2 owner=<@{ALICE}>,<@{BOB}> "circulate" due=2024-08-20', user="U0TSB")
    sent: list[str] = []

    def post(channel: str, text: str, blocks: list) -> None:
        if channel == ALICE:
            raise PostFailed("user_disabled", permanent=True)
        sent.append(channel)

    dispatcher(two.store, post, datetime(2024, 8, 1, 12, 0, 5, tzinfo=UTC)).tick()
    assert sent.count("U0TSB") == 1  # the assigner told once
    two.ok('/action edit 1 "circulate the comments"')
    assert ("day_before", ALICE, "pending") not in told(two, 1)
    assert ("day_before", BOB, "pending") in told(two, 1)
    dispatcher(two.store, post, datetime(2024, 8, 19, 7, 0, 5, tzinfo=UTC)).tick()
    assert sent.count("U0TSB") == 1 and sent.count(BOB) == 2
