"""Slack profiles: who a user id is (display name, full name, admin), looked up once an hour."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient

# Display names change rarely; looking them up once an hour spares a Web API call per command.
PROFILE_TTL = 3600.0
# Look-ups happen before the ack (outside any database lock), so they must leave
# room in Slack's 3-second window.
PROFILE_TIMEOUT = 2


@dataclass(frozen=True)
class Profile:
    """What Clerk needs of a Slack user: how to call them, their full name, admin or not."""

    display_name: str
    real_name: str
    admin: bool
    # The workspace and Grid organisation the user belongs to: in a Slack Connect channel,
    # the other organisation's admins are admins there, not here.
    team_id: str = ""
    enterprise_id: str = ""
    # Deactivated, or a bot: Slack will not take a DM for them.
    reachable: bool = True

    def admin_of(self, installation: str, enterprise: str = "") -> bool:
        """Admin or owner of the organisation Clerk is installed in: its workspace, or its
        Grid org (`enterprise`, where the installation is in one)."""
        ours = {installation, enterprise} - {""}
        return self.admin and bool(ours & ({self.team_id, self.enterprise_id} - {""}))


class Profiles:
    """Cached users.info look-ups, shared by every request thread."""

    def __init__(self, client: WebClient):
        self.client = client  # the one workspace's; with OAuth each request gives its own
        # By workspace token and user: with OAuth, one person id in two workspaces is two.
        self._cache: dict[tuple[str, str], tuple[float, Profile]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str, client: WebClient | None = None) -> Profile:
        key = ((client or self.client).token or "", user_id)
        with self._lock:
            hit = self._cache.get(key)
        if hit and time.monotonic() - hit[0] < PROFILE_TTL:
            return hit[1]
        user = (client or self.client).users_info(user=user_id)["user"]
        profile = user.get("profile", {})
        real = profile.get("real_name") or user.get("real_name") or user.get("name", "")
        found = Profile(
            display_name=profile.get("display_name") or real,
            real_name=real or profile.get("display_name", ""),
            admin=bool(user.get("is_admin") or user.get("is_owner")),
            team_id=str(user.get("team_id") or ""),
            enterprise_id=str((user.get("enterprise_user") or {}).get("enterprise_id") or ""),
            reachable=not (user.get("deleted") or user.get("is_bot")),
        )
        with self._lock:
            self._cache[key] = (time.monotonic(), found)
        return found

    def lookup(
        self,
        user_id: str,
        installation: str,
        enterprise: str = "",
        client: WebClient | None = None,
    ) -> tuple[str, bool]:
        """(display name, admin here) of the caller; `installation` is the workspace or Grid
        org Clerk is installed in, `enterprise` its Grid org if any; `client`: the request's
        (its workspace's token)."""
        found = self.get(user_id, client)
        return found.display_name, found.admin_of(installation, enterprise)

    def real_name(self, user_id: str, client: WebClient | None = None) -> str:
        """A mentioned person's full name, as reports print it."""
        return self.get(user_id, client).real_name
