"""Report and export deliveries when Slack is slow or the process dies: shared at most once,
and the requester told the truth — faults injected into a running `clerk serve`, shares
counted at the fake Web API (the sends of reminders and DMs are test_faults_served)."""

from __future__ import annotations

import os
import signal
import threading
import time

from bot.delivery import this_process
from storage import Store

from .edge import FAULT_ENV, drained, start_serve, stop

SERVED = "process"
SERVE_ENV = {**FAULT_ENV, "CLERK_WARM_WORKER": "1"}  # reports in workers forked loaded


def report_shares(slack, channel: str) -> list:
    return [
        c
        for c in slack.calls_to("files.completeUploadExternal")
        if c.args.get("channel_id") == channel
    ]


def test_a_report_whose_share_is_answered_late_is_posted_once_and_not_called_failed(served, slack):
    channel = "C7"
    served.command("/clerk", 'setup name="WG C7" tz=UTC', channel=channel)
    served.command("/meeting", 'new "M" start="2024-08-01 14:30"', channel=channel)
    slack.delays["files.completeUploadExternal"] = 2.0  # shared, answered after the timeout
    try:
        resp = served.command(
            "/report", "md", channel=channel, response_url=slack.response_url("r7")
        )
        assert resp.status == 200
        slack.wait_for(lambda: report_shares(slack, channel), timeout=30)
        drained(served)  # the looks after the lost answer
    finally:
        slack.delays.clear()
    assert len(report_shares(slack, channel)) == 1
    assert not [r for r in slack.responses_to("r7") if "could not" in r["text"]]


def test_a_report_whose_connection_drops_after_sharing_is_posted_once(served, slack):
    channel = "C8"
    served.command("/clerk", 'setup name="WG C8" tz=UTC', channel=channel)
    served.command("/meeting", 'new "M" start="2024-08-01 14:30"', channel=channel)
    slack.drop["files.completeUploadExternal"] = 1
    resp = served.command("/report", "md", channel=channel, response_url=slack.response_url("r8"))
    assert resp.status == 200
    slack.wait_for(lambda: report_shares(slack, channel), timeout=30)
    drained(served)
    assert len(report_shares(slack, channel)) == 1
    assert not [r for r in slack.responses_to("r8") if "could not" in r["text"]]


def processes_of(db) -> list[int]:
    """Processes still running with this database in their environment (a server's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if f"CLERK_DB={db}".encode() in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def test_sigkill_during_a_report_is_resumed_at_restart_and_told(slack, tmp_path):
    first = start_serve(tmp_path, slack.api_url, env=SERVE_ENV)
    channel = "C9"
    first.command("/clerk", 'setup name="WG C9" tz=UTC', channel=channel)
    first.command("/meeting", 'new "M" start="2024-08-01 14:30"', channel=channel)
    killed = threading.Event()

    def kill() -> None:  # the report compiled, about to be uploaded: the server dies
        os.kill(first.process.pid, signal.SIGKILL)
        killed.set()

    slack.on_request["files.getUploadURLExternal"] = kill
    try:
        first.command("/report", "md", channel=channel, response_url=slack.response_url("r9"))
        assert killed.wait(30)
    finally:
        slack.on_request.clear()
    first.process.wait(10)
    deadline = time.monotonic() + 5
    while processes_of(first.db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_of(first.db) == []  # no worker left behind with parent 1
    second = start_serve(tmp_path, slack.api_url, env=SERVE_ENV)
    try:
        [told] = slack.wait_for(lambda: slack.responses_to("r9"), timeout=20)
        assert "Clerk restarted while it was preparing your `/report md`" in told["text"]
        slack.wait_for(lambda: report_shares(slack, channel), timeout=30)
        drained(second)
        assert len(report_shares(slack, channel)) == 1
    finally:
        stop(second)


def test_sigkill_after_the_report_was_shared_is_not_shared_again_at_restart(slack, tmp_path):
    """The process dies after Slack shared the files, before it recorded that: the restarted
    sender finds the files shared (their ids were recorded before the share) and posts
    nothing more — one report in the channel, no "prepared again" message."""
    first = start_serve(tmp_path, slack.api_url, env=SERVE_ENV)
    channel = "C9b"
    first.command("/clerk", 'setup name="WG C9b" tz=UTC', channel=channel)
    first.command("/meeting", 'new "M" start="2024-08-01 14:30"', channel=channel)
    killed = threading.Event()

    def kill() -> None:  # Slack has shared the files; the answer never reaches Clerk
        os.kill(first.process.pid, signal.SIGKILL)
        killed.set()

    slack.after_request["files.completeUploadExternal"] = kill
    try:
        first.command("/report", "md", channel=channel, response_url=slack.response_url("r9b"))
        assert killed.wait(30)
    finally:
        slack.after_request.clear()
    first.process.wait(10)
    second = start_serve(tmp_path, slack.api_url, env=SERVE_ENV)
    try:
        deadline = time.monotonic() + 20
        store = Store.open(second.db)
        try:
            while store.deliveries.interrupted() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert store.deliveries.interrupted() == []  # taken over and settled
        finally:
            store.close()
        time.sleep(1.0)
        assert len([f for f in slack.files if f["channel"] == channel]) == 1
        assert len(report_shares(slack, channel)) == 1
        assert not [r for r in slack.responses_to("r9b") if "restarted" in r["text"]]
    finally:
        stop(second)


def test_a_process_forked_after_loading_clerk_claims_deliveries_in_its_own_name():
    """A delivery is claimed in the name of the process making it, so that a restart takes over
    a dead process's claims and leaves a live one's alone. A process forked after loading Clerk
    (as the tests' launcher forks servers) once claimed in its parent's name, alive all along:
    its report, killed half-way, was never taken over."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child only writes its name and leaves
        os.write(write, this_process().encode())
        os._exit(0)
    os.close(write)
    child = os.read(read, 200).decode()
    os.close(read)
    os.waitpid(pid, 0)
    assert child.endswith(f":{pid}") and child != this_process()
