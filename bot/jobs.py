"""Running slow work after the ack: on a thread, or in a worker process when it is heavy.

A report is compiled in a fresh worker process: its memory (python-docx holds the whole
document as an XML tree) goes back to the system when it ends, and its seconds of CPU do
not hold the server's interpreter lock while other delegates' commands wait for an answer.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from commands import Reply
from storage import Store

from . import metrics
from .stores import Stores

# Reports compiled at once; a larger burst queues.
WORKER_PROCESSES = 2
# Longer than any report takes (3,000 documents: about 6 s here).
JOB_TIMEOUT = 600


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


def start_worker() -> None:
    """A new worker: tied to the server's life, and the report code loaded before a report
    asks for it (python-docx, Jinja2, the templates: most of a cold start)."""
    die_with_parent()
    import commands  # noqa: F401 (its front loads the report's renderers)


def _nothing() -> None:
    """A task that only makes the pool start a worker (and, once it ends, its successor)."""


def _run_in_worker(db_path: str, job) -> Reply:
    store = Store.open(db_path, migrate_schema=False)
    try:
        return job(store)
    finally:
        store.close()


class Jobs:
    """Runs a Reply's `later` work: isolated jobs in a worker process, the rest in-thread."""

    def __init__(self, stores: Stores, *, processes: int = WORKER_PROCESSES, warm: bool = True):
        self.stores = stores
        # spawn, not fork: the server has threads, and a forked copy of their locks can hang.
        self.pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=1,
            initializer=start_worker,
        )
        if warm:
            # Each worker serves one report, and the pool starts the next one as it ends: a
            # first no-op task puts a loaded worker in place before the first /report.
            self.pool.submit(_nothing)

    def run(self, later) -> Reply:
        if getattr(later, "isolated", False):
            started = time.monotonic()
            try:
                reply: Reply = self.pool.submit(_run_in_worker, self.stores.path, later).result(
                    JOB_TIMEOUT
                )
            except BaseException:
                metrics.REPORT_JOBS.labels("failed").inc()
                raise
            metrics.REPORT_JOBS.labels("ok" if reply.ok else "failed").inc()
            metrics.REPORT_SECONDS.observe(time.monotonic() - started)
            return reply
        return later(self.stores.get())

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


# Opening a file a delegate sent (a Word template, a document list) happens in a process of
# its own, so a file that parses into gigabytes or minutes of CPU costs that process alone.
PARSE_MEMORY = 1024 * 1024 * 1024  # bytes of address space
PARSE_SECONDS = 60.0


class IsolatedFailure(Exception):
    """The isolated work ran out of memory or time, or its process died."""


def _isolated_main(conn, memory: int, fn, args) -> None:
    import resource

    die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        conn.send((True, fn(*args)))
    except MemoryError:
        conn.send((False, IsolatedFailure("out of memory")))
    except BaseException as err:  # handed back to the caller, raised there
        conn.send((False, err))
    finally:
        conn.close()


def isolated(fn, *args, memory: int = 0, seconds: float = 0.0):
    """`fn(*args)` in a fresh process limited in memory and time; its exception is re-raised
    here, and IsolatedFailure when it ran out of either or died."""
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_isolated_main,
        args=(send, memory or PARSE_MEMORY, fn, args),
        daemon=True,  # dies with the server
    )
    process.start()
    send.close()
    try:
        if not receive.poll(seconds or PARSE_SECONDS):
            raise IsolatedFailure("out of time")
        ok, value = receive.recv()
    except EOFError as err:
        raise IsolatedFailure("the process died") from err
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receive.close()
    if not ok:
        raise value
    return value
