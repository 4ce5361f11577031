"""Minutes as scribes type them: W3C's plain lines and MeetBot's commands, read while a
meeting is open — each recorded exactly as the slash command it equals."""

from __future__ import annotations

import itertools

import pytest

from commands import Caller, Context
from commands.services.capture import capture, capture_delete, capture_edit
from storage import Store

from .harness import shown, snapshot

_ts = itertools.count(1)


def said(clerk, text, *, user="U0SCRIBE", slack=False, ts=None, event_id=""):
    """A line typed in the channel (or the shell, slack=False) while the meeting is open."""
    stamp = ts or f"1722515{500 + next(_ts):03d}.000100"  # after the meeting opened
    ctx = Context(
        "T1",
        "C1",
        Caller(user, fallback_name=user.lower()),
        clerk.clock(),
        request_id=event_id,
        source_ts=stamp,
        directory=clerk.names.__getitem__,
    )
    return shown(capture(clerk.router, ctx, text, slack=slack))


@pytest.fixture
def call(open_meeting):
    """The reference meeting, open, with a scribe and a mapped nick."""
    open_meeting.names.update({"U0SCRIBE": "Sam Scribe", "U0GREGG": "Gregg Kellogg"})
    open_meeting.ok("/clerk role scribe <@U0SCRIBE>")
    open_meeting.ok("/clerk nick gkellogg <@U0GREGG>")
    return open_meeting


def entries(clerk):
    return [(e.kind, e.text, e.who) for e in clerk.store.entries.of_meeting(1)]


def test_the_spec_examples_of_roles_and_nicks(call):
    roles = {(r.role, r.user_id) for r in call.store.groups.roles(1)}
    assert ("scribe", "U0SCRIBE") in roles
    assert "Scribe: " in call.ok("/clerk role list").text
    nick = call.store.groups.nick(1, "GKellogg")  # any case
    assert (nick.name, nick.user_id) == ("Gregg Kellogg", "U0GREGG")
    assert "gkellogg — Gregg Kellogg" in call.ok("/clerk nick list").text


def test_a_speakers_line_is_their_comment_on_the_current_item_and_goes_on(call):
    call.ok("/agenda take 3.2")
    reply = said(call, "gkellogg: I think we should keep it short.")
    assert reply.ok and reply.visibility == "channel"
    said(call, "… and say so in the note.")
    said(call, "... Really.")
    [(kind, text, who)] = entries(call)
    assert (kind, who) == ("comment", "Gregg Kellogg")
    assert text == "I think we should keep it short. and say so in the note. Really."
    [entry] = call.store.entries.of_meeting(1)
    assert entry.item == "3.2" and entry.author_id == "U0SCRIBE"


def test_full_names_of_people_present_or_holding_a_role_are_speakers_too(call):
    said(call, "present+ Ana Ruiz", user="U0DELEGATE")
    said(call, "ana ruiz: +1 to that")
    said(call, "TSB: The document is online.")  # the secretariat's role name
    assert [(t, w) for _, t, w in entries(call)] == [
        ("+1 to that", "Ana Ruiz"),
        ("The document is online.", "TSB"),
    ]


def test_lines_that_look_like_conventions_but_are_not_stay_out(call):
    before = snapshot(call.store)
    for line in (
        "Note: the editors will look at it",
        "Link: https://example.org/x",
        "Summary: all good",
        "just chatting here",
        "RESOLUTION: by someone who is not the scribe",
    ):
        user = "U0DELEGATE" if line.startswith("RESOLUTION") else "U0SCRIBE"
        assert said(call, line, user=user) is None, line
    assert snapshot(call.store) == before


def test_an_unknown_speaker_gets_one_private_sentence_and_nothing_is_stored(call):
    before = snapshot(call.store)
    reply = said(call, "gkelog: a typo in the nick")
    assert not reply.ok and reply.visibility == "caller"
    assert "“gkelog” is not a person of this meeting" in reply.text
    assert "/clerk nick gkelog @person" in reply.text
    assert snapshot(call.store) == before


