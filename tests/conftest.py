"""Fixtures: a fresh database file per test, a hand-moved clock, the router harness, and
for Slack-level tests a fake Slack Web API and Clerk's edge (configured per test module)."""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from storage import Store

from . import fakeslack
from .edge import InProcess, start_serve, stop
from .harness import GROUP_SETUP, MEETING_SETUP, Clerk, FakeClock

ROOT = Path(__file__).resolve().parent.parent

# Test files live in memory where the machine has a roomy tmpfs and TMPDIR does not say
# otherwise: the suite makes thousands of fsync'd commits and WAL checkpoints, and its waits
# on the disk for them were 13 s of 100. What the tests show of durability — a process killed
# at a chosen point — is the same on any file system; a power cut is not something they show.
# A run writes about 300 MB before it tidies up; a container's /dev/shm is often 64 MB.
SHM = "/dev/shm"
if (
    "TMPDIR" not in os.environ
    and os.path.isdir(SHM)
    and os.access(SHM, os.W_OK)
    and shutil.disk_usage(SHM).free > 2 * 1024**3
):
    tempfile.tempdir = SHM

# pytest keeps the test modules it rewrote for their assertions only where bytecode may be
# written; where PYTHONDONTWRITEBYTECODE is set, each worker of each run rewrote all of them
# again (3 s of CPU a worker).
sys.dont_write_bytecode = False


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile Clerk's modules to bytecode once, before the workers start: where
    PYTHONDONTWRITEBYTECODE is set (this CI's machines), each of the suite's many `clerk`
    processes would otherwise compile all of them again (a quarter of a second each)."""
    if not hasattr(session.config, "workerinput"):  # the controller, not each xdist worker
        for package in ("bot", "commands", "storage", "templates", "bench"):
            compileall.compile_dir(ROOT / package, quiet=2)


# The modules that take longest (they start servers and wait out timeouts), run first: each
# runs whole on one worker, and one started last would keep the others waiting at the end.
LONGEST_FIRST = (
    "test_http_edge",
    "test_faults_served",
    "test_faults_reports",
    "test_jobs",
    "test_permission_matrix",
    "test_profiles",
    "test_oauth",
    "test_cli",
    "test_errors",
    "test_backup",
    "test_durability",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest modules first (LONGEST_FIRST), the rest in their usual order."""
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.module.__name__.rsplit(".", 1)[-1], len(rank)))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers more than the CPUs. A part of the suite waits on the `clerk`
    processes and timeouts it starts, and the extra workers' tests fill that time (two CPUs,
    with servers forked from tests/launcher.py: 71 s with three workers and 24 CPU-seconds
    idle, 66 s with four and 9 idle, 73 s with five)."""
    if hasattr(os, "sched_getaffinity"):  # the CPUs this process may use (Linux)
        return len(os.sched_getaffinity(0)) + 2
    return (os.cpu_count() or 2) + 2


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def empty_file(tmp_path_factory):
    """A new database (the schema, no record), made once: making one takes 70 ms."""
    path = tmp_path_factory.mktemp("prepared") / "empty.db"
    Store.open(path).close()
    return path


@pytest.fixture
def store(empty_file, tmp_path):
    """This test's database: new (a copy of `empty_file`), or the one `meeting` or `group`
    made for it, then a second connection to the same record."""
    path = tmp_path / "clerk.db"
    if not path.exists():
        shutil.copy(empty_file, path)
    # A copy of a file this session made and migrated: no need to look again (2 ms an open).
    s = Store.open(path, migrate_schema=False)
    yield s
    s.close()


@pytest.fixture
def clerk(store, clock) -> Clerk:
    """The router over an empty database."""
    return Clerk(store, clock)


def _prepared(tmp_path_factory, name: str, lines: tuple[str, ...]):
    """A database file holding what `lines` record, made once per test session."""
    path = tmp_path_factory.mktemp("prepared") / f"{name}.db"
    store = Store.open(path)
    clerk = Clerk(store, FakeClock())
    for line in lines:
        clerk.ok(line)
    store.close()
    return path


def _copy_of(prepared, tmp_path, clock):
    """The router over a fresh copy of a prepared database: the same record, no set-up time."""
    path = tmp_path / "clerk.db"
    shutil.copy(prepared, path)
    store = Store.open(path, migrate_schema=False)  # made and migrated this session
    yield Clerk(store, clock)
    store.close()


@pytest.fixture(scope="session")
def group_file(tmp_path_factory):
    return _prepared(tmp_path_factory, "group", GROUP_SETUP)


@pytest.fixture(scope="session")
def meeting_file(tmp_path_factory):
    """A database file holding the `meeting` fixture's record, made once; copy it to use it."""
    return _prepared(tmp_path_factory, "meeting", (*GROUP_SETUP, *MEETING_SETUP))


@pytest.fixture
def group(group_file, tmp_path, clock) -> Clerk:
    """A set-up group: U0CHAIR rapporteur, U0ASSOC2 associate, U0TSB secretariat."""
    yield from _copy_of(group_file, tmp_path, clock)


@pytest.fixture
def meeting(meeting_file, tmp_path, clock) -> Clerk:
    """The group with the reference meeting, part of its agenda and five documents."""
    yield from _copy_of(meeting_file, tmp_path, clock)


@pytest.fixture
def open_meeting(meeting):
    """The reference meeting opened at 14:30 Geneva, on item 3.2 (for live capture)."""
    meeting.ok("/meeting open at=14:30")
    meeting.ok("/agenda take 3.2")
    return meeting


@pytest.fixture
def meeting_copy(meeting_file, tmp_path):
    """A fresh copy of `meeting_file` for this test: the same record, no set-up time."""
    path = tmp_path / "meeting.db"
    shutil.copy(meeting_file, path)
    return path


@pytest.fixture(scope="module")
def slack(request):
    """The fake Slack Web API of a test module; its `FAKE_SLACK` dict sets users, channels…"""
    with fakeslack.running(**getattr(request.module, "FAKE_SLACK", {})) as fake:
        yield fake


@pytest.fixture(scope="module")
def served(request, slack, tmp_path_factory):
    """Clerk's Slack edge for a test module, after the module's `SETUP` commands.

    In process (Bolt's dispatch behind the same WSGI edge) unless the module says
    `SERVED = "process"`: then a real `clerk serve` answers over HTTP (the smoke tests).
    `SETUP` is a list of (command, text, keyword arguments of Served.command); `SERVE_ENV`
    adds to the served process's environment.
    """
    tmp = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    if getattr(request.module, "SERVED", "") == "process":
        edge = start_serve(tmp, slack.api_url, env=getattr(request.module, "SERVE_ENV", None))
    else:
        edge = InProcess(tmp, slack.api_url)
    try:
        for command, text, kwargs in getattr(request.module, "SETUP", ()):
            resp = edge.command(command, text, **kwargs)
            assert resp.status == 200 and b'"ephemeral"' not in resp.body, resp.body
        yield edge
    finally:
        stop(edge)
