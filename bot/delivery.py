"""After the ack: uploads, report jobs, late answers and the hints that tell a user what to fix.

A late answer to a slash command goes through its `response_url` (valid 30 minutes, five
uses): it reaches the user in a DM, a group DM or a private channel Clerk is not in, where
`chat.postEphemeral` and channel uploads fail.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.render import esc, mrkdwn
from commands import Canvas, Queue, Reply, bookkeeping
from storage import MeetingFields

from .jobs import Jobs
from .stores import Stores

log = logging.getLogger("clerk.delivery")
INVITE = "Invite Clerk to the channel with `/invite @Clerk` and run the command again."


@dataclass(frozen=True)
class Asker:
    """Who asked, where, and the way back to them for a late answer."""

    channel_id: str
    user_id: str
    response_url: str = ""

    def tell(self, client: WebClient, text: str) -> bool:
        """Say `text` to the asker alone: response_url, else ephemeral, else a DM."""
        if self.response_url:
            try:
                sent = WebhookClient(self.response_url, timeout=10).send(
                    text=text, response_type="ephemeral", replace_original=False
                )
                if sent.status_code == 200:
                    return True
                log.warning("response_url answered %s", sent.status_code)
            except Exception as err:  # an expired or unreachable URL: try the Web API
                log.warning("response_url failed: %s", type(err).__name__)
        for channel in (self.channel_id, self.user_id):
            try:
                if channel == self.user_id:
                    client.chat_postMessage(channel=self.user_id, text=text)
                else:
                    client.chat_postEphemeral(channel=channel, user=self.user_id, text=text)
                return True
            except SlackApiError as err:
                log.warning("could not tell the user: %s", err.response.get("error"))
        return False


def answer(client: WebClient, asker: Asker, payload: dict) -> None:
    """A slash command's answer given late, as its ack would have: through response_url
    (in the channel or to the asker alone), else to the asker alone."""
    if asker.response_url:
        try:
            sent = WebhookClient(asker.response_url, timeout=10).send(
                text=payload.get("text", ""),
                blocks=payload.get("blocks"),
                response_type=payload.get("response_type", "ephemeral"),
                replace_original=False,
            )
            if sent.status_code == 200:
                return
        except Exception as err:  # expired or unreachable: say it another way
            log.warning("response_url failed: %s", type(err).__name__)
    asker.tell(client, payload.get("text", ""))


def hint(code: str) -> str:
    """What the user can do about a Web API error, in one sentence."""
    if code in ("not_in_channel", "channel_not_found"):
        return INVITE
    if code in ("canvas_disabled_user_team", "team_tier_cannot_create_channel_canvases"):
        return "Canvases are not available in this workspace; use `/report` for the files."
    if code == "missing_scope":
        return "The Slack app lacks a permission; reinstall it from manifest.yml."
    return "Please try again."


def this_process() -> str:
    """This process, as deliveries name the one delivering them (a restart is another)."""
    # Asked each time, not fixed at import: a process forked after importing this module
    # (a preloading launcher) is another process, and a claim in its parent's name would
    # look alive to the restart that should take it over.
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Request:
    """The slash command behind a delivery: what a restart needs to run it again."""

    team_id: str
    command: str
    text: str


def deliver(
    client: WebClient, jobs: Jobs, asker: Asker, reply: Reply, request: Request | None = None
) -> None:
    """Upload the reply's files, run its slow work and publish the result; failures are told.

    With `request`, the delivery is kept in the outbox until it is done, so a process that
    dies meanwhile leaves it for the sender to take over (see resume_interrupted): the ids of
    its files are recorded before they are shared, so a share that happened is found, not
    made twice."""
    if request is None or (reply.later is None and not reply.files):
        _deliver(client, jobs, asker, reply)
        return
    store = jobs.stores.get()
    with bookkeeping(store):
        group = store.groups.get(request.team_id, asker.channel_id)
        if group is None:  # nothing to run again without a group: deliver as it comes
            _deliver(client, jobs, asker, reply)
            return
        kept = store.deliveries.start(
            group_id=group.id,
            team_id=request.team_id,
            channel_id=asker.channel_id,
            user_id=asker.user_id,
            response_url=asker.response_url,
            command=request.command,
            text=request.text,
            now=datetime.now(UTC),
            worker=this_process(),
        )

    def handed_out(file_ids: list[str]) -> None:
        with bookkeeping(store):
            store.deliveries.files_handed_out(kept, file_ids)

    outcome = "sent" if _deliver(client, jobs, asker, reply, handed_out) else "failed"
    with bookkeeping(store):
        store.deliveries.finish(kept, outcome, now=datetime.now(UTC))


# Told the ids of a delivery's files before they are shared (recorded, to look for later).
HandedOut = Callable[[list[str]], None]


def _deliver(
    client: WebClient, jobs: Jobs, asker: Asker, reply: Reply, handed_out: HandedOut | None = None
) -> bool:
    """deliver's work; False when the user was told it failed."""
    try:
        if reply.needs_presence:
            check_presence(client, asker)
        if reply.queue is not None:
            show_queue(client, jobs.stores, asker.channel_id, reply.queue)
        if reply.files:
            if reply.files_to_caller:
                to = dm_channel(client, asker.user_id)
                upload(client, to, reply, comment=mrkdwn(reply.text), handed_out=handed_out)
            else:  # the ack already showed the text
                upload(client, asker.channel_id, reply, handed_out=handed_out)
        if reply.later is not None:
            follow = jobs.run(reply.later)
            if follow.canvas is not None:
                put_canvas(client, jobs.stores, asker.channel_id, follow.canvas)
            publish(client, asker, follow, handed_out)
        return True
    except SlackApiError as err:
        code = err.response.get("error", "unknown")
        log.warning("delivery failed: %s", code)
        asker.tell(client, f"Clerk could not post to this channel ({code}). {hint(code)}")
    except UploadUnknown:
        asker.tell(
            client,
            "Slack did not confirm that the files reached the channel, and Clerk could not "
            "check. Look in the channel before asking again: they may well be there.",
        )
    except Exception:
        log.exception("delivery failed")
        asker.tell(client, "Clerk could not finish that; nothing was lost. Please try again.")
    return False


