"""Log lines as people read them, or as JSON for a log pipeline (LOG_FORMAT=json).

A JSON line carries the workspace, channel and request it is about when the line was written
while serving that request. What users typed and tokens are never logged: log calls name
commands, ids and outcomes only (see the tests that grep the logs for both).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
from datetime import UTC, datetime

# Set for the thread serving a Slack request (bot/slack_app.py's middleware).
TEAM: contextvars.ContextVar[str] = contextvars.ContextVar("team", default="")
CHANNEL: contextvars.ContextVar[str] = contextvars.ContextVar("channel", default="")
REQUEST: contextvars.ContextVar[str] = contextvars.ContextVar("request", default="")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the request's ids."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, var in (("team", TEAM), ("channel", CHANNEL), ("request_id", REQUEST)):
            if var.get():
                line[key] = var.get()
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(env: dict[str, str] | None = None) -> None:
    """The root logger as LOG_LEVEL and LOG_FORMAT (text, json) say."""
    env = dict(os.environ) if env is None else env
    handler = logging.StreamHandler()
    if env.get("LOG_FORMAT", "text").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(env.get("LOG_LEVEL", "INFO").upper())
    # The scheduler's own INFO lines come every second; Clerk logs what its ticks do.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def forget() -> None:
    """A new request on this thread: the last one's ids no longer apply."""
    for var in (TEAM, CHANNEL, REQUEST):
        var.set("")


def about(body: dict) -> None:
    """Remember, for this thread's log lines, which workspace, channel and request a Slack
    request is about (ids only)."""
    event = body.get("event") or {}
    channel = body.get("channel")
    TEAM.set(str(body.get("team_id") or (body.get("team") or {}).get("id") or ""))
    CHANNEL.set(
        str(
            body.get("channel_id")
            or event.get("channel")
            or (channel.get("id") if isinstance(channel, dict) else "")
            or ""
        )
    )
    REQUEST.set(str(body.get("trigger_id") or body.get("event_id") or ""))
