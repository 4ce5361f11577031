"""Exactly once when Slack is slow, the database is busy or the process dies: faults injected
into a running `clerk serve`, posts counted at the fake Web API."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta

from storage import Store

from .edge import FAULT_ENV, drained, start_serve, stop

SERVED = "process"
SERVE_ENV = FAULT_ENV


def book(served, channel: str, *, ahead: float = 1.5) -> None:
    """A group whose interim meeting's 1h reminder falls due `ahead` seconds from now."""
    served.command("/clerk", f'setup name="WG {channel}" tz=UTC', channel=channel)
    start = datetime.now(UTC) + timedelta(hours=1, seconds=ahead)
    resp = served.command(
        "/meeting",
        f'new "Interim" kind=interim start="{start:%Y-%m-%d %H:%M:%S}" tz=UTC remind=1h',
        channel=channel,
    )
    assert "Reminders before it: 1h." in resp.json()["text"], resp.body


def posts(slack, channel: str) -> list:
    return [
        c
        for c in slack.calls_to("chat.postMessage")
        if c.args.get("channel") == channel and c.args["text"].startswith("Reminder:")
    ]


def status(served, channel: str) -> str:
    return served.command("/meeting", "info", channel=channel).json()["text"]


def settled(served, channel: str, timeout: float = 20.0) -> str:
    """/meeting info once the reminder is no longer being sent or retried."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = status(served, channel)
        if "1h before — sent" in info or "failed" in info:
            return info
        time.sleep(0.2)
    return status(served, channel)


def test_an_answer_slower_than_the_timeout_is_one_post_shown_sent(served, slack):
    slack.delays["chat.postMessage"] = 2.0  # Slack posts, then answers after the timeout
    try:
        book(served, "C1")
        slack.wait_for(lambda: posts(slack, "C1"), timeout=15)
        info = settled(served, "C1")
    finally:
        slack.delays.clear()
    drained(served)
    assert len(posts(slack, "C1")) == 1
    assert "1h before — sent" in info


def test_a_connection_dropped_after_posting_is_one_post(served, slack):
    slack.drop["chat.postMessage"] = 1
    book(served, "C2")
    info = settled(served, "C2")
    drained(served)
    assert len(posts(slack, "C2")) == 1
    assert "1h before — sent" in info


def test_a_database_busy_when_the_send_is_recorded_posts_once(served, slack):
    held = threading.Event()

    def hold_the_database() -> None:  # another writer, for 2 s, while Slack is posting
        def hold():
            conn = sqlite3.connect(served.db, timeout=10)
            conn.execute("BEGIN EXCLUSIVE")
            held.set()
            time.sleep(2.0)  # twice CLERK_BUSY_TIMEOUT
            conn.rollback()
            conn.close()

        threading.Thread(target=hold, daemon=True).start()
        held.wait(5)

    slack.on_request["chat.postMessage"] = hold_the_database
    try:
        book(served, "C3")
        slack.wait_for(lambda: posts(slack, "C3"), timeout=15)
    finally:
        slack.on_request.clear()
    info = settled(served, "C3")
    drained(served)  # a lost record would leave the reminder due, and post it again
    assert len(posts(slack, "C3")) == 1
    assert "1h before — sent" in info


def test_sigkill_while_posting_is_taken_over_at_restart_and_posted_once(slack, tmp_path):
    first = start_serve(tmp_path, slack.api_url, env=SERVE_ENV)
    killed = threading.Event()

    def kill() -> None:  # Slack has the post; Clerk dies before it hears back
        os.kill(first.process.pid, signal.SIGKILL)
        killed.set()

    slack.on_request["chat.postMessage"] = kill
    try:
        book(first, "C4")
        assert killed.wait(15)
    finally:
        slack.on_request.clear()
    first.process.wait(10)
    # The same machine's next process, with the default stale period of 10 minutes.
    env = {k: v for k, v in SERVE_ENV.items() if k != "CLERK_STALE_CLAIM"}
    second = start_serve(tmp_path, slack.api_url, env=env)
    try:
        info = settled(second, "C4")
        assert "1h before — sent" in info
        assert len(posts(slack, "C4")) == 1
    finally:
        stop(second)


def test_a_command_waiting_on_a_busy_database_is_answered_in_time_then_told(slack, tmp_path):
    served = start_serve(
        tmp_path, slack.api_url, env={"CLERK_BUSY_TIMEOUT": "30", "CLERK_ACK_SECONDS": "0.5"}
    )
    try:
        served.command("/clerk", 'setup name="WG" tz=UTC', channel="C6")
        served.command("/meeting", 'new "M" start="2024-08-01 14:30"', channel="C6")
        served.command("/agenda", 'add 1 "One"', channel="C6")
        held = threading.Event()

        def hold():  # another writer (a big import, a backup) for 2 s
            conn = sqlite3.connect(served.db, timeout=10)
            conn.execute("BEGIN EXCLUSIVE")
            held.set()
            time.sleep(2.0)  # four times CLERK_ACK_SECONDS
            conn.rollback()
            conn.close()

        threading.Thread(target=hold, daemon=True).start()
        assert held.wait(5)
        resp = served.command(
            "/note", '1 "Kept, though late."', channel="C6", response_url=slack.response_url("n6")
        )
        assert resp.status == 200 and resp.seconds < 1.5
        assert "still writing this down" in resp.json()["text"]
        [later] = slack.wait_for(lambda: slack.responses_to("n6"), timeout=20)
        assert "#1 note on item 1" in later["text"] and later["response_type"] == "in_channel"
        store = Store.open(served.db)
        try:
            meeting = store.meetings.latest(store.groups.get("T1", "C6").id)
            assert [e.text for e in store.entries.of_meeting(meeting.id)] == ["Kept, though late."]
        finally:
            store.close()
    finally:
        stop(served)


def test_an_owners_dm_whose_connection_drops_is_sent_once(served, slack):
    channel = "C10"
    served.command("/clerk", 'setup name="WG C10" tz=UTC', channel=channel)
    served.command("/meeting", 'new "M" start="2024-08-01 14:30"', channel=channel)
    served.command("/agenda", 'add 1 "One"', channel=channel)
    slack.drop["chat.postMessage"] = 1  # Slack delivers the DM; its answer is lost
    served.command("/action", '1 owner=<@U0OWNER> "circulate the draft"', channel=channel)

    def dms():
        return [
            c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == "DU0OWNER"
        ]

    slack.wait_for(dms, timeout=15)
    drained(served)  # the look after the lost answer, and any resend, have happened
    assert len(dms()) == 1
    assert [
        c for c in slack.calls_to("conversations.history") if c.args.get("channel") == "DU0OWNER"
    ]


def test_a_server_error_after_posting_is_one_post(served, slack):
    slack.fail_after["chat.postMessage"] = 1  # Slack posted, then answered 500
    book(served, "C11")
    info = settled(served, "C11")
    drained(served)
    assert len(posts(slack, "C11")) == 1
    assert "1h before — sent" in info