def show_queue(client: WebClient, stores: Stores, channel_id: str, queue: Queue) -> None:
    """The meeting's speaker queue in the one message Clerk keeps for it: updated in place,
    or posted once (and remembered) when there is none yet or it was deleted."""
    text = queue_mrkdwn(queue)
    if queue.message_ts:
        try:
            client.chat_update(channel=channel_id, ts=queue.message_ts, text=text)
            return
        except SlackApiError as err:
            if err.response.get("error") not in ("message_not_found", "cant_update_message"):
                raise
    posted = client.chat_postMessage(channel=channel_id, text=text)
    store = stores.get()
    with bookkeeping(store):  # the next change updates this message
        store.meetings.update(queue.meeting_id, MeetingFields(queue_ts=str(posted["ts"])))


def queue_mrkdwn(queue: Queue) -> str:
    """`*Speaker queue* (meeting 2)` and a numbered line per speaker, or that it is empty."""
    head = f"*Speaker queue* (meeting {queue.meeting_number})"
    if not queue.speakers:
        return f"{head}: empty."
    lines = [
        f"{n}. {esc(name)}" + (f" — {esc(note)}" if note else "")
        for n, (name, note) in enumerate(queue.speakers, 1)
    ]
    return head + "\n" + "\n".join(lines)


def check_presence(client: WebClient, asker: Asker) -> None:
    """Tell the asker when Clerk is not in the channel: no #tags are heard, no report posted."""
    try:
        info = client.conversations_info(channel=asker.channel_id)
        member = bool(info["channel"].get("is_member"))
    except SlackApiError as err:
        code = err.response.get("error", "")
        if code == "missing_scope":
            return  # an older install without channels:read; nothing to say for sure
        member = False
    if not member:
        asker.tell(
            client,
            "Clerk is not a member of this channel, so `#note`, `#comment`… lines typed here "
            f"are not recorded and the report cannot be posted here. {INVITE}",
        )


