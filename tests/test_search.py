"""Searching a group's record: phrases, prefixes, ranking, channels kept apart."""

from __future__ import annotations

import pytest

from storage import NewEntry


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