def test_corrections_change_the_scribes_last_line(call):
    said(call, "gkellogg: the draft is redy, the draft is long")
    said(call, "s/redy/ready/")
    assert entries(call)[-1][1] == "the draft is ready, the draft is long"
    said(call, "s/draft/text/g")
    assert entries(call)[-1][1] == "the text is ready, the text is long"
    refused = said(call, "s/absent/x/")
    assert not refused.ok and "“absent” is not in your last line (#1)" in refused.text


def test_topics_proposals_resolutions_and_actions(call):
    said(call, "Topic: Elements to consider for the ITU-T/TSAG input to CWG-SFP")
    assert call.store.meetings.by_id(1).current_item == "3.2"  # the item with that title
    said(call, "Topic: Any other business")  # no such item: a new one at the end
    meeting = call.store.meetings.by_id(1)
    new = call.store.agenda.get(1, meeting.current_item)
    assert (new.number, new.title) == ("5", "Any other business")
    said(call, "PROPOSAL: publish the note as is")
    said(call, "RESOLUTION: publish the note as is")
    said(call, "ACTION: gkellogg to update the draft due 2024-08-20")
    kinds = [(k, t) for k, t, _ in entries(call)]
    assert kinds == [
        ("note", "PROPOSAL: publish the note as is"),
        ("decision", "publish the note as is"),
        ("action", "update the draft"),
    ]
    action = call.store.entries.of_meeting(1)[-1]
    assert (action.who, action.attributed_id, action.due) == (
        "Gregg Kellogg",
        "U0GREGG",
        "2024-08-20",
    )
    assert all(e.item == "5" for e in call.store.entries.of_meeting(1))


def test_attendance_from_anyone_names_and_nicks(call):
    said(call, "present+", user="U0DELEGATE")
    said(call, "present+ gkellogg, Ana Ruiz", user="U0DELEGATE")
    said(call, "regrets+ Cy Diaz", user="U0DELEGATE")
    said(call, "present- Ana Ruiz", user="U0DELEGATE")
    said(call, "guests+ Dee Ng", user="U0DELEGATE")
    present = [(a.name, a.guest) for a in call.store.meetings.attendees(1)]
    assert present == [("u0delegate", 0), ("Gregg Kellogg", 0), ("Dee Ng", 1)]
    assert [a.name for a in call.store.meetings.regrets(1)] == ["Cy Diaz"]


def test_a_chair_names_the_scribe_and_the_scribe_maps_nicks(call):
    call.ok('/clerk nick ivan name="Ivan Herman"')
    call.ok("/clerk nick pchampin <@U0PA>")
    said(call, "scribenick: pchampin", user="U0CHAIR")
    assert ("scribe", "U0PA") in {(r.role, r.user_id) for r in call.store.groups.roles(1)}
    said(call, "dlongley = Dave Longley", user="U0PA")
    assert call.store.groups.nick(1, "dlongley").name == "Dave Longley"
    said(call, "dlongley: makes sense", user="U0PA")
    assert entries(call)[-1] == ("comment", "makes sense", "Dave Longley")
    refused = said(call, "Scribe: Nobody Known", user="U0CHAIR")
    assert not refused.ok and "cannot tell which Slack user" in refused.text


def test_meetbot_commands_are_aliases(meeting):
    meeting.ok("/clerk role scribe <@U0SCRIBE>")
    meeting.clock.advance(hours=2, minutes=31)  # the meeting's start
    stamp = "1722522700.000100"
    assert said(meeting, "#startmeeting", user="U0CHAIR", ts=stamp).ok
    assert meeting.store.meetings.by_id(1).opened_at is not None
    said(meeting, "#topic 1", ts="1722522750.000100")
    said(meeting, "#info The call started late.", ts="1722522800.000100")
    said(meeting, "#link https://example.org/minutes the draft", ts="1722522900.000100")
    assert [t for _, t, _ in entries(meeting)] == [
        "The call started late.",
        "https://example.org/minutes the draft",
    ]
    said(meeting, "#undo", ts="1722523000.000100")
    assert [t for _, t, _ in entries(meeting)] == ["The call started late."]
    assert said(meeting, "#endmeeting", user="U0CHAIR", ts="1722523100.000100").ok
    assert meeting.store.meetings.by_id(1).closed_at is not None


