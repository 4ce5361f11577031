"""Every example of SPEC §2–3 and §5 (but /report: tests/test_report.py) works exactly as
written, through the router (§5's "…" filled in)."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import pytest

VICTOR = (
    "Mr Víctor Manuel Martínez Vanegas (Instituto Federal de Telecomunicaciones (IFETEL), Mexico)"
)
TOR_1 = (
    "Function as the TSAG focal point to collect and provide appropriate input from TSAG for "
    "consideration of the Council Working Group for the elaboration of the draft strategic plan."
)
INTERIM = (
    '/meeting new "RG-SOP interim e-meeting" kind=interim start="2024-06-18 13:00" duration=2h '
    'tz=UTC link=https://example.org/join remind="7d 1d 1h"'
)


# /clerk ----------------------------------------------------------------------------------


def test_clerk_setup(clerk):
    reply = clerk.ok('/clerk setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich')
    group = clerk.store.groups.get("T1", "C1")
    assert (group.name, group.parent, group.tz, group.short_name) == (
        "TSAG RG-SOP",
        "TSAG",
        "Europe/Zurich",
        "RG-SOP",
    )
    assert "<@U0CHAIR> is its rapporteur" in reply.text
    assert reply.visibility == "channel"


def test_clerk_role_rapporteur(group):
    reply = group.ok(f'/clerk role rapporteur <@U0CHAIR> name="{VICTOR}"')
    assert f"{VICTOR} (<@U0CHAIR>) is now Rapporteur of RG-SOP" in reply.text
    roles = group.store.groups.roles(1)
    assert [(r.role, r.user_id, r.name) for r in roles if r.role == "rapporteur"] == [
        ("rapporteur", "U0CHAIR", VICTOR)
    ]


def test_clerk_role_associate_by_name(group):
    reply = group.ok('/clerk role associate name="Mr Bruce Gracie (Ericsson Canada)"')
    assert "Mr Bruce Gracie (Ericsson Canada) is now Associate Rapporteur" in reply.text
    assert "role id" in reply.text


def test_clerk_role_associate_with_mention(clerk):
    clerk.ok('/clerk setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich')
    clerk.ok('/clerk role associate <@U0ASSOC2> name="Mr Dao Tian (ZTE Corporation, China)"')
    roles = {r.user_id: r for r in clerk.store.groups.roles(1)}
    assert roles["U0ASSOC2"].name == "Mr Dao Tian (ZTE Corporation, China)"


def test_clerk_role_secretariat(clerk):
    clerk.ok('/clerk setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich')
    reply = clerk.ok("/clerk role secretariat <@U0TSB> name=TSB")
    assert "TSB (<@U0TSB>) is now Secretariat" in reply.text


def test_clerk_tor_add_list_clear(group):
    reply = group.ok(f'/clerk tor add "{TOR_1}"')
    assert "Term of reference 1 added" in reply.text
    assert TOR_1 in group.ok("/clerk tor list").text
    assert "1 removed" in group.ok("/clerk tor clear").text
    assert "No terms of reference" in group.ok("/clerk tor list").text


def test_clerk_undo_removes_the_callers_last_entry(meeting):
    meeting.ok('/note 2.1 "first"')
    meeting.ok('/note 2.1 "mine"', user="U0TSB")
    meeting.ok('/note 2.1 "second"')
    reply = meeting.ok("/clerk undo")
    assert "second" in reply.text
    texts = [e.text for e in meeting.store.entries.of_meeting(1)]
    assert texts == ["first", "mine"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_clerk_export(meeting, fmt):
    meeting.ok('/comment C103 "=HYPERLINK(\\"x\\")" by="A Member State"')
    reply = meeting.ok(f"/clerk export {fmt}").later(meeting.store)  # built after the ack
    attachment, *sheets = reply.files
    assert attachment.filename == f"clerk-rg-sop-record.{fmt}"
    # CSV comes with the action items as a sheet of their own (test_actions.py).
    assert [s.filename for s in sheets] == (["clerk-rg-sop-actions.csv"] if fmt == "csv" else [])
    data = attachment.content.decode("utf-8-sig")
    if fmt == "json":
        record = json.loads(data)
        assert [d["number"] for d in record["meetings"][0]["documents"]] == [
            "TD514",
            "TD599",
            "TD667R1",
            "C103",
            "TD625",
        ]
        assert record["group"]["name"] == "TSAG RG-SOP"
    else:
        rows = list(csv.DictReader(io.StringIO(data)))
        assert {r["record"] for r in rows} == {"meeting", "agenda", "document", "entry"}
        [comment] = [r for r in rows if r["kind"] == "comment"]
        assert comment["text"].startswith("'=")  # formulas stay text in spreadsheets


def test_clerk_help(clerk):
    reply = clerk.ok("/clerk help")
    for command in (
        "/meeting",
        "/agenda",
        "/doc",
        "/note",
        "/comment",
        "/decision",
        "/action",
        "/report",
    ):
        assert f"`{command}`" in reply.text


# /meeting --------------------------------------------------------------------------------


def test_meeting_new_session(group):
    reply = group.ok(
        '/meeting new "RG-SOP meeting" event="TSAG meeting" place=Geneva '
        'event-dates="29 July – 2 August 2024" start="2024-08-01 14:30" end="15:45"'
    )
    assert "Meeting 1 created" in reply.text
    assert "Thu 1 Aug 2024 14:30–15:45 Europe/Zurich (12:30–13:45 UTC)" in reply.text
    m = group.store.meetings.get(1, 1)
    assert (m.event, m.place, m.event_dates) == (
        "TSAG meeting",
        "Geneva",
        "29 July – 2 August 2024",
    )


def test_meeting_new_interim(group):
    reply = group.ok(INTERIM)
    assert "Tue 18 Jun 2024 13:00–15:00 UTC" in reply.text
    assert "Reminders before it: 7d 1d 1h." in reply.text
    m = group.store.meetings.get(1, 1)
    assert (m.kind, m.link, m.remind, m.tz) == (
        "interim",
        "https://example.org/join",
        "7d 1d 1h",
        "UTC",
    )


def test_meeting_list(meeting):
    meeting.ok(INTERIM)
    reply = meeting.ok("/meeting list")
    assert "*1* RG-SOP meeting" in reply.text and "*2* RG-SOP interim e-meeting" in reply.text
    assert reply.visibility == "caller"


def test_meeting_use_2(meeting):
    meeting.ok(INTERIM)
    meeting.ok("/meeting use 1")
    assert "Entries now go to meeting *2*" in meeting.ok("/meeting use 2").text
    assert meeting.store.groups.get("T1", "C1").current_meeting_id == 2


def test_meeting_open_and_close_at(meeting, clock):
    assert "opened at Thu 1 Aug 2024 14:00 Europe/Zurich" in meeting.ok("/meeting open").text
    reply = meeting.ok("/meeting close at=16:00")
    assert "closed at Thu 1 Aug 2024 16:00 Europe/Zurich (14:00 UTC)" in reply.text


def test_meeting_attend(meeting):
    reply = meeting.ok('/meeting attend name="Mr Bruce Gracie (Ericsson Canada)"')
    assert "Mr Bruce Gracie (Ericsson Canada)" in reply.text
    meeting.ok("/meeting attend", user="U0DELEGATE")
    names = [a.name for a in meeting.store.meetings.attendees(1)]
    assert names == ["Mr Bruce Gracie (Ericsson Canada)", "u0delegate"]


@pytest.fixture
def three(meeting):
    """Meetings 1 (session), 2 (session) and 3 (interim)."""
    meeting.ok('/meeting new "Second session" start="2024-08-02 09:00" duration=90m')
    meeting.ok(INTERIM)
    return meeting


def test_meeting_remind_3(three):
    assert "Reminders for meeting 3: 2d 1h." in three.ok('/meeting remind 3 "2d 1h"').text
    assert three.store.meetings.get(1, 3).remind == "2d 1h"


def test_meeting_move_3(three):
    reply = three.ok('/meeting move 3 start="2024-06-19 13:00"')
    assert "Wed 19 Jun 2024 13:00–15:00 UTC" in reply.text  # the length is kept


def test_meeting_cancel_3(three):
    reply = three.ok("/meeting cancel 3")
    assert "is cancelled; its reminders will not be sent" in reply.text
    assert reply.visibility == "channel"
    assert three.store.meetings.get(1, 3).cancelled_at is not None


def test_meeting_ics_3(three):
    reply = three.ok("/meeting ics 3")
    [f] = reply.files
    cal = icalendar.Calendar.from_ical(f.content)
    [event] = cal.walk("VEVENT")
    assert event.decoded("dtstart").isoformat() == "2024-06-18T13:00:00+00:00"
    assert str(event["summary"]) == "RG-SOP interim e-meeting"


def test_meeting_info(three):
    assert "Reminders: 7d 1d 1h" in three.ok("/meeting info 3").text
    assert "RG-SOP interim e-meeting" in three.ok("/meeting info").text  # latest created


# /agenda ---------------------------------------------------------------------------------


def test_agenda_add(group):
    group.ok('/meeting new "RG-SOP meeting" start="2024-08-01 14:30"')
    assert "Agenda item 1 added" in group.ok('/agenda add 1 "Opening and welcome"').text
    group.ok(
        '/agenda add 2 "Review of the report of Industry Engagement Workshop in relation '
        'to strategic and operational planning"'
    )
    group.ok('/agenda add 2.1 "Report of Industry Engagement Workshop"')
    assert [i.number for i in group.store.agenda.of_meeting(1)] == ["1", "2", "2.1"]


def test_agenda_doc_and_approve(meeting):
    assert "The agenda of meeting 1 is TD514." in meeting.ok("/agenda doc TD514").text
    reply = meeting.ok("/agenda approve")
    assert (
        "The agenda of the RG-SOP meeting as found in TD514 was introduced by the "
        "Rapporteur and approved."
    ) in reply.text


def test_agenda_take(meeting):
    meeting.ok("/agenda take 3.2")
    reply = meeting.ok('/comment "Support." by="A Member State"')
    assert "on item 3.2" in reply.text


def test_agenda_rename_remove_list(meeting):
    meeting.ok('/agenda add 3.3 "Schedule"')
    assert "renamed" in meeting.ok('/agenda rename 3.3 "Schedule of meetings"').text
    assert "removed" in meeting.ok("/agenda remove 3.3").text
    listing = meeting.ok("/agenda list").text
    assert "3.3" not in listing and "3.2  Elements" in listing
    assert meeting.ok("/agenda").text == listing


# /doc ------------------------------------------------------------------------------------


def test_doc_add_td599(meeting):
    meeting.ok("/doc remove TD599")
    reply = meeting.ok(
        '/doc add TD599 item=2.1 source="Rapporteur, RG-IEM" title="Report of Industry '
        'Engagement Workshop" category=Information action="To note." note="Presented at RG-SOP '
        'interim meeting on 18 June."'
    )
    assert (
        "*TD599* (Information) Rapporteur, RG-IEM: "
        "“Report of Industry Engagement Workshop” — item 2.1" in reply.text
    )
    doc = meeting.store.documents.get(1, "TD599")
    assert doc.notes == "Presented at RG-SOP interim meeting on 18 June."


def test_doc_add_c103(meeting):
    meeting.ok("/doc remove C103")
    meeting.ok(
        '/doc add C103 item=3.2 source="Ericsson Canada; Canada" title="Elements to '
        'consider for the ITU-T/TSAG input to CWG-SFP" category=Contribution '
        'action="To discuss."'
    )
    doc = meeting.store.documents.get(1, "C103")
    assert (doc.source, doc.category, doc.action, doc.item) == (
        "Ericsson Canada; Canada",
        "Contribution",
        "To discuss.",
        "3.2",
    )


def test_doc_summary(meeting):
    text = (
        "This document regroups the proposed actions from the industry engagement workshop "
        "for each target entity."
    )
    meeting.ok(f'/doc summary TD667R1 "{text}"')
    assert meeting.store.documents.get(1, "TD667R1").summary == text


def test_doc_present(meeting):
    assert (
        "Ericsson Canada presented C103."
        in meeting.ok('/doc present C103 by="Ericsson Canada"').text
    )


def test_doc_set_move_remove(meeting):
    meeting.ok('/doc set TD625 title="ITU-T draft operational plan for 2025-2028"')
    assert (
        meeting.store.documents.get(1, "TD625").title
        == "ITU-T draft operational plan for 2025-2028"
    )
    meeting.ok("/doc move TD625 item=4.2")
    assert meeting.store.documents.get(1, "TD625").item == "4.2"
    meeting.ok("/doc remove TD625")
    assert meeting.store.documents.get(1, "TD625") is None


def test_doc_show(meeting):
    meeting.ok('/note TD667R1 "Developed by RG-IEM during this TSAG meeting."')
    reply = meeting.ok("/doc TD667R1")
    assert "*TD667R1*" in reply.text and "Developed by RG-IEM" in reply.text


def test_doc_list(meeting):
    assert "5 documents of meeting 1" in meeting.ok("/doc list").text
    only_2 = meeting.ok("/doc list item=2").text
    assert "TD599" in only_2 and "TD667R1" in only_2 and "C103" not in only_2


def test_doc_import(meeting):
    reply = meeting.ok(
        "/doc import\n"
        "TD526\tAdmin\tRapporteur, RG-SOP\tProgress report from interim TSAG RG-SOP meetings\n"
        'TD552,Information,ITU Regional Office Directors,"Contribution of the ITU Regional '
        'Offices, January - June 2024"'
    )
    assert "2 new (TD526, TD552)" in reply.text
    assert meeting.store.documents.get(1, "TD552").title.endswith("January - June 2024")


# Entries ---------------------------------------------------------------------------------


def test_note(meeting):
    reply = meeting.ok(
        '/note 2.2 "The Rapporteur explained that TD667R1 has been developed by '
        'RG-IEM during this TSAG meeting."'
    )
    assert reply.text.startswith("#1 note on item 2.2 — The Rapporteur explained")


def test_comment(meeting):
    reply = meeting.ok(
        '/comment C103 "In the past there have been both Output and Outcome '
        'included in the Strategic Plan." by="A Member State"'
    )
    assert "#1 comment on C103 — A Member State: In the past" in reply.text


def test_decision_noted(meeting):
    assert "The document was noted by the meeting." in meeting.ok("/decision TD599 noted").text


def test_decision_free_text(meeting):
    text = (
        "The Rapporteur suggested to consider these comments for the elaboration of TSAG "
        "inputs to CWG-SFP."
    )
    reply = meeting.ok(f'/decision 3.2 "{text}"')
    assert f"decision on item 3.2 — {text}" in reply.text


def test_action(meeting):
    reply = meeting.ok(
        '/action 4.2 owner=TSB "report the responses to the comments at the next '
        'RG-SOP meeting" due=2024-10-31'
    )
    assert "TSB: report the responses" in reply.text and "(due 2024-10-31)" in reply.text


KIND_LINES = {
    "note": '/note 2.1 "seventeen"',
    "comment": '/comment 2.1 "seventeen"',
    "decision": "/decision 2.1 noted",
    "action": '/action 2.1 owner=TSB "seventeen"',
}


@pytest.mark.parametrize("kind", KIND_LINES)
def test_edit_and_delete_17(meeting, kind):
    for _ in range(16):
        meeting.ok('/note 1 "filler"')
    assert meeting.ok(KIND_LINES[kind]).text.startswith("#17 ")
    edited = meeting.ok(
        f'/{kind} edit 17 "…"' if kind != "decision" else "/decision edit 17 agreed"
    )
    assert edited.text.startswith("Edited #17")
    assert meeting.ok(f"/{kind} delete 17").text.startswith("Deleted #17")
    assert meeting.store.entries.get(1, 17) is None


def test_every_command_is_reachable_as_clerk_subcommand(meeting):
    assert "#1 note on item 2.1 — via clerk" in meeting.ok('/clerk note 2.1 "via clerk"').text
    assert "5 documents" in meeting.ok("/clerk doc list").text
    assert meeting.ok("/clerk meeting list").text == meeting.ok("/meeting list").text


@pytest.mark.parametrize(
    "command", ["clerk", "meeting", "agenda", "doc", "note", "comment", "decision", "action"]
)
def test_help_shows_usage_and_examples(clerk, command):
    reply = clerk.ok(f"/{command} help")
    assert f"*/{command}*" in reply.text and "`/" in reply.text


# SPEC §5, the second wave, line by line -------------------------------------------------------


@pytest.mark.parametrize("profile", ["itu", "3gpp", "ietf"])
def test_setup_profile(meeting, profile):
    before = [(e.kind, e.text) for e in meeting.store.entries.of_meeting(1)]
    meeting.ok(f"/clerk setup profile={profile}")
    assert f"Report profile: {profile} (" in meeting.ok("/clerk setup").text
    assert [(e.kind, e.text) for e in meeting.store.entries.of_meeting(1)] == before


def test_setup_study_period(meeting):
    meeting.ok("/clerk setup study-period=2022-2024")
    assert meeting.store.groups.get("T1", "C1").study_period == "2022-2024"


def test_role_rapporteur_with_name_and_contact(group):
    group.ok('/clerk role rapporteur <@U0CHAIR> name="Mr A" contact="Tel: +41 22; E-mail: a@x.org"')
    assert ("rapporteur", "Mr A", "Tel: +41 22; E-mail: a@x.org") in {
        (r.role, r.name, r.contact) for r in group.store.groups.roles(1)
    }


def test_chair_and_co_chair_add_up_and_the_last_rapporteur_stays(group):
    group.ok('/clerk role chair <@U0CO> name="Ms Co"')
    rapporteurs = [r.user_id for r in group.store.groups.roles(1) if r.role == "rapporteur"]
    assert "U0CO" in rapporteurs and "U0CHAIR" in rapporteurs
    group.ok("/clerk role remove <@U0CO>")
    group.refused("/clerk role remove <@U0CHAIR>")  # the last Slack-linked rapporteur


@pytest.mark.parametrize(
    "word, role",
    [
        ("vice-chair", "associate"),
        ("secretary", "secretariat"),
        ("note-taker", "secretariat"),
        ("scribe", "scribe"),  # as able as the secretariat; its lines are read as minutes
    ],
)
def test_role_words_of_each_body(group, word, role):
    group.ok(f'/clerk role {word} name="Someone {word}"')
    assert (role, f"Someone {word}") in {(r.role, r.name) for r in group.store.groups.roles(1)}
    group.ok(f'/clerk role remove name="Someone {word}"')
    assert f"Someone {word}" not in {r.name for r in group.store.groups.roles(1)}


def test_meeting_set_front_matter(meeting):
    meeting.ok('/meeting set report=TD515 keywords="strategic plan; CWG-SFP" purpose=Report')
    m = meeting.store.meetings.by_id(1)
    assert (m.report_number, m.keywords, m.purpose) == (
        "TD515",
        "strategic plan; CWG-SFP",
        "Report",
    )


def test_meeting_set_another_meeting(meeting):
    meeting.ok('/meeting new "Interim" kind=interim start="2024-09-10 13:00"')
    meeting.ok(
        "/meeting set 2 link=https://meet.example.org/2 notes=https://notes.example.org/2 "
        'chat=https://chat.example.org/2 place=Geneva start="2024-09-11 13:00"'
    )
    m = meeting.store.meetings.by_id(2)
    assert (m.link, m.notes_url, m.chat_url, m.place) == (
        "https://meet.example.org/2",
        "https://notes.example.org/2",
        "https://chat.example.org/2",
        "Geneva",
    )
    assert m.start is not None and m.start.day == 11


def test_doc_history(meeting):
    meeting.ok('/doc present TD599 by="Rapporteur, RG-IEM"')
    text = meeting.ok("/doc history TD599").text
    assert text.startswith("*History of TD599*") and "presented TD599" in text


@pytest.mark.parametrize("words", ['"strategic plan"', "strateg*"])
def test_clerk_search(meeting, words):
    meeting.ok('/note 3.2 "The strategic plan was discussed."')
    assert "The strategic plan was discussed." in meeting.ok(f"/clerk search {words}").text


def test_doc_import_pasted_as_before(meeting):
    reply = meeting.ok("/doc import\nTD700\tInformation\tTSB\tA new list entry")
    assert "1 new (TD700)" in reply.text
