"""The whole reference meeting (TSAG RG-SOP, 1 August 2024) can be recorded with the commands."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.demo import DEMO_CHANNEL, record
from bot.shell import TEAM, slack_id
from storage import Store

# Annex A of the reference: the documents in the order the meeting listed them.
ANNEX_NUMBERS = [
    "TD514", "TD526", "TD515", "TD497", "TD625", "TD599",
    "TD552", "C103", "TD665", "TD667R1", "TD624R2", "TD672",
]  # fmt: skip
# A real ITU-T report, kept in the repository as test data (tests/data/README.md).
REFERENCE = Path(__file__).resolve().parent / "data/TSAG-RG-SOP-report-2024-08.txt"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """The reference meeting replayed from bot/data/reference-meeting.clerk."""
    store = Store.open(tmp_path_factory.mktemp("ref") / "ref.db")
    out = io.StringIO()
    failed = record(store, out=out, files_dir=tmp_path_factory.mktemp("files"))
    assert failed == 0, out.getvalue()
    group = store.groups.get(TEAM, slack_id("C", DEMO_CHANNEL))
    meeting = store.meetings.latest(group.id)
    yield store, group, meeting
    store.close()


@pytest.fixture(scope="module")
def reference() -> str:
    return normalise(REFERENCE.read_text("utf-8"))


def test_group_roles_and_terms_of_reference(recorded, reference):
    store, group, _ = recorded
    assert (group.name, group.parent, group.short_name, group.tz) == (
        "TSAG RG-SOP",
        "TSAG",
        "RG-SOP",
        "Europe/Zurich",
    )
    roles = [(r.role, r.name) for r in store.groups.roles(group.id)]
    assert roles[0][0] == "rapporteur" and roles[0][1].startswith("Mr Víctor Manuel")
    assert [n for r, n in roles if r == "associate"] == [
        "Mr Bruce Gracie (Ericsson Canada)",
        "Mr Dao Tian (ZTE Corporation, China)",
    ]
    tor = store.groups.tor(group.id)
    assert len(tor) == 6
    for item in tor:
        assert normalise(item.text) in reference


def test_meeting_times_place_and_hours(recorded):
    _, _, m = recorded
    assert (m.title, m.event, m.place, m.event_dates) == (
        "RG-SOP meeting",
        "TSAG meeting",
        "Geneva",
        "29 July – 2 August 2024",
    )
    assert m.start == datetime(2024, 8, 1, 12, 30, tzinfo=UTC)  # 14:30 in Geneva (CEST)
    assert m.end == datetime(2024, 8, 1, 13, 45, tzinfo=UTC)  # 1430-1545 hours
    assert m.closed_at == datetime(2024, 8, 1, 14, 0, tzinfo=UTC)  # closed at 16:00
    assert m.agenda_doc == "TD514"


def test_agenda_in_the_reports_order(recorded, reference):
    store, _, m = recorded
    items = store.agenda.of_meeting(m.id)
    assert [i.number for i in items] == [
        "1",
        "2",
        "2.1",
        "2.2",
        "2.3",
        "3",
        "3.1",
        "3.2",
        "3.3",
        "4",
        "4.1",
        "4.2",
        "4.3",
        "5",
        "6",
        "8",
    ]
    for item in items:
        assert normalise(item.title) in reference, item.title


def test_all_twelve_documents_as_in_annex_a(recorded, reference):
    store, _, m = recorded
    docs = store.documents.of_meeting(m.id)
    assert [d.number for d in docs] == ANNEX_NUMBERS
    for d in docs:
        for value in (d.source, d.title, d.summary, d.action, d.notes):
            assert normalise(value) in reference, (d.number, value)
    by_number = {d.number: d for d in docs}
    assert by_number["TD667R1"].base == "TD667" and by_number["TD667R1"].item == "2.2"
    assert by_number["TD514"].item == ""  # Admin: in the annex only


def test_entries_in_logging_order_with_attributions(recorded, reference):
    store, _, m = recorded
    entries = store.entries.of_meeting(m.id)
    on_c103 = [(e.kind, e.attributed) for e in entries if e.target == "C103"]
    assert on_c103 == [
        ("presented", "Ericsson Canada"),
        ("note", ""),
        ("comment", "A Member State"),
        ("comment", "Another Member State"),
        ("comment", "Another Member State"),
        ("comment", ""),
        ("note", ""),
    ]
    decisions = [(e.target, e.keyword) for e in entries if e.kind == "decision"]
    assert decisions == [
        ("TD599", "noted"),
        ("TD667R1", "noted"),
        ("TD624R2", "noted"),
        ("3.2", None),  # free text: no outcome
        ("TD665", "noted"),
        ("TD497", "noted"),
        ("TD552", "noted"),
        ("6", "noted"),
    ]
    assert [e.kind for e in entries if e.item == "1"] == ["note", "agenda", "note", "note", "note"]
    # The reference records TSB's commitment as said ("TSB noted the comments and will
    # report…"), not as an action item: the real report has no action list.
    assert [e for e in entries if e.kind == "action"] == []
    # Comments are the reference's own sentences.
    for e in entries:
        if e.kind == "comment":
            assert normalise(f"{e.attributed} {e.text}") in reference.replace("ITU- R", "ITU-R")
    assert [e.number for e in entries] == sorted(e.number for e in entries)
