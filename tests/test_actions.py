"""Action items that get done: list, done, reopen, set; one or several owners, each told by
DM; carry-over and the review at the next meetings."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bot.reminders import Dispatcher
from bot.render import mrkdwn
from commands.report.build import build_report
from commands.report.render import render_markdown
from storage import Store

from .harness import snapshot

CHAIR, DELEGATE, OTHER = "U0CHAIR", "U0DELEGATE", "U0OTHER"


@pytest.fixture
def acts(meeting):
    """The reference meeting with two actions: one for a person, one for a plain name."""
    meeting.names[DELEGATE] = "Dana Delegate"
    meeting.ok(f'/action 4.2 owner=<@{DELEGATE}> "circulate the KPI comments" due=2024-08-20')
    meeting.ok('/action 3.2 owner=TSB "report the responses at the next meeting"')
    return meeting


def notices(clerk, number: int) -> list[tuple[str, str, str, str]]:
    entry = clerk.store.entries.get(1, number)
    return [
        (n.kind, n.user_id, n.due_at.isoformat(), n.status)
        for n in clerk.store.notices.of_entry(entry.id)
    ]


# The commands ---------------------------------------------------------------------------------


def test_list_shows_open_actions_by_owner_with_due_dates_and_origin(acts):
    text = acts.ok("/action list").text
    assert text.startswith("*Open action items of TSAG RG-SOP* (2):")
    assert "*Dana Delegate*\n• #1 circulate the KPI comments — due 20 August 2024" in text
    assert "(from meeting 1, 1 August 2024)" in text
    assert "*TSB*\n• #2 report the responses at the next meeting (from meeting 1" in text


def test_list_mine_and_all(acts):
    mine = acts.ok("/action list mine", user=DELEGATE).text
    assert "circulate the KPI comments" in mine and "TSB" not in mine
    assert "You have no open action items" in acts.ok("/action list mine", user=OTHER).text
    acts.ok('/action done 2 "sent as LS to SG13"')
    assert "report the responses" not in acts.ok("/action list").text
    everything = acts.ok("/action list all").text
    assert "#2 report the responses at the next meeting" in everything
    assert "✅ done: “sent as LS to SG13”" in everything


def test_list_as_a_file_for_the_groups_tracker(acts):
    reply = acts.ok("/action list all file")
    assert reply.visibility == "channel"
    [attached] = reply.files
    rows = list(csv.reader(io.StringIO(attached.content.decode())))
    assert rows[0] == ["number", "owner", "action", "due", "state", "done_note", "origin", "item"]
    assert rows[1][:5] == ["1", "Dana Delegate", "circulate the KPI comments", "2024-08-20", "open"]


def test_done_with_a_note_then_done_again_changes_nothing(acts):
    reply = acts.ok('/action done 2 "sent as LS to SG13"')
    assert reply.text == (
        "Done: #2 TSB: report the responses at the next meeting — “sent as LS to SG13”"
    )
    before = snapshot(acts.store)
    again = acts.ok("/action done 2")
    assert again.text == (
        "#2 is already done (on 1 August 2024: “sent as LS to SG13”); nothing changed."
    )
    assert snapshot(acts.store) == before


def test_reopen(acts):
    assert "still open; nothing changed" in acts.ok("/action reopen 2").text
    acts.ok("/action done 2")
    assert acts.ok("/action reopen 2").text.startswith("Reopened #2 TSB:")
    assert "#2 report the responses" in acts.ok("/action list").text


def test_set_due_and_owner(acts):
    reply = acts.ok(f"/action set 2 due=2024-11-15 owner=<@{DELEGATE}>")
    assert reply.text == (
        "Changed #2 Dana Delegate: report the responses at the next meeting (due 15 November 2024)"
    )
    entry = acts.store.entries.get(1, 2)
    assert (entry.attributed, entry.attributed_id, entry.due) == (
        "Dana Delegate",
        DELEGATE,
        "2024-11-15",
    )
    assert "Give due= or owner=" in acts.refused("/action set 2").text
    assert "not a date" in acts.refused("/action set 2 due=someday").text


def test_a_due_date_in_the_past_is_taken_with_a_warning(acts):
    reply = acts.ok("/action set 2 due=2024-07-01")
    assert "Note: the due date, 1 July 2024, is already past." in reply.text
    reply = acts.ok('/action 4.2 owner=TSB "late already" due=2024-07-31')
    assert "is already past" in reply.text


@pytest.mark.parametrize(
    "line, says",
    [
        ("/action done 99", "There is no action #99 in this channel."),
        ("/action done", "Say which action by its number"),
        ("/action reopen x", "Say which action by its number"),
    ],
)
def test_unknown_actions_are_refused_with_a_sentence(acts, line, says):
    reply = acts.refused(line)
    assert says in reply.text and reply.usage.startswith("/action")


def test_a_note_is_not_an_action(acts):
    acts.ok('/note 1 "A note."')
    assert "#3 is a note, not an action item." in acts.refused("/action done 3").text


def test_an_action_of_another_channel_is_not_found(acts):
    acts.ok('/clerk setup name="Other group"', channel="C2")
    acts.ok('/meeting new "M" start="2024-08-02 10:00"', channel="C2")
    acts.ok('/agenda add 1 "One"', channel="C2")
    acts.ok('/action 1 owner=X "theirs"', channel="C2")  # #1 of the other group
    reply = acts.refused("/action done 3", channel="C1")
    assert "There is no action #3 in this channel." in reply.text
    assert acts.store.entries.get(2, 1).done_at is None


def test_who_may_mark_done_reopen_and_set(acts):
    # The owner may, though only a participant.
    acts.ok("/action done 1", user=DELEGATE)
    acts.ok("/action reopen 1", user=DELEGATE)
    acts.ok("/action set 1 due=2024-09-01", user=DELEGATE)
    # Someone else may not (not the owner, did not log it, not a chair).
    refused = acts.refused("/action done 2", user=DELEGATE)
    assert refused.text.startswith("Only")
    # A chair may; so may whoever logged it (here the rapporteur).
    acts.ok("/action done 2", user="U0TSB")


def test_edit_and_capture_follow_the_same_rules(acts):
    acts.ok(f"/action edit 2 owner=<@{DELEGATE}>")
    assert ("assigned", DELEGATE) in {(k, u) for k, u, _, _ in notices(acts, 2)}


# The owner's direct messages -----------------------------------------------------------------


def test_a_person_gets_dms_on_assignment_the_day_before_and_on_the_day(acts):
    # Group time zone Europe/Zurich: 09:00 local is 07:00 UTC in August.
    assert notices(acts, 1) == [
        ("assigned", DELEGATE, "2024-08-01T12:00:00+00:00", "pending"),
        ("day_before", DELEGATE, "2024-08-19T07:00:00+00:00", "pending"),
        ("due_day", DELEGATE, "2024-08-20T07:00:00+00:00", "pending"),
    ]
    assert notices(acts, 2) == []  # a plain name gets no DM


def test_moving_the_due_date_moves_the_dms_and_done_drops_them(acts):
    acts.ok("/action set 1 due=2024-09-10")
    rows = notices(acts, 1)
    assert ("day_before", DELEGATE, "2024-08-19T07:00:00+00:00", "dropped") in rows
    assert ("day_before", DELEGATE, "2024-09-09T07:00:00+00:00", "pending") in rows
    assert ("due_day", DELEGATE, "2024-09-10T07:00:00+00:00", "pending") in rows
    acts.ok("/action done 1")
    assert all(status != "pending" for kind, _, _, status in notices(acts, 1) if kind != "assigned")
    acts.ok("/action reopen 1")
    assert ("due_day", DELEGATE, "2024-09-10T07:00:00+00:00", "pending") in notices(acts, 1)


class Outbox:
    """A fake Slack that records DMs (the user id stands for the DM channel)."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    def __call__(self, channel: str, text: str, blocks: list) -> None:
        self.sent.append((channel, text))