def test_slack_text_is_read_as_the_scribe_wrote_it(call):
    said(call, "<@U0GREGG>: we &amp; they agree &lt;strongly&gt;", slack=True)
    assert entries(call)[-1] == ("comment", "we & they agree <strongly>", "Gregg Kellogg")


def test_an_edited_scribe_line_follows_and_a_deleted_one_goes_with_undo_whole(call):
    stamp = "1722515600.000100"
    said(call, "gkellogg: first worde", ts=stamp)
    ctx = Context(
        "T1",
        "C1",
        Caller("U0SCRIBE"),
        call.clock(),
        source_ts=stamp,
        directory=call.names.__getitem__,
    )
    capture_edit(call.router, ctx, "gkellogg: first word")
    assert entries(call) == [("comment", "first word", "Gregg Kellogg")]
    capture_edit(call.router, ctx, "RESOLUTION: first word")  # another kind: made anew
    assert entries(call) == [("decision", "first word", "")]
    call.ok("/clerk undo", user="U0SCRIBE")  # the edit, taken back whole
    assert entries(call) == [("comment", "first word", "Gregg Kellogg")]
    capture_delete(call.router, ctx)
    assert entries(call) == []


def test_a_retried_line_is_recorded_once(call):
    said(call, "gkellogg: once", ts="1722515700.000100", event_id="Ev1")
    said(call, "gkellogg: once", ts="1722515700.000100", event_id="Ev1")
    said(call, "… more", ts="1722515800.000100", event_id="Ev2")
    said(call, "… more", ts="1722515800.000100", event_id="Ev2")
    assert entries(call) == [("comment", "once more", "Gregg Kellogg")]


def test_nothing_is_read_outside_an_open_meeting(meeting):
    meeting.ok("/clerk role scribe <@U0SCRIBE>")
    before = snapshot(meeting.store)
    assert said(meeting, "present+", user="U0DELEGATE") is None
    assert said(meeting, "TSB: hello") is None
    assert snapshot(meeting.store) == before


def test_the_shell_reads_a_scribes_lines(tmp_path):
    from .test_cli import clerk

    script = (
        '/clerk setup name="JSON-LD WG" tz=UTC\n'
        "/clerk role scribe @U0SAM\n"
        '/clerk nick gkellogg name="Gregg Kellogg"\n'
        '/meeting new "Telco" start="2024-08-01 10:00"\n'
        "/meeting open\n"
        "as U0IVAN: present+\n"
        "as U0SAM: Topic: Syntax issues\n"
        "as U0SAM: gkellogg: I think we close it.\n"
        "as U0SAM: RESOLUTION: Close #37\n"
        "as U0SAM: Note: not a speaker\n"
    )
    result = clerk("shell", "--db", str(tmp_path / "x.db"), "--user", "U0CHAIR", stdin=script)
    assert "Attending meeting 1: U0IVAN (1 recorded)." in result.stdout
    assert "Agenda item 1 added. Now on item 1: “Syntax issues”." in result.stdout
    assert "#1 comment on item 1 — Gregg Kellogg: I think we close it." in result.stdout
    assert "Not a command, so not recorded: “Note: not a speaker”" in result.stdout
    assert "10 commands run, 1 refused (line 10)." in result.stderr


def test_the_spec_example_sets_up_w3c_minutes_with_a_repository(clerk):
    clerk.ok('/clerk setup name="JSON-LD WG" tz=UTC')
    reply = clerk.ok("/clerk setup profile=w3c repo=w3c/json-ld-syntax")
    assert "Report profile: w3c (W3C working-group minutes) · GitHub repository" in reply.text
    group = clerk.store.groups.get("T1", "C1")
    assert (group.profile, group.repo) == ("w3c", "w3c/json-ld-syntax")
    clerk.ok("/clerk setup repo=https://github.com/w3c/json-ld-api")
    assert clerk.store.groups.get("T1", "C1").repo == "w3c/json-ld-api"
    refused = clerk.refused('/clerk setup repo="not a repo"')
    assert "is not a GitHub repository; write it as owner/name" in refused.text


