"""Live capture at the Slack edge: message events in, reactions and private notes out."""

from __future__ import annotations

import logging

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render import mrkdwn
from commands import Context, Reply, capture, capture_delete, capture_edit, make_router

from .delivery import show_queue
from .interactions import Edge

log = logging.getLogger("clerk.capture")
RECEIPT = "white_check_mark"  # the reaction that says "recorded"
# Messages with these subtypes are people writing; the rest (joins, bots, topics) are not.
WRITTEN = {None, "thread_broadcast", "file_share", "me_message"}


def register(app: App, edge: Edge) -> None:
    """Listen to channel messages; tagged ones become entries while a meeting is open."""

    def on_message(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
        subtype = event.get("subtype")
        message = event.get("message") or {}
        if event.get("bot_id") or message.get("bot_id") or subtype == "bot_message":
            return  # never react to bots, Clerk included, nor to their edits
        channel = event.get("channel", "")
        store = edge.stores.get()
        router = make_router(store)

        def ctx(user: str, ts: str) -> Context:
            return edge.context(
                body,
                context,
                channel=channel,
                user=user,
                request_id=body.get("event_id", ""),
                source_ts=ts,
            )

        if subtype in WRITTEN:
            user, ts = event.get("user", ""), event.get("ts", "")
            reply = capture(router, ctx(user, ts), event.get("text", ""))
        elif subtype == "message_changed" and message.get("subtype") == "tombstone":
            # A deleted message that had thread replies: Slack keeps a tombstone in its place
            # and sends this instead of message_deleted.
            capture_delete(router, ctx("", message.get("ts", "")))
            return
        elif subtype == "message_changed":
            before = (event.get("previous_message") or {}).get("text")
            user, ts = message.get("user", ""), message.get("ts", "")
            if not user or message.get("subtype") == "bot_message":
                return
            # Slack also sends message_changed when a thread gets a reply or a link unfurls:
            # only a real change of the text may change the record.
            if before is not None and before == message.get("text"):
                return
            reply = capture_edit(router, ctx(user, ts), message.get("text", ""))
        elif subtype == "message_deleted":
            capture_delete(router, ctx("", event.get("deleted_ts", "")))
            return
        else:
            return
        if reply is None:
            return
        key = f"event:{body.get('event_id', '')}"
        # Refusals and read-only answers are not remembered by the router (it remembers
        # writes): remember them here, so a retried event is not answered twice.
        if (not reply.ok or reply.visibility != "channel") and body.get("event_id"):
            with router.work.bookkeeping():
                first = store.requests.claim(key, reply.text.dumps(), now=edge.clock())
            if not first:
                return
        edge.quick.submit(answer, client, channel, user, ts, reply)
        if reply.queue is not None:  # q+ / q- / ack: the queue's message follows
            edge.quick.submit(show_queue, client, edge.stores, channel, reply.queue)

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
            client.chat_postEphemeral(channel=channel, user=user, text=mrkdwn(reply.full))
    except SlackApiError as err:
        log.warning("capture answer failed: %s", err.response.get("error"))