def dispatcher(store, outbox, at, worker="w1"):
    return Dispatcher(lambda: store, outbox, clock=lambda: at, worker=worker, sleep=lambda s: None)


def test_each_dm_is_sent_once_across_a_restart(acts, meeting_file, tmp_path):
    outbox = Outbox()
    t = datetime(2024, 8, 1, 12, 0, 5, tzinfo=UTC)
    dispatcher(acts.store, outbox, t).tick()
    assert [c for c, _ in outbox.sent] == [DELEGATE]
    assert "You have a new action item in <#C1>" in outbox.sent[0][1]
    assert "/action done 1" in outbox.sent[0][1]
    # A restart: a new store on the same file, another worker; nothing is sent twice.
    again = Store.open(acts.store.db.conn.execute("PRAGMA database_list").fetchone()[2])
    dispatcher(again, outbox, t, worker="w2").tick()
    assert len(outbox.sent) == 1
    day_before = datetime(2024, 8, 19, 7, 0, 1, tzinfo=UTC)
    dispatcher(again, outbox, day_before, worker="w2").tick()
    dispatcher(acts.store, outbox, day_before).tick()
    assert [text.split("\n")[0] for _, text in outbox.sent[1:]] == [
        "Reminder: this action item of <#C1> is due tomorrow:"
    ]
    on_the_day = datetime(2024, 8, 20, 7, 0, 1, tzinfo=UTC)
    dispatcher(again, outbox, on_the_day, worker="w2").tick()
    assert outbox.sent[-1][1].startswith("Reminder: this action item of <#C1> is due today:")
    assert len(outbox.sent) == 3
    again.close()


