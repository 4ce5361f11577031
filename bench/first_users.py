"""First-time delegates commenting at once while Slack's users.info is slow (issue 11).

Each new user costs one users.info call (0.3 s here, as seen from real workspaces). The look-ups
run before the database lock, so they overlap instead of queueing; a command in another
channel is not held up by them.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from storage import Store
from tests.edge import free_port

from .data import make_meeting
from .http import _body, _signed, serve_env, start_clerk

USERS = 12
LOOKUP_SECONDS = 0.3


def _post(port: int, body: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("POST", "/slack/events", body=body, headers=_signed(body))
    resp = conn.getresponse()
    resp.read()
    return time.perf_counter() - started, resp.status


def run(users: int = USERS) -> dict:
    api_port = free_port()
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.fakeslack", str(api_port), "TBENCH", f"{LOOKUP_SECONDS}"]
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "first.db"
            store, group, meeting = make_meeting(db, 12)
            store.close()
            env = serve_env(db, f"http://127.0.0.1:{api_port}/api/")
            clerk, port = start_clerk(env, Path(tmp) / "serve.log")
            try:
                times: list[float] = [0.0] * users
                other: list[float] = []

                def comment(n: int) -> None:
                    body = _body("/comment", f'1 "First comment of delegate {n}."', user=f"UNEW{n}")
                    times[n] = _post(port, body)[0]

                threads = [threading.Thread(target=comment, args=(n,)) for n in range(users)]
                for t in threads:
                    t.start()
                time.sleep(0.05)  # while the look-ups are under way
                other.append(_post(port, _body("/doc", "list", channel="COTHER"))[0])
                for t in threads:
                    t.join()
            finally:
                clerk.terminate()
                clerk.wait(timeout=10)
            store = Store.open(db)
            texts = [e.text for e in store.entries.of_meeting(meeting.id) if e.kind == "comment"]
            store.close()
            ours = [t for t in texts if t.startswith("First comment of delegate")]
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    times.sort()
    return {
        "users": users,
        "lookup_s": LOOKUP_SECONDS,
        "max_s": times[-1],
        "p50_s": times[len(times) // 2],
        "other_channel_s": other[0],
        "stored": len(ours),
        "duplicates": len(ours) - len(set(ours)),
    }


def table(row: dict) -> str:
    return "\n".join(
        [
            "| first-time users | users.info (s) | slowest answer (s) | median (s) | "
            "other channel meanwhile (s) | stored | duplicates |",
            "|---|---|---|---|---|---|---|",
            f"| {row['users']} | {row['lookup_s']} | {row['max_s']:.2f} | {row['p50_s']:.2f} | "
            f"{row['other_channel_s']:.2f} | {row['stored']} | {row['duplicates']} |",
        ]
    )
