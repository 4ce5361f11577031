"""Lists as Block Kit: /agenda and /doc list with a menu on each line (decide, comment…)."""

from __future__ import annotations

import json
import logging
import re

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.render import esc, mrkdwn
from commands import (
    Choice,
    Decide,
    Draft,
    Listing,
    MarkDone,
    Op,
    Reopen,
    Reply,
    TakeItem,
    decode,
    encode,
    make_router,
)
from storage import Outcome

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
        {"type": "section", "text": {"type": "mrkdwn", "text": cut(f"*{esc(listing.title)}*")}}
    ]
    for n, row in enumerate(shown):
        block = {
            "type": "section",
            "block_id": f"row{n}",
            "text": {"type": "mrkdwn", "text": cut(mrkdwn(row.text))},
        }
        options = [
            {"text": {"type": "plain_text", "text": choice.label}, "value": value}
            for choice in row.choices[:5]
            if len(value := _choice_value(choice, row.target)) <= VALUE_LIMIT
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


def _choice_value(choice: Choice, target: str) -> str:
    """A menu option's value: the typed call it runs, or the form it opens on the target."""
    if choice.run is not None:
        return encode(choice.run)
    return json.dumps({"form": choice.form, "t": target}, separators=(",", ":"))


def _legacy(op: str, target: str) -> Op | None:
    """A menu value of messages posted before typed calls (`{"op": "decide:noted", "t": …}`):
    still answered, as the typed call it meant."""
    try:
        if op == "take":
            return TakeItem(target)
        if op in ("action-done", "action-reopen"):
            return (MarkDone if op == "action-done" else Reopen)(int(target))
        if op.startswith("decide:"):
            return Decide(target, Outcome(op.split(":", 1)[1]))
    except ValueError:
        return None
    return None


def with_buttons(reply: Reply) -> list[dict]:
    """An answer as Block Kit: its text, then a row of buttons that run commands."""
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": cut(mrkdwn(reply.text), SECTION_TEXT)},
        },
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"{RUN}:{n}",
                    "text": {"type": "plain_text", "text": b.label[:75]},
                    "value": encode(b.run),
                    **({"style": "primary"} if n == 0 else {}),
                }
                for n, b in enumerate(reply.buttons[:5])
            ],
        },
    ]


# The forms a line's menu opens, with the field the line's target fills.
FORMS_FOR = {
    "comment": ("comment", "target"),
    "note": ("note", "target"),
    "present": ("doc_present", "number"),
}


def _legacy_button(value: str) -> Op | None:
    """A button of a message posted before typed calls (`{"c": "/report", "t": "2"}`)."""
    try:
        wanted = json.loads(value)
        if wanted.get("c") == "/report" and str(wanted.get("t", "")).isdigit():
            return Draft(int(wanted["t"]))
    except (ValueError, AttributeError, TypeError):
        return None
    return None


def register(app: App, edge: Edge) -> None:
    """A choice in a line's menu: run it, or open the form it needs."""

    def on_menu(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        try:
            value = str(body["actions"][0]["selected_option"]["value"])
            choice = json.loads(value)
            form, target = str(choice.get("form", "")), str(choice.get("t", ""))
            run = decode(value) if "run" in choice else _legacy(str(choice.get("op", "")), target)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError):
            log.warning("menu choice not understood")
            return
        legacy_form = str(choice.get("op", ""))  # the old values named the form as op
        form = form or (legacy_form if legacy_form in FORMS_FOR else "")
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        if form in FORMS_FOR:
            name, field = FORMS_FOR[form]
            view = forms.view(name, channel, {field: target}, key=edge.secret)
            edge.quick.submit(open_view, client, body.get("trigger_id", ""), view, asker)
            return
        if run is None:
            log.warning("menu choice not understood")
            return
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        reply = make_router(edge.stores.get()).perform(run, ctx)
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
            value = str(body["actions"][0]["value"])
        except (KeyError, IndexError, TypeError):
            value = ""
        # The typed call it carries; a forged value is no declared call and runs nothing.
        run = decode(value) or _legacy_button(value)
        if run is None:
            log.warning("command button not understood")
            return
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        reply = make_router(edge.stores.get()).perform(run, ctx)
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
            text=cut(esc(reply.listing.title), FALLBACK_TEXT),
            blocks=blocks(reply.listing, page),
            replace_original=True,
            response_type="ephemeral",
        )
    except Exception as err:  # an expired response_url: the list can be asked for again
        log.warning("page not shown: %s", type(err).__name__)
