"""Searching a group's record: phrases, prefixes, ranking, channels kept apart."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import NewEntry, Store

from .harness import Clerk, FakeClock


@pytest.fixture
def record(meeting):
    meeting.ok('/comment C103 "The strategic plan needs outcomes." by="A Member State"')
    meeting.ok('/note 4.2 "Operational plan reviewed; strategy items kept."')
    meeting.ok('/decision C103 "Consider these comments for the strategic plan."')
    return meeting


def test_a_phrase_finds_documents_and_entries_best_first(record):
    text = record.ok('/clerk search "strategic plan"').text
    assert "matches for “strategic plan”" in text
    assert "comment on C103" in text and "decision on C103" in text
    assert "Operational plan reviewed" not in text  # the phrase, not the words apart
    assert "meeting 1, 1 August 2024" in text


def test_a_prefix_and_document_numbers(record):
    assert "Operational plan reviewed" in record.ok("/clerk search strateg*").text
    assert "*TD625*" in record.ok("/clerk search TD625").text


def test_ranking_puts_the_closer_match_first(record):
    record.ok('/note 3.2 "plan"')
    record.ok('/note 3.2 "plan plan plan strategic plan"')
    lines = record.ok("/clerk search plan").text.splitlines()[1:]
    dense = next(i for i, line in enumerate(lines) if "plan plan plan" in line)
    single = next(i for i, line in enumerate(lines) if line.endswith(": plan"))
    assert dense < single


def test_other_channels_are_never_searched(record, clerk):
    clerk.ok('/clerk setup name="Other"', channel="C2")
    clerk.ok('/meeting new "N" start="2024-08-01 14:30"', channel="C2")
    assert (
        "Nothing in this group's record"
        in clerk.ok('/clerk search "strategic plan"', channel="C2").text
    )


@pytest.mark.parametrize(
    "typed",
    ['"unclosed', "NEAR(a b", "a OR OR b", "col:strategic", '" "', "*", "AND", '"', "^x", "a -b"],
)
def test_hostile_search_syntax_gets_an_answer_not_an_error(record, typed):
    reply = record("/clerk search " + typed)
    assert "Something went wrong" not in reply.text and "Traceback" not in reply.text


def test_an_undone_entry_leaves_the_search_too(record):
    record.ok('/note 3.2 "zebrafish"')
    assert "zebrafish" in record.ok("/clerk search zebrafish").text
    record.ok("/clerk undo")
    assert "Nothing" in record.ok("/clerk search zebrafish").text


def test_clerk_search_offline(record, tmp_path, capsys):
    from bot.cli import main

    record.store.close()
    db = str(tmp_path / "clerk.db")
    assert main(["search", "--db", db, "--channel", "TSAG RG-SOP", "strategic plan"]) == 0
    out = capsys.readouterr().out
    assert "comment on C103" in out and "&lt;" not in out
    assert main(["search", "--db", db, "--channel", "nowhere", "x"]) == 2


def test_a_group_crowded_out_by_a_bigger_one_still_finds_its_own(clerk):
    """Another group's 300 closer matches fill the first ranked candidates; the small group's
    own matches are still found (every match is ranked then)."""
    clerk.ok('/clerk setup name="Big"', channel="C2")
    clerk.ok('/meeting new "N" start="2024-08-01 14:30"', channel="C2")
    big = clerk.store.groups.get("T1", "C2")
    meeting = clerk.store.meetings.current(big)
    with clerk.store.transaction():
        for _ in range(300):
            clerk.store.entries.add(
                NewEntry(
                    group_id=big.id,
                    meeting_id=meeting.id,
                    kind="note",
                    target_type="item",
                    target="1",
                    item="1",
                    text="energy energy energy",
                ),
                now=clerk.clock(),
            )
    clerk.ok('/clerk setup name="Small"')
    clerk.ok('/meeting new "M" start="2024-08-01 14:30"')
    clerk.ok('/agenda add 1 "Energy"')
    for n in range(3):
        clerk.ok(f'/note 1 "Item {n}: energy efficiency of the radio network and other words."')
    text = clerk.ok("/clerk search energy").text
    assert text.startswith("3 matches")
    assert "energy energy energy" not in text


def index_matches_entries(store) -> bool:
    """FTS5's own check that the index holds exactly the entries' current text."""
    try:
        store.db.conn.execute(
            "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


def test_an_entry_is_indexed_by_the_next_search_not_by_the_command_that_logs_it(meeting):
    """Logging stays cheap (the index is written by the next search), and the check below
    does see an index that lacks an entry."""
    meeting.ok('/note 3.2 "axolotl"')
    assert not index_matches_entries(meeting.store)  # pending: not in the index yet
    assert "#1 note" in meeting.ok("/clerk search axolotl").text
    assert index_matches_entries(meeting.store)


WORDS = [f"w{n}zz" for n in range(8)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.sampled_from(WORDS)),
            st.tuples(st.just("edit"), st.integers(1, 4), st.sampled_from(WORDS)),
            st.tuples(st.just("delete"), st.integers(1, 4)),
            st.tuples(st.just("undo")),
            st.tuples(st.just("search")),
        ),
        max_size=12,
    )
)
def test_the_index_stays_exact_through_any_logging_editing_deleting_and_undoing(
    meeting_file, tmp_path, steps
):
    """Entries added, edited, deleted and undone, with searches between or not: an index told
    to delete a row it never held is corrupted, so whatever the order, after a search the
    index holds exactly the live entries' text, and each is found by its word."""
    path = tmp_path / f"s-{abs(hash(tuple(steps)))}.db"
    shutil.copy(meeting_file, path)
    store = Store.open(path)
    try:
        clerk = Clerk(store, FakeClock())
        for step in steps:
            if step[0] == "add":
                clerk(f'/note 3.2 "{step[1]}"')
            elif step[0] == "edit":
                clerk(f'/note edit {step[1]} "{step[2]}"')
            elif step[0] == "delete":
                clerk(f"/note delete {step[1]}")
            elif step[0] == "undo":
                clerk("/clerk undo")
            else:
                clerk("/clerk search w0zz")
        clerk.ok("/clerk search anything")
        assert index_matches_entries(store)
        live = {e.number: e.text for e in store.entries.of_meeting(1)}
        for word in WORDS:
            found = clerk.ok(f"/clerk search {word}").text
            for number, text in live.items():
                assert (f"#{number} note" in found) == (text == word), (word, number, found)
    finally:
        store.close()


def test_entries_are_indexed_in_the_background_within_a_minute(meeting, tmp_path):
    """A server also indexes waiting entries each minute, so a search seldom waits for it."""
    from bot.cli import _start_reminders
    from bot.config import Config
    from bot.indexing import INTERVAL, catch_up
    from bot.stores import Stores

    meeting.ok('/note 3.2 "axolotl"')
    stores = Stores(str(tmp_path / "clerk.db"))
    catch_up(stores)
    assert index_matches_entries(meeting.store)

    class Idle:
        def safe_tick(self) -> None:
            pass

    scheduler = _start_reminders(Config.from_env({}), stores, Idle())
    try:
        job = scheduler.get_job("search-index")
        assert job is not None and job.trigger.interval.total_seconds() == INTERVAL
    finally:
        scheduler.shutdown(wait=False)
