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


class Profiles:
    """Cached users.info look-ups, shared by every request thread."""

    def __init__(self, client: WebClient):
        self.client = client
        self._cache: dict[str, tuple[float, Profile]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str) -> Profile:
        with self._lock:
            hit = self._cache.get(user_id)
        if hit and time.monotonic() - hit[0] < PROFILE_TTL:
            return hit[1]
        user = self.client.users_info(user=user_id)["user"]
        profile = user.get("profile", {})
        real = profile.get("real_name") or user.get("real_name") or user.get("name", "")
        found = Profile(
            display_name=profile.get("display_name") or real,
            real_name=real or profile.get("display_name", ""),
            admin=bool(user.get("is_admin") or user.get("is_owner")),
        )
        with self._lock:
            self._cache[user_id] = (time.monotonic(), found)
        return found

    def lookup(self, user_id: str) -> tuple[str, bool]:
        """(display name, admin) of the caller."""
        found = self.get(user_id)
        return found.display_name, found.admin

    def real_name(self, user_id: str) -> str:
        """A mentioned person's full name, as reports print it."""
        return self.get(user_id).real_name
