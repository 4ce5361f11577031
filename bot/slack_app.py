"""The Slack edge: a Bolt app whose slash commands go to the same router as the shell."""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from commands import Caller, Context, Reply
from commands.reply import Canvas
from commands.report.command import record_canvas

from . import capture_events, forms, home, listings
from .clock import Clock, system_clock
from .config import Config
from .jobs import Jobs
from .routing import make_router
from .stores import Stores

log = logging.getLogger("clerk.slack")

COMMANDS = (
    "/clerk",
    "/meeting",
    "/agenda",
    "/doc",
    "/note",
    "/comment",
    "/decision",
    "/action",
    "/report",
)
# Display names change rarely; looking them up once an hour spares a Web API call per command.
PROFILE_TTL = 3600.0
# Profile look-ups happen before the ack, so they must leave room in Slack's 3-second window.
PROFILE_TIMEOUT = 1.5
# Uploads and report jobs in flight at once; more queue.
DELIVERY_WORKERS = 4


class Profiles:
    """Cached users.info look-ups: display name and whether the user is a workspace admin."""

    def __init__(self, client: WebClient):
        self.client = client
        self._cache: dict[str, tuple[float, tuple[str, bool]]] = {}
        self._lock = threading.Lock()

    def lookup(self, user_id: str) -> tuple[str, bool]:
        with self._lock:
            hit = self._cache.get(user_id)
        if hit and time.monotonic() - hit[0] < PROFILE_TTL:
            return hit[1]
        user = self.client.users_info(user=user_id)["user"]
        profile = user.get("profile", {})
        name = profile.get("display_name") or profile.get("real_name") or user.get("name", "")
        admin = bool(user.get("is_admin") or user.get("is_owner"))
        with self._lock:
            self._cache[user_id] = (time.monotonic(), (name, admin))
        return name, admin


def create_app(
    config: Config, stores: Stores, *, clock: Clock = system_clock, socket_mode: bool = False
) -> App:
    """A Bolt app for HTTP (signing secret) or Socket Mode (app token)."""
    client = WebClient(token=config.bot_token, base_url=config.api_url, timeout=10)
    # Uploads and posts after the ack: retry Slack's 429 (honouring Retry-After) and 5xx,
    # twice each, so a passing limit does not lose a report.
    client.retry_handlers.extend(
        [RateLimitErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)]
    )
    lookup_client = WebClient(
        token=config.bot_token, base_url=config.api_url, timeout=PROFILE_TIMEOUT
    )
    app = App(
        client=client,
        signing_secret=config.signing_secret or None,
        request_verification_enabled=not socket_mode,
        # The listener runs on the request's thread and answers as soon as it acks (Bolt's
        # other mode polls for the ack every 10 ms); slow work goes to `deliveries` instead.
        process_before_response=True,
    )
    profiles = Profiles(lookup_client)
    # Uploads and reports after the ack: a few at a time, each with its own store.
    deliveries = ThreadPoolExecutor(max_workers=DELIVERY_WORKERS, thread_name_prefix="deliver")
    jobs = Jobs(stores)

    def on_command(ack: Ack, body: dict, client: WebClient) -> None:
        started = time.monotonic()
        user_id = body.get("user_id", "")
        form = forms.form_for(body.get("command", ""), body.get("text", ""))
        if form and body.get("trigger_id"):
            # A bare /doc add, /meeting new or /comment: the form, pre-set for this channel.
            client.views_open(
                trigger_id=body["trigger_id"], view=forms.view(form, body.get("channel_id", ""))
            )
            ack()
            log.info(
                "command=%s team=%s channel=%s user=%s outcome=form ms=%d",
                body.get("command"),
                body.get("team_id"),
                body.get("channel_id"),
                user_id,
                (time.monotonic() - started) * 1000,
            )
            return
        caller = Caller(
            user_id=user_id,
            fallback_name=body.get("user_name", ""),
            lookup=lambda: profiles.lookup(user_id),
        )
        ctx = Context(
            team_id=body.get("team_id", ""),
            channel_id=body.get("channel_id", ""),
            caller=caller,
            now=clock(),
            channel_name=body.get("channel_name", ""),
            request_id=body.get("trigger_id", ""),
        )
        router = make_router(stores.get())
        reply = router.dispatch(body.get("command", ""), body.get("text", ""), ctx, escaped=True)
        ack(**ack_payload(reply))
        log.info(
            "command=%s team=%s channel=%s user=%s outcome=%s ms=%d",
            body.get("command"),
            ctx.team_id,
            ctx.channel_id,
            user_id,
            "ok" if reply.ok else "refused",
            (time.monotonic() - started) * 1000,
        )
        if reply.files or reply.later is not None:
            deliveries.submit(deliver, client, jobs, ctx.channel_id, user_id, reply)

    # One listener for all commands: Bolt tries each listener's matcher on every request.
    app.command(re.compile("^(" + "|".join(map(re.escape, COMMANDS)) + ")$"))(on_command)
    capture_events.register(app, stores, profiles.lookup, clock, deliveries)
    forms.register(app, stores, profiles.lookup, clock, deliveries)
    home.register(app, stores, clock, jobs, deliveries)
    listings.register(app, stores, profiles.lookup, clock, deliveries)
    return app


