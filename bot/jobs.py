"""Running slow work after the ack: on a thread, or in a worker process when it is heavy.

A report is compiled in a fresh worker process: its memory (python-docx holds the whole
document as an XML tree) goes back to the system when it ends, and its seconds of CPU do
not hold the server's interpreter lock while other delegates' commands wait for an answer.

Workers are forked from a fork server that loaded the report code once, when the server
started (multiprocessing's "forkserver": a process of its own with no threads, so a fork of
it is safe where a fork of the threaded server is not). A worker is ready in milliseconds
with everything loaded, however many reports run at once, and nothing is reloaded after
each. With CLERK_WARM_WORKER=0 no such process is kept: each worker is spawned and loads the
code itself (about a second of CPU).
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import multiprocessing.forkserver
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from commands import REPORT_CODE, Reply
from storage import Store

from . import metrics
from .stores import Stores

# Reports compiled at once; a larger burst queues.
WORKER_PROCESSES = 2
# Longer than any report takes (3,000 documents: about 6 s here).
JOB_TIMEOUT = 600.0
# Opening a file a delegate sent (a Word template, a document list) happens in a process of
# its own, so a file that parses into gigabytes or minutes of CPU costs that process alone.
PARSE_MEMORY = 1024 * 1024 * 1024  # bytes of address space
PARSE_SECONDS = 60.0


class IsolatedFailure(Exception):
    """The work in a worker process ran out of memory or time, or its process died."""


def die_with_parent() -> None:
    """In a worker process: be killed when the server dies (Linux), never left running with
    parent 1 holding memory and the database; elsewhere nothing."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the server died before we could ask
        os._exit(1)


@contextmanager
def collector_off() -> Iterator[None]:
    """The cycle collector paused around one job in a process that ends after it.

    A 3,000-document report makes a million small objects (the model, the layout's tree, the
    XML's strings) and frees them by reference counting; the collector's passes over them
    found nothing to free and took up to half of the layout's time. What is loaded before the
    job is frozen out of its passes for good."""
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# What the fork server loads for every worker: the report code (python-docx, Jinja2, the
# templates: most of a cold start) and the command line a served process was started from.
LOADED = ["bot.cli", REPORT_CODE]
_loading = threading.Lock()
_loaded = False


def load_ahead() -> None:
    """Start this process's fork server with the report code loaded (once; it returns at
    once, the loading goes on in that process). Workers started after it are forked from
    it; it ends when this process ends."""
    global _loaded
    with _loading:
        if not _loaded:
            multiprocessing.get_context("forkserver").set_forkserver_preload(LOADED)
            multiprocessing.forkserver.ensure_running()
            _loaded = True


def _worker_main(conn: Connection, preload: bool) -> None:
    """A worker: tied to the server's life, the report code loaded if asked and not already
    there, then one call and its answer."""
    import resource

    die_with_parent()
    if preload:
        importlib.import_module(REPORT_CODE)
    try:
        fn, args, memory = conn.recv()
    except EOFError:  # let go unused (the server stopped)
        return
    # A worker forked from the fork server is that process's child, so the death signal above
    # waits for it; the server's end of this pipe closing says the server died.
    threading.Thread(target=_end_when_closed, args=(conn,), daemon=True).start()
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        with collector_off():  # memory stays bounded by the limit above
            value = fn(*args)
        conn.send((True, value))
    except MemoryError:
        conn.send((False, IsolatedFailure("out of memory")))
    except BaseException as err:  # handed back to the caller, raised there
        conn.send((False, err))
    finally:
        conn.close()


def _end_when_closed(conn: Connection) -> None:
    """In a worker running its job: end at once when the server's end of the pipe closes
    (the server died; nothing more is read from it until the job is done)."""
    conn.poll(None)
    os._exit(1)


class Worker:
    """One process that runs one call and ends: forked from the loaded fork server, or
    spawned (never forked from the server itself: it has threads, and a forked copy of their
    locks can hang)."""

    def __init__(self, *, preload: bool = False, forked: bool | None = None):
        """`forked`: from the fork server (loading it first if need be), or spawned; by
        default forked when the fork server is loaded."""
        if forked:
            load_ahead()
        ctx: Any = multiprocessing.get_context(
            "forkserver" if (_loaded if forked is None else forked) else "spawn"
        )
        # Daemonic: a worker is ended with the server instead of holding its exit.
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, preload), daemon=True)
        self.process.start()
        child.close()

    def call(self, fn: Callable[..., Any], *args: Any, memory: int = 0, seconds: float = 0.0):
        """`fn(*args)` in this worker, its exception re-raised here; IsolatedFailure when it
        ran out of memory (`memory` bytes) or time (`seconds`), or the process died."""
        try:
            self._conn.send((fn, args, memory))
            if not self._conn.poll(seconds or None):
                raise IsolatedFailure("out of time")
            ok, value = self._conn.recv()
        except (EOFError, OSError) as err:
            raise IsolatedFailure("the process died") from err
        finally:
            self.stop()
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self._conn.close()


def isolated(fn: Callable[..., Any], *args: Any, memory: int = 0, seconds: float = 0.0):
    """`fn(*args)` in a fresh process limited in memory and time (see Worker.call)."""
    return Worker().call(fn, *args, memory=memory or PARSE_MEMORY, seconds=seconds or PARSE_SECONDS)


def _run_in_worker(db_path: str, job) -> Reply:
    store = Store.open(db_path, migrate_schema=False)
    try:
        return job(store)
    finally:
        store.close()


class Jobs:
    """Runs a Reply's `later` work: isolated jobs in a worker process, the rest in-thread.

    `warm`: the report code is loaded once, as the server starts (load_ahead), so a report
    never waits for it to load; else each report's worker loads it."""

    def __init__(self, stores: Stores, *, processes: int = WORKER_PROCESSES, warm: bool = True):
        self.stores = stores
        self._slots = threading.BoundedSemaphore(processes)
        self._warm = warm
        if warm:
            load_ahead()

    def run(self, later) -> Reply:
        if not getattr(later, "isolated", False):
            return later(self.stores.get())
        started = time.monotonic()
        try:
            reply: Reply = self.in_worker(_run_in_worker, self.stores.path, later)
        except BaseException:
            metrics.REPORT_JOBS.labels("failed").inc()
            raise
        metrics.REPORT_JOBS.labels("ok" if reply.ok else "failed").inc()
        metrics.REPORT_SECONDS.observe(time.monotonic() - started)
        return reply

    def in_worker(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker process of its own, the report code loaded."""
        with self._slots:
            worker = Worker(preload=True, forked=self._warm)
            return worker.call(fn, *args, seconds=JOB_TIMEOUT)
