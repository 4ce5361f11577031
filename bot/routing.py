"""Builds the router the edge and the shell share, with every command family registered."""

from __future__ import annotations

from commands import Router
from storage import Store


def make_router(store: Store) -> Router:
    """The router over `store`; later families (e.g. /report) are registered here."""
    return Router(store)
