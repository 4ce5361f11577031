"""Report profiles and the front matter they need (issue 14): set-up, roles, /meeting set."""

from __future__ import annotations

import pytest


def test_a_group_has_the_itu_profile_until_it_chooses_another(group):
    assert "Report profile: itu" in group.ok("/clerk setup").text
    reply = group.ok("/clerk setup profile=3gpp study-period=2022-2024")
    assert "Report profile: 3gpp" in reply.text and "study period 2022-2024" in reply.text
    assert group.store.groups.get("T1", "C1").profile == "3gpp"


def test_an_unknown_profile_is_refused_with_the_nearest(group):
    reply = group.refused("/clerk setup profile=itf")
    assert "not a report profile" in reply.text and "Did you mean" in reply.text


def test_changing_the_profile_changes_no_record(meeting):
    meeting.ok('/comment C103 "We support it." by="A Member State"')
    before = [(e.kind, e.text) for e in meeting.store.entries.of_meeting(1)]
    meeting.ok("/clerk setup profile=ietf")
    meeting.ok("/clerk setup profile=itu")
    assert [(e.kind, e.text) for e in meeting.store.entries.of_meeting(1)] == before


def test_a_chair_has_a_contact_and_co_chairs_add_up(group):
    group.ok(
        '/clerk role rapporteur <@U0CHAIR> name="Mr Víctor Manuel Martínez Vanegas (IFETEL, '
        'Mexico)" contact="Tel: +52 55 5015 4000; E-mail: victor@example.org"'
    )
    group.ok('/clerk role co-chair <@U0SECOND> name="Ms Second"')
    group.ok('/clerk role note-taker name="Ana Notes"')
    roles = {(r.role, r.name, r.contact) for r in group.store.groups.roles(1)}
    assert (
        "rapporteur",
        "Mr Víctor Manuel Martínez Vanegas (IFETEL, Mexico)",
        "Tel: +52 55 5015 4000; E-mail: victor@example.org",
    ) in roles
    assert ("rapporteur", "Ms Second", "") in roles
    assert ("secretariat", "Ana Notes", "") in roles
    assert "E-mail: victor@example.org" in group.ok("/clerk role list").text
    group.ok("/clerk role remove <@U0SECOND>")
    assert "Ms Second" not in group.ok("/clerk role list").text


def test_meeting_set_fills_the_front_matter_of_the_current_meeting(meeting):
    meeting.ok('/meeting set report=TD515 keywords="strategic plan; CWG-SFP" purpose=Report')
    meeting.ok(
        "/meeting set link=https://meetings.example.org/121 "
        "notes=https://notes.example.org/httpbis chat=https://chat.example.org/httpbis"
    )
    m = meeting.store.meetings.by_id(1)
    assert (m.report_number, m.keywords, m.purpose) == (
        "TD515",
        "strategic plan; CWG-SFP",
        "Report",
    )
    assert (m.link, m.notes_url, m.chat_url) == (
        "https://meetings.example.org/121",
        "https://notes.example.org/httpbis",
        "https://chat.example.org/httpbis",
    )
    info = meeting.ok("/meeting info").text
    assert "Report: TD515" in info and "Keywords: strategic plan; CWG-SFP" in info


def test_meeting_set_takes_every_field_of_meeting_new(meeting):
    meeting.ok(
        '/meeting set 1 title="RG-SOP meeting (Geneva)" place="Geneva, Room K" '
        'start="2024-08-01 14:00" end=15:30'
    )
    m = meeting.store.meetings.by_id(1)
    assert m.title == "RG-SOP meeting (Geneva)" and m.place == "Geneva, Room K"
    assert (m.start.hour, m.end.hour, m.end.minute) == (12, 13, 30)  # UTC, from Zurich summer time


@pytest.mark.parametrize(
    "line, says",
    [
        ("/meeting set", "Say what to change"),
        ('/meeting set place=""', "is empty"),
        ("/meeting set kind=plenary", "session or interim"),
        ("/meeting set 9 place=X", "no meeting 9"),
    ],
)
def test_meeting_set_refuses_clearly(meeting, line, says):
    assert says in meeting.refused(line).text


def test_meeting_set_is_for_chairs(meeting):
    assert "Only" in meeting.refused("/meeting set place=X", user="U0DELEGATE").text
