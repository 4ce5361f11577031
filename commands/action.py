"""/action: an action item with its owner and optional due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from commands.entries import Kind, entry_family, text_changes, text_values
from commands.framework.call import Call
from commands.framework.grammar import Token, parse_date, parse_id, zone
from commands.framework.limits import check_field
from commands.framework.ops import Op, text, word
from commands.framework.reply import Attachment, Choice, Listing, Reply, Row
from commands.framework.rich import Rich, Says, says, strong
from commands.services.export import actions_csv
from commands.text.lines import long_date, plural
from commands.text.sentences import long_due
from storage import (
    ActionEventKind,
    Entry,
    EntryFields,
    EntryKind,
    Meeting,
    NewActionEvent,
    Owner,
    joined_names,
)

ACTION = Kind(
    "action",
    "action items: log with owners and a due date, list, mark done, reopen, change",
    '/action [ITEM|DOCUMENT] owner=WHO "what to do" [due=2024-10-31]',
    ("owner", "due"),
    "chair",
    "record action items",
    (
        '/action 4.2 owner=TSB "report the responses to the comments at the next RG-SOP '
        'meeting" due=2024-10-31',
        '/action 4.2 owner="Editors of Y.3000, TSB" "update the draft"',
    ),
    many=("owner",),
)

NO_OWNER = 'Say who owns the action: owner=TSB, owner="Name" or several: owner="A, B".'


def _due(call: Call) -> str:
    if not call.has("due"):
        return ""
    return parse_date(call.opt("due")).isoformat()  # an ambiguous 11/09/2024 is refused


def _owners(call: Call) -> dict[str, Any]:
    """owner= (a list, or given several times) as the entry's columns: the first owner, the rest."""
    people = call.people("owner")
    if not people:
        raise call.fail(NO_OWNER, field="owner")
    for name, _ in people:
        check_field("An owner", name)
    (first, first_id), *rest = people
    return {
        "attributed": first,
        "attributed_id": first_id,
        "more_owners": tuple(Owner(n, u) for n, u in rest),
    }


def values(call: Call, start: int) -> dict[str, Any]:
    line = text_values(call, start)
    line.update(_owners(call))
    line["due"] = _due(call)
    return line


def changes(call: Call) -> dict[str, Any]:
    new = text_changes(call)
    if call.has("owner"):
        new.update(_owners(call))
    if call.has("due"):
        new["due"] = _due(call)
    return new


def _past_due(call: Call, entry: Entry) -> str:
    """A due date in the past is taken, with a word about it."""
    if not entry.due:
        return ""
    today = call.now.astimezone(zone(call.group.tz)).date()
    if entry.due < today.isoformat():
        return f"Note: the due date, {long_due(entry.due)}, is already past."
    return ""


def _record(call: Call, entry: Entry, kind: ActionEventKind, **values: str) -> None:
    """Keep what happened to an action, by whom and when (the next meeting's review)."""
    event = NewActionEvent(kind, by_id=call.ctx.caller.user_id, **values)
    call.store.actions.record(call.group.id, entry.id, event, now=call.now)


def after(call: Call, before: Entry | None, entry: Entry) -> str:
    """What follows a change to an action: its history and a word on its date (its owners'
    DMs are re-planned by the unit of work, see commands/services/replan.py)."""
    if before is None:
        _record(
            call,
            entry,
            ActionEventKind.ASSIGNED,
            owner=entry.who,
            owner_id=entry.attributed_id,
            due=entry.due,
        )
        return _joined_words(_past_due(call, entry), _unreachable(call, entry))
    if entry.deleted_at:
        return ""
    reassigned = entry.owners != before.owners
    if reassigned:
        _record(
            call, entry, ActionEventKind.REASSIGNED, owner=entry.who, owner_id=entry.attributed_id
        )
    if entry.due != before.due:
        _record(call, entry, ActionEventKind.DUE, due=entry.due)
    return _joined_words(
        _past_due(call, entry) if entry.due != before.due else "",
        _unreachable(call, entry) if reassigned else "",
    )


def _unreachable(call: Call, entry: Entry) -> str:
    """A word when an owner is a Slack account Clerk cannot message."""
    names = [o.name for o in entry.owners if o.user_id and o.user_id in call.ctx.unreachable]
    if not names:
        return ""
    return (
        f"Note: {joined_names(names)} cannot get direct messages in Slack (a deactivated "
        "account or a bot), so Clerk cannot remind them of this action."
    )


