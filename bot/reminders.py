"""Sending reminders: a dispatcher that APScheduler runs every second inside serve and socket.

The database decides what is due and what was sent (commands.reminders); this module only
posts what it is handed and reports back, so several processes can share one database.
"""

from __future__ import annotations

import contextvars
import logging
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar, cast

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render import esc, mrkdwn
from commands import (
    STALE_CLAIM,
    Due,
    NoticeDue,
    ReminderMessage,
    claim_outbox,
    notice_failed,
    notice_sent,
    reminder_failed,
    reminder_sent,
)
from storage import Delivery, Store
from storage.claims import UNKNOWN

from . import metrics
from .blocks import cut
from .clock import Clock, system_clock

log = logging.getLogger("clerk.reminders")

# A message whose send is unknown is looked for from this long before it was due.
CHECK_BEFORE = timedelta(minutes=1)
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


@dataclass(frozen=True)
class Outgoing:
    """One message of the outbox as the sender posts it: where, what, its key, and how to
    record that it was sent or failed (a reminder and an owner's DM alike)."""

    what: str  # for the log: "reminder of meeting 3 of RG-SOP, 1440m"
    kind: str  # for the metrics: "reminder" or "dm"
    team: str  # the workspace it goes to (its installation's token, with OAuth)
    due: datetime  # when it was due, for its lateness
    outlet: Outlet
    to: str
    text: str
    blocks: list
    key: str  # the Slack metadata key it is found by after an unknown send
    check: datetime | None  # look for it first (since when), when an earlier send is unknown
    sent: Callable[[Store], object]
    failed: Callable[[Store, str, float | None, bool], datetime | None]
    refused: Callable[[str], None] = lambda code: None  # Slack will never take it (a DM)


class PostFailed(Exception):
    """A post that did not go through: retry later (after `retry_after` s) or never."""

    def __init__(self, code: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after
        self.permanent = permanent


Post = Callable[[str, str, list], None]
T = TypeVar("T")


def _failed(err: Exception, recheck: float) -> PostFailed:
    """Slack's answer (or the network's) as a PostFailed: retry later, never, or — when the
    request may have reached Slack (a timeout, a connection dropped) — unknown."""
    if isinstance(err, SlackApiError):
        resp = err.response
        code = resp.get("error", "") or f"http_{resp.status_code}"
        if resp.status_code == 429:
            retry = resp.headers.get("Retry-After") or resp.headers.get("retry-after")
            return PostFailed("ratelimited", retry_after=float(retry or 30))
        if resp.status_code >= 500:  # Slack failed, perhaps after posting: look before resending
            return PostFailed(f"{UNKNOWN}: http_{resp.status_code}", retry_after=recheck)
        return PostFailed(code, permanent=code in PERMANENT)
    # Refused, timed out, reset, DNS: Slack may have acted before the answer was lost. Looked
    # for (a cheap read) a few seconds later, before anything is posted again.
    return PostFailed(f"{UNKNOWN}: {err.__class__.__name__}", retry_after=recheck)


# Seconds before a send whose outcome is unknown is looked for (CLERK_RECHECK_SECONDS).
UNKNOWN_RECHECK = 5.0
# Clerk's messages carry this metadata, so a message whose answer was lost can be found.
METADATA_TYPE = "clerk_delivery"
# How long to keep trying to record a send while another writer holds the database.
RECORD_PATIENCE = 120.0


class Outlet(Protocol):
    """Where timed messages go: a channel, or a person's DMs."""

    def send(self, to: str, text: str, blocks: list, key: str) -> None:
        """Post; PostFailed when Slack refused, or when the outcome is unknown."""

    def seen(self, to: str, key: str, since: datetime) -> bool:
        """Whether a message with this key was posted there since `since`."""


class Plain:
    """An Outlet over a plain post function (tests, benchmarks): nothing to look back at."""

    def __init__(self, post: Post):
        self.post = post

    def send(self, to: str, text: str, blocks: list, key: str) -> None:
        self.post(to, text, blocks)

    def seen(self, to: str, key: str, since: datetime) -> bool:
        return False


# The workspace a timed message goes to, while the sender posts it: with one installation per
# workspace (OAuth), the outlet takes that workspace's client.
POSTING_TEAM: contextvars.ContextVar[str] = contextvars.ContextVar("posting_team", default="")


class SlackOutlet:
    """chat.postMessage with the message's key in its metadata; conversations.history to find
    it again. `direct`: `to` is a user, reached in the bot's DM with them (im:write).
    `client`: one client, or the client of a workspace (team id -> client). `recheck`: the
    seconds before a post whose answer was lost is looked for."""

    def __init__(
        self,
        client: WebClient | Callable[[str], WebClient],
        *,
        direct: bool = False,
        recheck: float = UNKNOWN_RECHECK,
    ):
        self._client = client
        self.direct = direct
        self.recheck = recheck
        self._dms: dict[tuple[str, str], str] = {}

    @property
    def client(self) -> WebClient:
        if isinstance(self._client, WebClient):
            return self._client
        try:
            return self._client(POSTING_TEAM.get())
        except LookupError as err:  # no installation for that workspace (any more)
            raise PostFailed("not_installed") from err

    def _channel(self, to: str) -> str:
        if not self.direct:
            return to
        key = (POSTING_TEAM.get(), to)
        if key not in self._dms:
            self._dms[key] = str(self.client.conversations_open(users=to)["channel"]["id"])
        return self._dms[key]

    def send(self, to: str, text: str, blocks: list, key: str) -> None:
        try:
            self.client.chat_postMessage(
                channel=self._channel(to),
                text=text,
                blocks=blocks,
                unfurl_links=False,
                metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}},
            )
        except (SlackApiError, OSError) as err:
            raise _failed(err, self.recheck) from err

    def seen(self, to: str, key: str, since: datetime) -> bool:
        try:
            found = self.client.conversations_history(
                channel=self._channel(to),
                oldest=f"{since.timestamp():.6f}",
                include_all_metadata=True,
                limit=200,
            )
        except (SlackApiError, OSError) as err:
            raise _failed(err, self.recheck) from err
        for message in found.get("messages") or []:
            meta = message.get("metadata") or {}
            if (meta.get("event_payload") or {}).get("key") == key:
                return True
        return False


