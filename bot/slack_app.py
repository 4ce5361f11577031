"""The Slack edge: a Bolt app whose slash commands go to the same router as the shell."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial

from slack_bolt import Ack, App, BoltContext
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.render import mrkdwn
from commands import Caller, Context, Reply, bookkeeping, families, make_router
from storage import Delivery

from . import capture_events, forms, home, listings, logs, metrics, workspaces
from .blocks import FALLBACK_TEXT, MESSAGE_TEXT, cut
from .clock import Clock, system_clock
from .config import Config
from .delivery import Asker, Request, answer, configure_rechecks, deliver, shared
from .files import SlackFiles
from .installations import ClerkInstallationStore, TeamClients, state_store
from .interactions import QUICK_WORKERS, SLOW_WORKERS, Edge, once_per_interaction
from .jobs import Jobs
from .profiles import PROFILE_TIMEOUT, Profiles
from .reminders import Dispatcher
from .stores import Stores

log = logging.getLogger("clerk.slack")

STILL_WRITING = (
    "Clerk is still writing this down (the database is busy); the answer follows here in a "
    "moment. No need to type it again."
)
# Commands running at once (they mostly wait on the database's single writer).
COMMAND_WORKERS = 16

# Every slash command, as the commands declare them (the manifest says the same: bot/manifest).
COMMANDS = tuple(f"/{name}" for name in families())


# The bot scopes an installation asks for: manifest.yml's (a test keeps them the same).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "files:write",
    "users:read",
    "channels:history",
    "groups:history",
    "reactions:write",
    "canvases:write",
    "channels:read",
    "groups:read",
    "im:write",
    "im:history",
    "files:read",
)


def oauth_settings(config: Config, stores: Stores) -> OAuthSettings:
    """Bolt's OAuth flow: "Add to Slack" at /slack/install, Slack back at
    /slack/oauth_redirect; installations and states in Clerk's database."""
    return OAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=ClerkInstallationStore(stores.path, config.client_id, config.secret_key),
        state_store=state_store(stores.path),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )


def create_app(
    config: Config,
    stores: Stores,
    *,
    clock: Clock = system_clock,
    socket_mode: bool = False,
    dispatcher: Dispatcher | None = None,
) -> App:
    """A Bolt app for HTTP (signing secret) or Socket Mode (app token); with a client id and
    secret, installable in many workspaces, each request answered with its own token."""
    # No automatic resend on a dropped connection (the SDK's default): Slack may have acted,
    # and a report shared twice is worse than one checked (delivery.upload).
    client = WebClient(
        token=None if config.oauth else config.bot_token,
        base_url=config.api_url,
        timeout=config.slack_timeout,
        retry_handlers=[],
    )
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
        oauth_settings=oauth_settings(config, stores) if config.oauth else None,
        signing_secret=config.signing_secret or None,
        request_verification_enabled=not socket_mode,
        # The listener runs on the request's thread and Slack gets its answer when the listener
        # returns, so listeners only ack and hand every Web API call to a pool.
        process_before_response=True,
    )
    configure_rechecks(config.recheck_seconds)
    edge = Edge(
        stores=stores,
        profiles=Profiles(lookup_client),
        clock=clock,
        jobs=Jobs(stores, warm=config.warm_worker),
        quick=ThreadPoolExecutor(max_workers=QUICK_WORKERS, thread_name_prefix="quick"),
        slow=ThreadPoolExecutor(max_workers=SLOW_WORKERS, thread_name_prefix="slow"),
        # Seals forms' private_metadata; stable across restarts, as an open form outlives one.
        secret=config.signing_secret or config.bot_token,
        files=SlackFiles(config.api_url, config.fetch_seconds),
    )

    commands_pool = ThreadPoolExecutor(max_workers=COMMAND_WORKERS, thread_name_prefix="command")

    def on_command(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        started = time.monotonic()
        user_id = body.get("user_id", "")
        channel_id = body.get("channel_id", "")
        asker = Asker(channel_id, user_id, body.get("response_url", ""))
        form = forms.form_for(body.get("command", ""), body.get("text", ""))
        if form and body.get("trigger_id"):
            # A bare /doc add, /meeting new or /comment: the form, pre-set for this channel,
            # opened after Slack has its answer.
            ack()
            edge.quick.submit(
                forms.open_view,
                client,
                body["trigger_id"],
                forms.view(form, channel_id, key=edge.secret),
                asker,
            )
            _log_command(body, "form", started)
            return
        ctx = edge.context(
            body,
            context,
            channel=channel_id,
            user=user_id,
            fallback_name=body.get("user_name", ""),
            request_id=body.get("trigger_id", ""),
        )
        command, text = body.get("command", ""), body.get("text", "")
        # The command runs on a pool of its own, so Slack always gets its answer within its
        # 3 s: a write that waits on a busy database answers late, through response_url,
        # instead of Slack telling the user it failed when it was stored.
        running = commands_pool.submit(
            lambda: make_router(stores.get()).dispatch(command, text, ctx, escaped=True)
        )
        try:
            reply = running.result(timeout=config.ack_seconds)
        except FutureTimeout:
            ack(text=STILL_WRITING, response_type="ephemeral")
            _log_command(body, "late", started)
            request = Request(ctx.team_id, command, text)
            running.add_done_callback(
                lambda done: edge.slow.submit(_answer_late, client, edge, asker, done, request)
            )
            return
        ack(**ack_payload(reply))
        _log_command(body, "ok" if reply.ok else "refused", started)
        if reply.files or reply.later is not None or reply.needs_presence or reply.queue:
            request = Request(ctx.team_id, command, text)
            edge.slow.submit(deliver, client, edge.jobs, asker, reply, request)

    app.middleware(count_requests)
    app.middleware(once_per_interaction(edge))
    # One listener for all commands: Bolt tries each listener's matcher on every request.
    app.command(re.compile("^(" + "|".join(map(re.escape, COMMANDS)) + ")$"))(on_command)
    workspaces.register(app, edge)
    capture_events.register(app, edge)
    # What a previous process was delivering when it died: resumed, and the requester told.
    store = app.installation_store if config.oauth else None
    teams = TeamClients(
        lambda token: WebClient(
            token=token or config.bot_token,
            base_url=config.api_url,
            timeout=config.slack_timeout,
            retry_handlers=list(client.retry_handlers),
        ),
        store,
    )
    if dispatcher is not None:  # the sender hands over what a dead process left unfinished

        def resume(taken: list[Delivery]) -> None:
            edge.slow.submit(resume_interrupted, teams, edge, taken)

        dispatcher.resume = resume
    forms.register(app, edge)
    home.register(app, edge)
    listings.register(app, edge)
    return app


def count_requests(body: dict, next: Callable[[], object]) -> None:  # noqa: A002 (Bolt's name)
    """Every request from Slack, counted by kind (never by workspace or channel); its ids
    kept for this thread's log lines."""
    metrics.REQUESTS.labels(metrics.request_kind(body)).inc()
    logs.about(body)
    next()


def _answer_late(
    client: WebClient, edge: Edge, asker: Asker, done: Future, request: Request
) -> None:
    """The answer of a command that outlasted Slack's 3 s, through its response_url."""
    try:
        reply = done.result()
    except Exception:  # the router answers every fault itself; this is a last guard
        log.exception("late command failed")
        asker.tell(client, "Clerk could not finish that command, and nothing was stored.")
        return
    answer(client, asker, ack_payload(reply))
    if reply.files or reply.later is not None or reply.needs_presence:
        deliver(client, edge.jobs, asker, reply, request)


def resume_interrupted(teams: Callable[[str], WebClient], edge: Edge, taken: list[Delivery]) -> int:
    """The deliveries a dead process left unfinished (a report compiled or being uploaded at
    a SIGKILL), taken over from the outbox by the sender: when their files were handed out
    and Slack shows them shared, they were delivered — recorded, not posted again; else run
    again as their requester, after telling them. How many were run again."""
    store = edge.stores.get()
    again = 0
    for d in taken:
        asker = Asker(d.channel_id, d.user_id, d.response_url)
        try:
            client = teams(d.team_id)
        except LookupError:
            log.info("delivery %d not resumed: its workspace has no installation", d.id)
            with bookkeeping(store):
                store.deliveries.finish(d.id, "failed", now=edge.clock(), note="no installation")
            continue
        if d.files and shared(client, d.files[0]):
            log.info("delivery %d was shared before its process died; not shared again", d.id)
            metrics.MESSAGES.labels("delivery", "found").inc()
            with bookkeeping(store):
                store.deliveries.finish(d.id, "sent", now=edge.clock(), note="found shared")
            continue
        with bookkeeping(store):
            store.deliveries.finish(d.id, "dropped", now=edge.clock(), note="run again")
        again += 1
        asker.tell(
            client,
            f"Clerk restarted while it was preparing your `{d.command} {d.text}`; it is being "
            "prepared again now.",
        )
        ctx = Context(
            team_id=d.team_id,
            channel_id=d.channel_id,
            caller=Caller(
                d.user_id, lookup=partial(edge.profiles.lookup, d.user_id, d.team_id, "", client)
            ),
            now=edge.clock(),
            request_id=f"resumed:{d.id}",
            directory=partial(edge.profiles.real_name, client=client),
        )
        reply = make_router(store).dispatch(d.command, d.text, ctx, escaped=True)
        if not reply.ok:
            asker.tell(client, mrkdwn(reply.full))
            continue
        deliver(client, edge.jobs, asker, reply, Request(d.team_id, d.command, d.text))
    return again


def _log_command(body: dict, outcome: str, started: float) -> None:
    """One line per command: who, where, how it went, how long; never the text. Counted."""
    metrics.COMMANDS.labels(str(body.get("command", "")), outcome).inc()
    metrics.ANSWER_SECONDS.observe(time.monotonic() - started)
    log.info(
        "command=%s team=%s channel=%s user=%s outcome=%s ms=%d",
        body.get("command"),
        body.get("team_id"),
        body.get("channel_id"),
        body.get("user_id", ""),
        outcome,
        (time.monotonic() - started) * 1000,
    )


def ack_payload(reply: Reply) -> dict:
    """The immediate slash-command response; lists come as Block Kit with a menu per line."""
    payload: dict = {
        "text": cut(mrkdwn(reply.full), MESSAGE_TEXT),
        "response_type": "in_channel" if reply.visibility == "channel" else "ephemeral",
    }
    if reply.listing is not None and reply.listing.rows:
        payload["blocks"] = listings.blocks(reply.listing)
        payload["text"] = cut(mrkdwn(reply.text), FALLBACK_TEXT)  # the blocks carry the list
    elif reply.buttons:
        payload["blocks"] = listings.with_buttons(reply)
    return payload
