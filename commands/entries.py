"""What /note, /comment, /decision and /action share: a logged line of a meeting, with its
target (an agenda item or a document), edit and delete. Each command's own module says what
its line holds (`values` for a new one, `changes` for an edit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commands.framework.call import Call
from commands.framework.grammar import Target, parse_id, take_target
from commands.framework.limits import check_field
from commands.framework.registry import Family
from commands.framework.reply import Reply
from commands.framework.rich import Rich
from commands.text.lines import entry_line
from storage import Entry, EntryFields, EntryKind, Meeting, NewEntry, TargetKind

# What a command adds to the stored line: (call, index of the first word after the target).
Values = Callable[[Call, int], dict[str, Any]]
# What an edit changes (the first word is the entry number).
Changes = Callable[[Call], dict[str, Any]]
# After a line was added, edited or deleted (the entry before and after): what else follows
# (an action's owner is told); returns a sentence to add to the answer, or "".
After = Callable[[Call, Entry | None, Entry], str]


@dataclass(frozen=True)
class Kind:
    """What differs between the four entry commands."""

    name: str
    summary: str
    usage: str
    keys: tuple[str, ...]
    level: str
    what: str
    examples: tuple[str, ...]
    many: tuple[str, ...] = ()  # options that may be given several times (an action's owner=)


def text_values(call: Call, start: int) -> dict[str, Any]:
    """A plain text line (notes); the others build on it."""
    return {"text": call.args.rest_text(start)}


def text_changes(call: Call) -> dict[str, Any]:
    text = call.args.rest_text(1)
    return {"text": text} if text else {}


def _target(call: Call, meeting: Meeting) -> tuple[Target, int]:
    """The explicit target, or the meeting's current item."""
    target, used = take_target(call.args)
    if target is None:
        if not meeting.current_item:
            raise call.fail(
                "Say what this is about (an agenda number like 2.1 or a document like C103), "
                "or set the current item with /agenda take 2.1."
            )
        return Target(TargetKind.ITEM, meeting.current_item), 0
    if target.kind == TargetKind.ITEM:
        call.item(meeting, target.value)
    else:
        call.doc(meeting, target.value)
    return target, used


def _item_of(call: Call, meeting: Meeting, target: Target) -> str:
    """The agenda item an entry belongs to in the report."""
    if target.kind == TargetKind.ITEM:
        return target.value
    doc = call.store.documents.get(meeting.id, target.value)
    return (doc.item if doc else "") or meeting.current_item


def _no_after(call: Call, before: Entry | None, after: Entry) -> str:
    return ""


def entry_family(kind: Kind, values: Values, changes: Changes, after: After = _no_after) -> Family:
    """The add (default), edit and delete subcommands of one entry command."""
    family = Family(kind.name, kind.summary, default="add")

    @family.sub(
        "add",
        kind.usage,
        f"log {'an' if kind.name[0] in 'aeiou' else 'a'} {kind.name}",
        keys=kind.keys,
        examples=kind.examples,
        free_text=True,
        may_be_empty=("by",) if "by" in kind.keys else (),
        many=kind.many,
        level=kind.level,
        what=kind.what,
    )
    def add(call: Call) -> Reply:
        meeting = call.meeting()
        target, used = _target(call, meeting)
        line = values(call, used)
        if not line.get("text") and not line.get("keyword"):
            raise call.fail(f"Give the {kind.name} text in quotes.", field="text")
        check_field("The text", line.get("text", ""))  # several unquoted words join into one
        entry = call.store.entries.add(
            NewEntry(
                group_id=call.group.id,
                meeting_id=meeting.id,
                kind=EntryKind(kind.name),
                target_type=target.kind,
                target=target.value,
                item=_item_of(call, meeting, target),
                author_id=call.ctx.caller.user_id,
                author_name=call.ctx.caller.name,
                source_ts=call.ctx.source_ts,
                **line,
            ),
            now=call.now,
        )
        return call.done(_joined(entry_line(entry), after(call, None, entry)))

    @family.sub(
        "edit",
        f"/{kind.name} edit NUMBER …",
        f"change a {kind.name} (yours, or anyone's if you chair)",
        keys=kind.keys,
        many=kind.many,
    )
    def edit(call: Call) -> Reply:
        entry = _entry(call, kind)
        new = changes(call)
        if not new:
            raise call.fail(f"Give the new text of #{entry.number}.")
        edited = call.store.entries.edit(entry.id, EntryFields(**new), now=call.now)
        return call.done(_joined("Edited " + entry_line(edited), after(call, entry, edited)))

    @family.sub(
        "delete",
        f"/{kind.name} delete NUMBER",
        f"delete a {kind.name} (yours, or anyone's if you chair)",
    )
    def delete(call: Call) -> Reply:
        entry = _entry(call, kind)
        call.store.entries.delete(entry.id, now=call.now)
        gone = call.store.entries.by_id(entry.id)
        assert gone is not None  # a soft delete keeps the row
        return call.done(_joined("Deleted " + entry_line(entry), after(call, entry, gone)))

    return family


def _joined(text: Rich, more: str) -> Rich:
    return text + f"\n{more}" if more else text


def _entry(call: Call, kind: Kind) -> Entry:
    words = call.args.positionals
    number = parse_id(words[0].value) if words else None
    if number is None:
        raise call.fail(f"Say which {kind.name} by its number, e.g. /{kind.name} edit 17 ….")
    entry = call.store.entries.get(call.group.id, number)
    if entry is None:
        raise call.fail(f"There is no entry #{number} in this channel.")
    if entry.kind != kind.name:
        real = "decision" if entry.kind == EntryKind.AGENDA else entry.kind
        raise call.fail(f"#{number} is a {entry.kind}, not a {kind.name}; use /{real} for it.")
    call.may_change(entry.author_id, f"change others' {kind.name}s")
    return entry
