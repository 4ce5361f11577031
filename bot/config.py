"""Configuration from the environment, with a clear message for anything missing."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_API_URL = "https://slack.com/api/"


class ConfigError(Exception):
    """A setting is missing or wrong; the message says what to set and where to find it."""


WHERE = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from your Slack app's "
    "OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-…) with connections:write, from your Slack "
    "app's Basic Information page",
}


@dataclass(frozen=True)
class Config:
    bot_token: str
    signing_secret: str
    app_token: str
    api_url: str
    db_path: str
    port: int
    reminder_interval: float = 1.0  # seconds between looks at the reminders due
    fetch_seconds: float = 30.0  # the deadline of one file download from Slack
    # Seconds a Web API call of a timed message may take; past it, its outcome is unknown.
    slack_timeout: int = 10
    # Seconds after which a claimed message of another (dead) worker is taken over.
    stale_claim: float = 600.0
    # Seconds before a post or a share whose answer was lost is looked for in Slack.
    recheck_seconds: float = 5.0
    # Seconds a slash command may take before Slack gets "still writing" (Slack waits 3 s).
    ack_seconds: float = 2.5
    # The report code loaded at start in a fork server, so a /report never waits for it to
    # load (about 45 MB held while idle; CLERK_WARM_WORKER=0 on a small dyno saves it).
    warm_worker: bool = True
    # Days a workspace's record is kept after it uninstalled Clerk (0: until `clerk purge`).
    retention_days: float = 0.0
    # Installable in many workspaces (Bolt's OAuth flow) when both are set.
    client_id: str = ""
    client_secret: str = ""
    # Encrypts the workspaces' tokens at rest (OAuth mode).
    secret_key: str = ""

    @property
    def oauth(self) -> bool:
        """Many workspaces, each with its installation, instead of one bot token."""
        return bool(self.client_id and self.client_secret)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        port = env.get("PORT") or "3000"
        if not port.isdigit():
            raise ConfigError(f"PORT must be a number, not “{port}”.")
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN", ""),
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            app_token=env.get("SLACK_APP_TOKEN", ""),
            # The Web API client joins method names onto this, so it must end with a slash.
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            db_path=env.get("CLERK_DB") or "./clerk.db",
            port=int(port),
            reminder_interval=_seconds(env, "CLERK_REMINDER_INTERVAL", 1.0, 0.1, 300),
            fetch_seconds=_seconds(env, "CLERK_FETCH_SECONDS", 30.0, 0.1, 600),
            slack_timeout=int(_seconds(env, "CLERK_SLACK_TIMEOUT", 10, 1, 120)),
            stale_claim=_seconds(env, "CLERK_STALE_CLAIM", 600.0, 1, 86400),
            recheck_seconds=_seconds(env, "CLERK_RECHECK_SECONDS", 5.0, 0.1, 300),
            ack_seconds=_seconds(env, "CLERK_ACK_SECONDS", 2.5, 0.1, 2.9),
            warm_worker=_switch(env, "CLERK_WARM_WORKER", True),
            retention_days=_seconds(env, "CLERK_RETENTION_DAYS", 0.0, 0, 36500),
            client_id=env.get("SLACK_CLIENT_ID", ""),
            client_secret=env.get("SLACK_CLIENT_SECRET", ""),
            secret_key=env.get("CLERK_SECRET_KEY", ""),
        )

    def require(self, *names: str) -> None:
        """Raise ConfigError naming every missing variable and where to get it."""
        values = {
            # With OAuth, each workspace's installation has its own token.
            "SLACK_BOT_TOKEN": self.bot_token or ("oauth" if self.oauth else ""),
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_APP_TOKEN": self.app_token,
        }
        missing = [n for n in names if not values[n]]
        if missing:
            lines = [f"{n} is not set: it is {WHERE[n]}." for n in missing]
            lines.append("Set it in the environment (see README, “Connect to Slack”).")
            raise ConfigError("\n".join(lines))


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    """A setting that is on (1) or off (0); ConfigError saying so otherwise."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if raw not in ("0", "1"):
        raise ConfigError(f"{name} must be 1 (on) or 0 (off), not “{raw}”.")
    return raw == "1"


def _seconds(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    """A setting in seconds, within [low, high]; ConfigError saying so otherwise."""
    raw = env.get(name) or str(default)
    try:
        value = float(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ConfigError(f"{name} must be seconds from {low:g} to {high:g}, not “{raw}”.")
    return value