TWO_PROCESSES = """
import sys
from datetime import datetime, UTC
from bot.reminders import Dispatcher
from storage import Store
store = Store.open(sys.argv[1])
out = open(sys.argv[2], "a")
def post(channel, text, blocks):
    out.write(channel + " " + text.replace(chr(10), " | ") + chr(10)); out.flush()
d = Dispatcher(lambda: store, post, worker=sys.argv[3], sleep=lambda s: None)
for _ in range(20):
    d.tick(datetime(2024, 8, 19, 7, 30, tzinfo=UTC))
"""


def test_two_processes_send_each_dm_once(acts, tmp_path):
    import subprocess
    import sys

    for n in range(2, 12):
        acts.ok(f'/action 4.2 owner=<@U0P{n}> "task {n}" due=2024-08-20')
    path = acts.store.db.conn.execute("PRAGMA database_list").fetchone()[2]
    sent = tmp_path / "sent.txt"
    procs = [
        subprocess.Popen([sys.executable, "-c", TWO_PROCESSES, path, str(sent), f"p{i}"])
        for i in range(2)
    ]
    for p in procs:
        assert p.wait(timeout=60) == 0
    lines = sent.read_text().splitlines()
    # Eleven owners: each told once of the assignment and once the day before, no more.
    assert len(lines) == 22 and len(set(lines)) == 22


def test_a_done_actions_dms_are_not_sent(acts):
    outbox = Outbox()
    acts.ok("/action done 1", user=DELEGATE)
    dispatcher(acts.store, outbox, datetime(2024, 8, 21, tzinfo=UTC)).tick()
    assert [t for _, t in outbox.sent if "due" in t.split("\n")[0]] == []


def test_the_interim_reminder_lists_open_actions_with_overdue_ones_marked(acts):
    from commands.services.reminders import message

    group = acts.store.groups.get("T1", "C1")
    acts.ok('/meeting new "RG-SOP interim" kind=interim start="2024-09-10 13:00"')
    interim = acts.store.meetings.latest(group.id)
    [reminder, *_] = acts.store.reminders.for_meeting(interim.id)
    said = message(
        acts.store, group, interim, reminder, late=False, now=datetime(2024, 9, 3, 11, tzinfo=UTC)
    )
    assert (
        "#1 Dana Delegate: circulate the KPI comments (due 20 August 2024) — *overdue*"
        in mrkdwn(said.actions)
    )
    assert "#2 TSB: report the responses at the next meeting" in mrkdwn(said.actions)
    assert "Open action items:" in mrkdwn(said.text)


# Carry-over ----------------------------------------------------------------------------------


