"""Sending reminders: a dispatcher that APScheduler runs every second inside serve and socket.

The database decides what is due and what was sent (commands.reminders); this module only
posts what it is handed and reports back, so several processes can share one database.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.framework.mrkdwn import esc
from commands.services.reminders import (
    Due,
    ReminderMessage,
    claim,
    record_failure,
    record_sent,
)
from storage import Store

from .blocks import cut
from .clock import Clock, system_clock

log = logging.getLogger("clerk.reminders")

# Reminders claimed at once; a tick claims batches until nothing more is due.
CLAIM_BATCH = 200
# Posting threads: channels are posted to in parallel.
POST_WORKERS = 8
# Slack's chat.postMessage allows about one message a second in one channel.
CHANNEL_SPACING = 1.0

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
        workers: int = POST_WORKERS,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.store = store
        self.post = post
        self.clock = clock
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.workers = workers
        self.sleep = sleep

    def tick(self, now: datetime | None = None) -> int:
        """Send everything due at `now` (default: the clock); returns how many were sent."""
        now = now or self.clock()
        sent = 0
        while True:
            batch = claim(self.store(), now, self.worker, limit=CLAIM_BATCH)
            sent += self._send(batch, now)
            if len(batch) < CLAIM_BATCH:
                return sent

    def _send(self, batch: list[Due], now: datetime) -> int:
        """Post a batch: channels in parallel, one channel's messages a second apart."""
        by_channel: dict[str, list[Due]] = defaultdict(list)
        for due in batch:
            by_channel[due.group.channel_id].append(due)
        outcomes: list[tuple[Due, Exception | None]] = []
        lock = threading.Lock()

        def send_channel(dues: list[Due]) -> None:
            for i, due in enumerate(dues):
                if i:
                    self.sleep(CHANNEL_SPACING)  # Slack allows about 1 message/s a channel
                try:
                    self.post(due.group.channel_id, due.message.text, reminder_blocks(due.message))
                    error = None
                except Exception as err:  # recorded below, on the tick's own thread
                    error = err
                with lock:
                    outcomes.append((due, error))

        if len(by_channel) == 1 or self.workers == 1:
            for dues in by_channel.values():
                send_channel(dues)
        else:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                list(pool.map(send_channel, by_channel.values()))
        # Database writes stay on this thread: a SQLite connection belongs to one thread.
        store = self.store()
        sent = 0
        for due, error in outcomes:
            where = (
                f"meeting {due.meeting.number} of {due.group.name}, {due.reminder.lead_minutes}m"
            )
            if error is None:
                record_sent(store, due, now, self.worker)
                sent += 1
                log.info("reminder sent: %s%s", where, " (late)" if due.late else "")
            elif isinstance(error, PostFailed):
                retry = record_failure(
                    store,
                    due,
                    now,
                    error.code,
                    retry_after=error.retry_after,
                    permanent=error.permanent,
                )
                log.warning(
                    "reminder %s: %s; %s",
                    where,
                    error.code,
                    f"retry at {retry:%H:%M:%S}" if retry else "gave up",
                )
            else:  # an unexpected fault must not stop later reminders
                log.error("reminder %s failed: %r", where, error)
                record_failure(store, due, now, error.__class__.__name__)
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


def reminder_blocks(said: ReminderMessage) -> list[dict]:
    """A reminder as Block Kit: header, when/duration/join, agenda, documents so far."""
    fields = [{"type": "mrkdwn", "text": f"*When*\n{said.when}"}]
    if said.duration:
        fields.append({"type": "mrkdwn", "text": f"*Duration*\n{said.duration}"})
    if said.link:
        fields.append({"type": "mrkdwn", "text": f"*Join*\n{esc(said.link)}"})
    blocks: list[dict] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "emoji": True,
                "text": f"{said.title} — {said.starts}"[:150],
            },
        },
        {"type": "section", "fields": fields},
        {"type": "section", "text": {"type": "mrkdwn", "text": cut(f"*Agenda*\n{said.agenda}")}},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": cut(f"*Documents so far:* {said.documents}")}],
        },
    ]
    if said.late:
        late = "Late: Clerk was offline when this reminder was due."
        blocks.insert(1, {"type": "context", "elements": [{"type": "mrkdwn", "text": late}]})
    return blocks
