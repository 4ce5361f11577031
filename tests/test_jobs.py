"""bot/jobs.py: work in worker processes — a delegate's file opened in a limited one, each
report in a loaded worker of its own."""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.jobs import IsolatedFailure, Jobs, Worker, isolated
from bot.stores import Stores


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _spin(seconds: float) -> None:
    time.sleep(seconds)


def test_a_file_is_opened_in_a_process_limited_in_memory_and_time():
    assert isolated(_allocate, 10) == 10 * 1024 * 1024
    with pytest.raises(IsolatedFailure, match="memory"):
        isolated(_allocate, 2048, memory=512 * 1024 * 1024)
    with pytest.raises(IsolatedFailure, match="time"):
        isolated(_spin, 30, seconds=1.0)


@pytest.mark.parametrize("forked", [False, True], ids=["spawned", "forked"])
def test_the_limits_hold_in_a_spawned_worker_and_in_one_forked_loaded(forked):
    """A file is opened in a worker forked from the loaded fork server when the server has
    one (its address space starts with the report code in it), else in a spawned one: the
    limits hold in both."""
    assert Worker(forked=forked).call(_allocate, 10, memory=512 * 1024 * 1024) == 10 * 1024 * 1024
    with pytest.raises(IsolatedFailure, match="memory"):
        Worker(forked=forked).call(_allocate, 2048, memory=512 * 1024 * 1024)
    with pytest.raises(IsolatedFailure, match="time"):
        Worker(forked=forked).call(_spin, 30, seconds=1.0)


def _modules_loaded(names: tuple[str, ...]) -> list[bool]:
    return [name in sys.modules for name in names]


REPORT_LIBRARIES = ("docx", "lxml.etree", "jinja2", "markdown", "icalendar")


def _loaded_and_parent() -> tuple[list[bool], int]:
    return _modules_loaded(("commands.report.word", *REPORT_LIBRARIES)), os.getppid()


def test_the_server_and_the_cli_load_no_report_library_until_a_report():
    """python-docx, lxml, Jinja2, Python-Markdown and icalendar load where a file is made:
    in a report's worker (loaded ahead in the fork server), not in every `clerk` process."""
    probe = "import sys, bot.cli, bot.slack_app; print([m in sys.modules for m in sys.argv[1:]])"
    done = subprocess.run(
        [sys.executable, "-c", probe, *REPORT_LIBRARIES],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    assert done.stdout.strip() == str([False] * len(REPORT_LIBRARIES))


def test_each_report_runs_in_a_worker_forked_with_the_report_code_loaded(tmp_path):
    """The report code is loaded once, as the server starts, in the fork server; each report
    runs in a process of its own forked from it, and none is left after it."""
    others = {p.pid for p in multiprocessing.active_children()}
    jobs = Jobs(Stores(str(tmp_path / "w.db")))
    assert {p.pid for p in multiprocessing.active_children()} == others  # nothing waiting
    first, (loaded, parent) = jobs.in_worker(os.getpid), jobs.in_worker(_loaded_and_parent)
    assert all(loaded)  # already there: nothing loaded for the job
    assert parent not in (os.getpid(), 1)  # forked from the fork server, not from us
    assert first not in (os.getpid(), jobs.in_worker(os.getpid))  # a process per report
    assert {p.pid for p in multiprocessing.active_children()} == others


# A server whose report job runs long, then is killed: `python -c SERVER db pidfile`.
SERVER = """
import sys
from bot.jobs import Jobs
from bot.stores import Stores
from tests.test_jobs import _tell_and_spin
Jobs(Stores(sys.argv[1])).in_worker(_tell_and_spin, sys.argv[2])
"""


def _tell_and_spin(pidfile: str) -> None:
    with open(pidfile, "w") as f:
        f.write(f"{os.getpid()} {os.getppid()}")
    time.sleep(60)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] not in "ZX"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_and_its_fork_server_end_when_the_server_is_killed(tmp_path):
    """SIGKILL of the server mid-report leaves no worker computing for nobody, and no fork
    server holding the report code's memory."""
    pidfile = tmp_path / "worker.pid"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(tmp_path / "w.db"), str(pidfile)],
        cwd=Path(__file__).parent.parent,
    )
    try:
        deadline = time.monotonic() + 30
        while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        worker, fork_server = map(int, pidfile.read_text().split())
        assert fork_server != server.pid
    finally:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 10
    while (_alive(worker) or _alive(fork_server)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)
    assert not _alive(fork_server)


def _collector_state() -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_a_job_runs_without_the_cycle_collector_in_a_worker_that_ends_after_it():
    """A report's million small objects are freed by reference counting; the collector's
    passes over them found nothing and cost up to half the layout's time."""
    enabled, frozen = Worker(preload=True).call(_collector_state)
    assert not enabled
    assert frozen > 10_000  # what was loaded before the job is out of the collector's way
    assert gc.isenabled()  # the server's own collector is untouched


def test_a_server_told_not_to_keep_a_worker_loaded_keeps_none_after_a_report(tmp_path):
    """CLERK_WARM_WORKER=0 saves a small dyno the loaded worker's memory: not only at start,
    but after each report too."""
    others = {p.pid for p in multiprocessing.active_children()}
    jobs = Jobs(Stores(str(tmp_path / "w.db")), warm=False)
    loaded, parent = jobs.in_worker(_loaded_and_parent)
    assert parent == os.getpid()  # spawned by the server: no loaded fork server to fork
    assert all(loaded)  # the worker loaded the code itself
    assert {p.pid for p in multiprocessing.active_children()} == others