def ack_payload(reply: Reply) -> dict:
    """The immediate slash-command response; lists come as Block Kit with a menu per line."""
    payload = {
        "text": reply.text,
        "response_type": "in_channel" if reply.visibility == "channel" else "ephemeral",
    }
    if reply.listing is not None and reply.listing.rows:
        payload["blocks"] = listings.blocks(reply.listing)
    return payload


def deliver(client: WebClient, jobs: Jobs, channel_id: str, user_id: str, reply: Reply) -> None:
    """After the ack: upload the reply's files, run its slow work and publish the result."""
    try:
        if reply.files:
            upload(client, channel_id, reply)  # the ack already showed the text
        if reply.later is not None:
            follow = jobs.run(reply.later)
            if follow.canvas is not None:
                put_canvas(client, jobs.stores, channel_id, follow.canvas)
            publish(client, channel_id, user_id, follow)
    except SlackApiError as err:
        code = err.response.get("error", "unknown")
        log.warning("delivery failed: %s", code)
        hint = _hint(code)
        _tell(client, channel_id, user_id, f"Clerk could not post to this channel ({code}). {hint}")
    except Exception:
        log.exception("delivery failed")
        _tell(
            client,
            channel_id,
            user_id,
            "Clerk could not finish that; nothing was lost. Please try again.",
        )


def publish(client: WebClient, channel_id: str, user_id: str, reply: Reply) -> None:
    """A reply made after the ack: one message, with its files attached when it has any."""
    if reply.files and reply.visibility == "channel":
        upload(client, channel_id, reply, comment=reply.text)
        return
    if reply.visibility == "channel":
        client.chat_postMessage(channel=channel_id, text=reply.text)
    else:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=reply.text)


def put_canvas(client: WebClient, stores: Stores, channel_id: str, canvas: Canvas) -> None:
    """The report draft as a canvas tabbed in the channel: replaced if it exists, else made."""
    content = {"type": "markdown", "markdown": canvas.markdown}
    if canvas.canvas_id:
        try:
            client.canvases_edit(
                canvas_id=canvas.canvas_id,
                changes=[{"operation": "replace", "document_content": content}],
            )
            return
        except SlackApiError as err:
            if err.response.get("error") != "canvas_not_found":
                raise  # someone deleted it: make a new one below
    made = client.canvases_create(
        title=canvas.title, document_content=content, channel_id=channel_id
    )
    record_canvas(stores.get(), canvas.meeting_id, made["canvas_id"])


def _hint(code: str) -> str:
    if code in ("not_in_channel", "channel_not_found"):
        return "Invite Clerk to the channel with `/invite @Clerk` and run the command again."
    if code in ("canvas_disabled_user_team", "team_tier_cannot_create_channel_canvases"):
        return "Canvases are not available in this workspace; use `/report` for the files."
    if code == "missing_scope":
        return "The Slack app lacks a permission; reinstall it from manifest.yml."
    return "Please try again."


def _tell(client: WebClient, channel_id: str, user_id: str, text: str) -> None:
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
    except SlackApiError:
        log.warning("could not tell user %s: %s", user_id, text)


def upload(client: WebClient, channel_id: str, reply: Reply, comment: str | None = None) -> None:
    """Upload the reply's files to the channel with the current files upload API."""
    client.files_upload_v2(
        channel=channel_id,
        initial_comment=comment,
        file_uploads=[
            {"content": f.content, "filename": f.filename, "title": f.title or f.filename}
            for f in reply.files
        ],
    )
