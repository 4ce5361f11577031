"""Peak memory (RSS) of `clerk serve` after posting a 3,000-document report."""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
import urllib.request
from pathlib import Path

from .data import make_meeting
from .http import _body, _signed, serve_env, start_clerk
from .reminders import _fake_slack


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in MB."""
    out: dict[str, int] = {}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # it ended meanwhile
        return out
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) // 1024
    return out


def _descendants(pid: int) -> list[int]:
    """Processes under `pid`: the fork server with the report code loaded, and the report
    workers forked from it."""
    out = []
    with contextlib.suppress(OSError):  # it ended meanwhile
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):  # the thread ended meanwhile
                out += [int(c) for c in (task / "children").read_text().split()]
    return out + [d for child in out for d in _descendants(child)]


def _fork_server(pid: int) -> int:
    """The fork server's RSS in MB (what CLERK_WARM_WORKER=1 keeps loaded); 0 if none."""
    for child in _descendants(pid):
        with contextlib.suppress(OSError):
            if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
                return _status(child).get("VmRSS", 0)
    return 0


def run(documents: int = 3000) -> dict:
    fake, url = _fake_slack()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "memory.db"
            store, _, _ = make_meeting(db, documents)
            store.close()
            proc, port = start_clerk(serve_env(db, f"{url}/api/"), Path(tmp) / "serve.log")
            try:
                time.sleep(2)  # the fork server loads the report code
                idle = _status(proc.pid)
                loaded = _fork_server(proc.pid)
                body = _body("/report", "")
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/slack/events",
                    data=body.encode(),
                    headers=_signed(body),
                )
                started = time.monotonic()
                urllib.request.urlopen(request, timeout=10).read()
                worker_peak = 0
                while time.monotonic() - started < 300:
                    for child in _descendants(proc.pid):
                        worker_peak = max(worker_peak, _status(child).get("VmHWM", 0))
                    calls = json.loads(urllib.request.urlopen(f"{url}/_calls").read())
                    if any(c["method"] == "files.completeUploadExternal" for c in calls):
                        break
                    time.sleep(0.05)
                posted_after = time.monotonic() - started
                after = _status(proc.pid)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    return {
        "documents": documents,
        "idle_rss_mb": idle["VmRSS"],
        "rss_after_mb": after["VmRSS"],
        "peak_rss_mb": after["VmHWM"],
        "loaded_mb": loaded,
        "worker_peak_mb": worker_peak,
        "report_posted_s": posted_after,
    }


def table(r: dict) -> str:
    return "\n".join(
        [
            "| documents | server RSS idle (MB) | server RSS after (MB) | server peak (MB) "
            "| fork server, code loaded (MB) | report worker peak (MB) "
            "| /report posted after (s) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {r['documents']} | {r['idle_rss_mb']} | {r['rss_after_mb']} | {r['peak_rss_mb']} | "
            f"{r['loaded_mb']} | {r['worker_peak_mb']} | {r['report_posted_s']:.1f} |",
        ]
    )
