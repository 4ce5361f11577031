"""Modals: `/doc add`, `/meeting new` and `/comment` without arguments, and the message
shortcut "Add to report". A form's fields map onto a command's words, text and options; the
submission runs through the same router, and a refusal is shown on the field it concerns."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.render import mrkdwn
from commands import (
    MAX_FIELD,
    MAX_LIST_BYTES,
    MAX_TEMPLATE,
    UNCHANGED,
    Context,
    ListError,
    Reply,
    Rich,
    asks_for_status,
    import_file,
    import_refusal,
    make_router,
    people_in,
    read_list,
    readable_docx,
    speak,
    template_refusal,
    unesc,
    unwrap,
    use_template,
)

from .delivery import Asker
from .files import FileRefused
from .interactions import Edge, asker_of, open_view, say
from .jobs import IsolatedFailure, isolated

log = logging.getLogger("clerk.forms")
CALLBACK = "clerk_form"
SHORTCUT = "add_to_report"
TEMPLATE_SHORTCUT = "use_as_word_template"
IMPORT_SHORTCUT = "import_document_list"
LIST_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
# Slack's plain_text_input holds at most this many characters.
INPUT_LIMIT = 3000


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


def seal(form_name: str, channel_id: str, key: str, author: tuple[str, str] = ("", "")) -> str:
    """private_metadata: which form, for which channel (and, for "Add to report", the
    message's author: name and user id), signed so none of it can be changed."""
    name, user_id = author
    # Without an author, the message signed is as before it existed: open forms stay valid.
    signed = f"{form_name}:{channel_id}" + (f":{name}:{user_id}" if user_id else "")
    mac = hmac.new(key.encode(), signed.encode(), hashlib.sha256)
    meta: dict[str, Any] = {"form": form_name, "channel": channel_id, "sig": mac.hexdigest()[:32]}
    if user_id:
        meta["author"] = [name, user_id]
    return json.dumps(meta)


@dataclass(frozen=True)
class Sealed:
    """What a submitted form's private_metadata says, once its signature checks out."""

    form: str
    channel: str
    author: tuple[str, str] = ("", "")  # the shortcut's message author: (name, user id)


def unseal(metadata: str, key: str) -> Sealed | None:
    """The form's sealed facts; None when garbled or not signed by this Clerk."""
    try:
        meta = json.loads(metadata or "{}")
        form_name, channel_id, sig = str(meta["form"]), str(meta["channel"]), str(meta["sig"])
        name, user_id = (str(x) for x in meta.get("author") or ("", ""))
    except (ValueError, KeyError, TypeError):
        return None
    expected = json.loads(seal(form_name, channel_id, key, (name, user_id)))["sig"]
    if form_name not in FORMS or not hmac.compare_digest(sig, expected):
        return None
    return Sealed(form_name, channel_id, (name, user_id))


def split_text(text: str, size: int = INPUT_LIMIT) -> list[str]:
    """`text` in pieces of at most `size` characters, cut after whitespace where there is some
    (joined back, they are the text exactly)."""
    parts = []
    while len(text) > size:
        cut = max(text.rfind(" ", 0, size), text.rfind("\n", 0, size)) + 1
        if cut <= size // 2:
            cut = size
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text]


def view(
    form_name: str,
    channel_id: str,
    initial: dict[str, str] | None = None,
    *,
    key: str = "",
    author: tuple[str, str] = ("", ""),
) -> dict:
    """The Block Kit modal of a form; private_metadata says which form, for which channel.

    A text longer than one input holds (a long message given to "Add to report") comes in
    several inputs, joined back on submission: nothing of it is cut."""
    form, initial = FORMS[form_name], initial or {}
    blocks: list[dict[str, Any]] = []
    for f in form.fields:
        if f.role == "text" and len(initial.get(f.name, "")) > INPUT_LIMIT:
            blocks.extend(_parts(f, initial[f.name]))
            continue
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
                element["initial_value"] = initial[f.name][:INPUT_LIMIT]
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
        "private_metadata": seal(form_name, channel_id, key, author),
        "blocks": blocks,
    }


def _parts(f: Field, text: str) -> list[dict[str, Any]]:
    """A long text as several inputs, `text`, `text~2`, `text~3`…, with a word on why."""
    pieces = split_text(text)
    blocks: list[dict[str, Any]] = [
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"This message is {len(text):,} characters long: it is in "
                    f"{len(pieces)} parts below, recorded whole.",
                }
            ],
        }
    ]
    for n, piece in enumerate(pieces, 1):
        blocks.append(
            {
                "type": "input",
                "block_id": f.name if n == 1 else f"{f.name}~{n}",
                "optional": n > 1,
                "label": {"type": "plain_text", "text": f"{f.label} (part {n} of {len(pieces)})"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "v",
                    "multiline": True,
                    "initial_value": piece,
                },
            }
        )
    return blocks


