"""Fixtures: a fresh database file per test, a hand-moved clock, and the router harness."""

from __future__ import annotations

import pytest

from storage import Store

from .harness import GROUP_SETUP, MEETING_SETUP, Clerk, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "clerk.db")
    yield s
    s.close()


@pytest.fixture
def clerk(store, clock) -> Clerk:
    """The router over an empty database."""
    return Clerk(store, clock)


@pytest.fixture
def group(clerk) -> Clerk:
    """A set-up group: U0CHAIR rapporteur, U0ASSOC2 associate, U0TSB secretariat."""
    for line in GROUP_SETUP:
        clerk.ok(line)
    return clerk


@pytest.fixture
def meeting(group) -> Clerk:
    """The group with the reference meeting, part of its agenda and five documents."""
    for line in MEETING_SETUP:
        group.ok(line)
    return group