def test_carry_over_across_three_meetings(group):
    """An action from meeting 1 done at meeting 2 is in meeting 2's review as done and not in
    meeting 3's; one still open is in both; a reassigned one says so."""
    from commands.services.actions import ReviewState, review

    clock = group.clock
    group.ok('/meeting new "M1" start="2024-08-01 14:00" end="16:00"')
    group.ok('/agenda add 1 "Actions"')
    group.ok('/action 1 owner=TSB "send the LS"')
    group.ok('/action 1 owner=TSB "update the work plan"')
    group.ok('/action 1 owner=TSB "draft the ToR"')
    group.ok('/meeting new "M2" start="2024-09-10 13:00" end="15:00"')
    group.ok('/meeting new "M3" start="2024-10-10 13:00" end="15:00"')
    store = group.store
    g = store.groups.get("T1", "C1")
    m1, m2, m3 = store.meetings.of_group(g.id)
    clock.now = datetime(2024, 9, 10, 11, 30, tzinfo=UTC)  # during meeting 2 (13:30 Zurich)
    group.ok('/action done 1 "sent to SG13"')
    group.ok("/action set 3 owner=Dana")
    states = {r.number: (r.state, r.note, r.new_owner) for r in review(store, g, m2, clock())}
    assert states == {
        1: (ReviewState.DONE, "sent to SG13", ""),
        2: (ReviewState.OPEN, "", ""),
        3: (ReviewState.REASSIGNED, "", "Dana"),
    }
    clock.now = datetime(2024, 10, 11, tzinfo=UTC)
    later = {r.number: r.state for r in review(store, g, m3, clock())}
    assert later == {2: ReviewState.OPEN, 3: ReviewState.OPEN}
    assert [r.owner for r in review(store, g, m3, clock()) if r.number == 3] == ["Dana"]
    assert review(store, g, m1, clock()) == []


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("2024-07-01", "2024-07-01"),  # ISO: 1 July, not 7 January
        ("2024-11-05", "2024-11-05"),
        ("1 July 2024", "2024-07-01"),
        ("13/8/2024", "2024-08-13"),
    ],
)
def test_a_due_date_is_stored_as_typed(acts, typed, stored):
    acts.ok(f'/action set 2 due="{typed}"')
    assert acts.store.entries.get(1, 2).due == stored


def test_an_ambiguous_due_date_is_refused_with_both_readings(acts):
    reply = acts.refused("/action set 2 due=11/09/2024")
    assert "11 September" in reply.text and "9 November" in reply.text


def three_meetings(group):
    """Meeting 1 logs three actions; during meeting 2 one is done and one re-assigned."""
    group.ok('/meeting new "M1" start="2024-08-01 14:00" end="16:00"')
    group.ok('/agenda add 1 "Actions"')
    group.ok('/action 1 owner=TSB "send the LS" due=2024-09-01')
    group.ok('/action 1 owner=TSB "update the work plan"')
    group.ok('/action 1 owner=TSB "draft the ToR"')
    group.ok('/meeting new "M2" start="2024-09-10 13:00" end="15:00"')
    group.ok('/agenda add 1 "Review of actions"')
    group.clock.now = datetime(2024, 9, 10, 11, 30, tzinfo=UTC)
    group.ok('/action done 1 "sent to SG13"')
    group.ok("/action set 3 owner=Dana")
    group.ok('/meeting new "M3" start="2024-10-10 13:00" end="15:00"')
    store = group.store
    g = store.groups.get("T1", "C1")
    return store, g, store.meetings.of_group(g.id)