def values(state: dict) -> dict[str, str]:
    """Submitted values by field name; the parts of a long text (`text~2`…) joined back."""
    out: dict[str, str] = {}
    parts: dict[str, list[tuple[int, str]]] = {}
    for block_id, actions in state.get("values", {}).items():
        entry = actions.get("v", {})
        if entry.get("type") == "static_select":
            out[block_id] = (entry.get("selected_option") or {}).get("value", "")
            continue
        name, _, n = str(block_id).partition("~")
        parts.setdefault(name, []).append((int(n) if n.isdigit() else 1, entry.get("value") or ""))
    for name, pieces in parts.items():
        out[name] = "".join(text for _, text in sorted(pieces))
    return out


def submit(
    router, form_name: str, got: dict[str, str], ctx: Context, author: tuple[str, str] = ("", "")
) -> Reply:
    """Run the form's command with its values. "By" left as the message's author is that
    person (their Slack user), not a name typed."""
    form = FORMS[form_name]
    name, user_id = author
    if user_id and got.get("by", "").strip() == name:
        got = {**got, "by": f"<@{user_id}>"}
    command, sub = form.command, form.sub
    if form_name == SHORTCUT:
        command = f"/{got.get('kind') or 'comment'}"
    words = [got.get(f.name, "") for f in form.fields if f.role == "word"]
    text = " ".join(got.get(f.name, "") for f in form.fields if f.role == "text")
    if len(text) > MAX_FIELD and form_name == SHORTCUT:
        return _in_several_entries(router, form_name, got, ctx, text)
    options = {f.name: got.get(f.name, "") for f in form.fields if f.role == "option"}
    if form_name == SHORTCUT:
        options.pop("kind", None)
        if command == "/note":
            options.pop("by", None)
    return router.dispatch_values(command, sub, words, text, options, ctx)


class _PartRefused(Exception):
    def __init__(self, reply: Reply):
        self.reply = reply


def _in_several_entries(
    router, form_name: str, got: dict[str, str], ctx: Context, text: str
) -> Reply:
    """A message longer than one entry holds, recorded whole as consecutive entries, all or
    none, and said so."""
    pieces = split_text(text, MAX_FIELD)
    try:
        with router.work.write(ctx.now):  # one change: undo takes back every part
            replies = []
            for piece in pieces:
                reply = submit(router, form_name, {**got, "text": piece}, ctx)
                if not reply.ok:
                    raise _PartRefused(reply)
                replies.append(reply)
    except _PartRefused as refused:
        return refused.reply
    first = replies[0]
    return Reply(
        text=first.text
        + f"\nThe message is {len(text):,} characters long, more than one entry holds "
        f"({MAX_FIELD:,}): it was recorded whole in {len(pieces)} consecutive entries.",
        visibility=first.visibility,
    )


def error_field(form_name: str, reply: Reply) -> str:
    """The form field a refusal is about: the option or word it names, else the first field."""
    names = [f.name for f in FORMS[form_name].fields]
    # A form's "About" field takes an agenda number or a document number.
    for name in (reply.field, {"item": "target", "number": "target"}.get(reply.field, "")):
        if name in names:
            return name
    return names[0]


def plain(text: Rich) -> str:
    """A refusal as plain text for a modal's error line: no marks."""
    return text.words()[:300]


