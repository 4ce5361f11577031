"""SPEC §5, line by line: each example as written (the spec's "…" filled in)."""

from __future__ import annotations

import pytest


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
