"""Who is asking, where, and when: everything a command knows about its caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Caller:
    """The person running a command. Name and admin flag may be looked up lazily by the edge."""

    user_id: str
    fallback_name: str = ""
    lookup: Callable[[], tuple[str, bool]] | None = field(default=None, repr=False)

    _found: tuple[str, bool] | None = field(default=None, init=False, repr=False)

    @property
    def _profile(self) -> tuple[str, bool]:
        # Not functools.cached_property: before Python 3.12 it holds one lock for every
        # instance, which queued all callers' Slack look-ups behind each other.
        if self._found is None:
            self._found = self._look_up()
        return self._found

    def _look_up(self) -> tuple[str, bool]:
        if self.lookup is None:
            return self.fallback_name or self.user_id, False
        try:
            name, admin = self.lookup()
        except Exception:  # the lookup is a convenience; a failure must not fail the command
            return self.fallback_name or self.user_id, False
        return name or self.fallback_name or self.user_id, admin

    def resolve(self) -> None:
        """Look the profile up now (before any database lock), so later reads are free."""
        _ = self._profile

    @property
    def name(self) -> str:
        """The caller's display name (Slack profile), for attributing comments."""
        return self._profile[0]

    @property
    def is_admin(self) -> bool:
        """Workspace admins and owners count as rapporteur (SPEC §1)."""
        return self._profile[1]


@dataclass
class Context:
    """One command invocation: workspace, channel, caller and the injected clock reading."""

    team_id: str
    channel_id: str
    caller: Caller
    now: datetime
    channel_name: str = ""
    # Slack's id of this invocation (trigger_id); a repeat of it is answered, not redone.
    request_id: str = ""
    # The channel message a command was captured from (live capture), else "".
    source_ts: str = ""
    # Slack user id -> real name, for people mentioned in by= or owner= (the edge's cached
    # users.info); None where there is no Slack (shell, tests).
    directory: Callable[[str], str] | None = field(default=None, repr=False)
    # Names looked up for this command, before its transaction (see Router._run).
    names: dict[str, str] = field(default_factory=dict)
    # Slack user id -> whether Slack takes a DM for them (not deactivated, not a bot).
    reachable: Callable[[str], bool] | None = field(default=None, repr=False)
    # People looked up for this command whom Clerk cannot message.
    unreachable: set[str] = field(default_factory=set)

    def look_up(self, user_ids: list[str]) -> None:
        """Fill `names` for these users; a failed look-up leaves the mention's own label."""
        for user_id in user_ids:
            if user_id in self.names or self.directory is None:
                continue
            try:
                self.names[user_id] = self.directory(user_id)
                if self.reachable is not None and not self.reachable(user_id):
                    self.unreachable.add(user_id)
            except Exception:  # a convenience: never fail the command for it
                continue
