"""A workspace that uninstalls Clerk or revokes its token: nothing more is posted there.

Slack sends `app_uninstalled` when a workspace removes the app and `tokens_revoked` when its
tokens are revoked (bot tokens: Clerk can post no more). Its record is kept until an operator
runs `clerk purge --team T…`, or until CLERK_RETENTION_DAYS have passed. A workspace that
installs Clerk again is back as soon as a request comes from it.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App

from commands import Work, purge_departed, workspace_back, workspace_left

from .clock import system_clock
from .interactions import Edge
from .stores import Stores

log = logging.getLogger("clerk.workspaces")


class Departed:
    """The workspaces that left, known in memory so a request checks a set, not the disk."""

    def __init__(self, teams: list[str]) -> None:
        self._teams = set(teams)
        self._lock = threading.Lock()

    def add(self, team: str) -> None:
        with self._lock:
            self._teams.add(team)

    def returned(self, team: str) -> bool:
        """True (once) when `team` had left: it is back."""
        with self._lock:
            if team in self._teams:
                self._teams.discard(team)
                return True
            return False


def register(app: App, edge: Edge) -> None:
    """Listen for the workspace leaving; notice when it comes back."""
    with edge.stores.get().reading() as store:
        departed = Departed(store.departures.teams())

    def left(body: dict, why: str) -> None:
        # An org-wide (Grid) install's groups are keyed on the org, as interactions keys them.
        org = str(body.get("enterprise_id") or "")
        whole_org = bool(org) and str(body.get("is_enterprise_install")).lower() == "true"
        team = org if whole_org else str(body.get("team_id", ""))
        dropped = workspace_left(Work(edge.stores.get()), team, why, now=edge.clock())
        departed.add(team)
        if app.installation_store is not None and app.oauth_flow is not None:
            # Its tokens are of no more use to anyone: they go at once.
            app.installation_store.delete_all(
                enterprise_id=org or None, team_id=None if whole_org else team
            )
        log.info("workspace %s left (%s): %d waiting messages dropped", team, why, dropped)

    @app.event("app_uninstalled")
    def on_uninstalled(body: dict) -> None:
        left(body, "app_uninstalled")

    @app.event("tokens_revoked")
    def on_revoked(body: dict, event: dict) -> None:
        if (event.get("tokens") or {}).get("bot"):  # user tokens alone change nothing
            left(body, "tokens_revoked")

    def back(body: dict, next: object) -> None:  # noqa: A002 (Bolt's name)
        team = str(body.get("team_id") or (body.get("team") or {}).get("id") or "")
        event = (body.get("event") or {}).get("type")
        if team and event not in ("app_uninstalled", "tokens_revoked") and departed.returned(team):
            workspace_back(Work(edge.stores.get()), team)
            log.info("workspace %s is back", team)
        next()  # type: ignore[operator]

    app.middleware(back)


def keep_for(scheduler: BackgroundScheduler, stores: Stores, days: timedelta) -> None:
    """Purge, hourly, the workspaces that left more than `days` ago."""

    def purge_old() -> None:
        try:
            for done in purge_departed(Work(stores.get()), system_clock() - days):
                log.info("retention: purged %s (%d rows)", ", ".join(done.groups), done.total)
        except Exception:  # the next hour tries again
            log.exception("retention purge failed")

    scheduler.add_job(purge_old, "interval", hours=1, next_run_time=system_clock(), id="retention")
