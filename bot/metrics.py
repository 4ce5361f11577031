"""What an operator sees: Prometheus metrics at GET /metrics (prometheus-client).

Labels name kinds and outcomes only — never a workspace, channel, person or text — so a
scrape reveals nothing of what groups record. Set CLERK_METRICS_TOKEN to require
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from .clock import system_clock
from .stores import Stores

REGISTRY = CollectorRegistry(auto_describe=True)

COMMANDS = Counter(
    "clerk_commands",
    "Slash commands answered, by command and outcome (ok, refused, late, form).",
    ["command", "outcome"],
    registry=REGISTRY,
)
ANSWER_SECONDS = Histogram(
    "clerk_answer_seconds",
    "From a slash command's arrival to Clerk's answer (Slack gives up after 3 s).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
    registry=REGISTRY,
)
REQUESTS = Counter(
    "clerk_slack_requests",
    "Requests from Slack by kind: event types (message, app_home_opened…), block_actions, "
    "view_submission, shortcuts, slash commands.",
    ["kind"],
    registry=REGISTRY,
)
MESSAGES = Counter(
    "clerk_messages",
    "Reminders and action owners' DMs by kind and outcome: sent (in Slack now), retry, "
    "failed; found counts those sent that an earlier attempt had posted and were not posted "
    "again.",
    ["kind", "outcome"],
    registry=REGISTRY,
)
LATENESS = Histogram(
    "clerk_message_lateness_seconds",
    "How long after it was due a reminder or DM was posted.",
    ["kind"],
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600),
    registry=REGISTRY,
)
REPORT_JOBS = Counter(
    "clerk_report_jobs",
    "Report drafts compiled after the answer, by outcome (ok, failed).",
    ["outcome"],
    registry=REGISTRY,
)
REPORT_SECONDS = Histogram(
    "clerk_report_seconds",
    "How long a report job took, from start to its files ready.",
    buckets=(0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120),
    registry=REGISTRY,
)


class _Store(Collector):
    """Read at each scrape: the outbox's due messages by kind, and the database's size."""

    def __init__(self) -> None:
        self.stores: Stores | None = None
        self.clock: Callable[[], datetime] = system_clock

    def describe(self) -> Iterator[Metric]:
        yield GaugeMetricFamily("clerk_outbox_depth", "", labels=["kind"])
        yield GaugeMetricFamily("clerk_database_bytes", "")

    def collect(self) -> Iterator[Metric]:
        if self.stores is None:
            return
        depth = GaugeMetricFamily(
            "clerk_outbox_depth",
            "Reminders and DMs due and not yet sent (waiting, being sent or to retry).",
            labels=["kind"],
        )
        store = self.stores.get()
        with store.reading():
            due = store.outbox.depth(self.clock())
        for kind in ("reminder", "dm"):
            depth.add_metric([kind], due.get(kind, 0))
        yield depth
        size = sum(
            path.stat().st_size
            for path in (Path(self.stores.path), Path(self.stores.path + "-wal"))
            if path.exists()
        )
        yield GaugeMetricFamily(
            "clerk_database_bytes", "The SQLite file and its write-ahead log.", value=size
        )


_STORE = _Store()
REGISTRY.register(_STORE)


def watch(stores: Stores, clock: Callable[[], datetime]) -> None:
    """Read the outbox and the database size from these stores at each scrape."""
    _STORE.stores, _STORE.clock = stores, clock


class Endpoint:
    """GET /metrics in Prometheus' text format."""

    def __init__(self, token: str | None = None) -> None:
        self.token = os.environ.get("CLERK_METRICS_TOKEN", "") if token is None else token

    def answer(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.token:
            given = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                start_response("401 Unauthorized", [("Content-Length", "0")])
                return [b""]
        body = generate_latest(REGISTRY)
        start_response(
            "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))]
        )
        return [body]


def request_kind(body: dict) -> str:
    """What a Slack request is, for counting: an event's type, an interaction's, a command."""
    if body.get("command"):
        return "slash_command"
    if body.get("type") == "event_callback":
        return str((body.get("event") or {}).get("type") or "event")
    return str(body.get("type") or "other")
