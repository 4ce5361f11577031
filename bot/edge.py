"""The HTTP door in front of Bolt: check the signature first, then read the body as Slack meant.

Bolt's own reading takes any form body that contains the word "payload" for an interactivity
payload (a document titled "RTP payload format" made `/doc add` a 404), and it parses the
body before it checks the signature, so a garbled timestamp or JSON body became a 500 with a
traceback. Here a request is verified on its raw bytes (slack_sdk's SignatureVerifier), refused
with 400/401 in one line of log that carries no body, and only then parsed and handed to Bolt
— once: Bolt takes it as a body its transport already read and verified, and does not check
the signature a second time.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest
from slack_sdk.signature import Clock, SignatureVerifier

log = logging.getLogger("clerk.edge")
# Slack's replay window: a request signed more than five minutes ago is refused.
MAX_AGE = 5 * 60
MAX_BODY = 2 * 1024 * 1024


class BadRequest(ValueError):
    """A request Slack would never send: answered 400 (or 401), never a traceback."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def verify(raw: bytes, headers: dict[str, str], secret: str, now: float) -> None:
    """Raise BadRequest unless `raw` carries a fresh, valid v0 signature made with `secret`."""
    stamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
        raise BadRequest(401, "missing or malformed timestamp")
    if abs(now - int(stamp)) > MAX_AGE:
        raise BadRequest(401, "stale timestamp")
    if not SignatureVerifier(secret, clock=_At(now)).is_valid(raw, stamp, signature):
        raise BadRequest(401, "bad signature")


class _At(Clock):
    """The verifier's clock at the edge's own `now` (a setting tests move)."""

    def __init__(self, now: float):
        self._now = now

    def now(self) -> float:
        return self._now


def read_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """The request as a dict: JSON (events), an interactivity payload, or a slash command."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(400, "body is not UTF-8") from exc
    if not text:
        return {}
    if content_type.startswith("application/json") or text.lstrip().startswith("{"):
        body = _json(text)
    else:
        params = dict(parse_qsl(text, keep_blank_values=True))
        # Interactivity posts one field, payload=; a slash command always has command=, and may
        # carry the word "payload" anywhere in its text, channel or user name.
        if "payload" in params and "command" not in params:
            body = _json(params["payload"])
        else:
            return params
    if not isinstance(body, dict):
        raise BadRequest(400, "body is not a JSON object")
    return body


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BadRequest(400, "body is not valid JSON") from exc


class SlackEdge:
    """WSGI app for POST /slack/events: verify, parse, then Bolt's dispatch."""

    def __init__(
        self,
        app: App,
        signing_secret: str,
        *,
        path: str = "/slack/events",
        now: Callable[[], float] = time.time,
    ):
        self.app = app
        self.secret = signing_secret
        self.path = path
        self.now = now

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        flow = self.app.oauth_flow
        if flow is not None and environ.get("REQUEST_METHOD") == "GET":
            # "Add to Slack" and Slack's redirect back: Bolt's OAuth flow answers both.
            path = environ.get("PATH_INFO")
            if path in (flow.install_path, flow.redirect_uri_path):
                request = BoltRequest(
                    body="",
                    query=environ.get("QUERY_STRING", ""),
                    headers=dict[str, Any](_headers(environ)),
                )
                handle = (
                    flow.handle_installation if path == flow.install_path else flow.handle_callback
                )
                response = handle(request)
                return _answer(
                    start_response,
                    response.status,
                    response.body,
                    [(k, v) for k, vs in response.headers.items() for v in vs],
                )
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, 404, "Not Found")
        headers = _headers(environ)
        try:
            raw = _read(environ)
            verify(raw, headers, self.secret, self.now())
            body = read_body(raw, headers.get("content-type", ""))
        except BadRequest as err:
            # One line, no body: a refused request may carry meeting text or a response_url.
            log.info("refused request: %s (%d)", err.reason, err.status)
            return _answer(start_response, err.status, "invalid request")
        response = self.app.dispatch(bolt_request(raw, body, headers, environ))
        return _answer(
            start_response,
            response.status,
            response.body,
            [(k, v) for k, vs in response.headers.items() for v in vs],
        )


def bolt_request(
    raw: bytes, body: dict[str, Any], headers: dict[str, str], environ: dict[str, Any]
) -> BoltRequest:
    """A BoltRequest with the body as read and verified here.

    Bolt's public way to take a body its transport has parsed and verified is the mode it
    uses for Socket Mode: it builds the context from the dict and skips its own signature
    check (the edge did it on the raw bytes; Bolt would parse them its own way)."""
    request = BoltRequest(
        body=body,
        query=environ.get("QUERY_STRING", ""),
        headers=dict[str, Any](headers),
        mode="socket_mode",
    )
    request.raw_body = raw.decode("utf-8")
    return request


def _headers(environ: dict) -> dict[str, str]:
    out = {}
    for key, value in environ.items():
        if key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            out[key.lower().replace("_", "-")] = value
        elif key.startswith("HTTP_"):
            out[key[5:].lower().replace("_", "-")] = value
    return out


def _read(environ: dict) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise BadRequest(400, "bad Content-Length") from exc
    if length < 0 or length > MAX_BODY:
        raise BadRequest(400, "body too large")
    return environ["wsgi.input"].read(length) if length else b""


def _answer(
    start_response: Callable,
    status: int,
    body: str,
    headers: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    data = body.encode("utf-8")
    names = {k.lower() for k, _ in headers or []}
    all_headers = list(headers or [])
    if "content-type" not in names:
        all_headers.append(("Content-Type", "text/plain; charset=utf-8"))
    all_headers = [(k, v) for k, v in all_headers if k.lower() != "content-length"]
    all_headers.append(("Content-Length", str(len(data))))
    start_response(f"{status} {_REASONS.get(status, 'OK')}", all_headers)
    return [data]


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    500: "Internal Server Error",
}
