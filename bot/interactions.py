"""What every Slack listener shares: the router's context for a request, and the pools."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field

from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render import mrkdwn
from commands import Caller, Context, Reply, bookkeeping

from .clock import Clock
from .config import DEFAULT_API_URL
from .delivery import Asker, hint
from .files import SlackFiles
from .jobs import Jobs
from .profiles import Profiles
from .stores import Stores

log = logging.getLogger("clerk.interactions")

# Quick Web API calls after the ack (receipts, confirmations, forms); they never wait on a job.
QUICK_WORKERS = 8
# Uploads and report jobs in flight at once (a report may take minutes); more queue.
SLOW_WORKERS = 4


@dataclass
class Edge:
    """What every listener of the Slack edge shares."""

    stores: Stores
    profiles: Profiles
    clock: Clock
    jobs: Jobs
    # Two pools, so a report that takes minutes never delays a ✅ or a form's confirmation.
    quick: Executor
    slow: Executor
    secret: str = ""
    # Files delegates share (templates, document lists), taken from Slack's hosts only.
    files: SlackFiles = field(default_factory=lambda: SlackFiles(DEFAULT_API_URL))

    def context(
        self,
        body: dict,
        context: BoltContext,
        *,
        channel: str,
        user: str,
        fallback_name: str = "",
        request_id: str = "",
        source_ts: str = "",
    ) -> Context:
        """The router's context for a request: the group is the channel in this installation."""
        team = installation(context, body)
        result = context.authorize_result
        enterprise = str((result.enterprise_id if result else "") or "")
        client = context.client  # this workspace's token (with OAuth, its installation's)
        return Context(
            team_id=team,
            channel_id=channel,
            caller=Caller(
                user_id=user,
                fallback_name=fallback_name,
                lookup=lambda: self.profiles.lookup(user, team, enterprise, client),
            ),
            now=self.clock(),
            channel_name=body.get("channel_name", ""),
            request_id=request_id,
            source_ts=source_ts,
            directory=lambda user_id: self.profiles.real_name(user_id, client),
            reachable=lambda user_id: self.profiles.get(user_id, client).reachable,
        )


def installation(context: BoltContext, body: dict) -> str:
    """The workspace (or Grid org) Clerk is installed in: groups are keyed on it and the channel.

    Not the requester's team: in a Slack Connect channel, members of the other workspace
    send their own team_id, and would otherwise see "not set up" or set up a second group.
    """
    result = context.authorize_result
    if result is not None and (result.team_id or result.enterprise_id):
        # auth.test of an org-wide (Grid) install names the org and no workspace.
        return str(result.team_id or result.enterprise_id)
    team = body.get("team")
    return (
        body.get("team_id")
        or (team.get("id") if isinstance(team, dict) else "")
        or (body.get("user") or {}).get("team_id", "")
        or context.enterprise_id
        or ""
    )


# Interactivity payloads: Slack does not retry them, but one can arrive twice (a double
# delivery, or a replay inside the signing window) and must act once.
INTERACTIONS = {"block_actions", "view_submission", "message_action", "shortcut"}


def once_per_interaction(edge: Edge) -> Callable[..., BoltResponse | None]:
    """Bolt middleware: an interaction seen before is answered with an empty 200, unrun."""

    def middleware(body: dict, next: Callable[[], None]) -> BoltResponse | None:  # noqa: A002
        if body.get("type") not in INTERACTIONS:
            next()
            return None
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        store = edge.stores.get()
        with bookkeeping(store):
            first = store.requests.claim(f"interaction:{digest}", "", now=edge.clock())
        if not first:
            log.info("interaction delivered again; not run twice")
            return BoltResponse(status=200, body="")
        next()
        return None

    return middleware


def asker_of(body: dict, channel: str) -> Asker:
    """Who clicked or submitted, and the way back to them (an interaction's response_url)."""
    user = (body.get("user") or {}).get("id", "")
    urls = body.get("response_urls") or []
    url = body.get("response_url") or (urls[0].get("response_url", "") if urls else "")
    return Asker(channel, user, url)


def open_view(client: WebClient, trigger_id: str, view: dict, asker: Asker | None) -> str:
    """Open a modal after the ack; a refusal (expired trigger, limits) is told to the user."""
    try:
        return str(client.views_open(trigger_id=trigger_id, view=view)["view"]["id"])
    except SlackApiError as err:
        code = err.response.get("error", "unknown")
        log.warning("views.open failed: %s", code)
        if asker is not None:
            asker.tell(
                client,
                f"Clerk could not open the form (Slack answered {code}). Please try again; "
                "the command also works typed out in full (`/clerk help`).",
            )
        return ""


def say(client: WebClient, asker: Asker, reply: Reply) -> None:
    """Say what a form or a click recorded, as a slash command would have; a refusal privately."""
    if reply.ok and reply.visibility == "channel":
        try:
            client.chat_postMessage(
                channel=asker.channel_id, text=f"<@{asker.user_id}>: {mrkdwn(reply.text)}"
            )
            return
        except SlackApiError as err:
            code = err.response.get("error", "unknown")
            log.warning("answer to a form or click failed: %s", code)
            asker.tell(client, f"Recorded, but Clerk could not post here ({code}). {hint(code)}")
            return
    # A form or a click has no syntax to teach: the reason without the usage line.
    asker.tell(client, mrkdwn(reply.text))
