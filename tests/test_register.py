"""One contribution across a group's meetings: the register, /doc history, the derived note."""

from __future__ import annotations

from commands.report import build_report
from commands.report.render import render_markdown


def test_a_contribution_followed_from_an_interim_meeting_to_the_plenary(group):
    # The interim e-meeting: C103 presented and commented.
    group.ok('/meeting new "RG-SOP interim" kind=interim start="2024-06-18 13:00" tz=UTC')
    group.ok('/agenda add 3 "Strategic plan"')
    group.ok('/doc add C103 item=3 source="Ericsson Canada" title="Elements to consider"')
    group.ok('/doc present C103 by="Ericsson Canada"')
    group.ok('/comment C103 "We support it." by="A Member State"')
    # The plenary: its revision listed, and decided.
    group.ok('/meeting new "RG-SOP meeting" start="2024-08-01 14:30"')
    group.ok('/agenda add 3.2 "Elements to consider"')
    group.ok('/doc add C103R1 item=3.2 source="Ericsson Canada" title="Elements to consider"')
    group.ok("/decision C103R1 noted")

    history = group.ok("/doc history C103").text
    interim, plenary = history.index("(RG-SOP interim,"), history.index("(RG-SOP meeting,")
    assert interim < plenary  # oldest first
    assert "18 June 2024" in history and "1 August 2024" in history
    assert (
        "Ericsson Canada presented C103." in history and "A Member State: We support it." in history
    )
    assert "The document was noted by the meeting." in history
    shown = group.ok("/doc C103R1").text
    assert "At other meetings of the group:" in shown and "18 June 2024" in shown

    store = group.store
    g = store.groups.get("T1", "C1")
    plenary_report = render_markdown(build_report(store, g, store.meetings.latest(g.id)))
    assert "Presented at the RG-SOP interim meeting on 18 June." in plenary_report
    interim_report = render_markdown(build_report(store, g, store.meetings.get(g.id, 1)))
    assert "Presented at the" not in interim_report  # nothing earlier
    # A typed note still wins.
    group.ok('/doc set C103R1 note="Presented in June."')
    again = render_markdown(build_report(store, g, store.meetings.latest(g.id)))
    assert "Presented in June." in again and "Presented at the RG-SOP" not in again


def test_history_of_a_document_never_listed(group):
    group.ok('/meeting new "M" start="2024-08-01 14:30"')
    assert "has not been listed" in group.ok("/doc history TD999").text


def test_history_stays_in_the_channel(group):
    group.ok('/meeting new "M" start="2024-08-01 14:30"')
    group.ok("/doc add TD1 title=Ours")
    group.ok('/clerk setup name="Other"', channel="C2")
    group.ok('/meeting new "N" start="2024-08-01 14:30"', channel="C2")
    assert "has not been listed" in group.ok("/doc history TD1", channel="C2").text
