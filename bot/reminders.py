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
from typing import TypeVar

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.framework.mrkdwn import esc
from commands.services.actions import NoticeDue, claim_notices, notice_failed, notice_sent
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
    # A direct message to someone Slack will not let Clerk write to.
    "user_disabled",
    "user_not_found",
    "user_not_visible",
    "cannot_dm_bot",
}


# Of those, the ones that say the person cannot be messaged at all.
UNREACHABLE = {"user_disabled", "user_not_found", "user_not_visible", "cannot_dm_bot"}


class PostFailed(Exception):
    """A post that did not go through: retry later (after `retry_after` s) or never."""

    def __init__(self, code: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after
        self.permanent = permanent


Post = Callable[[str, str, list], None]
T = TypeVar("T")


def _failed(err: Exception) -> PostFailed:
    """Slack's answer (or the network's) as a PostFailed: retry later, or never."""
    if isinstance(err, SlackApiError):
        resp = err.response
        code = resp.get("error", "") or f"http_{resp.status_code}"
        if resp.status_code == 429:
            retry = resp.headers.get("Retry-After") or resp.headers.get("retry-after")
            return PostFailed("ratelimited", retry_after=float(retry or 30))
        return PostFailed(code, permanent=code in PERMANENT)
    return PostFailed(f"network: {err.__class__.__name__}")  # refused, timeout, DNS


def slack_poster(client: WebClient) -> Post:
    """Post with chat.postMessage, turning Slack's answers into PostFailed."""

    def post(channel_id: str, text: str, blocks: list) -> None:
        try:
            client.chat_postMessage(
                channel=channel_id, text=text, blocks=blocks, unfurl_links=False
            )
        except (SlackApiError, OSError) as err:
            raise _failed(err) from err

    return post


def slack_dm_poster(client: WebClient) -> Post:
    """A direct message from Clerk to a user: conversations.open (im:write), then post."""
    channels: dict[str, str] = {}

    def post(user_id: str, text: str, blocks: list) -> None:
        try:
            if user_id not in channels:
                opened = client.conversations_open(users=user_id)
                channels[user_id] = str(opened["channel"]["id"])
            client.chat_postMessage(
                channel=channels[user_id], text=text, blocks=blocks, unfurl_links=False
            )
        except (SlackApiError, OSError) as err:
            raise _failed(err) from err

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
        dm: Post | None = None,
    ):
        self.store = store
        self.post = post
        # Direct messages to action owners; by default `post` to the user id (fakes, tests).
        self.dm = dm or post
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
                break
        while True:
            notices = claim_notices(self.store(), now, self.worker, limit=CLAIM_BATCH)
            sent += self._send_notices(notices, now)
            if len(notices) < CLAIM_BATCH:
                return sent

    def _send_notices(self, batch: list[NoticeDue], now: datetime) -> int:
        """Direct messages to action owners: each person's in order, people in parallel."""
        outcomes = self._fan_out(
            batch,
            key=lambda due: due.notice.user_id,
            send=lambda due: self.dm(due.notice.user_id, due.text, notice_blocks(due)),
            spacing=0.0,
        )
        store = self.store()
        sent = 0
        for due, error in outcomes:
            what = f"action #{due.entry.number} of {due.group.name}, {due.notice.kind}"
            if error is None:
                notice_sent(store, due, now, self.worker)
                sent += 1
                log.info("action notice sent: %s", what)
            elif isinstance(error, PostFailed):
                notice_failed(
                    store,
                    due,
                    now,
                    error.code,
                    retry_after=error.retry_after,
                    permanent=error.permanent,
                )
                log.warning("action notice %s: %s", what, error.code)
                if error.code in UNREACHABLE:
                    self._tell_assigner(due, error.code)
            else:
                log.error("action notice %s failed: %r", what, error)
                notice_failed(store, due, now, error.__class__.__name__)
        return sent

    def _tell_assigner(self, due: NoticeDue, code: str) -> None:
        """Whoever logged an action hears, once, that its owner cannot be messaged."""
        assigner = due.entry.author_id
        if not assigner or assigner == due.notice.user_id:
            return
        text = (
            f"Clerk could not tell {esc(due.entry.attributed)} about action "
            f"#{due.entry.number} of {esc(due.group.name)} (Slack answered {code}: a "
            "deactivated account or a bot). Give it another owner with `/action set "
            f"{due.entry.number} owner=@someone`."
        )
        try:
            self.dm(assigner, text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}])
        except PostFailed as err:
            log.warning("could not tell the assigner either: %s", err.code)

    def _send(self, batch: list[Due], now: datetime) -> int:
        """Post a batch: channels in parallel, one channel's messages a second apart."""
        outcomes = self._fan_out(
            batch,
            key=lambda due: due.group.channel_id,
            send=lambda due: self.post(
                due.group.channel_id, due.message.text, reminder_blocks(due.message)
            ),
            spacing=CHANNEL_SPACING,  # Slack allows about 1 message/s a channel
        )
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

    def _fan_out(
        self,
        batch: list[T],
        *,
        key: Callable[[T], str],
        send: Callable[[T], None],
        spacing: float,
    ) -> list[tuple[T, Exception | None]]:
        """Send each item: one destination's in order (`spacing` s apart), destinations in
        parallel. Returns each item with the error it met (None: sent)."""
        by_key: dict[str, list[T]] = defaultdict(list)
        for item in batch:
            by_key[key(item)].append(item)
        outcomes: list[tuple[T, Exception | None]] = []
        lock = threading.Lock()

        def send_all(items: list[T]) -> None:
            for i, item in enumerate(items):
                if i and spacing:
                    self.sleep(spacing)
                try:
                    send(item)
                    error = None
                except Exception as err:  # recorded by the caller, on the tick's own thread
                    error = err
                with lock:
                    outcomes.append((item, error))

        if len(by_key) <= 1 or self.workers == 1:
            for items in by_key.values():
                send_all(items)
        else:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                list(pool.map(send_all, by_key.values()))
        return outcomes

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
    if said.actions:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": cut(f"*Open action items*\n{said.actions}")},
            }
        )
    if said.late:
        late = "Late: Clerk was offline when this reminder was due."
        blocks.insert(1, {"type": "context", "elements": [{"type": "mrkdwn", "text": late}]})
    return blocks


def notice_blocks(due: NoticeDue) -> list[dict]:
    """An action owner's DM as Block Kit: the message, and the channel it belongs to."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": cut(due.text)}},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"From Clerk in <#{due.group.channel_id}>"}],
        },
    ]
