"""/clerk undo: the caller's last change taken back, whatever it was, and nothing else."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import Store

from .harness import Clerk, FakeClock, search_index, snapshot


def test_undo_after_removing_a_document_restores_it_and_nothing_else(meeting):
    meeting.ok('/action 3.2 owner=TSB "Report back."')
    meeting.ok("/doc remove TD599")
    reply = meeting.ok("/clerk undo")
    assert "/doc remove" in reply.text and "TD599" in reply.text
    assert meeting.store.documents.get(1, "TD599") is not None
    assert [e.kind for e in meeting.store.entries.of_meeting(1)] == ["action"]


def test_undo_after_a_role_change_restores_the_role(meeting):
    meeting.ok('/action 3.2 owner=TSB "Report back."')
    meeting.ok('/clerk role associate <@U0NEW> name="New"')
    reply = meeting.ok("/clerk undo")
    assert "/clerk role" in reply.text
    assert not [r for r in meeting.store.groups.roles(1) if r.user_id == "U0NEW"]
    assert len(meeting.store.entries.of_meeting(1)) == 1


def test_undo_with_nothing_to_undo_says_so(meeting):
    assert "nothing to undo" in meeting.refused("/clerk undo", user="U0DELEGATE").text


def test_undo_does_not_trample_a_later_change_by_someone_else(meeting):
    meeting.ok('/doc set TD599 title="Mine"')
    meeting.ok('/doc set TD599 title="Theirs"', user="U0TSB")
    reply = meeting.refused("/clerk undo")
    assert "changed since by <@U0TSB>" in reply.text


UNDOABLE = [
    '/note 2.1 "A note."',
    '/comment C103 "A comment." by="A Member State"',
    "/decision C103 noted",
    '/action 3.2 owner=TSB "Report back." due=2024-10-31',
    '/doc add TD700 item=2.1 title="New"',
    '/doc set TD599 title="Changed" action="To approve."',
    "/doc move TD599 item=3.2",
    "/doc remove TD599",
    "/doc present C103",
    "/doc import\nTD701\tLS\tSG13\tA liaison\nTD599\tInformation\tX\tY",
    '/agenda add 5 "Any other business"',
    '/agenda rename 4 "Renamed"',
    "/agenda take 3.2",
    "/agenda approve",
    '/meeting new "Interim" kind=interim start="2024-09-10 14:00" remind="1d"',
    "/meeting open at=14:30",
    "/meeting attend <@U0ANA|ana>",
    '/clerk role associate <@U0NEW> name="New"',
    "/clerk role remove <@U0ASSOC2>",
    '/clerk tor add "Review the plans."',
    '/clerk setup name="Renamed group"',
]


BOOKKEEPING = {"changes", "change_rows", "undo_state", "handled_requests"}


def record(store: Store) -> list[tuple]:
    """The database, without the bookkeeping undo itself keeps."""
    # Full-text indexes keep their own segment bookkeeping; search tests cover them.
    return snapshot(store, lambda table: table in BOOKKEEPING or search_index(table))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.sampled_from(UNDOABLE), user=st.sampled_from(["U0CHAIR", "U0TSB", "U0DELEGATE"]))
def test_any_command_then_undo_leaves_the_database_as_before(meeting_file, tmp_path, line, user):
    path = tmp_path / f"ex-{abs(hash((line, user)))}.db"
    shutil.copy(meeting_file, path)
    store = Store.open(path)
    try:
        clerk = Clerk(store, FakeClock())
        before = record(store)
        reply = clerk(line, user=user)
        if not reply.ok:
            assert record(store) == before
            return
        undo = clerk("/clerk undo", user=user)
        if record(store) != before:
            assert undo.ok, undo.text
        assert undo.ok or "nothing to undo" in undo.text
        assert record(store) == before, (line, user, undo.text)
    finally:
        store.close()
