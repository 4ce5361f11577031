"""The search index caught up in the background, so that a search seldom waits for it."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler

from commands import Work

from .stores import Stores

log = logging.getLogger("clerk.indexing")

# Entries logged are indexed by the next search, or within this many seconds, whichever first.
INTERVAL = 60.0


def catch_up(stores: Stores) -> None:
    """Index the entries logged since the last search or catch-up (none waiting: one read)."""
    try:
        Work(stores.get()).index_for_search()
    except Exception:  # the next search, or the next minute, tries again
        log.exception("search indexing failed")


def index_in_background(scheduler: BackgroundScheduler, stores: Stores) -> None:
    """Run catch_up every INTERVAL seconds on the scheduler's thread."""
    scheduler.add_job(
        catch_up,
        "interval",
        args=[stores],
        seconds=INTERVAL,
        max_instances=1,
        coalesce=True,
        id="search-index",
    )
