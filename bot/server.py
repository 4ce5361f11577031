"""`clerk serve`: the Bolt app behind a WSGI app with /healthz, on the waitress server."""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable, Iterable

import waitress
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from .stores import Stores

log = logging.getLogger("clerk.server")


def make_wsgi(app: App, stores: Stores) -> Callable:
    """POST /slack/events goes to Bolt; GET /healthz checks the database."""
    bolt = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            return _health(stores, start_response)
        return bolt(environ, start_response)

    return wsgi


def _health(stores: Stores, start_response: Callable) -> Iterable[bytes]:
    try:
        ok = stores.get().healthy()
    except Exception:  # a health check reports; it never raises
        log.exception("health check failed")
        ok = False
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
    threads: int = 8,
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