def test_w3c_minutes_link_the_agenda_and_list_guests(call):
    from commands.report import build_report
    from commands.report.render import render_markdown

    call.ok("/clerk setup profile=w3c")
    call.ok("/meeting set agenda=https://example.org/agenda notes=https://example.org/log")
    said(call, "guests+ Dee Ng", user="U0DELEGATE")
    group = call.store.groups.get("T1", "C1")
    text = render_markdown(build_report(call.store, group, call.store.meetings.current(group)))
    assert (
        "See also the [Agenda](https://example.org/agenda) and the [Notes](https://example.org/log)"
    ) in text
    assert "**Guests:** Dee Ng\n" in text and "**Present:** \n" in text  # a guest, not present


def test_the_w3c_demo_takes_less_typing_than_the_minutes_it_makes(tmp_path):
    """Typed only in scribe conventions (plus set-up, the meeting, /report): fewer characters
    typed than the minutes hold."""
    import io

    from bot.demo import transcript, typed_for
    from bot.shell import Shell
    from commands.report import build_report
    from commands.report.render import render_markdown
    from storage import Store

    from .harness import FakeClock

    lines = transcript("w3c")
    said = [line.split(": ", 1)[1] for line in lines if line.startswith("as ")]
    commands = {text.split()[0] for text in said if text.startswith("/")}
    assert commands == {"/clerk", "/meeting", "/report"}, commands
    store = Store.open(tmp_path / "w3c.db")
    shell = Shell(
        store,
        user="U0CHAIR",
        channel="wg",
        clock=FakeClock(),
        out=io.StringIO(),
        files_dir=tmp_path,
    )
    assert shell.run_script(lines).failed == 0
    group = store.groups.all()[0]
    minutes = render_markdown(build_report(store, group, store.meetings.current(group)))
    store.close()
    assert len(typed_for(lines)) / len(minutes) <= 1.0


def test_votes_are_minuted_from_anyone_and_counted_on_the_proposal(call):
    from commands.report import build_report
    from commands.report.render import render_markdown

    call.ok("/clerk setup profile=w3c")
    call.names["U0DELEGATE"] = "Dana Delegate"
    said(call, "Topic: Strategic plan")
    said(call, "PROPOSAL: adopt the plan")
    said(call, "+1", user="U0DELEGATE")
    said(call, "-1 not yet", user="U0CHAIR")
    said(call, "+0")
    said(call, "RESOLUTION: adopt the plan")
    said(call, "+1 late", user="U0DELEGATE")  # after the resolution: minuted, not counted
    assert [(w, t) for _, t, w in entries(call) if t.startswith(("+", "-"))] == [
        ("Dana Delegate", "+1"),
        ("u0chair", "-1 not yet"),
        ("Sam Scribe", "+0"),
        ("Dana Delegate", "+1 late"),
    ]
    group = call.store.groups.get("T1", "C1")
    text = render_markdown(build_report(call.store, group, call.store.meetings.current(group)))
    assert "> **Proposed resolution: adopt the plan** *(+1: 1, +0: 1, -1: 1)*" in text
    assert "> ***Resolution #1: adopt the plan***" in text
    assert "**Dana Delegate:** +1" in text


@pytest.mark.parametrize(
    "typed, number",
    [
        ("w3c/json-ld-syntax#129", "w3c/json-ld-syntax#129"),
        ("https://github.com/w3c/json-ld-syntax/pull/129", "w3c/json-ld-syntax#129"),
        ("https://github.com/w3c/json-ld-api/issues/7#issuecomment-1", "w3c/json-ld-api#7"),
        ("#129", "w3c/json-ld-syntax#129"),  # the group's repository
    ],
)
def test_github_issues_are_documents(call, typed, number):
    call.ok("/clerk setup profile=w3c repo=w3c/json-ld-syntax")
    call.ok(f'/doc add {typed} item=3.2 title="Aliasing @type"')
    call.ok(f'/comment {typed} "We keep it open."')
    [entry] = call.store.entries.of_meeting(1)
    assert (entry.target, entry.text) == (number, "We keep it open.")


