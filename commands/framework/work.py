"""The one way Clerk writes: a unit of work (the only place a write transaction is opened).

Every write from any edge — a slash command, a captured message, a form, a Home click, an
import, the CLI — runs in `Work.write`: one transaction that journals what it changes (for
`/clerk undo` when the router labels it so) and, before it commits, re-plans what the change
moved: a meeting's reminders, an action's owners' DMs, a whole group's after its time zone.
The re-planning is derived from the rows the journal saw change, so no command can forget it.
It runs inside the same transaction: a change and its plan commit together or not at all.

`Work.bookkeeping` is the senders' own record (claims, sent, failed, deliveries, requests
seen): no journal, nothing to re-plan. `Work.batches` is one undoable change written in
several short transactions (a 20,000-row import must not hold the write lock for seconds).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from commands.framework.rich import Rich, Says, rich
from storage import Store
from storage.journal import Touched

# What re-plans the rows a unit changed (installed by the catalog: commands/services/replan).
Planner = Callable[[Store, Touched, datetime], None]

# The unit open on each store: a write inside another joins it (one change, one plan).
_OPEN: weakref.WeakKeyDictionary[Store, Unit] = weakref.WeakKeyDictionary()


@dataclass
class Unit:
    """One open write: its journal change, and how it will be labelled for undo."""

    change: int
    by: str = ""
    command: str = ""
    summary: Rich = field(default_factory=Rich)
    group_id: int | None = None
    undoable: bool = False

    def label(self, *, by: str, command: str, group_id: int | None, summary: Rich) -> None:
        """Make the change undoable by `by` as `command`; the first label of a unit stands
        (a long message recorded as several entries is one change, named by its first)."""
        if self.undoable:
            return
        self.by, self.command, self.group_id, self.summary = by, command, group_id, summary
        self.undoable = True


class Work:
    """Writes to one store, each in one unit of work."""

    def __init__(self, store: Store, planner: Planner | None = None):
        self.store = store
        self.planner = planner

    @contextmanager
    def write(self, now: datetime) -> Iterator[Unit]:
        """One transaction: journal, write, re-plan what moved, commit. Nested: joins."""
        outer = _OPEN.get(self.store)
        if outer is not None:
            with self.store.transaction():  # a savepoint: an inner failure undoes its own part
                yield outer
            return
        with self.store.transaction():
            journal = self.store.journal
            unit = Unit(journal.begin("", "", now=now))
            _OPEN[self.store] = unit
            try:
                yield unit
                if self.planner is not None:
                    self.planner(self.store, journal.touched(unit.change), now)
                journal.end(
                    unit.change,
                    group_id=unit.group_id if unit.undoable else None,
                    summary=unit.summary.dumps(),
                    user_id=unit.by,
                    command=unit.command,
                )
            finally:
                _OPEN.pop(self.store, None)

    @contextmanager
    def bookkeeping(self) -> Iterator[Store]:
        """The senders' own records: one transaction, no journal, nothing re-planned."""
        with self.store.transaction():
            yield self.store

    def index_for_search(self) -> None:
        """Put the entries logged since the last search in the search index (storage/search.py:
        a command that logs one leaves that to the next search). Derived data: no journal."""
        if self.store.search.unindexed():
            with self.bookkeeping() as store:
                store.search.catch_up()

    @contextmanager
    def batches(
        self, now: datetime, *, by: str, command: str, group_id: int, label: Says
    ) -> Iterator[Batches]:
        """One change for `/clerk undo`, written batch by batch in short transactions (see
        Batches); `label` names it until it is done, so a crash between batches leaves a
        change undo takes back whole."""
        journal = self.store.journal
        with self.store.transaction():
            change = journal.begin(by, command, now=now)
            journal.resume(change, group_id=group_id, summary=rich(label).dumps())
            journal.pause()
        batches = Batches(self, change, now, group_id, rich(label))
        yield batches
        with self.store.transaction():
            journal.end(
                change,
                group_id=group_id,
                summary=batches.summary.dumps(),
                user_id=by,
                command=command,
            )


@dataclass
class Batches:
    """The batches of one change; `summary` is what it is called once done."""

    work: Work
    change: int
    now: datetime
    group_id: int
    summary: Rich

    def run(self, batch: Callable[[], None]) -> None:
        """Write one batch in a transaction of its own, journalled into the change."""
        store, journal = self.work.store, self.work.store.journal
        with store.transaction():
            journal.resume(self.change, group_id=self.group_id, summary=self.summary.dumps())
            batch()
            if self.work.planner is not None:
                self.work.planner(store, journal.touched(self.change), self.now)
            journal.pause()


@contextmanager
def bookkeeping(store: Store) -> Iterator[Store]:
    """`Work.bookkeeping` for services that hold a store, not a Work (the senders)."""
    with Work(store).bookkeeping() as s:
        yield s
