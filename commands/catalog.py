"""Every slash command Clerk answers, and the router over them."""

from __future__ import annotations

from functools import cache

from commands import agenda, clerk, doc, entries, meeting, report
from commands.framework.registry import Family
from commands.framework.router import Router
from storage import Store


@cache
def families() -> dict[str, Family]:
    """Every command family by name without the slash (built once; read-only)."""
    fams = [
        clerk.family(),
        meeting.family(),
        agenda.family(),
        doc.family(),
        *entries.families(),
        report.family(),
    ]
    return {f.name: f for f in fams}


def make_router(store: Store) -> Router:
    """The router the Slack edge, the shell and the tests share."""
    return Router(store, families())
