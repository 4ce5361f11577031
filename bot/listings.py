"""Lists as Block Kit: /agenda and /doc list with a menu on each line (decide, comment…)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor

from slack_bolt import Ack, App
from slack_sdk import WebClient

from commands.reply import Listing

from . import forms
from .clock import Clock
from .routing import make_router
from .stores import Stores

log = logging.getLogger("clerk.listings")

MENU = "row_menu"
MAX_ROWS = 45  # Slack shows at most 50 blocks in a message
TEXT_LIMIT = 2900
VALUE_LIMIT = 150  # Slack's limit for an option value


def blocks(listing: Listing) -> list[dict]:
    """A section per line, each with an overflow menu of its choices."""
    out: list[dict] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{listing.title}*"}}
    ]
    for n, row in enumerate(listing.rows[:MAX_ROWS]):
        block = {
            "type": "section",
            "block_id": f"row{n}",
            "text": {"type": "mrkdwn", "text": row.text[:TEXT_LIMIT]},
        }
        options = [
            {"text": {"type": "plain_text", "text": label}, "value": value}
            for op, label in row.choices[:5]
            if len(value := json.dumps({"op": op, "t": row.target})) <= VALUE_LIMIT
        ]
        if options:  # a target too long for Slack's option value gets no menu, not a cut one
            block["accessory"] = {"type": "overflow", "action_id": MENU, "options": options}
        out.append(block)
    if len(listing.rows) > MAX_ROWS:
        out.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"Showing {MAX_ROWS} of {len(listing.rows)}; "
                        "`/doc list item=…` narrows it.",
                    }
                ],
            }
        )
    return out


def register(
    app: App,
    stores: Stores,
    lookup: Callable[[str], tuple[str, bool]],
    clock: Clock,
    deliveries: Executor,
) -> None:
    """A choice in a line's menu: run it, or open the form it needs."""

    def on_menu(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        try:
            choice = json.loads(body["actions"][0]["selected_option"]["value"])
            op, target = str(choice.get("op", "")), str(choice.get("t", ""))
        except (ValueError, KeyError, IndexError, AttributeError):
            log.warning("menu choice not understood")
            return
        user = body.get("user", {}).get("id", "")
        channel = (body.get("channel") or {}).get("id", "")
        forms_for = {
            "comment": ("comment", "target"),
            "note": ("note", "target"),
            "present": ("doc_present", "number"),
        }
        if op in forms_for:
            form, field = forms_for[op]
            client.views_open(
                trigger_id=body["trigger_id"], view=forms.view(form, channel, {field: target})
            )
            return
        ctx = forms.interaction_context(body, channel, lookup, clock)
        router = make_router(stores.get())
        if op == "take":
            reply = router.dispatch_values("/agenda", "take", [target], "", {}, ctx)
        elif op.startswith("decide:"):
            reply = router.dispatch_values(
                "/decision", "", [target, op.split(":", 1)[1]], "", {}, ctx
            )
        else:
            return
        deliveries.submit(forms.say, client, channel, user, reply)

    app.action(MENU)(on_menu)
