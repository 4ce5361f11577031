"""Sending reminders: a dispatcher that APScheduler runs every second inside serve and socket.

The database decides what is due and what was sent (commands.reminders); this module only
posts what it is handed and reports back, so several processes can share one database.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.reminders import claim, record_failure, record_sent
from storage import Store

from .clock import Clock, system_clock

log = logging.getLogger("clerk.reminders")

# Slack errors that retrying cannot fix.
PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "missing_scope",
    "invalid_blocks",
    "msg_too_long",
    "restricted_action",
}


class PostFailed(Exception):
    """A post that did not go through: retry later (after `retry_after` s) or never."""

    def __init__(self, code: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after
        self.permanent = permanent


Post = Callable[[str, str, list], None]


def slack_poster(client: WebClient) -> Post:
    """Post with chat.postMessage, turning Slack's answers into PostFailed."""

    def post(channel_id: str, text: str, blocks: list) -> None:
        try:
            client.chat_postMessage(
                channel=channel_id, text=text, blocks=blocks, unfurl_links=False
            )
        except SlackApiError as err:
            resp = err.response
            code = resp.get("error", "") or f"http_{resp.status_code}"
            if resp.status_code == 429:
                retry = resp.headers.get("Retry-After") or resp.headers.get("retry-after")
                raise PostFailed("ratelimited", retry_after=float(retry or 30)) from err
            raise PostFailed(code, permanent=code in PERMANENT) from err
        except OSError as err:  # connection refused, timeout, DNS
            raise PostFailed(f"network: {err.__class__.__name__}") from err

    return post


class Dispatcher:
    """Claims due reminders from the database, posts them, and records what happened."""

    def __init__(
        self,
        store: Callable[[], Store],
        post: Post,
        *,
        clock: Clock = system_clock,
        worker: str | None = None,
    ):
        self.store = store
        self.post = post
        self.clock = clock
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"

    def tick(self, now: datetime | None = None) -> int:
        """Send what is due at `now` (default: the clock); returns how many were sent."""
        now = now or self.clock()
        store = self.store()
        sent = 0
        for due in claim(store, now, self.worker):
            where = (
                f"meeting {due.meeting.number} of {due.group.name}, {due.reminder.lead_minutes}m"
            )
            try:
                self.post(due.group.channel_id, due.text, due.blocks)
            except PostFailed as err:
                retry = record_failure(
                    store, due, now, err.code, retry_after=err.retry_after, permanent=err.permanent
                )
                log.warning(
                    "reminder %s: %s; %s",
                    where,
                    err.code,
                    f"retry at {retry:%H:%M:%S}" if retry else "gave up",
                )
            except Exception as err:  # an unexpected fault must not stop later reminders
                log.exception("reminder %s failed", where)
                record_failure(store, due, now, err.__class__.__name__)
            else:
                record_sent(store, due, now, self.worker)
                sent += 1
                log.info("reminder sent: %s%s", where, " (late)" if due.late else "")
        return sent

    def safe_tick(self) -> None:
        """For the scheduler: log and carry on if a tick fails (e.g. the disk is busy)."""
        try:
            self.tick()
        except Exception:
            log.exception("reminder tick failed")


def start_scheduler(dispatcher: Dispatcher, interval: float) -> BackgroundScheduler:
    """Run the dispatcher now (reminders missed while down) and then every `interval` s."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        dispatcher.safe_tick,
        "interval",
        seconds=interval,
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
        id="reminders",
    )
    scheduler.start()
    return scheduler
