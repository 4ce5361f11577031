"""Running `clerk serve` for a test and talking to it as Slack does: signed form posts."""

from __future__ import annotations

import hashlib
import hmac
import io
import itertools
import json
import logging
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bot.forms import FORMS, view
from storage import Store

from .launcher import Launched, launch

SECRET = "test-signing-secret"
_TRIGGERS = itertools.count(1)  # Slack gives every invocation its own trigger_id
TOKEN = "xoxb-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign(body: str, timestamp: int, secret: str = SECRET) -> str:
    """Slack's v0 request signature."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Served:
    """A running `clerk serve` process."""

    url: str
    db: Path
    process: subprocess.Popen | Launched
    log: Path
    api_url: str = ""

    def post(
        self,
        form: dict,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict | None = None,
    ) -> Response:
        body = urlencode(form)
        ts = int(time.time()) if timestamp is None else timestamp
        all_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": signature if signature is not None else sign(body, ts),
            **(headers or {}),
        }
        request = urllib.request.Request(
            f"{self.url}/slack/events", data=body.encode(), headers=all_headers, method="POST"
        )
        return self._send(request)

    def event(
        self,
        event: dict,
        *,
        event_id: str,
        team: str = "T1",
        headers: dict | None = None,
        **envelope,
    ) -> Response:
        """An Events API callback as Slack posts it (JSON, signed); `envelope`: more of its
        outer fields (a Grid org's enterprise_id, is_enterprise_install)."""
        body = json.dumps(
            {
                "token": "deprecated",
                "team_id": team,
                "api_app_id": "A1",
                "event": event,
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                **envelope,
            }
        )
        ts = int(time.time())
        request = urllib.request.Request(
            f"{self.url}/slack/events",
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": str(ts),
                "X-Slack-Signature": sign(body, ts),
                **(headers or {}),
            },
        )
        return self._send(request)

    def interaction(self, payload: dict) -> Response:
        """An interactivity payload (shortcut, view_submission, block_actions) as Slack posts it."""
        return self.post({"payload": json.dumps(payload)})

    def get(self, path: str) -> Response:
        return self._send(urllib.request.Request(f"{self.url}{path}"))

    @staticmethod
    def _send(request) -> Response:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return Response(resp.status, resp.read(), time.monotonic() - started)
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read(), time.monotonic() - started)

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user: str = "U0CHAIR",
        channel: str = "C1",
        team: str = "T1",
        headers: dict | None = None,
        **extra,
    ) -> Response:
        """A slash command as Slack posts it."""
        form = {
            "token": "deprecated",
            "team_id": team,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "rg-sop",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": self.api_url.replace("/api/", f"/response/R{next(_TRIGGERS)}"),
            "trigger_id": f"{time.time_ns()}.{next(_TRIGGERS)}",
            **extra,
        }
        return self.post(form, headers=headers)


def start_serve(tmp_path: Path, api_url: str, *, env: dict | None = None) -> Served:
    """Start `clerk serve` on a free port and wait until /healthz answers."""
    port = free_port()
    db = tmp_path / "served.db"
    full_env = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "CLERK_DB": str(db),
        "LOG_LEVEL": "INFO",
        # No fork server loading the report code (a second of CPU) in each server a test
        # starts: a report's worker loads it itself. The modules that test reports over HTTP
        # keep Clerk's default (CLERK_WARM_WORKER=1) in their SERVE_ENV.
        "CLERK_WARM_WORKER": "0",
        **(env or {}),
    }
    process = launch(
        ["serve", "--host", "127.0.0.1", "--port", str(port)],
        env=full_env,
        stdout=tmp_path / "serve.log",
    )
    served = Served(f"http://127.0.0.1:{port}", db, process, tmp_path / "serve.log", api_url)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((tmp_path / "serve.log").read_text())
        try:
            if served.get("/healthz").status == 200:
                return served
        except OSError:
            pass
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(
        "clerk serve did not become healthy:\n" + (tmp_path / "serve.log").read_text()
    )


def stop(served: Served) -> str:
    """Stop the server with SIGTERM (as a platform would) and return its log."""
    if isinstance(served, InProcess):
        served.close()
        return ""
    served.process.terminate()
    try:
        served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()
    return ""


# The fault tests' settings: timeouts shortened, so the faults show within seconds.
FAULT_ENV = {
    "CLERK_REMINDER_INTERVAL": "0.2",
    "CLERK_SLACK_TIMEOUT": "1",
    "CLERK_BUSY_TIMEOUT": "1",
    "CLERK_STALE_CLAIM": "3",
    "CLERK_RECHECK_SECONDS": "1",
}


