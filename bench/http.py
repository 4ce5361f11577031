"""Slash-command latency and throughput through the real HTTP edge, against a bare Bolt app."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from tests import fakeslack
from tests.edge import free_port

from .data import make_meeting

SECRET = "bench-secret"
CONCURRENCY = (1, 8, 32)
_ids = itertools.count()


def _start(args: list[str], port: int, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:  # the child keeps its own handle
        proc = subprocess.Popen(
            [sys.executable, *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(log.read_text())


def serve_env(db: Path, api_url: str) -> dict[str, str]:
    """The environment of a benchmarked `clerk serve`: bench tokens, its database, the fake."""
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "CLERK_DB": str(db),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }


def start_clerk(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    """`clerk serve` on a free port, once it answers /healthz; the process and its port."""
    port = free_port()
    args = ["-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return _start(args, port, env, log), port


def _body(command: str, text: str, *, user: str = "UCHAIR", channel: str = "CBENCH") -> str:
    return urlencode(
        {
            "team_id": "TBENCH",
            "channel_id": channel,
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "trigger_id": f"bench.{time.time_ns()}.{next(_ids)}",
            "response_url": "http://127.0.0.1:9/",
            "channel_name": "bench",
        }
    )


def _signed(body: str) -> dict:
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sig,
    }


def load(port: int, command: str, text: str, concurrency: int, requests: int) -> dict:
    """`requests` signed slash commands from `concurrency` keep-alive clients."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = requests // concurrency

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for n in range(per_client):
            body = _body(command, text.format(n=n))
            started = time.perf_counter()
            conn.request("POST", "/slack/events", body=body, headers=_signed(body))
            resp = conn.getresponse()
            resp.read()
            mine.append(time.perf_counter() - started)
            if resp.status != 200:
                with lock:
                    errors += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "rps": len(latencies) / elapsed,
    }


def run(requests: int = 1600, concurrency=CONCURRENCY) -> list[dict]:
    fake = fakeslack.FakeSlack(team_id="TBENCH")
    web = fakeslack.start(fake)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        store, _, _ = make_meeting(db, 12)
        store.close()
        env = serve_env(db, fake.api_url)
        clerk, clerk_port = start_clerk(env, Path(tmp) / "clerk.log")
        bare_port = free_port()
        bare = _start(
            ["-m", "bench.bare_app", str(bare_port)], bare_port, env, Path(tmp) / "bare.log"
        )
        # The same bare app making one fsync'd commit per command: Clerk's floor.
        floor_port = free_port()
        floor = _start(
            ["-m", "bench.bare_app", str(floor_port), str(Path(tmp) / "floor.db")],
            floor_port,
            env,
            Path(tmp) / "floor.log",
        )
        try:
            load(clerk_port, "/note", '1 "warm-up {n}"', 4, 200)
            load(bare_port, "/note", '1 "warm-up {n}"', 4, 200)
            load(floor_port, "/note", '1 "warm-up {n}"', 4, 200)
            for c in concurrency:
                base = load(bare_port, "/note", '1 "Note {n}"', c, requests)
                committed = load(floor_port, "/note", '1 "Note {n}"', c, requests)
                for command, text in (
                    ("/note", '1 "A note logged during the meeting, {n}."'),
                    ("/doc", "S2-2400001"),
                ):
                    got = load(clerk_port, command, text, c, requests)
                    rows.append(
                        {
                            "command": f"{command} ({'write' if command == '/note' else 'read'})",
                            "clerk": got,
                            "bare": base,
                            "bare_commit": committed,
                            "over_floor_p50_ms": got["p50_ms"] - committed["p50_ms"],
                            "p50_ratio": got["p50_ms"] / base["p50_ms"],
                            "p99_ratio": got["p99_ms"] / base["p99_ms"],
                        }
                    )
        finally:
            for proc in (clerk, bare, floor):
                proc.terminate()
                proc.wait(timeout=10)
            web.shutdown()
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| command | concurrency | Clerk p50 / p99 (ms) | bare Bolt p50 / p99 (ms) | "
        "bare + one commit p50 / p99 (ms) | Clerk over that, p50 (ms) | ratio to bare p50 / p99 "
        "| Clerk req/s | bare req/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        c, b, f = r["clerk"], r["bare"], r["bare_commit"]
        lines.append(
            f"| {r['command']} | {c['concurrency']} | {c['p50_ms']:.1f} / {c['p99_ms']:.1f} | "
            f"{b['p50_ms']:.1f} / {b['p99_ms']:.1f} | {f['p50_ms']:.1f} / {f['p99_ms']:.1f} | "
            f"{r['over_floor_p50_ms']:+.1f} | {r['p50_ratio']:.2f} / {r['p99_ratio']:.2f} "
            f"| {c['rps']:.0f} | {b['rps']:.0f} | {c['errors']} |"
        )
    return "\n".join(lines)