@pytest.mark.parametrize(
    "profile, heading, lines",
    [
        (
            "itu",
            "## Review of action items",
            [
                "- TSB to send the LS (action #1 of meeting 1, 1 August 2024; due 1 September"
                " 2024). Done: sent to SG13.",
                "- TSB to update the work plan (action #2 of meeting 1, 1 August 2024). "
                "Still open.",
                "- TSB to draft the ToR (action #3 of meeting 1, 1 August 2024). "
                "Re-assigned to Dana.",
            ],
        ),
        (
            "3gpp",
            "## Review of action items",
            [
                "- AP#1 TSB: send the LS (due 1 September 2024; from meeting 1, 1 August 2024)."
                " Status: Completed (sent to SG13).",
                "- AP#2 TSB: update the work plan (from meeting 1, 1 August 2024). Status: Open.",
            ],
        ),
        (
            "ietf",
            "## Action item review",
            [
                "- [x] TSB — send the LS (due 1 September 2024; from meeting 1, 1 August 2024):"
                " done — sent to SG13",
                "- [ ] TSB — draft the ToR (from meeting 1, 1 August 2024): reassigned to Dana",
            ],
        ),
    ],
)
def test_each_profile_reviews_earlier_actions_in_its_own_words(group, profile, heading, lines):
    from commands.report import build_report
    from commands.report.render import render_html, render_markdown

    store, g, (m1, m2, m3) = three_meetings(group)
    group.ok(f"/clerk setup profile={profile}")
    g = store.groups.get("T1", "C1")
    report = build_report(store, g, m2, now=datetime(2024, 9, 11, tzinfo=UTC))
    text = render_markdown(report)
    assert heading in text
    for line in lines:
        assert line in text
    assert heading.removeprefix("## ") in render_html(report)
    # Meeting 1's own report has nothing to review; meeting 3's no longer lists #1.
    assert heading not in render_markdown(build_report(store, g, m1, now=group.clock()))
    later = render_markdown(build_report(store, g, m3, now=datetime(2024, 12, 1, tzinfo=UTC)))
    assert "send the LS" not in later.split(heading)[1].split("\n## ")[0]