def test_a_short_issue_number_needs_the_groups_repository(call):
    refused = call.refused('/doc add #129 title="x"')
    assert "is not a document number" in refused.text


def test_issues_link_in_every_profile(call):
    from commands.report import build_report
    from commands.report.render import render_html, render_markdown
    from commands.report.word import render_docx

    from .test_word import hyperlinks

    call.ok('/doc add w3c/json-ld-syntax#129 item=3.2 title="Aliasing @type"')
    call.ok('/comment w3c/json-ld-syntax#129 "We keep it open." by="Gregg Kellogg"')
    group = call.store.groups.get("T1", "C1")
    url = "https://github.com/w3c/json-ld-syntax/issues/129"
    for profile in ("w3c", "ietf", "3gpp", "itu"):
        call.ok(f"/clerk setup profile={profile}")
        group = call.store.groups.get("T1", "C1")
        report = build_report(call.store, group, call.store.meetings.current(group))
        assert f"]({url})" in render_markdown(report), profile
        assert f'href="{url}"' in render_html(report), profile
        assert url in hyperlinks(render_docx(report)).values(), profile


def test_the_speaker_queue_from_anyone_and_the_floor_from_the_chair(call):
    # Each person is queued under the name Slack gives them (here, the test's u0… names).
    reply = said(call, "q+ to ask about the timeline", user="U0DELEGATE")
    assert reply.ok and reply.queue.speakers == (("u0delegate", "to ask about the timeline"),)
    said(call, "q+")  # the scribe
    shown_q = said(call, "q?", user="U0DELEGATE")
    assert shown_q.visibility == "caller"
    assert "Queue: u0delegate (to ask about the timeline), u0scribe" in shown_q.text
    assert said(call, "ack u0delegate", user="U0DELEGATE") is None  # not a chair: chatter
    done = said(call, "ack U0Delegate", user="U0CHAIR")
    assert "U0Delegate has the floor. Queue: u0scribe" in done.text
    said(call, "q-")
    assert call.store.meetings.queue(1) == []
    assert entries(call) == []  # the queue is no part of the minutes


def test_meetbot_topic_action_and_chair_as_meetbot_users_type_them(tmp_path):
    from .test_cli import clerk

    script = (
        '/clerk setup name="WG" tz=UTC\n'
        "/clerk role scribe @U0SAM\n"
        "/clerk nick ivan @U0IVAN\n"
        '/meeting new "Telco" start="2024-08-01 10:00"\n'
        "#startmeeting\n"
        "as U0SAM: #topic Syntax issues\n"
        "as U0SAM: #action ivan update the draft\n"
        "as U0SAM: #agreed keep the syntax\n"
        "#chair ivan\n"
        "# a comment line of the script\n"
        "#endmeeting\n"
    )
    result = clerk("shell", "--db", str(tmp_path / "x.db"), "--user", "U0CHAIR", stdin=script)
    assert "Now on item 1: “Syntax issues”." in result.stdout
    assert "#1 action on item 1 — <@U0IVAN>: update the draft" in result.stdout  # a person
    assert "(<@U0IVAN>) is now Rapporteur of WG" in result.stdout  # MeetBot's #chair
    assert "10 commands run, 0 refused." in result.stdout  # (refusals go to stderr)


