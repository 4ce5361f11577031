"""Modals: `/doc add`, `/meeting new` and `/comment` without arguments, and the message
shortcut "Add to report". A form's fields map onto a command's words, text and options; the
submission runs through the same router, and a refusal is shown on the field it concerns."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from commands import Context, Reply, make_router
from commands.framework.mrkdwn import unesc, unwrap
from commands.services.doclist import MAX_BYTES as MAX_LIST_BYTES
from commands.services.doclist import asks_for_status, import_file
from commands.services.word_template import MAX_TEMPLATE, use_template

from .delivery import Asker
from .interactions import Edge, asker_of, open_view, say

log = logging.getLogger("clerk.forms")
CALLBACK = "clerk_form"
SHORTCUT = "add_to_report"
TEMPLATE_SHORTCUT = "use_as_word_template"
IMPORT_SHORTCUT = "import_document_list"
LIST_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class Field:
    """One input of a form: a command word, the free text, or an option."""

    name: str
    label: str
    role: str  # "word" | "text" | "option"
    required: bool = False
    multiline: bool = False
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)


@dataclass(frozen=True)
class Form:
    title: str
    command: str
    sub: str
    fields: tuple[Field, ...] = field(default_factory=tuple)


TARGET = Field(
    "target",
    "About: agenda item or document",
    "word",
    placeholder="3.2 or C103 (empty: the current agenda item)",
)
FORMS = {
    "doc_add": Form(
        "List a document",
        "/doc",
        "add",
        (
            Field("number", "Document number", "word", required=True, placeholder="TD599, C103…"),
            Field("item", "Agenda item", "option", placeholder="2.1 (empty: annex only)"),
            Field("source", "Source", "option", placeholder="Rapporteur, RG-IEM"),
            Field("title", "Title", "option"),
            Field("category", "Category", "option", placeholder="Contribution, Information, LS…"),
            Field("action", "Action required", "option", placeholder="To note."),
            Field("note", "Notes", "option", multiline=True),
        ),
    ),
    "meeting_new": Form(
        "New meeting",
        "/meeting",
        "new",
        (
            Field("title", "Title", "text", required=True, placeholder="RG-SOP meeting"),
            Field(
                "kind",
                "Kind",
                "option",
                required=True,
                choices=(("session", "Session"), ("interim", "Interim e-meeting")),
            ),
            Field(
                "start", "Start", "option", placeholder="2024-08-01 14:30 (the group's time zone)"
            ),
            Field("end", "End", "option", placeholder="15:45"),
            Field("place", "Place", "option", placeholder="Geneva"),
            Field("link", "Join link", "option"),
            Field("remind", "Reminders before it", "option", placeholder="7d 1d 1h"),
            Field("report", "Report number", "option", placeholder="TD515, S2-2405999"),
            Field("notes", "Shared notes link", "option"),
        ),
    ),
    "comment": Form(
        "Add a comment",
        "/comment",
        "",
        (
            TARGET,
            Field("text", "Comment", "text", required=True, multiline=True),
            Field("by", "By", "option", placeholder="A Member State (empty: you)"),
        ),
    ),
    "note": Form(
        "Add a note",
        "/note",
        "",
        (TARGET, Field("text", "Note", "text", required=True, multiline=True)),
    ),
    "doc_present": Form(
        "Presented by",
        "/doc",
        "present",
        (
            Field("number", "Document", "word", required=True),
            Field("by", "Presented by", "option", required=True, placeholder="Ericsson Canada"),
        ),
    ),
    SHORTCUT: Form(
        "Add to report",
        "",
        "",
        (
            Field(
                "kind",
                "Add as",
                "option",
                required=True,
                choices=(("comment", "Comment"), ("note", "Note")),
            ),
            TARGET,
            Field("text", "Text", "text", required=True, multiline=True),
            Field("by", "By (comments)", "option", placeholder="A Member State (empty: you)"),
        ),
    ),
}
# Slash commands that open a form when typed without arguments.
OPENERS = {
    ("/doc", "add"): "doc_add",
    ("/meeting", "new"): "meeting_new",
    ("/comment", ""): "comment",
}


def form_for(command: str, text: str) -> str | None:
    """The form a bare `/doc add`, `/meeting new` or `/comment` opens."""
    return OPENERS.get((command.strip().lower(), text.strip().lower()))


def seal(form_name: str, channel_id: str, key: str) -> str:
    """private_metadata: which form, for which channel, signed so it cannot be changed."""
    mac = hmac.new(key.encode(), f"{form_name}:{channel_id}".encode(), hashlib.sha256)
    return json.dumps({"form": form_name, "channel": channel_id, "sig": mac.hexdigest()[:32]})


def unseal(metadata: str, key: str) -> tuple[str, str] | None:
    """(form, channel) of a submitted form; None when garbled or not signed by this Clerk."""
    try:
        meta = json.loads(metadata or "{}")
        form_name, channel_id, sig = str(meta["form"]), str(meta["channel"]), str(meta["sig"])
    except (ValueError, KeyError, TypeError):
        return None
    expected = json.loads(seal(form_name, channel_id, key))["sig"]
    if form_name not in FORMS or not hmac.compare_digest(sig, expected):
        return None
    return form_name, channel_id


def view(
    form_name: str, channel_id: str, initial: dict[str, str] | None = None, *, key: str = ""
) -> dict:
    """The Block Kit modal of a form; private_metadata says which form, for which channel."""
    form, initial = FORMS[form_name], initial or {}
    blocks = []
    for f in form.fields:
        element: dict[str, Any]
        if f.choices:
            options = [
                {"text": {"type": "plain_text", "text": label}, "value": value}
                for value, label in f.choices
            ]
            chosen = next((o for o in options if o["value"] == initial.get(f.name)), options[0])
            element = {
                "type": "static_select",
                "action_id": "v",
                "options": options,
                "initial_option": chosen,
            }
        else:
            element = {
                "type": "plain_text_input",
                "action_id": "v",
                "multiline": f.multiline,
            }
            if f.placeholder:
                element["placeholder"] = {"type": "plain_text", "text": f.placeholder[:150]}
            if initial.get(f.name):
                element["initial_value"] = initial[f.name][:3000]
        blocks.append(
            {
                "type": "input",
                "block_id": f.name,
                "optional": not f.required,
                "label": {"type": "plain_text", "text": f.label},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": {"type": "plain_text", "text": form.title[:24]},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": seal(form_name, channel_id, key),
        "blocks": blocks,
    }


def values(state: dict) -> dict[str, str]:
    """Submitted values by field name."""
    out = {}
    for block_id, actions in state.get("values", {}).items():
        entry = actions.get("v", {})
        if entry.get("type") == "static_select":
            out[block_id] = (entry.get("selected_option") or {}).get("value", "")
        else:
            out[block_id] = entry.get("value") or ""
    return out


def submit(router, form_name: str, got: dict[str, str], ctx: Context) -> Reply:
    """Run the form's command with its values."""
    form = FORMS[form_name]
    command, sub = form.command, form.sub
    if form_name == SHORTCUT:
        command = f"/{got.get('kind') or 'comment'}"
    words = [got.get(f.name, "") for f in form.fields if f.role == "word"]
    text = " ".join(got.get(f.name, "") for f in form.fields if f.role == "text")
    options = {f.name: got.get(f.name, "") for f in form.fields if f.role == "option"}
    if form_name == SHORTCUT:
        options.pop("kind", None)
        if command == "/note":
            options.pop("by", None)
    return router.dispatch_values(command, sub, words, text, options, ctx)


