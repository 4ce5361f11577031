"""Lists as Block Kit: /agenda and /doc list with a menu on each line (decide, comment…)."""

from __future__ import annotations

import json
import logging
import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from commands import Listing, Reply, make_router

from . import forms
from .blocks import FALLBACK_TEXT, SECTION_TEXT, cut
from .delivery import deliver
from .interactions import Edge, asker_of, open_view, say

log = logging.getLogger("clerk.listings")

MENU = "row_menu"
PAGE = "listing_page"
MAX_ROWS = 45  # Slack shows at most 50 blocks in a message: title, rows, page line, buttons
VALUE_LIMIT = 150  # Slack's limit for an option value
BUTTON_VALUE_LIMIT = 2000  # and for a button's


def blocks(listing: Listing, page: int = 0) -> list[dict]:
    """A section per line, each with an overflow menu of its choices; long lists page."""
    pages = max(1, -(-len(listing.rows) // MAX_ROWS))
    page = min(max(page, 0), pages - 1)
    shown = listing.rows[page * MAX_ROWS : (page + 1) * MAX_ROWS]
    out: list[dict] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": cut(f"*{listing.title}*")}}
    ]
    for n, row in enumerate(shown):
        block = {
            "type": "section",
            "block_id": f"row{n}",
            "text": {"type": "mrkdwn", "text": cut(row.text)},
        }
        options = [
            {"text": {"type": "plain_text", "text": label}, "value": value}
            for op, label in row.choices[:5]
            if len(value := json.dumps({"op": op, "t": row.target})) <= VALUE_LIMIT
        ]
        if options:  # a target too long for Slack's option value gets no menu, not a cut one
            block["accessory"] = {"type": "overflow", "action_id": MENU, "options": options}
        out.append(block)
    if pages > 1:
        first = page * MAX_ROWS + 1
        out.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"Lines {first}–{first + len(shown) - 1} of {len(listing.rows)}.",
                    }
                ],
            }
        )
        buttons = [
            _page_button(listing, p, label)
            for p, label in ((page - 1, "◂ Previous"), (page + 1, "Next ▸"))
            if 0 <= p < pages
        ]
        if all(buttons):
            out.append({"type": "actions", "elements": buttons})
    return out


def _page_button(listing: Listing, page: int, label: str) -> dict:
    """A button that shows another page of the list (the command is run again for it)."""
    value = json.dumps({"c": listing.source[0], "t": listing.source[1], "p": page})
    if len(value) > BUTTON_VALUE_LIMIT or not listing.source[0]:
        return {}
    return {
        "type": "button",
        "action_id": PAGE,
        "text": {"type": "plain_text", "text": label},
        "value": value,
    }


RUN = "run_command"
# What an answer's buttons may run: the click runs it as the person who clicks, with the same
# rights as typing it; the list keeps a forged value from reaching anything else.
BUTTON_COMMANDS = ("/report",)


def with_buttons(reply: Reply) -> list[dict]:
    """An answer as Block Kit: its text, then a row of buttons that run commands."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": cut(reply.text, SECTION_TEXT)}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"{RUN}:{n}",
                    "text": {"type": "plain_text", "text": b.label[:75]},
                    "value": json.dumps({"c": b.command, "t": b.text}),
                    **({"style": "primary"} if n == 0 else {}),
                }
                for n, b in enumerate(reply.buttons[:5])
            ],
        },
    ]


def register(app: App, edge: Edge) -> None:
    """A choice in a line's menu: run it, or open the form it needs."""

    def on_menu(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            choice = json.loads(body["actions"][0]["selected_option"]["value"])
            op, target = str(choice.get("op", "")), str(choice.get("t", ""))
        except (ValueError, KeyError, IndexError, AttributeError, TypeError):
            log.warning("menu choice not understood")
            return
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        forms_for = {
            "comment": ("comment", "target"),
            "note": ("note", "target"),
            "present": ("doc_present", "number"),
        }
        if op in forms_for:
            form, field = forms_for[op]
            view = forms.view(form, channel, {field: target}, key=edge.secret)
            edge.quick.submit(open_view, client, body.get("trigger_id", ""), view, asker)
            return
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        router = make_router(edge.stores.get())
        if op == "take":
            reply = router.dispatch_values("/agenda", "take", [target], "", {}, ctx)
        elif op in ("action-done", "action-reopen"):
            reply = router.dispatch_values("/action", op.split("-", 1)[1], [target], "", {}, ctx)
        elif op.startswith("decide:"):
            reply = router.dispatch_values(
                "/decision", "", [target, op.split(":", 1)[1]], "", {}, ctx
            )
        else:
            return
        edge.quick.submit(say, client, asker, reply)

    def on_page(ack: Ack, body: dict, context: BoltContext) -> None:
        ack()
        try:
            wanted = json.loads(body["actions"][0]["value"])
            command, text, page = str(wanted["c"]), str(wanted["t"]), int(wanted["p"])
        except (ValueError, KeyError, IndexError, TypeError):
            log.warning("page button not understood")
            return
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        if command not in ("/agenda", "/doc", "/action") or not asker.response_url:
            return
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        # Run the listing again as the person who clicked: they see only what they may.
        reply = make_router(edge.stores.get()).dispatch(command, text, ctx, escaped=True)
        if reply.listing is None:
            return
        edge.quick.submit(_replace, asker.response_url, reply, page)

    def on_run(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            wanted = json.loads(body["actions"][0]["value"])
            command, text = str(wanted["c"]), str(wanted["t"])
        except (ValueError, KeyError, IndexError, TypeError):
            log.warning("command button not understood")
            return
        if command not in BUTTON_COMMANDS:
            return
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        reply = make_router(edge.stores.get()).dispatch(command, text, ctx, escaped=True)
        edge.quick.submit(say, client, asker, reply)
        if reply.ok and (reply.files or reply.later is not None):
            edge.slow.submit(deliver, client, edge.jobs, asker, reply)

    app.action(MENU)(on_menu)
    app.action(PAGE)(on_page)
    app.action(re.compile(f"^{RUN}:\\d+$"))(on_run)


def _replace(response_url: str, reply: Reply, page: int) -> None:
    """Show another page in place of the list the button was on."""
    assert reply.listing is not None
    try:
        WebhookClient(response_url, timeout=10).send(
            text=cut(reply.listing.title, FALLBACK_TEXT),
            blocks=blocks(reply.listing, page),
            replace_original=True,
            response_type="ephemeral",
        )
    except Exception as err:  # an expired response_url: the list can be asked for again
        log.warning("page not shown: %s", type(err).__name__)