@pytest.mark.parametrize(
    "typed, number, page",
    [
        ("https://www.w3.org/TR/json-ld11/", "w3c:json-ld11", "https://www.w3.org/TR/json-ld11/"),
        ("w3c:json-ld11", "w3c:json-ld11", "https://www.w3.org/TR/json-ld11/"),
        (
            "https://html.spec.whatwg.org/multipage/parsing.html",
            "whatwg:html",
            "https://html.spec.whatwg.org/",
        ),
    ],
)
def test_w3c_and_whatwg_specifications_are_documents(call, typed, number, page):
    from commands.report import build_report
    from commands.report.render import render_markdown

    call.ok("/clerk setup profile=w3c")
    call.ok(f'/doc add {typed} item=3.2 title="The spec"')
    call.ok(f'/comment {typed} "Cite it." by="Gregg Kellogg"')
    [entry] = call.store.entries.of_meeting(1)
    assert entry.target == number
    group = call.store.groups.get("T1", "C1")
    text = render_markdown(build_report(call.store, group, call.store.meetings.current(group)))
    assert f"[{number}]({page}) — The spec" in text


# Every convention, typed in the shell: the same record as through the router.
EVERY_CONVENTION = (
    "as U0CHAIR: scribenick: sam",
    "as U0SAM: present+ gkellogg, Ana Ruiz",
    "as U0SAM: regrets+ Cy Diaz",
    "as U0SAM: guests+ Dee Ng",
    "as U0IVAN: present+",
    "as U0IVAN: present-",
    "as U0SAM: ivan = Ivan Herman",
    "as U0SAM: Topic: Syntax issues",
    "as U0SAM: gkellogg: the draft is redy",
    "as U0SAM: s/redy/ready/",
    "as U0SAM: … for review",
    "as U0SAM: PROPOSAL: publish the draft",
    "as U0IVAN: +1",
    "as U0SAM: RESOLUTION: publish the draft",
    "as U0SAM: ACTION: gkellogg to publish it due 2024-08-20",
    "as U0IVAN: q+ to ask about dates",
    "as U0CHAIR: ack U0IVAN",
    "as U0SAM: #info Call ends early.",
)


def test_every_convention_in_the_shell(tmp_path):
    from .test_cli import clerk

    script = "\n".join(
        (
            '/clerk setup name="WG" tz=UTC',
            "/clerk nick sam @U0SAM",
            '/clerk nick gkellogg name="Gregg Kellogg"',
            '/meeting new "Telco" start="2024-08-01 10:00"',
            "/meeting open",
            *EVERY_CONVENTION,
        )
    )
    result = clerk("shell", "--db", str(tmp_path / "x.db"), "--user", "U0CHAIR", stdin=script)
    assert f"{5 + len(EVERY_CONVENTION)} commands run, 0 refused." in result.stdout
    store = Store.open(tmp_path / "x.db")
    try:
        said = [(e.kind, e.text, e.who) for e in store.entries.of_meeting(1)]
        people = [(a.name, a.guest) for a in store.meetings.attendees(1)]
        regrets = [a.name for a in store.meetings.regrets(1)]
    finally:
        store.close()
    assert said == [
        ("comment", "the draft is ready for review", "Gregg Kellogg"),
        ("note", "PROPOSAL: publish the draft", ""),
        ("comment", "+1", "U0IVAN"),  # the shell knows no real names
        ("decision", "publish the draft", ""),
        ("action", "publish it", "Gregg Kellogg"),
        ("note", "Call ends early.", ""),
    ]
    assert people == [("Gregg Kellogg", 0), ("Ana Ruiz", 0), ("Dee Ng", 1)]
    assert regrets == ["Cy Diaz"]
    assert "U0IVAN has the floor. The queue is empty." in result.stdout


def test_an_edited_or_deleted_present_line_changes_the_attendance_it_recorded(call):
    stamp = "1722515900.000100"
    said(call, "present+ Ana Ruiz, Bo Li", user="U0DELEGATE", ts=stamp)
    ctx = Context("T1", "C1", Caller("U0DELEGATE"), call.clock(), source_ts=stamp)
    capture_edit(call.router, ctx, "present+ Ana Ruiz, Cy Diaz")
    assert [a.name for a in call.store.meetings.attendees(1)] == ["Ana Ruiz", "Cy Diaz"]
    said(call, "present+ Dee Ng", user="U0DELEGATE")  # another message: stays
    assert capture_delete(call.router, ctx)
    assert [a.name for a in call.store.meetings.attendees(1)] == ["Dee Ng"]