def _joined_words(*notes: str) -> str:
    return " ".join(n for n in notes if n)


FAMILY = entry_family(ACTION, values, changes, after)


def _action(call: Call) -> Entry:
    """The action a subcommand names by its number, in this channel's group."""
    words = call.args.positionals
    number = parse_id(words[0].value) if words else None
    if number is None:
        raise call.fail("Say which action by its number, e.g. /action done 12.")
    entry = call.store.entries.get(call.group.id, number)
    if entry is None:
        raise call.fail(f"There is no action #{number} in this channel.")
    if entry.kind != EntryKind.ACTION:
        raise call.fail(f"#{number} is a {entry.kind}, not an action item.")
    # An owner, whoever logged it, and the rapporteur side.
    if call.ctx.caller.user_id not in entry.owner_ids | {entry.author_id}:
        call.require("chair", "change action items owned and logged by others")
    return entry


@FAMILY.sub(
    "done",
    '/action done NUMBER ["what was done"]',
    "mark an action item done (its owner, whoever logged it, or a chair)",
    free_text=True,
    examples=('/action done 12 "sent as LS to SG13"',),
)
def done(call: Call) -> Reply:
    entry = _action(call)
    if entry.done_at is not None:
        when = long_date(datetime.fromisoformat(entry.done_at), call.group.tz)
        note = f": “{entry.done_note}”" if entry.done_note else ""
        return call.show(f"#{entry.number} is already done (on {when}{note}); nothing changed.")
    note = call.args.rest_text(1)
    check_field("The note", note)
    call.store.actions.mark_done(entry.id, now=call.now, note=note)
    _record(call, entry, ActionEventKind.DONE, note=note)
    said = f" — “{note}”" if note else ""
    return call.done(f"Done: #{entry.number} {entry.who}: {entry.text}{said}")


@FAMILY.sub(
    "reopen",
    "/action reopen NUMBER",
    "open a done action item again",
    examples=("/action reopen 12",),
)
def reopen(call: Call) -> Reply:
    entry = _action(call)
    if entry.done_at is None:
        return call.show(f"#{entry.number} is still open; nothing changed.")
    call.store.actions.reopen(entry.id)
    _record(call, entry, ActionEventKind.REOPENED)
    return call.done(f"Reopened #{entry.number} {entry.who}: {entry.text}")


@FAMILY.sub(
    "set",
    "/action set NUMBER [due=2024-11-15] [owner=WHO]…",
    "change an action item's due date or owners (owner= names them all)",
    keys=("due", "owner"),
    many=("owner",),
    examples=("/action set 12 due=2024-11-15 owner=TSB",),
)
def set_(call: Call) -> Reply:
    entry = _action(call)
    if len(call.args.positionals) > 1:
        extra = call.args.rest_text(1)
        raise call.fail(f"Unexpected “{extra}”: /action set takes due= and owner= only.")
    new = changes(call)
    if not new:
        raise call.fail("Give due= or owner= (or both).")
    edited = call.store.entries.edit(entry.id, EntryFields(**new), now=call.now)
    more = after(call, entry, edited)
    due = f" (due {long_due(edited.due)})" if edited.due else ""
    text = f"#{edited.number} {edited.who}: {edited.text}{due}"
    return call.done(f"Changed {text}" + (f"\n{more}" if more else ""))


