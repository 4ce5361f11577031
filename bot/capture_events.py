"""Live capture at the Slack edge: message events in, reactions and private notes out."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands import Caller, Context, Reply
from commands.capture import capture, capture_delete, capture_edit

from .clock import Clock
from .routing import make_router
from .stores import Stores

log = logging.getLogger("clerk.capture")
RECEIPT = "white_check_mark"  # the reaction that says "recorded"
# Messages with these subtypes are people writing; the rest (joins, bots, topics) are not.
WRITTEN = {None, "thread_broadcast", "file_share", "me_message"}


def register(
    app: App,
    stores: Stores,
    lookup: Callable[[str], tuple[str, bool]],
    clock: Clock,
    deliveries: Executor,
) -> None:
    """Listen to channel messages; tagged ones become entries while a meeting is open."""

    def context(body: dict, event: dict, user: str, ts: str) -> Context:
        return Context(
            team_id=body.get("team_id", ""),
            channel_id=event.get("channel", ""),
            caller=Caller(user, lookup=lambda: lookup(user)),
            now=clock(),
            request_id=body.get("event_id", ""),
            source_ts=ts,
        )

    def on_message(body: dict, event: dict, client: WebClient) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or subtype == "bot_message":
            return  # never react to bots, Clerk included
        store = stores.get()
        if subtype in WRITTEN:
            user, ts = event.get("user", ""), event.get("ts", "")
            reply = capture(
                make_router(store), context(body, event, user, ts), event.get("text", "")
            )
        elif subtype == "message_changed":
            message = event.get("message", {})
            user, ts = message.get("user", ""), message.get("ts", "")
            reply = capture_edit(
                make_router(store), context(body, event, user, ts), message.get("text", "")
            )
        elif subtype == "message_deleted":
            capture_delete(store, context(body, event, "", event.get("deleted_ts", "")))
            return
        else:
            return
        if reply is not None:
            deliveries.submit(answer, client, event.get("channel", ""), user, ts, reply)

    app.event("message")(on_message)


def answer(client: WebClient, channel: str, user: str, ts: str, reply: Reply) -> None:
    """A recorded entry gets a reaction as receipt; anything else is said to its author only."""
    try:
        if reply.ok and reply.visibility == "channel":
            try:
                client.reactions_add(channel=channel, timestamp=ts, name=RECEIPT)
            except SlackApiError as err:
                if err.response.get("error") != "already_reacted":  # an edit, reacted before
                    raise
        else:
            client.chat_postEphemeral(channel=channel, user=user, text=reply.text)
    except SlackApiError as err:
        log.warning("capture answer failed: %s", err.response.get("error"))
