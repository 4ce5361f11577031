"""A local fake of the Slack Web API that records every call and file upload (tests only).

Point `SLACK_API_URL` at `fake.api_url`; it answers the methods Clerk uses the way Slack does,
including the three-step file upload (getUploadURLExternal, POST to the upload URL,
completeUploadExternal).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Call:
    """One Web API call as Slack would have received it."""

    method: str
    args: dict
    token: str
    at: float = field(default_factory=time.time)  # when the fake received it


@dataclass
class FakeSlack:
    """The recorded state of the fake: calls, uploaded bytes, completed files."""

    users: dict = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)  # completed: id, title, filename, channel
    canvases: dict[str, str] = field(default_factory=dict)  # canvas id -> markdown
    # method -> error code to answer with (e.g. "not_in_channel"), for failure tests.
    errors: dict[str, str] = field(default_factory=dict)
    socket_url: str = ""  # what apps.connections.open hands out (a local WebSocket server)
    # method -> Retry-After seconds: the next call gets HTTP 429 once, as Slack's limiter does.
    rate_limited: dict[str, int] = field(default_factory=dict)
    # method -> seconds: answer that late, as a busy Slack does (users.info takes ~0.3 s).
    delays: dict[str, float] = field(default_factory=dict)
    # Channels Clerk is not a member of: posts, uploads and canvases there fail not_in_channel.
    not_in: set[str] = field(default_factory=set)
    # Channel -> its members (None: everyone), for users.conversations (App Home's filter).
    channels: dict[str, set[str] | None] = field(default_factory=dict)
    # Files users shared, by name: what GET /download/<name> answers (with the bot's token).
    downloads: dict[str, bytes] = field(default_factory=dict)
    # A trigger_id made as "<time_ns>.<n>" (tests/edge.py) expires this many seconds after it
    # was made, as Slack's do: views.open answers expired_trigger_id.
    trigger_ttl: float = 3.0
    # Download name -> where GET /download/<name> redirects instead (a 302 with Location).
    redirects: dict[str, str] = field(default_factory=dict)
    # Download name -> seconds between bytes: the file trickles in, as a hostile host sends.
    trickle: dict[str, float] = field(default_factory=dict)
    # File id -> its full record, what files.info answers (Slack Connect stubs need it).
    file_records: dict[str, dict] = field(default_factory=dict)
    # Method -> a function called as a call to it arrives (before any delay): fault tests act
    # at that moment (hold the database, kill Clerk).
    on_request: dict = field(default_factory=dict)
    # Method -> a function called once Slack has acted on a call, before it answers: a
    # fault test kills Clerk there (the act done, its answer never read).
    after_request: dict = field(default_factory=dict)
    # Method -> how many of its next calls Slack acts on, then answers HTTP 500.
    fail_after: dict[str, int] = field(default_factory=dict)
    # Method -> how many of its next calls Slack acts on, then drops the connection unanswered.
    drop: dict[str, int] = field(default_factory=dict)
    # Channel -> messages posted there (ts, text, metadata): what conversations.history reads.
    messages: dict[str, list[dict]] = field(default_factory=dict)
    # What was posted to a slash command's or interaction's response_url, in order.
    responses: list[dict] = field(default_factory=list)
    port: int = 0
    # The workspace auth.test names: Clerk's installation, that groups are keyed on.
    team_id: str = "T1"
    # OAuth: code -> the workspace that "Allow" was clicked in (oauth.v2.access answers it
    # with a bot token of that workspace's own, xoxb-<team>-token).
    oauth_codes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._names: dict[str, str] = {}

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url as Slack gives one; posts to it land in `responses` with `name`."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def download_url(self, name: str) -> str:
        """A file's url_private_download, as Slack gives it in a message's files."""
        return f"http://127.0.0.1:{self.port}/download/{name}"

    def responses_to(self, name: str) -> list[dict]:
        with self._lock:
            return [r for r in self.responses if r["name"] == name]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate, timeout: float = 10.0):
        """Poll until `predicate()` is truthy (work Clerk does after the ack); its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError(f"fake Slack did not see it within {timeout}s; calls: {self.calls}")

    # Answers -------------------------------------------------------------------------------

    def answer(self, method: str, args: dict, token: str) -> dict:
        with self._lock:
            self.calls.append(Call(method, args, token))
        if method in self.errors:
            return {"ok": False, "error": self.errors[method]}
        channel = args.get("channel") or args.get("channel_id") or ""
        if channel in self.not_in and method in (
            "chat.postMessage",
            "chat.postEphemeral",
            "files.completeUploadExternal",
            "canvases.create",
        ):
            return {"ok": False, "error": "not_in_channel"}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": channel, "is_member": channel not in self.not_in}}
        if method == "users.conversations":
            user = args.get("user", "")
            mine = [c for c, members in self.channels.items() if members is None or user in members]
            return {"ok": True, "channels": [{"id": c} for c in mine], "response_metadata": {}}
        if method == "conversations.open":
            user = args.get("users", "").split(",")[0]
            if self.users.get(user, {}).get("deleted"):
                return {"ok": False, "error": "user_disabled"}
            if self.users.get(user, {}).get("is_bot"):
                return {"ok": False, "error": "cannot_dm_bot"}
            return {"ok": True, "channel": {"id": "D" + user}}
        if method == "oauth.v2.access":
            team = self.oauth_codes.get(str(args.get("code", "")))
            if team is None:
                return {"ok": False, "error": "invalid_code"}
            org = team.startswith("E")  # an Enterprise Grid org-wide install
            return {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": "U0CHAIR"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": f"xoxb-{team}-token",
                "bot_user_id": "UCLERK",
                "team": None if org else {"id": team, "name": f"Workspace {team}"},
                "enterprise": {"id": team, "name": f"Org {team}"} if org else None,
                "is_enterprise_install": org,
            }
        if method == "auth.test":
            # A workspace's own token names it (OAuth); the one token names team_id.
            owner = token.split("-")[1] if token.count("-") >= 2 else self.team_id
            if owner.startswith("E"):  # an org-wide install's token names the org, no workspace
                return {
                    "ok": True,
                    "url": "https://org.enterprise.slack.com/",
                    "team": "Org",
                    "user": "clerk",
                    "team_id": "",
                    "enterprise_id": owner,
                    "is_enterprise_install": True,
                    "user_id": "UCLERK",
                    "bot_id": "BCLERK",
                }
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "clerk",
                "team_id": owner if owner.startswith("T") else self.team_id,
                "user_id": "UCLERK",
                "bot_id": "BCLERK",
            }
        if method == "users.info":
            user_id = args.get("user", "")
            profile = self.users.get(user_id, {})
            return {
                "ok": True,
                "user": {
                    "id": user_id,
                    "team_id": profile.get("team_id", self.team_id),
                    "name": user_id.lower(),
                    "is_admin": profile.get("is_admin", False),
                    "is_owner": profile.get("is_owner", False),
                    "is_bot": profile.get("is_bot", False),
                    "deleted": profile.get("deleted", False),
                    **(
                        {"enterprise_user": {"enterprise_id": profile["enterprise_id"]}}
                        if "enterprise_id" in profile
                        else {}
                    ),
                    "real_name": profile.get("real_name", user_id),
                    "profile": {
                        "display_name": profile.get("display_name", ""),
                        "real_name": profile.get("real_name", user_id),
                    },
                },
            }
        if method == "files.info":
            with self._lock:
                shared = [f for f in self.files if f["id"] == args.get("file")]
            if shared:
                channel = shared[0]["channel"]
                return {
                    "ok": True,
                    "file": {"id": shared[0]["id"], "shares": {"public": {channel: [{}]}}},
                }
            record = self.file_records.get(args.get("file", ""))
            if record is None:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": record}
        if method == "reactions.add":
            return {"ok": True}
        if method == "canvases.create":
            canvas_id = f"F{next(self._ids):04d}"
            with self._lock:
                self.canvases[canvas_id] = args["document_content"]["markdown"]
            return {"ok": True, "canvas_id": canvas_id}
        if method == "canvases.edit":
            with self._lock:
                if args["canvas_id"] not in self.canvases:
                    return {"ok": False, "error": "canvas_not_found"}
                for change in args["changes"]:
                    if change["operation"] == "replace":
                        self.canvases[args["canvas_id"]] = change["document_content"]["markdown"]
            return {"ok": True}
        if method == "views.open" and self._expired(str(args.get("trigger_id", ""))):
            return {"ok": False, "error": "expired_trigger_id"}
        if method in ("views.open", "views.publish", "views.update"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": f"V{next(self._ids):04d}", **(view or {})}}
        if method == "chat.update":
            with self._lock:
                kept = self.messages.get(str(args.get("channel")), [])
                found = [m for m in kept if m["ts"] == args.get("ts")]
                if not found:
                    return {"ok": False, "error": "message_not_found"}
                found[0]["text"] = args.get("text", "")
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "chat.postMessage":
            ts = f"{time.time():.6f}"
            meta = args.get("metadata")
            meta = json.loads(meta) if isinstance(meta, str) else meta
            with self._lock:
                self.messages.setdefault(str(args.get("channel")), []).append(
                    {"ts": ts, "text": args.get("text", ""), "metadata": meta}
                )
            return {"ok": True, "channel": args.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            return {"ok": True, "channel": args.get("channel"), "ts": f"{time.time():.6f}"}
        if method == "conversations.history":
            oldest = float(args.get("oldest") or 0)
            with self._lock:
                found = [
                    {"type": "message", "ts": m["ts"], "text": m["text"]}
                    | (
                        {"metadata": m["metadata"]}
                        if m["metadata"] and args.get("include_all_metadata")
                        else {}
                    )
                    for m in self.messages.get(str(args.get("channel")), [])
                    if float(m["ts"]) >= oldest
                ]
            return {"ok": True, "messages": found[::-1], "has_more": False}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):04d}"
            with self._lock:
                self._names[file_id] = args.get("filename", "")
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            done = []
            with self._lock:
                for f in files:
                    if f["id"] not in self.uploads:
                        return {"ok": False, "error": "file_upload_not_complete"}
                    record = {
                        "id": f["id"],
                        "title": f.get("title"),
                        "filename": self._names.get(f["id"]),
                        "channel": args.get("channel_id"),
                    }
                    self.files.append(record)
                    done.append({"id": f["id"], "title": f.get("title")})
            return {"ok": True, "files": done}
        if method == "apps.connections.open":
            if not token.startswith("xapp-") or not self.socket_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_url}
        return {"ok": False, "error": "unknown_method"}

    def _expired(self, trigger_id: str) -> bool:
        made = trigger_id.split(".", 1)[0]
        if not made.isdigit() or int(made) < 10**15:  # not a timestamped trigger
            return False
        return time.time() - int(made) / 1e9 > self.trigger_ttl

    def uploaded(self, filename: str) -> bytes:
        """The bytes of a completed upload, by file name."""
        for f in self.files:
            if f["filename"] == filename:
                return self.uploads[f["id"]]
        raise KeyError(filename)


