"""`clerk serve`: the Bolt app behind a WSGI app with /healthz, on the waitress server."""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable

import waitress
from slack_bolt import App

from storage.db import last_write_ok

from . import logs, metrics
from .clock import system_clock
from .edge import SlackEdge
from .stores import Stores

log = logging.getLogger("clerk.server")


# The full integrity check reads the whole file: at most once a minute, however often a
# load balancer (or anyone: /healthz is unauthenticated) asks.
FULL_CHECK_EVERY = 60.0


def make_wsgi(app: App | None, stores: Stores, signing_secret: str = "") -> Callable:
    """POST /slack/events goes to Bolt through the edge; GET /healthz checks the database."""
    edge = SlackEdge(app, signing_secret) if app is not None else None
    health = Health(stores)
    metrics.watch(stores, system_clock)
    scrape = metrics.Endpoint()

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        logs.forget()  # waitress reuses its threads; ids are set again for Slack's requests
        if environ.get("PATH_INFO") == "/healthz":
            return health.answer(start_response)
        if environ.get("PATH_INFO") == "/metrics" and environ.get("REQUEST_METHOD") == "GET":
            return scrape.answer(environ, start_response)
        if edge is None:
            start_response("404 Not Found", [("Content-Length", "0")])
            return [b""]
        return edge(environ, start_response)

    return wsgi


class Health:
    """GET /healthz: a cheap query each time, SQLite's quick_check at most once a minute."""

    def __init__(self, stores: Stores, *, every: float = FULL_CHECK_EVERY):
        self.stores = stores
        self.every = every
        self._lock = threading.Lock()
        self._checked_at = -every
        self._last = True

    def ok(self) -> bool:
        """Healthy: the last write reached the disk, the full check last passed, and the
        database answers now. Any exception is unhealthy, and stays so until a check passes."""
        if not last_write_ok():
            return False
        store = self.stores.get()
        with self._lock:
            due = time.monotonic() - self._checked_at >= self.every
            if due:
                self._checked_at = time.monotonic()
        if due:
            self._last = False  # until it has passed: a check that raises leaves it false
            self._last = store.healthy()
            return self._last
        return self._last and store.answers()

    def answer(self, start_response: Callable) -> Iterable[bytes]:
        try:
            ok = self.ok()
        except Exception:  # a health check reports; it never raises
            log.exception("health check failed")
            ok = False
        return _health_response(ok, start_response)


def _health_response(ok: bool, start_response: Callable) -> Iterable[bytes]:
    body = json.dumps({"ok": ok, "database": "ok" if ok else "error"}).encode()
    status = "200 OK" if ok else "503 Service Unavailable"
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def serve(
    wsgi: Callable,
    host: str,
    port: int,
    *,
    threads: int = 16,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Run until SIGTERM or SIGINT, then stop accepting and return."""
    server = waitress.create_server(wsgi, host=host, port=port, threads=threads)
    stop = threading.Event()

    def shutdown(signum, _frame):
        log.info("signal %s: shutting down", signum)
        stop.set()
        server.close()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
    if on_ready:
        on_ready(f"http://{server.effective_host}:{server.effective_port}")
    try:
        server.run()
    except (OSError, ValueError):
        if not stop.is_set():  # closing the socket on shutdown ends run() with an error
            raise
