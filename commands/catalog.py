"""Every slash command Clerk answers, and the router over them."""

from __future__ import annotations

from functools import cache

from commands import action, agenda, clerk, comment, decision, doc, meeting, note, report
from commands.framework.registry import Family
from commands.framework.router import Router
from commands.services.replan import replan
from storage import Store


@cache
def families() -> dict[str, Family]:
    """Every command family by name without the slash (built once; read-only)."""
    fams = [
        clerk.FAMILY,
        meeting.FAMILY,
        agenda.FAMILY,
        doc.FAMILY,
        note.FAMILY,
        comment.FAMILY,
        decision.FAMILY,
        action.FAMILY,
        report.FAMILY,
    ]
    return {f.name: f for f in fams}


def make_router(store: Store) -> Router:
    """The router the Slack edge, the shell and the tests share."""
    return Router(store, families(), replan)