def error_field(form_name: str, reply: Reply) -> str:
    """The form field a refusal is about: the option or word it names, else the first field."""
    names = [f.name for f in FORMS[form_name].fields]
    # A form's "About" field takes an agenda number or a document number.
    for name in (reply.field, {"item": "target", "number": "target"}.get(reply.field, "")):
        if name in names:
            return name
    return names[0]


def plain(text: str) -> str:
    """A refusal as plain text for a modal's error line: no mrkdwn."""
    return re.sub(r"[*`]", "", unesc(text))[:300]


def register(app: App, edge: Edge) -> None:
    """The shortcut, and the submissions of every form."""

    def on_shortcut(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        message = body.get("message", {})
        channel = (body.get("channel") or {}).get("id", "")
        initial = {"text": unesc(unwrap(message.get("text", ""))), "kind": "comment"}
        edge.quick.submit(
            open_view,
            client,
            body.get("trigger_id", ""),
            view(SHORTCUT, channel, initial, key=edge.secret),
            asker_of(body, channel),
        )

    def on_submit(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        # The channel comes back from Slack inside the view: run it only as this Clerk sealed it.
        sealed = unseal((body.get("view") or {}).get("private_metadata", ""), edge.secret)
        if sealed is None:
            log.warning("form submission not understood or not sealed by this Clerk")
            ack()
            return
        form_name, channel = sealed
        user = (body.get("user") or {}).get("id", "")
        ctx = edge.context(body, context, channel=channel, user=user)
        reply = submit(
            make_router(edge.stores.get()), form_name, values(body["view"]["state"]), ctx
        )
        if not reply.ok:
            # The sentence alone, on its field: the usage line would name every option.
            sentence = plain(reply.text)
            ack(response_action="errors", errors={error_field(form_name, reply): sentence})
            return
        ack()  # closes the modal
        edge.quick.submit(say, client, asker_of(body, channel), reply)

    def on_template(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        files = [
            f
            for f in (body.get("message") or {}).get("files") or []
            if str(f.get("name", "")).lower().endswith(".docx")
        ]
        edge.slow.submit(_take_template, edge, client, asker, ctx, files)

    def on_import(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        message = body.get("message") or {}
        files = [
            f
            for f in message.get("files") or []
            if str(f.get("name", "")).lower().endswith(LIST_SUFFIXES)
        ]
        status = asks_for_status(str(message.get("text", "")))
        edge.slow.submit(_take_list, edge, client, asker, ctx, files, status)

    app.shortcut(SHORTCUT)(on_shortcut)
    app.shortcut(TEMPLATE_SHORTCUT)(on_template)
    app.shortcut(IMPORT_SHORTCUT)(on_import)
    app.view(CALLBACK)(on_submit)


def _fetch(client: WebClient, found: dict[str, Any], limit: int) -> bytes | None:
    """A message's file, downloaded with the bot's token (files:read); None if Slack refused."""
    url = str(found.get("url_private_download") or found.get("url_private") or "")
    try:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
        with urllib.request.urlopen(request, timeout=30) as resp:
            return bytes(resp.read(limit + 1))
    except (OSError, ValueError) as err:
        log.warning("file download failed: %s", type(err).__name__)
        return None


COULD_NOT_FETCH = (
    "Clerk could not fetch that file from Slack (it needs the files:read permission: "
    "reinstall the app from manifest.yml)"
)


def _message_file(
    client: WebClient,
    asker: Asker,
    files: list[dict[str, Any]],
    limit: int,
    *,
    kind: str,
    unchanged: str,
) -> tuple[str, bytes] | None:
    """The message's first file of the kind wanted (name, content), or None once the user was
    told why not ("That message carries no Word file (.docx); the template in use is…")."""
    if not files:
        asker.tell(client, f"That message carries no {kind}; {unchanged}.")
        return None
    content = _fetch(client, files[0], limit)
    if content is None:
        asker.tell(client, f"{COULD_NOT_FETCH}; {unchanged}.")
        return None
    return str(files[0].get("name", "")), content


def _take_template(
    edge: Edge, client: WebClient, asker: Asker, ctx: Context, files: list[dict[str, Any]]
) -> None:
    """Download the message's .docx with the bot's token and make it the group's template."""
    found = _message_file(
        client,
        asker,
        files,
        MAX_TEMPLATE,
        kind="Word file (.docx)",
        unchanged="the template in use is unchanged",
    )
    if found is not None:
        say(client, asker, use_template(edge.stores.get(), ctx, *found))


def _take_list(
    edge: Edge,
    client: WebClient,
    asker: Asker,
    ctx: Context,
    files: list[dict[str, Any]],
    status: bool,
) -> None:
    """Download the message's document list and import it into the current meeting."""
    found = _message_file(
        client,
        asker,
        files,
        MAX_LIST_BYTES,
        kind="document list (.xlsx, .csv or .tsv)",
        unchanged="nothing was imported",
    )
    if found is None:
        return
    try:
        reply = import_file(edge.stores.get(), ctx, *found, status=status)
    except Exception:  # its transaction rolled back: nothing was imported
        log.exception("document list import failed")
        asker.tell(client, "Clerk could not import that list; nothing was changed.")
        return
    say(client, asker, reply)