def register(app: App, edge: Edge) -> None:
    """The shortcut, and the submissions of every form."""

    def on_shortcut(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        edge.quick.submit(_add_to_report, edge, client, body)

    def on_submit(ack: Ack, body: dict, client: WebClient, context: BoltContext) -> None:
        # The channel comes back from Slack inside the view: run it only as this Clerk sealed it.
        sealed = unseal((body.get("view") or {}).get("private_metadata", ""), edge.secret)
        if sealed is None:
            log.warning("form submission not understood or not sealed by this Clerk")
            ack()
            return
        form_name, channel = sealed.form, sealed.channel
        user = (body.get("user") or {}).get("id", "")
        ctx = edge.context(body, context, channel=channel, user=user)
        reply = submit(
            make_router(edge.stores.get()),
            form_name,
            values(body["view"]["state"]),
            ctx,
            sealed.author,
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
        files = list((body.get("message") or {}).get("files") or [])
        edge.slow.submit(_take_template, edge, client, asker, ctx, files)

    def on_import(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id", "")
        asker = asker_of(body, channel)
        ctx = edge.context(body, context, channel=channel, user=asker.user_id)
        message = body.get("message") or {}
        files = list(message.get("files") or [])
        status = asks_for_status(str(message.get("text", "")))
        edge.slow.submit(_take_list, edge, client, asker, ctx, files, status)

    app.shortcut(SHORTCUT)(on_shortcut)
    app.shortcut(TEMPLATE_SHORTCUT)(on_template)
    app.shortcut(IMPORT_SHORTCUT)(on_import)
    app.view(CALLBACK)(on_submit)


def _add_to_report(edge: Edge, client: WebClient, body: dict[str, Any]) -> None:
    """The "Add to report" form for a message: its whole text, By its author's name."""
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id", "")
    author_id = str(message.get("user") or "")
    name = ""
    if author_id:
        try:
            name = edge.profiles.real_name(author_id, client)
        except Exception:  # a convenience: the form opens without it
            log.warning("author's name not found for Add to report")
    raw = unwrap(str(message.get("text", "")))
    # Mentions in the message are named as a reader sees them: the form shows no markup.
    names = {}
    for user_id in set(people_in(raw)):
        try:
            names[user_id] = edge.profiles.real_name(user_id, client)
        except Exception:  # a convenience: the mention's own label is used
            continue
    initial = {"text": unesc(speak(raw, names)), "kind": "comment", "by": name}
    author = (name, author_id) if name else ("", "")
    form = view(SHORTCUT, channel, initial, key=edge.secret, author=author)
    open_view(client, body.get("trigger_id", ""), form, asker_of(body, channel))


def _message_file(
    edge: Edge,
    client: WebClient,
    asker: Asker,
    files: list[dict[str, Any]],
    limit: int,
    *,
    suffixes: tuple[str, ...],
    kind: str,
    unchanged: str,
) -> tuple[str, bytes] | None:
    """The message's first file of the kind wanted (name, content), or None once the user was
    told why not ("That message carries no Word file (.docx); the template in use is…")."""
    try:
        records = [edge.files.record(client, f) for f in files]
        wanted = [f for f in records if str(f.get("name", "")).lower().endswith(suffixes)]
        if not wanted:
            asker.tell(client, f"That message carries no {kind}; {unchanged}.")
            return None
        return str(wanted[0].get("name", "")), edge.files.fetch(client, wanted[0], limit)
    except FileRefused as err:
        asker.tell(client, f"Clerk did not take the file: {err}; {unchanged}.")
        return None


def _opened_apart(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` run in a process with memory and time limits (a file may be built to explode)."""

    def run(*args: Any) -> Any:
        try:
            return isolated(fn, *args)
        except IsolatedFailure as err:
            raise ListError(f"Clerk could not open that file ({err}).") from err

    return run


def _take_template(
    edge: Edge, client: WebClient, asker: Asker, ctx: Context, files: list[dict[str, Any]]
) -> None:
    """Make the message's .docx the group's template: the caller's role first, then the file
    from Slack's own hosts, opened in a process of its own."""
    store = edge.stores.get()
    refused = template_refusal(store, ctx)
    if refused is not None:
        asker.tell(client, mrkdwn(refused.text))
        return
    found = _message_file(
        edge,
        client,
        asker,
        files,
        MAX_TEMPLATE,
        suffixes=(".docx",),
        kind="Word file (.docx)",
        unchanged=UNCHANGED,
    )
    if found is None:
        return

    def readable(content: bytes) -> bool:
        try:
            return bool(isolated(readable_docx, content, found[0]))
        except IsolatedFailure:
            return False

    say(client, asker, use_template(make_router(store).work, ctx, *found, readable=readable))


def _take_list(
    edge: Edge,
    client: WebClient,
    asker: Asker,
    ctx: Context,
    files: list[dict[str, Any]],
    status: bool,
) -> None:
    """Import the message's document list into the current meeting: the caller's role first,
    then the file from Slack's own hosts, read in a process of its own."""
    store = edge.stores.get()
    refused = import_refusal(store, ctx)
    if refused is not None:
        asker.tell(client, mrkdwn(refused.text))
        return
    found = _message_file(
        edge,
        client,
        asker,
        files,
        MAX_LIST_BYTES,
        suffixes=LIST_SUFFIXES,
        kind="document list (.xlsx, .csv or .tsv)",
        unchanged="nothing was imported",
    )
    if found is None:
        return
    try:
        reply = import_file(
            make_router(store).work, ctx, *found, status=status, reader=_opened_apart(read_list)
        )
    except Exception:  # its transaction rolled back: nothing was imported
        log.exception("document list import failed")
        asker.tell(client, "Clerk could not import that list; nothing was changed.")
        return
    say(client, asker, reply)