def dm_channel(client: WebClient, user_id: str) -> str:
    """The bot's direct-message channel with a user."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])


def publish(
    client: WebClient, asker: Asker, reply: Reply, handed_out: HandedOut | None = None
) -> None:
    """A reply made after the ack: one message, with its files attached when it has any."""
    said = mrkdwn(reply.text)
    if reply.files and reply.files_to_caller:
        to = dm_channel(client, asker.user_id)
        upload(client, to, reply, comment=said, handed_out=handed_out)
    elif reply.files and reply.visibility == "channel":
        upload(client, asker.channel_id, reply, comment=said, handed_out=handed_out)
    elif reply.visibility == "channel":
        client.chat_postMessage(channel=asker.channel_id, text=mrkdwn(reply.text))
    else:
        asker.tell(client, mrkdwn(reply.full))


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
    store = stores.get()
    with bookkeeping(store):  # the next /report canvas replaces this one
        store.meetings.update(canvas.meeting_id, MeetingFields(canvas_id=str(made["canvas_id"])))


# Seconds to wait before each look for files whose sharing went unanswered: three looks
# within 1.4 times CLERK_RECHECK_SECONDS (set for the process by configure_rechecks).
SHARE_CHECKS = (1.0, 2.0, 4.0)


def configure_rechecks(seconds: float) -> None:
    """The looks after a lost share answer, spread over `seconds` (a fifth, two, four)."""
    global SHARE_CHECKS
    SHARE_CHECKS = (seconds * 0.2, seconds * 0.4, seconds * 0.8)


class UploadUnknown(Exception):
    """Slack's answer to sharing the files was lost, and Clerk could not tell if they were."""


def upload(
    client: WebClient,
    channel_id: str,
    reply: Reply,
    comment: str | None = None,
    *,
    handed_out: HandedOut | None = None,
) -> None:
    """Upload the reply's files to a channel with the current files upload API, sharing them
    once: when the answer to the share is lost, the file is looked up before anything else;
    `handed_out` hears the files' ids before the share (a restart looks for them)."""
    files: list[dict[str, str | None]] = []
    for f in reply.files:
        got = client.files_getUploadURLExternal(filename=f.filename, length=len(f.content))
        _put(str(got["upload_url"]), f.content, client.timeout)
        files.append({"id": str(got["file_id"]), "title": f.title or f.filename})
    if handed_out is not None:
        handed_out([str(f["id"]) for f in files])
    try:
        client.files_completeUploadExternal(
            files=files, channel_id=channel_id, initial_comment=comment
        )
    except OSError as err:  # a timeout or a dropped connection: Slack may have shared them
        log.warning("sharing the files: answer lost (%s); looking", type(err).__name__)
        for pause in SHARE_CHECKS:  # Slack may still be at it: look a few times
            time.sleep(pause)
            if shared(client, str(files[0]["id"]), channel_id):
                return
        raise UploadUnknown from err


def _put(url: str, content: bytes, timeout: int) -> None:
    """The bytes of one file, to the upload URL Slack handed out."""
    request = urllib.request.Request(url, data=content, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        resp.read()


def shared(client: WebClient, file_id: str, channel_id: str = "") -> bool:
    """Whether the file was shared in the channel (files.info's shares); without a channel,
    whether it was shared anywhere."""
    try:
        found = client.files_info(file=file_id)["file"]
    except (SlackApiError, OSError):
        return False
    shares = found.get("shares") or {}
    where = {*shares.get("public", {}), *shares.get("private", {})}
    where |= {
        *(found.get("channels") or []),
        *(found.get("groups") or []),
        *(found.get("ims") or []),
    }
    return channel_id in where if channel_id else bool(where)
