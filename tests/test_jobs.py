"""bot/jobs.py: work in worker processes — a delegate's file opened in a limited one, each
report in a loaded worker of its own."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time

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


def _modules_loaded(names: tuple[str, ...]) -> list[bool]:
    return [name in sys.modules for name in names]


def test_a_loaded_report_worker_is_ready_before_the_first_report(tmp_path):
    """Each report runs in a worker of its own; the first is started (and the report code
    loaded) when the server starts, and each next one as the last ends."""
    jobs = Jobs(Stores(str(tmp_path / "w.db")))
    try:
        names = ("commands.report.word", "commands.report.render")
        # A job runs in the worker that is waiting: the report code is already there.
        assert jobs.in_worker(_modules_loaded, names) == [True, True]
    finally:
        jobs.shutdown()


def test_the_worker_loaded_at_start_runs_the_first_report_and_an_idle_one_ends_with_the_server(
    tmp_path,
):
    """One worker is loaded ahead (not one for a warm-up and another after it), the first
    report runs in it, the next is started as it ends; stopping leaves no worker behind."""

    def workers() -> set[int]:  # besides those of the module's server
        return {p.pid for p in multiprocessing.active_children()} - others

    others = {p.pid for p in multiprocessing.active_children()}
    jobs = Jobs(Stores(str(tmp_path / "w.db")))
    try:
        [waiting] = workers()
        assert jobs.in_worker(os.getpid) == waiting
        [next_one] = workers()
        assert next_one != waiting
    finally:
        jobs.shutdown()
    assert workers() == set()


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
    try:
        assert jobs.in_worker(os.getpid) != os.getpid()
        time.sleep(0.2)  # a refill would have started by now
        assert {p.pid for p in multiprocessing.active_children()} - others == set()
    finally:
        jobs.shutdown()
