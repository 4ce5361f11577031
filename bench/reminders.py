"""Reminder dispatch: 1,000 reminders due at one instant, lateness and messages per second."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk import WebClient

from bot.reminders import POST_WORKERS, Dispatcher, slack_poster, start_scheduler
from storage import MeetingFields, MeetingKind, Store
from tests.edge import free_port


def _fake_slack() -> tuple[subprocess.Popen, str]:
    """The fake Web API in its own process, as Slack is: it must not share our GIL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakeslack", str(port)])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_calls", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the fake Slack did not start")


def _posts(url: str) -> list[dict]:
    calls = json.loads(urllib.request.urlopen(f"{url}/_calls", timeout=10).read())
    return [c for c in calls if c["method"] == "chat.postMessage"]


def run(count: int = 1000, interval: float = 1.0, workers: int = POST_WORKERS) -> dict:
    fake, url = _fake_slack()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "reminders.db"
            store = Store.open(path)
            now = datetime.now(UTC)
            due = now + timedelta(seconds=3)  # after the scheduler is up and idle
            with store.transaction():
                for n in range(count):
                    group = store.groups.create(
                        "TBENCH",
                        f"C{n:05d}",
                        name=f"Group {n}",
                        short_name=f"G{n}",
                        parent="",
                        tz="UTC",
                        now=now,
                    )
                    meeting = store.meetings.create(
                        group.id,
                        MeetingFields(
                            title=f"Interim {n}",
                            kind=MeetingKind.INTERIM,
                            start=due + timedelta(hours=1),
                            end=due + timedelta(hours=2),
                            remind="1h",
                        ),
                        now=now,
                    )
                    store.reminders.add(meeting.id, 60, due, status="pending", now=now)
            store.close()
            stores = {}

            def thread_store() -> Store:  # the scheduler's thread gets its own connection
                import threading

                key = threading.get_ident()
                if key not in stores:
                    stores[key] = Store.open(path, migrate_schema=False)
                return stores[key]

            client = WebClient(token="xoxb-bench", base_url=f"{url}/api/", timeout=10)
            dispatcher = Dispatcher(thread_store, slack_poster(client), workers=workers)
            scheduler = start_scheduler(dispatcher, interval)
            deadline = time.monotonic() + 60
            while len(_posts(url)) < count and time.monotonic() < deadline:
                time.sleep(0.2)
            scheduler.shutdown(wait=True)
            posts = _posts(url)
            late = sorted(c["at"] - due.timestamp() for c in posts)
            channels = [c["channel"] for c in posts]
            span = max(c["at"] for c in posts) - min(c["at"] for c in posts)
            return {
                "reminders": count,
                "posted": len(posts),
                "duplicates": len(channels) - len(set(channels)),
                "interval_s": interval,
                "lateness_p50_s": statistics.median(late),
                "lateness_p99_s": late[int(len(late) * 0.99) - 1],
                "lateness_max_s": late[-1],
                "messages_per_s": len(posts) / span if span else float(len(posts)),
            }
    finally:
        fake.terminate()
        fake.wait(timeout=10)


def table(r: dict) -> str:
    return "\n".join(
        [
            "| reminders | posted | duplicates | lateness p50 (s) | p99 (s) | max (s) "
            "| messages/s |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {r['reminders']} | {r['posted']} | {r['duplicates']} | {r['lateness_p50_s']:.2f} | "
            f"{r['lateness_p99_s']:.2f} | {r['lateness_max_s']:.2f} | {r['messages_per_s']:.0f} |",
        ]
    )
