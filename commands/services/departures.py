"""A workspace leaves (uninstall, revoked token) or comes back; a group's record purged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from commands.framework.work import Work
from storage import Group


@dataclass(frozen=True)
class Purged:
    """What a purge deleted: the groups by name, and rows by table."""

    groups: tuple[str, ...]
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def workspace_left(work: Work, team_id: str, why: str, *, now: datetime) -> int:
    """Stop posting into a workspace that left; its record stays. Messages dropped."""
    with work.bookkeeping() as store:
        return store.departures.mark(team_id, why, now=now)


def workspace_back(work: Work, team_id: str) -> bool:
    """A request came from a workspace that had left: it installed Clerk again."""
    with work.bookkeeping() as store:
        return store.departures.clear(team_id)


def purge(work: Work, groups: list[Group], team_id: str, channel_id: str = "") -> Purged:
    """Delete these groups' whole record, for good (an operator's `clerk purge`)."""
    with work.bookkeeping() as store:
        rows = store.purge([g.id for g in groups], team_id, channel_id)
        if not channel_id:
            store.departures.clear(team_id)
    return Purged(tuple(g.name for g in groups), rows)


def purge_departed(work: Work, cutoff: datetime) -> list[Purged]:
    """Purge every workspace that left before `cutoff` (the operator's retention period)."""
    store = work.store
    with store.reading():
        teams = store.departures.before(cutoff)
        groups = {t: [g for g in store.groups.all() if g.team_id == t] for t in teams}
    return [purge(work, groups[t], t) for t in teams]