def _handler(fake: FakeSlack):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            path = urlparse(self.path).path
            if not path.startswith("/download/"):
                return self._send(404, b"not found", "text/plain")
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            with fake._lock:
                fake.calls.append(Call("download", {"name": path.rsplit("/", 1)[1]}, token))
                content = fake.downloads.get(path.rsplit("/", 1)[1])
            name = path.rsplit("/", 1)[1]
            if name in fake.redirects:
                return self._send(302, b"", "text/plain", {"Location": fake.redirects[name]})
            if not token.startswith("xoxb-") or content is None:
                return self._send(403, b"forbidden", "text/plain")
            if name in fake.trickle:
                return self._trickle(content, fake.trickle[name])
            self._send(200, content, "application/octet-stream")

        def _trickle(self, content: bytes, every: float) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            try:
                for at in range(len(content)):
                    self.wfile.write(content[at : at + 1])
                    self.wfile.flush()
                    time.sleep(every)
            except OSError:
                pass  # the client gave up, as it should

        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            path = urlparse(self.path).path
            if path.startswith("/upload/"):
                with fake._lock:
                    fake.uploads[path.rsplit("/", 1)[1]] = body
                return self._send(200, b"OK", "text/plain")
            if path.startswith("/response/"):
                with fake._lock:
                    name = path.rsplit("/", 1)[1]
                    fake.responses.append({"name": name, **json.loads(body or b"{}")})
                return self._send(200, b"ok", "text/plain")
            method = path.removeprefix("/api/")
            hook = fake.on_request.get(method)
            if hook is not None:
                hook()
            delay = fake.delays.get(method)
            if delay:
                time.sleep(delay)
            ctype = self.headers.get("Content-Type", "")
            if "json" in ctype:
                args = json.loads(body or b"{}")
            else:
                args = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            with fake._lock:
                retry_after = fake.rate_limited.pop(method, None)
            if retry_after is not None:
                with fake._lock:
                    fake.calls.append(Call(method, {}, token))
                body = json.dumps({"ok": False, "error": "ratelimited"}).encode()
                return self._send(429, body, headers={"Retry-After": str(retry_after)})
            answer = json.dumps(fake.answer(method, args, token)).encode()
            after = fake.after_request.get(method)
            if after is not None:
                after()
            with fake._lock:
                dropping = fake.drop.get(method, 0) > 0
                if dropping:
                    fake.drop[method] -= 1
            if dropping:  # Slack acted; the answer never reaches the client
                self.close_connection = True
                return
            with fake._lock:
                failing = fake.fail_after.get(method, 0) > 0
                if failing:
                    fake.fail_after[method] -= 1
            if failing:  # Slack acted, then answered with a server error
                return self._send(500, b'{"ok": false, "error": "internal_error"}')
            self._send(200, answer)

        def _send(
            self,
            status: int,
            body: bytes,
            ctype: str = "application/json",
            headers: dict | None = None,
        ):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output quiet
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    # http.server listens with a backlog of 5: parallel clients would wait for TCP's 1 s
    # SYN retry, a stall Slack's servers never show.
    request_queue_size = 256
    daemon_threads = True