def test_the_word_draft_reviews_earlier_actions(group):
    import docx

    from commands.report import build_report
    from commands.report.word import render_docx

    store, g, (_, m2, _) = three_meetings(group)
    report = build_report(store, g, m2, now=datetime(2024, 9, 11, tzinfo=UTC))
    document = docx.Document(io.BytesIO(render_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Review of action items" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "TSB to send the LS (action #1 of meeting 1, 1 August 2024; due 1 September 2024). "
        "Done: sent to SG13."
    ) in text


def test_clerk_export_csv_gains_an_actions_sheet_kept_as_text(acts):
    acts.ok('/action 4.2 owner=TSB "=HYPERLINK(\\"http://x\\")"')
    reply = acts.ok("/clerk export csv").later(acts.store)  # built after the ack
    names = [f.filename for f in reply.files]
    assert names == ["clerk-rg-sop-record.csv", "clerk-rg-sop-actions.csv"]
    rows = list(csv.reader(io.StringIO(reply.files[1].content.decode())))
    assert rows[0] == ["number", "owner", "action", "due", "state", "done_note", "origin", "item"]
    assert rows[1][:5] == ["1", "Dana Delegate", "circulate the KPI comments", "2024-08-20", "open"]
    assert rows[3][2] == '\'=HYPERLINK("http://x")'  # a formula stays text in a spreadsheet
    assert "clerk-rg-sop-actions.csv" in reply.text


def test_an_action_done_between_meetings_is_shown_done_at_the_next_even_without_a_note(group):
    """Issue 22: it vanished from every review (the review exists to report exactly that)."""
    from commands.services.actions import ReviewState, review

    group.ok('/meeting new "M1" start="2024-08-01 14:00" end="16:00"')
    group.ok('/agenda add 1 "Actions"')
    group.ok('/action 1 owner=TSB "send the LS"')
    group.clock.now = datetime(2024, 8, 20, tzinfo=UTC)
    group.ok("/action done 1")  # between the meetings, no note
    group.ok('/meeting new "M2" start="2024-09-10 13:00" end="15:00"')
    g = group.store.groups.get("T1", "C1")
    m2 = group.store.meetings.of_group(g.id)[1]
    [shown] = review(group.store, g, m2, datetime(2024, 9, 11, tzinfo=UTC))
    assert (shown.number, shown.state, shown.note) == (1, ReviewState.DONE, "")


def test_review_counts_an_action_by_its_meeting_not_by_when_it_was_typed(group):
    """Minutes of meeting 1 logged after meeting 2 began still feed meeting 2's review."""
    from commands.services.actions import review

    group.ok('/meeting new "M1" start="2024-08-01 14:00" end="16:00"')
    group.ok('/agenda add 1 "Actions"')
    group.ok('/meeting new "M2" start="2024-09-10 13:00" end="15:00"')
    group.clock.now = datetime(2024, 9, 12, tzinfo=UTC)
    group.ok("/meeting use 1")
    group.ok('/action 1 owner=TSB "send the LS"')
    g = group.store.groups.get("T1", "C1")
    m2 = group.store.meetings.of_group(g.id)[1]
    [line] = review(group.store, g, m2, datetime(2024, 9, 12, tzinfo=UTC))
    assert line.text == "send the LS"


def test_after_downtime_only_the_latest_dm_goes_marked_late(acts):
    """Clerk was down from before the day-before DM until after the due date (issue 21)."""
    outbox = Outbox()
    dispatcher(acts.store, outbox, datetime(2024, 8, 1, 12, 0, 5, tzinfo=UTC)).tick()
    back = datetime(2024, 8, 21, 10, 0, tzinfo=UTC)  # the day after the due date
    dispatcher(acts.store, outbox, back).tick()
    [late] = outbox.sent[1:]
    assert late[1].startswith("Reminder, sent late (Clerk could not send it on time)")
    assert "due 20 August 2024" in late[1] and "due tomorrow" not in late[1]
    rows = {kind: status for kind, _, _, status in notices(acts, 1)}
    assert rows == {"assigned": "sent", "day_before": "skipped", "due_day": "sent"}


def test_the_review_across_four_meetings_shows_each_change_once_in_the_right_meeting(group):
    """Issue 22: done between meetings, done during one, done after the fact, reopened and
    re-assigned — judged by the order things were recorded."""
    from commands.report import build_report
    from commands.report.render import render_markdown
    from commands.services.actions import ReviewState, review

    clock = group.clock
    clock.now = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)
    group.ok('/meeting new "M1" start="2024-08-01 14:00" end="16:00"')
    group.ok('/agenda add 1 "Actions"')
    for what in ("between", "during", "after the fact", "reopened", "reassigned"):
        group.ok(f'/action 1 owner=TSB "{what}"')
    clock.now = datetime(2024, 8, 1, 14, 0, tzinfo=UTC)
    group.ok("/meeting close")
    for title, day in (("M2", "09-10"), ("M3", "10-10"), ("M4", "11-10")):
        group.ok(f'/meeting new "{title}" start="2024-{day} 13:00" end="15:00"')
    clock.now = datetime(2024, 8, 20, tzinfo=UTC)
    group.ok('/action done 1 "between"')
    group.ok("/action done 4")
    clock.now = datetime(2024, 9, 10, 11, 30, tzinfo=UTC)  # during M2
    group.ok("/meeting use 2")
    group.ok('/action done 2 "during"')
    group.ok("/action set 5 owner=Dana")
    clock.now = datetime(2024, 9, 10, 13, 0, tzinfo=UTC)
    group.ok("/meeting close")
    clock.now = datetime(2024, 9, 20, tzinfo=UTC)
    group.ok("/action reopen 4")
    clock.now = datetime(2024, 10, 20, tzinfo=UTC)  # M3 (10 October) recorded ten days later
    group.ok("/meeting use 3")
    group.ok("/meeting open")  # its planned start
    group.ok('/action done 3 "after the fact"')
    group.ok("/meeting close at=15:00")
    store = group.store
    g = store.groups.get("T1", "C1")
    m1, m2, m3, m4 = store.meetings.of_group(g.id)
    now = datetime(2024, 11, 11, tzinfo=UTC)

    def states(m):
        return {r.number: (r.state, r.new_owner) for r in review(store, g, m, now)}

    done, open_ = ReviewState.DONE, ReviewState.OPEN
    assert states(m1) == {}
    assert states(m2) == {
        1: (done, ""),
        2: (done, ""),
        3: (open_, ""),
        4: (done, ""),
        5: (ReviewState.REASSIGNED, "Dana"),
    }
    assert states(m3) == {3: (done, ""), 4: (open_, ""), 5: (open_, "")}
    assert states(m4) == {4: (open_, ""), 5: (open_, "")}
    for profile, says in (("itu", "Done: after the fact"), ("ietf", "[x]"), ("3gpp", "Completed")):
        group.ok(f"/clerk setup profile={profile}")
        g = store.groups.get("T1", "C1")
        draft = render_markdown(build_report(store, g, m3, now=now))
        assert says in draft and "between" not in draft.split("Annex")[0], profile


# Several owners per action: each stored, told, listed, and able to close it --------------------

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
