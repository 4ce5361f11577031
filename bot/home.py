"""App Home: each delegate's groups, their current meeting, agenda and what is next."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render import esc, mrkdwn
from commands import (
    Draft,
    GroupHome,
    MarkDone,
    Op,
    Reply,
    Search,
    home_of,
    long_due,
    make_router,
)

from .blocks import cut
from .delivery import Asker
from .interactions import Edge, installation, open_view

log = logging.getLogger("clerk.home")
PREVIEW = "home_report_preview"
SEARCH = "home_search"
DONE = "home_action_done"
MAX_GROUPS = 11  # Slack allows 100 blocks in a view; a group takes up to seven
MAX_MY_ACTIONS = 8  # and "My actions" a block each, after a header
TEXT_LIMIT = 2900  # a section's text holds 3,000 characters


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text)}}


def group_blocks(g: GroupHome) -> list[dict]:
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": g.group.name[:150]}},
    ]
    if g.meeting is None:
        blocks.append(
            _section(
                'No meeting yet: `/meeting new "Title" start="…"` in the '
                f"group's channel (<#{g.group.channel_id}>)."
            )
        )
    else:
        where = f" in <#{g.group.channel_id}>"
        blocks.append(_section(f"{mrkdwn(g.meeting_line)} — _{g.state}_{where}"))
        lines = []
        for item in g.items:
            indent = "    " * (item.depth - 1)
            mark = " ← current" if item.number == g.current_item else ""
            docs = (
                f" ({item.documents} doc{'s' if item.documents != 1 else ''}"
                if (item.documents)
                else ""
            )
            if docs:
                open_ = (
                    f"; open: {', '.join(esc(n) for n in item.open_documents)})"
                    if item.open_documents
                    else ")"
                )
                docs += open_
            lines.append(f"{indent}{item.number}  {esc(item.title)}{docs}{mark}")
        blocks.append(_section("*Agenda*\n" + ("\n".join(lines) or "_No agenda yet._")))
    if g.upcoming:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": cut("*Upcoming:* " + " · ".join(esc(u) for u in g.upcoming)),
                    }
                ],
            }
        )
    if g.meeting is not None:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": PREVIEW,
                        "text": {"type": "plain_text", "text": "Preview report"},
                        "value": json.dumps({"group": g.group.id}),
                    }
                ],
            }
        )
    blocks.append(
        {
            "type": "input",
            "block_id": f"search:{g.group.id}",
            "dispatch_action": True,  # Enter searches; no submit button on a Home tab
            "label": {"type": "plain_text", "text": "Search this group's record"},
            "element": {
                "type": "plain_text_input",
                "action_id": SEARCH,
                "placeholder": {
                    "type": "plain_text",
                    "text": '"strategic plan", strateg*, TD625 — then Enter',
                },
                "dispatch_action_config": {"trigger_actions_on": ["on_enter_pressed"]},
            },
        }
    )
    blocks.append({"type": "divider"})
    return blocks


def my_actions_blocks(groups: list[GroupHome]) -> list[dict]:
    """The open actions the user owns, in every group, each with a Done button."""
    mine = [(g, a) for g in groups for a in g.my_actions]
    if not mine:
        return []
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "My actions"}},
    ]
    for g, a in mine[:MAX_MY_ACTIONS]:
        due = f" — due {long_due(a.due)}" if a.due else ""
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": cut(f"#{a.number} {esc(a.text)}{due}\n_{esc(g.group.name)}_"),
                },
                "accessory": {
                    "type": "button",
                    "action_id": DONE,
                    "text": {"type": "plain_text", "text": "Done"},
                    "style": "primary",
                    "value": json.dumps({"group": g.group.id, "number": a.number}),
                },
            }
        )
    if len(mine) > MAX_MY_ACTIONS:
        more = f"…and {len(mine) - MAX_MY_ACTIONS} more: `/action list mine` in each channel."
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    blocks.append({"type": "divider"})
    return blocks


def home_view(groups: list[GroupHome], notice: str = "") -> dict:
    blocks: list[dict] = []
    if notice:  # what the last click on this Home did
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(notice)}]})
    blocks += my_actions_blocks(groups)
    for g in groups[:MAX_GROUPS]:
        blocks += group_blocks(g)
    if not groups:
        blocks.append(
            _section(
                "*Clerk* logs your working group's meetings and drafts the report.\n"
                "You are not in a Clerk group yet. In the group's channel, a rapporteur starts "
                'with `/clerk setup name="Group name" tz=Europe/Zurich`; `/clerk help` lists '
                "the rest."
            )
        )
    elif len(groups) > MAX_GROUPS:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"…and {len(groups) - MAX_GROUPS} more groups."}
                ],
            }
        )
    return {"type": "home", "blocks": blocks}


def member_of(client: WebClient, user: str) -> set[str]:
    """The channels a user is a member of (public and private), as Slack says now."""
    channels: set[str] = set()
    cursor = ""
    for _ in range(50):  # 50 pages of 1,000: more channels than any one person is in
        page = client.users_conversations(
            user=user,
            types="public_channel,private_channel",
            exclude_archived=True,
            limit=1000,
            cursor=cursor or None,
        )
        listed: list[dict[str, Any]] = page.get("channels", [])
        channels.update(str(c["id"]) for c in listed)
        cursor = (page.get("response_metadata") or {}).get("next_cursor", "")
        if not cursor:
            break
    return channels


def visible_groups(edge: Edge, client: WebClient, team: str, user: str) -> list[GroupHome]:
    """The user's groups whose channel they are in now: an outsider named as an attendee,
    or someone who left a private channel, sees nothing of it."""
    groups = home_of(edge.stores.get(), team, user, edge.clock())
    if not groups:
        return []
    inside = member_of(client, user)
    return [g for g in groups if g.group.channel_id in inside]


def register(app: App, edge: Edge) -> None:
    def on_home(body: dict, event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event.get("user", "")
        edge.quick.submit(_show_home, edge, client, installation(context, body), user)

    def on_preview(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        user = (body.get("user") or {}).get("id", "")
        try:
            wanted = int(json.loads(body["actions"][0].get("value") or "{}")["group"])
        except (ValueError, KeyError, IndexError, TypeError):
            log.warning("preview button value not understood")
            return
        team = installation(context, body)
        trigger = body.get("trigger_id", "")
        # The quick pool: the modal must open within the trigger's 3 s, however many reports
        # are uploading on the slow pool; the compiling then waits its turn there.
        edge.quick.submit(_preview, edge, client, team, trigger, user, wanted, body, context)

    def on_search(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        user = (body.get("user") or {}).get("id", "")
        action = (body.get("actions") or [{}])[0]
        try:
            wanted = int(str(action.get("block_id", "")).removeprefix("search:"))
        except ValueError:
            log.warning("search box not understood")
            return
        words = str(action.get("value") or "").strip()
        if not words:
            return
        team = installation(context, body)
        trigger = body.get("trigger_id", "")
        # A search is a read of milliseconds: answered on the quick pool, within the trigger's
        # 3 s, never queued behind report uploads.
        edge.quick.submit(_search, edge, client, team, trigger, user, wanted, words, body, context)

    def on_done(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        ack()
        user = (body.get("user") or {}).get("id", "")
        try:
            wanted = json.loads(body["actions"][0].get("value") or "{}")
            group_id, number = int(wanted["group"]), int(wanted["number"])
        except (ValueError, KeyError, IndexError, TypeError):
            log.warning("done button not understood")
            return
        team = installation(context, body)
        edge.quick.submit(_done, edge, client, team, user, group_id, number, body, context)

    app.event("app_home_opened")(on_home)
    app.action(PREVIEW)(on_preview)
    app.action(SEARCH)(on_search)
    app.action(DONE)(on_done)


def _show_home(edge: Edge, client: WebClient, team: str, user: str) -> None:
    try:
        view = home_view(visible_groups(edge, client, team, user))
        client.views_publish(user_id=user, view=view)
    except SlackApiError as err:
        log.warning("home not published: %s", err.response.get("error"))


def _shown(edge: Edge, client: WebClient, team: str, user: str, wanted: int) -> GroupHome | None:
    """The group a Home click names, if the user sees it there (their channel, now); a value
    changed on the way back from Slack reaches nothing else."""
    try:
        mine = {g.group.id: g for g in visible_groups(edge, client, team, user)}
    except SlackApiError as err:
        log.warning("home click refused: %s", err.response.get("error"))
        return None
    return mine.get(wanted)


def _as_user(
    edge: Edge, body: dict[str, Any], context: BoltContext, shown: GroupHome, user: str, run: Op
) -> Reply:
    """A typed call made from the Home, as `user` in the group's channel (with the same rights
    as typing it there)."""
    ctx = edge.context(body, context, channel=shown.group.channel_id, user=user)
    return make_router(edge.stores.get()).perform(run, ctx)


def _preview(
    edge: Edge,
    client: WebClient,
    team: str,
    trigger_id: str,
    user: str,
    wanted: int,
    body: dict[str, Any],
    context: BoltContext,
) -> None:
    """Open the modal while the trigger is fresh (3 s), then fill it once compiled."""
    shown = _shown(edge, client, team, user, wanted)
    if shown is None or shown.meeting is None:  # only the meeting its Home shows
        return
    asker = Asker("", user)
    view_id = open_view(client, trigger_id, _preview_view("Compiling the preview…"), asker)
    if not view_id:
        return
    reply = _as_user(edge, body, context, shown, user, Draft(preview=True))
    edge.slow.submit(_fill_preview, edge, client, view_id, reply)


def _fill_preview(edge: Edge, client: WebClient, view_id: str, reply: Reply) -> None:
    """The opened preview modal, filled once the report is compiled (on the slow pool)."""
    try:
        if reply.later is not None:
            reply = edge.jobs.run(reply.later)
        client.views_update(view_id=view_id, view=_preview_view(mrkdwn(reply.full)))
    except SlackApiError as err:
        log.warning("preview failed: %s", err.response.get("error"))


def _done(
    edge: Edge,
    client: WebClient,
    team: str,
    user: str,
    group_id: int,
    number: int,
    body: dict[str, Any],
    context: BoltContext,
) -> None:
    """ "Done" on the Home: `/action done N` in the group's channel, as this user; the Home
    is then published again, saying what happened."""
    shown = _shown(edge, client, team, user, group_id)
    if shown is None:
        return
    reply = _as_user(edge, body, context, shown, user, MarkDone(number))
    try:
        notice = mrkdwn(reply.text if reply.ok else "Not done: " + reply.text)
        client.views_publish(
            user_id=user, view=home_view(visible_groups(edge, client, team, user), notice)
        )
    except SlackApiError as err:
        log.warning("home not published: %s", err.response.get("error"))


def _search(
    edge: Edge,
    client: WebClient,
    team: str,
    trigger_id: str,
    user: str,
    wanted: int,
    words: str,
    body: dict[str, Any],
    context: BoltContext,
) -> None:
    """The Home's search box: `/clerk search` in the group's channel, as this user, in a modal."""
    shown = _shown(edge, client, team, user, wanted)
    if shown is None:
        return
    reply = _as_user(edge, body, context, shown, user, Search(words))
    open_view(
        client, trigger_id, _preview_view(mrkdwn(reply.full), title="Search"), Asker("", user)
    )


def _preview_view(text: str, *, title: str = "Report preview") -> dict:
    chunks = [text[i : i + TEXT_LIMIT] for i in range(0, len(text), TEXT_LIMIT)][:40]
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [_section(c) for c in chunks],
    }