def drained(served: Served, timeout: float = 30.0) -> None:
    """Wait until nothing in the outbox is due and unsent (what /metrics reports as the
    outbox's depth): every send and every look after a lost answer has happened; then a
    moment more, in which a wrong second post would show."""
    deadline = time.monotonic() + timeout
    store = Store.open(served.db)
    try:
        while store.outbox.depth(datetime.now(UTC)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.outbox.depth(datetime.now(UTC)) == {}
    finally:
        store.close()
    time.sleep(0.5)


def interaction_payload(kind: str, *, user: str = "U0CHAIR", **fields) -> dict:
    """The envelope every interactivity payload shares: type, team, user, app; then `fields`."""
    return {
        "type": kind,
        "team": {"id": "T1", "domain": "fake"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "token": "deprecated",
        **fields,
    }


def view_submission(
    form: str, values: dict[str, str], *, user: str = "U0CHAIR", channel: str
) -> dict:
    """A view_submission payload as Slack sends it."""
    state = {}
    for name, value in values.items():
        field = next(f for f in FORMS[form].fields if f.name == name)
        state[name] = (
            {"v": {"type": "static_select", "selected_option": {"value": value}}}
            if field.choices
            else {"v": {"type": "plain_text_input", "value": value}}
        )
    v = view(form, channel, key=SECRET)
    return interaction_payload(
        "view_submission",
        user=user,
        trigger_id="1.2.3",
        view={
            **v,
            "id": "V1",
            "team_id": "T1",
            "state": {"values": state},
            "hash": "1.abc",
            "app_id": "A1",
            "bot_id": "B1",
        },
        response_urls=[],
    )


class InProcess(Served):
    """The same Slack edge (signature check, Bolt dispatch, listeners) called in this process:
    each request goes straight to the WSGI app, as bolt-python's own tests dispatch, while
    Clerk's Web API calls still go to the fake Slack over HTTP."""

    def __init__(self, tmp_path: Path, api_url: str):
        from bot.config import Config
        from bot.server import make_wsgi
        from bot.slack_app import create_app
        from bot.stores import Stores

        db = tmp_path / "served.db"
        config = Config(
            bot_token=TOKEN,
            signing_secret=SECRET,
            app_token="",
            api_url=api_url,
            db_path=str(db),
            port=0,
            # The report code loaded once for this test process (bot.jobs.load_ahead), as a
            # server loads it: each report's worker is then forked in milliseconds.
            warm_worker=True,
        )
        self.stores = Stores(str(db))
        self.app = create_app(config, self.stores)
        self.wsgi = make_wsgi(self.app, self.stores, SECRET)
        super().__init__("http://in-process", db, None, tmp_path / "serve.log", api_url)  # type: ignore[arg-type]
        # What a served process would write to its log, for tests that read it.
        self.handler = logging.FileHandler(self.log)
        self.handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.handler.setLevel(logging.INFO)
        root = logging.getLogger()
        self.old_level = root.level
        root.addHandler(self.handler)
        root.setLevel(logging.INFO)

    def _send(self, request: urllib.request.Request) -> Response:  # type: ignore[override]
        data = request.data or b""
        path = request.selector.split("?", 1)[0]
        environ = {
            "REQUEST_METHOD": request.get_method(),
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_LENGTH": str(len(data)),
            "CONTENT_TYPE": request.get_header("Content-type", ""),
            "wsgi.input": io.BytesIO(data),
        }
        for key, value in request.header_items():
            name = key.upper().replace("-", "_")
            if name not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[f"HTTP_{name}"] = value
        seen: dict = {}

        def start_response(status: str, headers: list) -> None:
            seen["status"] = int(status.split()[0])

        started = time.monotonic()
        body = b"".join(self.wsgi(environ, start_response))
        return Response(seen["status"], body, time.monotonic() - started)

    def close(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.old_level)
        self.handler.close()


def message(text: str, ts: str, *, channel: str, user: str = "U0DELEGATE", **extra) -> dict:
    """A channel message event as Slack sends it."""
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "channel",
        **extra,
    }


def changed(
    channel: str, ts: str, text: str, before: str, *, user: str = "U0DELEGATE", **inner
) -> dict:
    """message_changed as Slack sends it for an edit, a thread reply or an unfurl."""
    now = f"{time.time():.6f}"
    return {
        "type": "message",
        "subtype": "message_changed",
        "channel": channel,
        "hidden": True,
        "ts": now,
        "event_ts": now,
        "message": {"type": "message", "user": user, "ts": ts, "text": text, **inner},
        "previous_message": {"type": "message", "user": user, "ts": ts, "text": before},
    }


# A channel set up through the edge, and what it recorded -----------------------------------


def set_up_channel(
    served,
    channel: str,
    *,
    open_: bool = False,
    meeting: bool = True,
    day: str = "2024-08-01",
    docs: tuple[str, ...] = ("C103",),
) -> None:
    """A group in `channel`; unless `meeting` is false, a session on `day` with item 3.2
    taken and `docs` on it (opened if asked: a meeting of an earlier day opens at its start)."""
    steps = [("/clerk", f'setup name="WG {channel}" tz=Europe/Zurich')]
    if meeting:
        steps += [
            ("/meeting", f'new "Session" start="{day} 14:30" end="15:45"'),
            ("/agenda", 'add 3.2 "Strategic plan"'),
            *(("/doc", f"add {doc} item=3.2") for doc in docs),
            ("/agenda", "take 3.2"),
        ]
    if open_:
        steps.append(("/meeting", "open"))
    for command, text in steps:
        resp = served.command(command, text, channel=channel)
        assert resp.status == 200 and resp.json()["response_type"] == "in_channel", resp.body


def live_entries(served, channel: str) -> list[tuple]:
    store = Store.open(served.db)
    try:
        group = store.groups.get("T1", channel)
        meeting = store.meetings.latest(group.id)
        return [(e.kind, e.target, e.text) for e in store.entries.of_meeting(meeting.id)]
    finally:
        store.close()


def now_ts(offset: float = 0.0) -> str:
    return f"{time.time() + offset:.6f}"
