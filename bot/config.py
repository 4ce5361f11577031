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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
        port = env.get("PORT") or "3000"
        if not port.isdigit():
            raise ConfigError(f"PORT must be a number, not “{port}”.")
        interval = env.get("CLERK_REMINDER_INTERVAL") or "1"
        try:
            reminder_interval = float(interval)
        except ValueError:
            reminder_interval = -1.0
        if not 0.1 <= reminder_interval <= 300:
            raise ConfigError(
                f"CLERK_REMINDER_INTERVAL must be seconds from 0.1 to 300, not “{interval}”."
            )
        fetch = env.get("CLERK_FETCH_SECONDS") or "30"
        try:
            fetch_seconds = float(fetch)
        except ValueError:
            fetch_seconds = -1.0
        if not 0.1 <= fetch_seconds <= 600:
            raise ConfigError(
                f"CLERK_FETCH_SECONDS must be seconds from 0.1 to 600, not “{fetch}”."
            )
        return cls(
            bot_token=env.get("SLACK_BOT_TOKEN", ""),
            signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            app_token=env.get("SLACK_APP_TOKEN", ""),
            # The Web API client joins method names onto this, so it must end with a slash.
            api_url=api_url if api_url.endswith("/") else api_url + "/",
            db_path=env.get("CLERK_DB") or "./clerk.db",
            port=int(port),
            reminder_interval=reminder_interval,
            fetch_seconds=fetch_seconds,
        )

    def require(self, *names: str) -> None:
        """Raise ConfigError naming every missing variable and where to get it."""
        values = {
            "SLACK_BOT_TOKEN": self.bot_token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_APP_TOKEN": self.app_token,
        }
        missing = [n for n in names if not values[n]]
        if missing:
            lines = [f"{n} is not set: it is {WHERE[n]}." for n in missing]
            lines.append("Set it in the environment (see README, “Connect to Slack”).")
            raise ConfigError("\n".join(lines))