def start(fake: FakeSlack) -> ThreadingHTTPServer:
    """Serve `fake` on a free loopback port in a daemon thread; call .shutdown() to stop."""
    server = _Server(("127.0.0.1", 0), _handler(fake))
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def running(**kwargs) -> Iterator[FakeSlack]:
    """A FakeSlack(**kwargs) served for the duration of the block (a test module's fixture)."""
    fake = FakeSlack(**kwargs)
    server = start(fake)
    try:
        yield fake
    finally:
        server.shutdown()


def _serve_forever(port: int, team_id: str = "TBENCH", lookup_delay: float = 0.0) -> None:
    """`python -m tests.fakeslack PORT`: the fake in a process of its own (benchmarks, whose
    group lives in workspace TBENCH).

    GET /_calls answers what it received so far, as JSON: method, channel, at.
    """
    fake = FakeSlack(port=port, team_id=team_id)
    if lookup_delay:
        fake.delays["users.info"] = lookup_delay
    handler = _handler(fake)

    class WithCalls(handler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            with fake._lock:
                calls = [
                    {"method": c.method, "channel": c.args.get("channel"), "at": c.at}
                    for c in fake.calls
                ]
            self._send(200, json.dumps(calls).encode())

    _Server(("127.0.0.1", port), WithCalls).serve_forever()


if __name__ == "__main__":
    import sys

    _serve_forever(int(sys.argv[1]), *sys.argv[2:3], *map(float, sys.argv[3:4]))