def slack_client(token: str, api_url: str, timeout: int) -> WebClient:
    """The Web API client of timed messages: no automatic resend on a connection error (the
    SDK's default), since a resend after Slack acted posts twice; Clerk checks first."""
    return WebClient(token=token, base_url=api_url, timeout=timeout, retry_handlers=[])


def slack_poster(
    client: WebClient | Callable[[str], WebClient], recheck: float = UNKNOWN_RECHECK
) -> SlackOutlet:
    """Post to channels with chat.postMessage, turning Slack's answers into PostFailed."""
    return SlackOutlet(client, recheck=recheck)


def slack_dm_poster(
    client: WebClient | Callable[[str], WebClient], recheck: float = UNKNOWN_RECHECK
) -> SlackOutlet:
    """A direct message from Clerk to a user: conversations.open (im:write), then post."""
    return SlackOutlet(client, direct=True, recheck=recheck)


def this_host_dead(workers: list[str]) -> list[str]:
    """Workers of this machine (`host:pid:…`) whose process is gone: a restart's own claims."""
    host = socket.gethostname()
    dead = []
    for worker in workers:
        name, _, rest = worker.partition(":")
        pid = rest.partition(":")[0]
        if name != host or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.append(worker)
        except PermissionError:
            continue  # alive, another user's
    return dead


