"""What the group did is what the record says: opening and closing, time zones, attendance
(issue 22)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from commands import Caller, Context
from commands.services.capture import capture

from .harness import summary_of


def tagged(clerk, text: str, ts: datetime):
    ctx = Context(
        "T1",
        "C1",
        Caller("U0CHAIR", fallback_name="chair"),
        clerk.clock(),
        source_ts=f"{ts.timestamp():.6f}",
    )
    return capture(clerk.router, ctx, text)


def test_opening_again_after_a_close_reopens_and_tags_are_heard(group):
    group.clock.now = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)
    group.ok('/meeting new "M" start="2024-08-01 14:00"')  # Zurich: 12:00 UTC
    group.ok('/agenda add 1 "One"')
    group.ok("/meeting open")
    group.ok("/meeting close")
    group.clock.advance(minutes=25)
    reply = group.ok("/meeting open at=14:20")
    assert "is open again" in reply.text
    assert tagged(group, "#note 1 After the reopening.", group.clock.now).ok
    meeting = group.store.meetings.latest(1)
    assert meeting.closed_at is None


def test_opening_a_meeting_of_an_earlier_day_takes_its_planned_start_and_says_so(group):
    group.clock.now = datetime(2024, 8, 5, 9, 0, tzinfo=UTC)
    group.ok('/meeting new "Held last week" start="2024-08-01 14:30"')
    reply = group.ok("/meeting open")
    assert "opened at Thu 1 Aug 2024 14:30" in reply.text and "its planned start" in reply.text
    assert group.store.meetings.latest(1).opened_at == datetime(2024, 8, 1, 12, 30, tzinfo=UTC)
    # Today's meeting opens now, as before.
    group.ok('/meeting new "Today" start="2024-08-05 14:00"')
    reply = group.ok("/meeting open 2")
    assert "11:00" in reply.text and "planned start" not in reply.text


def test_a_new_time_zone_moves_the_owners_dms_and_the_reminders(group):
    group.clock.now = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)
    group.names["U0DANA"] = "Dana"
    group.ok('/meeting new "Interim" kind=interim start="2024-09-10 14:00" remind=1d')
    group.ok('/meeting new "Session" start="2024-08-01 14:00"')
    group.ok('/agenda add 1 "One"')
    group.ok('/action 1 owner=<@U0DANA> "circulate" due=2024-08-20')

    def pending():
        dms = {
            (n.kind, n.due_at.isoformat())
            for n in group.store.notices.of_entry(1)
            if n.status == "pending" and n.kind != "assigned"
        }
        reminders = {
            r.due_at.isoformat()
            for m in group.store.meetings.of_group(1)
            for r in group.store.reminders.for_meeting(m.id)
            if r.status == "pending"
        }
        return dms, reminders

    # Europe/Zurich: the DMs at 09:00 local = 07:00 UTC; the meeting at 14:00 local.
    assert pending() == (
        {("day_before", "2024-08-19T07:00:00+00:00"), ("due_day", "2024-08-20T07:00:00+00:00")},
        {"2024-09-09T12:00:00+00:00"},
    )
    group.ok("/clerk setup tz=Asia/Tokyo")
    # 09:00 in Tokyo is 00:00 UTC. The meeting keeps its instant, and its reminder with it.
    dms, reminders = pending()
    assert dms == {
        ("day_before", "2024-08-19T00:00:00+00:00"),
        ("due_day", "2024-08-20T00:00:00+00:00"),
    }
    assert len(reminders) == 1


def test_quotes_inside_quoted_text_are_kept_and_the_outer_ones_dropped(meeting):
    meeting.ok('/comment C103 "if I set "foaf:knows" to a list, is it kept?" by="Ivan Herman"')
    meeting.ok('/note 3.2 "He said "yes"."')
    meeting.ok('/note 3.2 "A" and "B"')  # two quoted words and one between: as typed
    texts = [e.text for e in meeting.store.entries.of_meeting(1)][-3:]
    assert texts == [
        'if I set "foaf:knows" to a list, is it kept?',
        'He said "yes".',
        '"A" and "B"',
    ]
    refused = meeting.refused('/comment C103 "Has anyone implemented it? by="A. Delegate"')
    assert "closing quote missing" in refused.text


def test_a_word_that_is_no_bodys_document_number_is_not_stored_as_a_document(meeting):
    for word in ("syntax-129", "issue-129", "TOPIC12"):
        refused = meeting.refused(f"/doc add {word} item=3.2")
        assert "not a document number" in refused.text
        assert "TD" in refused.text  # the forms Clerk knows are named
    listed = {d.number for d in meeting.store.documents.of_meeting(1)}
    assert not {"SYNTAX129", "ISSUE129", "TOPIC12"} & listed


def test_attendance_takes_a_list_of_names_and_says_how_many(meeting):
    reply = meeting.ok('/meeting attend name="Ivan Herman, Gregg Kellogg; Pierre-Antoine Champin"')
    assert "Ivan Herman, Gregg Kellogg, Pierre-Antoine Champin (3 recorded)" in reply.text
    reply = meeting.ok('/meeting attend name="Mr Dao Tian (ZTE Corporation, China)" name="Ann Lee"')
    assert "(5 recorded)" in reply.text
    names = [a.name for a in meeting.store.meetings.attendees(1)]
    assert "Mr Dao Tian (ZTE Corporation, China)" in names and "Ann Lee" in names
    # Other options given twice are still refused.
    assert "given twice" in meeting.refused('/note 3.2 "x" by="A" by="B"').text


def test_small_things_a_reader_sees(clerk):
    from commands.report import build_report
    from commands.report.render import render_markdown

    clerk.ok('/clerk setup name="JSON-LD Working Group" profile=ietf')
    clerk.ok('/meeting new "JSON-LD Working Group Telco" start="2024-08-01 15:00"')
    clerk.ok('/agenda add 4 "Issues"')
    clerk.ok('/agenda add 4.1 "Syntax issues"')
    group = clerk.store.groups.get("T1", "C1")
    report = build_report(clerk.store, group, clerk.store.meetings.current(group))
    minutes = render_markdown(report)
    assert "# JSON-LD Working Group Telco — Minutes" in minutes  # the group not said twice
    # Minutes' topics are unnumbered headings, nested as the agenda nests them.
    assert "\n## Issues" in minutes and "\n### Syntax issues" in minutes
    summary = summary_of(report, [])
    assert "Every document on the agenda has a decision" not in summary  # there are none
    assert "log an action" in clerk.ok("/action help").text


def test_the_draft_gives_the_recorded_times_everywhere_and_the_preview_says_so(meeting):
    from commands.report import build_report
    from commands.report.render import render_markdown

    meeting.ok("/meeting open at=14:30")
    meeting.ok("/meeting close at=16:00")
    group = meeting.store.groups.get("T1", "C1")
    report = build_report(meeting.store, group, meeting.store.meetings.current(group))
    draft = render_markdown(report)
    assert "1 August 2024 1430-1600 hours." in draft and "closed the meeting at 16:00" in draft
    preview = meeting.ok("/report preview").later(meeting.store).text
    assert "the draft says 1430-1600 hours, as opened and closed" in preview
    assert "planned 1430-1545 hours" in preview


def test_other_bodies_drafts_speak_their_words_and_give_the_whole_span(clerk):
    from commands.report import build_report
    from commands.report.render import render_markdown

    clerk.ok('/clerk setup name="HTTP WG" profile=ietf tz=Europe/Prague')
    clerk.ok('/meeting new "IETF 118" place="Congress Hall 2" start="2023-11-09 09:30" end="11:30"')
    clerk.ok("/meeting close at=11:30")
    group = clerk.store.groups.get("T1", "C1")
    minutes = render_markdown(build_report(clerk.store, group, clerk.store.meetings.current(group)))
    assert "**Date:** Thursday, 2023-11-09, 08:30–10:30 UTC (09:30–11:30 Europe/Prague)" in minutes
    assert "**Room:** Congress Hall 2" in minutes
    assert "Rapporteur" not in minutes


def test_clerks_own_sections_are_written_in_every_layout_and_no_heading_is_orphaned(clerk):
    import io

    import docx

    from commands.report import build_report
    from commands.report.render import render_markdown
    from commands.report.word import render_docx

    clerk.ok('/clerk setup name="SA WG2" profile=3gpp tz=UTC')
    clerk.ok('/meeting new "SA WG2#162" start="2024-04-15 09:00" end="18:00"')
    clerk.ok('/meeting new "SA WG2#163" start="2024-05-27 09:00" place=Jeju')
    clerk.ok("/meeting use 1")
    clerk.ok('/agenda add 1.1 "Opening of the meeting"')
    clerk.ok('/agenda add 2 "Agenda"')
    clerk.ok("/meeting open at=09:00")
    clerk.ok("/meeting close at=17:30")
    group = clerk.store.groups.get("T1", "C1")
    report = build_report(clerk.store, group, clerk.store.meetings.by_id(1))
    text = render_markdown(report)
    assert "## 1.1 Opening of the meeting" in text  # no parent "1": not a level below nothing
    assert "The next meeting, SA WG2#163, is scheduled for" in text
    assert "The Chair closed the meeting at 17:30 on 15 April 2024." in text
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(report))).paragraphs)
    assert "The next meeting, SA WG2#163" in words and "The Chair closed the meeting" in words


def test_the_agenda_is_introduced_by_the_chair_outside_itu(clerk):
    clerk.ok('/clerk setup name="HTTP WG" profile=ietf')
    clerk.ok('/meeting new "IETF 121" start="2024-11-04 09:30"')
    clerk.ok('/agenda add 1 "Agenda bashing"')
    clerk.ok("/agenda approve")
    [entry] = clerk.store.entries.of_meeting(1)
    assert entry.text.endswith("was introduced by the Chair and approved.")


def test_titles_and_texts_keep_their_code_and_emphasis_in_every_format(meeting):
    import io

    import docx

    from commands.report import build_report
    from commands.report.render import render_html, render_markdown
    from commands.report.word import render_docx

    meeting.ok('/agenda add 9 "The `@id` keyword, *further* work"')
    meeting.ok('/note 9 "Use **only** `@context` here; a*b stays."')
    group = meeting.store.groups.get("T1", "C1")
    report = build_report(meeting.store, group, meeting.store.meetings.current(group))
    md = render_markdown(report)
    assert "9 The `@id` keyword, *further* work" in md and "\\`" not in md
    assert "Use **only** `@context` here; a\\*b stays." in md
    html = render_html(report)
    assert "<code>@id</code>" in html and "<em>further</em>" in html
    word = docx.Document(io.BytesIO(render_docx(report)))
    runs = [r for p in word.paragraphs for r in p.runs]
    text = "".join(r.text for r in runs)
    assert "`" not in text and "*further*" not in text and "**only**" not in text
    assert any(r.text == "further" and r.italic for r in runs)
    assert any(r.text == "only" and r.bold for r in runs)
    assert any(r.text == "@id" and r.font.name == "Courier New" for r in runs)


@pytest.mark.parametrize(
    "note, joined",
    [
        (
            "The Rapporteur promised the draft report as TD515.",
            "The Rapporteur closed the meeting at 16:00 on 1 August 2024, promised the draft "
            "report as TD515.",
        ),
        ("TSB thanked the participants.", ""),  # another subject: two sentences
        ("The Rapporteur Group will meet again.", ""),  # not the chair going on
    ],
)
def test_the_closing_sentence_and_the_chairs_own_note_read_as_one(meeting, note, joined):
    from commands.report import build_report
    from commands.report.render import render_markdown

    meeting.ok('/agenda add 8 "Closure of the meeting"')
    meeting.ok(f'/note 8 "{note}"')
    meeting.ok("/meeting close at=16:00")
    group = meeting.store.groups.get("T1", "C1")
    draft = render_markdown(
        build_report(meeting.store, group, meeting.store.meetings.current(group))
    )
    if joined:
        assert joined in draft
    else:
        assert "The Rapporteur closed the meeting at 16:00 on 1 August 2024.\n" in draft
        assert note in draft
