"""Who is asking, where, and when: everything a command knows about its caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


@dataclass
class Caller:
    """The person running a command. Name and admin flag may be looked up lazily by the edge."""

    user_id: str
    fallback_name: str = ""
    lookup: Callable[[], tuple[str, bool]] | None = field(default=None, repr=False)

    @cached_property
    def _profile(self) -> tuple[str, bool]:
        if self.lookup is None:
            return self.fallback_name or self.user_id, False
        try:
            name, admin = self.lookup()
        except Exception:  # the lookup is a convenience; a failure must not fail the command
            return self.fallback_name or self.user_id, False
        return name or self.fallback_name or self.user_id, admin

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