class Dispatcher:
    """Claims due reminders from the database, posts them, and records what happened."""

    def __init__(
        self,
        store: Callable[[], Store],
        post: Post | Outlet,
        *,
        clock: Clock = system_clock,
        worker: str | None = None,
        workers: int = POST_WORKERS,
        sleep: Callable[[float], None] = time.sleep,
        dm: Post | Outlet | None = None,
        stale: timedelta = STALE_CLAIM,
    ):
        self.store = store
        self.post = _outlet(post)
        # Direct messages to action owners; by default `post` to the user id (fakes, tests).
        self.dm = _outlet(dm) if dm is not None else self.post
        self.clock = clock
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.workers = workers
        self.sleep = sleep
        self.stale = stale
        # Runs the deliveries (reports, exports) a dead process left unfinished; set by the
        # Slack app, which knows how (bot/slack_app.py resume_interrupted).
        self.resume: Callable[[list[Delivery]], object] | None = None

    def _dead(self) -> list[str]:
        return this_host_dead(sorted(self.store().outbox.claimers()))

    def tick(self, now: datetime | None = None) -> int:
        """Send everything due at `now` (default: the clock), reminders and DMs alike from
        the one outbox; returns how many were sent."""
        now = now or self.clock()
        dead = self._dead()
        sent = 0
        while True:
            claimed = claim_outbox(
                self.store(),
                now,
                self.worker,
                limit=CLAIM_BATCH,
                stale=self.stale,
                dead=dead,
                deliveries=self.resume is not None,
            )
            if claimed.deliveries and self.resume is not None:
                self.resume(claimed.deliveries)
            sent += self._send(claimed.reminders, now)
            sent += self._send_notices(claimed.notices, now)
            if claimed.rows < CLAIM_BATCH:
                return sent

    def _deliver(
        self,
        outlet: Outlet,
        to: str,
        text: str,
        blocks: list,
        key: str,
        check: datetime | None,
        kind: str = "",
    ) -> Exception | None:
        """Post once: when an earlier attempt's outcome is unknown (`check`: since when),
        look for it first. None when it is in Slack now."""
        try:
            if check is not None and outlet.seen(to, key, check):
                log.info("found %s already posted; not posted again", key)
                metrics.MESSAGES.labels(kind, "found").inc()
                return None
            outlet.send(to, text, blocks, key)
            return None
        except Exception as err:  # recorded by the caller
            return err

    def _record(self, what: str, write: Callable[[Store], object]) -> None:
        """Record an outcome in its own short transaction, waiting out another writer (a
        busy database must not make the whole batch look unsent and be posted again)."""
        deadline = time.monotonic() + RECORD_PATIENCE
        pause = 0.05
        while True:
            try:
                write(self.store())
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    # The claim stays; when taken over, the send is checked, not repeated.
                    log.error("could not record %s: %s", what, err)
                    return
                self.sleep(pause)
                pause = min(pause * 2, 2.0)

    def _send_notices(self, batch: list[NoticeDue], now: datetime) -> int:
        """Direct messages to action owners: each person's in order, people in parallel."""

        def one(due: NoticeDue) -> bool:
            return self._post(
                Outgoing(
                    what=f"action notice {due.entry.number} of {due.group.name}, {due.notice.kind}",
                    kind="dm",
                    team=due.group.team_id,
                    due=due.notice.due_at,
                    outlet=self.dm,
                    to=due.notice.user_id,
                    text=mrkdwn(due.text),
                    blocks=notice_blocks(due),
                    key=due.notice.message_key,
                    check=due.notice.due_at - CHECK_BEFORE if due.unknown else None,
                    sent=lambda store: notice_sent(store, due, now, self.worker),
                    failed=lambda store, code, after, permanent: notice_failed(
                        store, due, now, code, retry_after=after, permanent=permanent
                    ),
                    refused=lambda code: self._tell_assigner(due, code),
                )
            )

        outcomes = self._fan_out(batch, key=lambda due: due.notice.user_id, send=one, spacing=0.0)
        return sum(outcomes)

    def _tell_assigner(self, due: NoticeDue, code: str) -> None:
        """Whoever logged an action hears, once, that its owner cannot be messaged."""
        assigner = due.entry.author_id
        if not assigner or assigner == due.notice.user_id:
            return
        names = {o.user_id: o.name for o in due.entry.owners}
        who = names.get(due.notice.user_id, due.entry.who)
        text = (
            f"Clerk could not tell {esc(who)} about action "
            f"#{due.entry.number} of {esc(due.group.name)} (Slack answered {code}: a "
            "deactivated account or a bot). Give it another owner with `/action set "
            f"{due.entry.number} owner=@someone`."
        )
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
        try:
            self.dm.send(assigner, text, blocks, f"unreachable:{due.notice.id}")
        except PostFailed as err:
            log.warning("could not tell the assigner either: %s", err.code)

    def _send(self, batch: list[Due], now: datetime) -> int:
        """Post a batch: channels in parallel, one channel's messages a second apart; each
        outcome recorded before that channel's next post."""

        def one(due: Due) -> bool:
            late = " (late)" if due.late else ""
            return self._post(
                Outgoing(
                    what=(
                        f"reminder of meeting {due.meeting.number} of {due.group.name}, "
                        f"{due.reminder.lead_minutes}m{late}"
                    ),
                    kind="reminder",
                    team=due.group.team_id,
                    due=due.reminder.due_at,
                    outlet=self.post,
                    to=due.group.channel_id,
                    text=mrkdwn(due.message.text),
                    blocks=reminder_blocks(due.message),
                    key=due.reminder.message_key,
                    check=due.reminder.due_at - CHECK_BEFORE if due.unknown else None,
                    sent=lambda store: reminder_sent(store, due, now, self.worker),
                    failed=lambda store, code, after, permanent: reminder_failed(
                        store, due, now, code, retry_after=after, permanent=permanent
                    ),
                )
            )

        outcomes = self._fan_out(
            batch,
            key=lambda due: due.group.channel_id,
            send=one,
            spacing=CHANNEL_SPACING,  # Slack allows about 1 message/s a channel
        )
        return sum(outcomes)

    def _post(self, out: Outgoing) -> bool:
        """`_post_here` with the outlets using the client of the message's workspace."""
        posting = POSTING_TEAM.set(out.team)
        try:
            return self._post_here(out)
        finally:
            POSTING_TEAM.reset(posting)

    def _post_here(self, out: Outgoing) -> bool:
        """Post one message of the outbox exactly once, and record what became of it: sent;
        to retry (with Slack's Retry-After or backoff); or given up, saying so."""
        error = self._deliver(
            out.outlet, out.to, out.text, out.blocks, out.key, out.check, out.kind
        )
        if error is None:
            self._record(out.what, out.sent)
            log.info("sent: %s", out.what)
            metrics.MESSAGES.labels(out.kind, "sent").inc()
            metrics.LATENESS.labels(out.kind).observe(
                max(0.0, (self.clock() - out.due).total_seconds())
            )
            return True
        if isinstance(error, PostFailed):
            retry: list[datetime | None] = []
            self._record(
                out.what,
                lambda store: retry.append(
                    out.failed(store, error.code, error.retry_after, error.permanent)
                ),
            )
            when = retry[0] if retry else None
            metrics.MESSAGES.labels(out.kind, "retry" if when else "failed").inc()
            log.warning(
                "%s: %s; %s",
                out.what,
                error.code,
                f"retry at {when:%H:%M:%S}" if when else "gave up",
            )
            if error.code in UNREACHABLE:
                out.refused(error.code)
        else:  # an unexpected fault must not stop the other messages
            log.error("%s failed: %r", out.what, error)
            metrics.MESSAGES.labels(out.kind, "failed").inc()
            self._record(
                out.what, lambda store: out.failed(store, error.__class__.__name__, None, False)
            )
        return False

    def _fan_out(
        self,
        batch: list[T],
        *,
        key: Callable[[T], str],
        send: Callable[[T], bool],
        spacing: float,
    ) -> list[bool]:
        """Send each item: one destination's in order (`spacing` s apart), destinations in
        parallel. Returns whether each was sent."""
        by_key: dict[str, list[T]] = defaultdict(list)
        for item in batch:
            by_key[key(item)].append(item)
        outcomes: list[bool] = []
        lock = threading.Lock()

        def send_all(items: list[T]) -> None:
            for i, item in enumerate(items):
                if i and spacing:
                    self.sleep(spacing)
                try:
                    done = send(item)
                except Exception:  # never stop the other items
                    log.exception("sending failed")
                    done = False
                with lock:
                    outcomes.append(done)

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
    fields = [{"type": "mrkdwn", "text": f"*When*\n{esc(said.when)}"}]
    if said.duration:
        fields.append({"type": "mrkdwn", "text": f"*Duration*\n{esc(said.duration)}"})
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
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": cut(f"*Agenda*\n{mrkdwn(said.agenda)}")},
        },
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": cut(f"*Documents so far:* {esc(said.documents)}")}
            ],
        },
    ]
    if said.actions:
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": cut(f"*Open action items*\n{mrkdwn(said.actions)}"),
                },
            }
        )
    if said.late:
        late = "Late: Clerk was offline when this reminder was due."
        blocks.insert(1, {"type": "context", "elements": [{"type": "mrkdwn", "text": late}]})
    return blocks


def notice_blocks(due: NoticeDue) -> list[dict]:
    """An action owner's DM as Block Kit: the message, and the channel it belongs to."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": cut(mrkdwn(due.text))}},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"From Clerk in <#{due.group.channel_id}>"}],
        },
    ]


def _outlet(post: Post | Outlet) -> Outlet:
    if isinstance(post, (SlackOutlet, Plain)):
        return post
    return Plain(cast(Post, post))