@FAMILY.sub(
    "list",
    "/action list [mine|all] [file]",
    "open action items of the group by owner (mine: yours; all: done ones too; file: a CSV)",
    level="anyone",
    undoable=False,
    examples=("/action list", "/action list mine", "/action list all file"),
)
def list_(call: Call) -> Reply:
    words = [t.value.lower() for t in call.args.positionals]
    unknown = [w for w in words if w not in ("mine", "all", "file", "csv")]
    if unknown:
        raise call.fail(f"“{unknown[0]}” is not understood here; say mine, all or file.")
    done_too = "all" in words
    actions = call.store.actions.of_group(call.group.id, done_too=done_too)
    if "mine" in words:
        actions = [a for a in actions if call.ctx.caller.user_id in a.owner_ids]
    meetings = {m.id: m for m in call.store.meetings.of_group(call.group.id)}
    if "file" in words or "csv" in words:
        return _as_file(call, actions)
    scope = "Your" if "mine" in words else ("All" if done_too else "Open")
    if not actions:
        nothing = "You have no open action items" if "mine" in words else "No open action items"
        return call.show(f"{nothing} in this group." if not done_too else "No action items yet.")
    today = call.now.astimezone(zone(call.group.tz)).date().isoformat()
    # Owners whose direct messages Slack refused for good (deactivated, a bot).
    untold = call.store.notices.refused([a.id for a in actions])
    by_owner: dict[str, list[Entry]] = {}
    for a in actions:  # a shared action is listed under each of its owners
        for o in a.owners:
            by_owner.setdefault(o.name, []).append(a)
    title = f"{scope} action items of {call.group.name}"
    lines: list[Says] = [Rich(strong(title), f" ({len(actions)}):")]
    rows = []  # in Slack: a line each, with Done or Reopen in its menu
    for owner in sorted(by_owner, key=str.casefold):
        lines.append(strong(owner))
        for a in by_owner[owner]:
            line = _line(call, a, meetings, today, untold, owner)
            lines.append(Rich("• ", line))
            menu = (
                (Choice("Done", run=MarkDone(a.number)),)
                if a.done_at is None
                else (Choice("Reopen", run=Reopen(a.number)),)
            )
            rows.append(Row(Rich(strong(owner), " ", line), str(a.number), menu))
    reply = call.show(Rich("\n").join(lines))
    reply.listing = Listing(
        f"{title} ({len(actions)})", tuple(rows), source=("/action", call.args.text)
    )
    return reply


# What a line's menu and the Home's Done button run.
@dataclass(frozen=True)
class MarkDone(Op):
    """`/action done NUMBER ["note"]`, as a button or the Home's Done asks for it."""

    command: ClassVar[str] = "/action"
    sub: ClassVar[str] = "done"
    number: int
    note: str = ""

    def tokens(self) -> list[Token]:
        return [word(self.number), *([text(self.note)] if self.note else [])]


@dataclass(frozen=True)
class Reopen(Op):
    """`/action reopen NUMBER`."""

    command: ClassVar[str] = "/action"
    sub: ClassVar[str] = "reopen"
    number: int

    def tokens(self) -> list[Token]:
        return [word(self.number)]


def _origin(call: Call, entry: Entry, meetings: dict[int, Meeting]) -> str:
    m = meetings.get(entry.meeting_id)
    if m is None:
        return ""
    when = f", {long_date(m.start, m.zone_name(call.group))}" if m.start else ""
    return f"meeting {m.number}{when}"


def _line(
    call: Call,
    a: Entry,
    meetings: dict[int, Meeting],
    today: str,
    untold: dict[int, dict[str, str]],
    owner: str,
) -> Rich:
    """One action under one of its owners: `#12 text — due … (with B) (from …)`."""
    due = Rich()
    if a.due:
        late = Rich(" ", strong("overdue")) if a.done_at is None and a.due < today else ""
        due = Rich(f" — due {long_due(a.due)}", late)
    state = ""
    if a.done_at is not None:
        note = f": “{a.done_note}”" if a.done_note else ""
        state = f" — ✅ done{note}"
    elif a.id in untold:
        names = {o.user_id: o.name for o in a.owners}
        said = [f"{names.get(u, u)} could not be told ({why})" for u, why in untold[a.id].items()]
        state = f" — ⚠ {'; '.join(said)}"
    others = [o.name for o in a.owners if o.name != owner]
    shared = f" (with {joined_names(others)})" if others else ""
    origin = _origin(call, a, meetings)
    return Rich(f"#{a.number} {a.text}{shared}", due, f" (from {origin}){state}")


def _as_file(call: Call, actions: list[Entry]) -> Reply:
    """The list as a CSV for the group's tracker, posted in the channel."""
    channel = (call.ctx.channel_name or call.ctx.channel_id).replace("#", "")
    name = f"clerk-{channel}-actions.csv"
    return Reply(
        text=says(
            "{n} of *{group}*: `{name}`.",
            n=plural(len(actions), "action item"),
            group=call.group.name,
            name=name,
        ),
        visibility="channel",
        files=[
            Attachment(
                name,
                actions_csv(call.store, call.group, actions),
                title=f"Action items of {call.group.name}",
                mimetype="text/csv",
            )
        ],
    )
