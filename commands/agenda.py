"""/agenda: the numbered agenda of the current meeting, its document, approval, current item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from commands.decision import Decide
from commands.framework.call import Call
from commands.framework.grammar import Token, parse_doc_number
from commands.framework.ops import Op, word
from commands.framework.permissions import role_title
from commands.framework.registry import Family
from commands.framework.reply import Choice, Listing, Reply, Row
from commands.framework.rich import Rich, Says, quoted
from commands.text.lines import item_line
from storage import AgendaItem, EntryKind, Meeting, MeetingFields, NewEntry, Outcome, TargetKind


@dataclass(frozen=True)
class TakeItem(Op):
    """`/agenda take NUMBER`, as a line's menu asks for it."""

    command: ClassVar[str] = "/agenda"
    sub: ClassVar[str] = "take"
    item: str

    def tokens(self) -> list[Token]:
        return [word(self.item)]


def item_choices(number: str) -> tuple[Choice, ...]:
    """What the menu of an agenda line offers."""
    return (
        Choice("Make current item", run=TakeItem(number)),
        Choice("Comment…", form="comment"),
        Choice("Note…", form="note"),
        Choice("Decision: noted", run=Decide(number, Outcome.NOTED)),
    )


def _number_and_title(call: Call) -> tuple[str, str]:
    words = call.args.positionals
    if not words:
        raise call.fail('Give the item number and its title, e.g. 2.1 "Title".')
    number = call.item_number(words[0].value)
    return number, call.args.rest_text(1)


def _item_arg(call: Call, meeting: Meeting, verb: str) -> AgendaItem:
    """The agenda item named by the first word."""
    words = call.args.positionals
    if not words:
        raise call.fail(f"Say which item, e.g. /agenda {verb} 3.2.")
    return call.item(meeting, call.item_number(words[0].value))


CHAIR: dict[str, Any] = {"level": "chair", "what": "change the agenda"}
FAMILY = Family("agenda", "the agenda of the current meeting", default="list")


@FAMILY.sub(
    "add",
    '/agenda add NUMBER "Title"',
    "add an item",
    **CHAIR,
    examples=(
        '/agenda add 1 "Opening and welcome"',
        '/agenda add 2.1 "Report of Industry Engagement Workshop"',
    ),
)
def add(call: Call) -> Reply:
    meeting = call.meeting()
    number, title = _number_and_title(call)
    if not title:
        raise call.fail(f"Give item {number} a title in quotes.")
    if call.store.agenda.get(meeting.id, number):
        raise call.fail(
            f'Item {number} is already on the agenda; use /agenda rename {number} "…" to change it.'
        )
    item = call.store.agenda.add(meeting.id, number, title, now=call.now)
    text = f"Agenda item {item.number} added to meeting {meeting.number}: {quoted(item.title)}"
    parent = number.rpartition(".")[0]
    if parent and not call.store.agenda.get(meeting.id, parent):
        text += f" (note: there is no item {parent} yet)"
    return call.done(text)


@FAMILY.sub("list", "/agenda [list]", "show the agenda", pure=True, aliases=("show",))
def list_(call: Call) -> Reply:
    meeting = call.meeting()
    items = call.store.agenda.of_meeting(meeting.id)
    if not items:
        return call.show(
            f'Meeting {meeting.number} has no agenda yet; add items with /agenda add 1 "Title".'
        )
    lines: list[Says] = [f"Agenda of meeting {meeting.number} ({meeting.title}):"]
    rows = []
    for item in items:
        n = call.store.documents.count_on_item(meeting.id, item.number)
        mark = "  ← current" if item.number == meeting.current_item else ""
        line = item_line(item, n) + mark
        lines.append(line)
        rows.append(Row(Rich(line), item.number, item_choices(item.number)))
    if meeting.agenda_doc:
        lines.append(f"Agenda document: {meeting.agenda_doc}")
    reply = call.show(Rich("\n").join(lines))
    title = f"Agenda of meeting {meeting.number} ({meeting.title}):"
    reply.listing = Listing(title, tuple(rows), source=("/agenda", call.args.text))
    return reply


@FAMILY.sub(
    "doc",
    "/agenda doc DOCUMENT",
    "the agenda's own document",
    **CHAIR,
    examples=("/agenda doc TD514",),
)
def doc(call: Call) -> Reply:
    meeting = call.meeting()
    words = call.args.positionals
    parsed = parse_doc_number(" ".join(w.value for w in words)) if words else None
    if parsed is None:
        raise call.fail("Give the agenda document's number, e.g. /agenda doc TD514.")
    call.store.meetings.update(meeting.id, MeetingFields(agenda_doc=parsed.number))
    listed = call.store.documents.get(meeting.id, parsed.number)
    hint = "" if listed else f" ({parsed.number} is not in the document list yet)"
    return call.done(f"The agenda of meeting {meeting.number} is {parsed.number}{hint}.")


@FAMILY.sub("approve", "/agenda approve", "record that the agenda was approved", **CHAIR)
def approve(call: Call) -> Reply:
    meeting = call.meeting()
    items = call.store.agenda.of_meeting(meeting.id)
    if not items:
        raise call.fail("There is no agenda to approve yet; add items with /agenda add.")
    item = meeting.current_item or items[0].number
    found = f" as found in {meeting.agenda_doc}" if meeting.agenda_doc else ""
    chair = role_title("rapporteur", call.group.profile)  # Rapporteur, or Chair
    sentence = (
        f"The agenda of the {call.group.short_name} meeting{found} "
        f"was introduced by the {chair} and approved."
    )
    entry = call.store.entries.add(
        NewEntry(
            group_id=call.group.id,
            meeting_id=meeting.id,
            kind=EntryKind.AGENDA,
            target_type=TargetKind.ITEM,
            target=item,
            item=item,
            text=sentence,
            keyword=Outcome.APPROVED,
            author_id=call.ctx.caller.user_id,
            author_name=call.ctx.caller.name,
        ),
        now=call.now,
    )
    return call.done(f"#{entry.number} under item {item}: {sentence}")


@FAMILY.sub(
    "take",
    '/agenda take NUMBER | "Title"',
    "the current item: entries without a target go there (a title: the item with that title, "
    "else a new item at the end — a scribe's `Topic:`)",
    **CHAIR,
    examples=("/agenda take 3.2", '/agenda take "Defining terms"'),
)
def take(call: Call) -> Reply:
    meeting = call.meeting()
    words = call.args.positionals
    added = ""
    if words and words[0].quoted:
        item, made = _titled(call, meeting, call.args.rest_text(0))
        if made:
            added = f"Agenda item {item.number} added. "
    else:
        item = _item_arg(call, meeting, "take")
    call.store.meetings.update(meeting.id, MeetingFields(current_item=item.number))
    return call.done(
        f"{added}Now on item {item.number}: {quoted(item.title)}. Entries without a target go here."
    )


def _titled(call: Call, meeting: Meeting, title: str) -> tuple[AgendaItem, bool]:
    """The item titled `title` (any case), else a new top-level item at the end; and
    whether it was made now."""
    title = " ".join(title.split())
    if not title:
        raise call.fail("Give the item's title in quotes.")
    items = call.store.agenda.of_meeting(meeting.id)
    for item in items:
        if item.title.casefold() == title.casefold():
            return item, False
    tops = [int(i.number) for i in items if i.number.isdigit()]
    number = str(max(tops, default=0) + 1)
    return call.store.agenda.add(meeting.id, number, title, now=call.now), True


@FAMILY.sub("rename", '/agenda rename NUMBER "Title"', "change an item's title", **CHAIR)
def rename(call: Call) -> Reply:
    meeting = call.meeting()
    number, title = _number_and_title(call)
    if not title:
        raise call.fail(f"Give the new title of item {number} in quotes.")
    item = call.item(meeting, number)
    call.store.agenda.rename(item.id, title)
    return call.done(f"Item {number} renamed: {quoted(title)} (was {quoted(item.title)}).")


@FAMILY.sub(
    "chair",
    "/agenda chair NUMBER PERSON|none",
    "who chairs an item's session (3GPP reports name one per item)",
    **CHAIR,
    examples=("/agenda chair 8.1 @Puneet",),
)
def chair(call: Call) -> Reply:
    meeting = call.meeting()
    item = _item_arg(call, meeting, "chair")
    said = call.args.rest_text(1).strip()
    if not said:
        raise call.fail(
            f"Say who chairs item {item.number}, e.g. /agenda chair {item.number} @Puneet."
        )
    if said.lower() in ("none", "-"):
        if not item.convener:
            return call.show(f"Item {item.number} has no chair of its own.")
        call.store.agenda.set_convener(item.id, "")
        return call.done(f"Item {item.number} no longer names its own chair (was {item.convener}).")
    name, _ = call.person(said)
    call.store.agenda.set_convener(item.id, name)
    return call.done(f"Item {item.number} ({quoted(item.title)}) is chaired by {name}.")


@FAMILY.sub("remove", "/agenda remove NUMBER", "remove an empty item", **CHAIR)
def remove(call: Call) -> Reply:
    meeting = call.meeting()
    item = _item_arg(call, meeting, "remove")
    if call.store.agenda.children(meeting.id, item.number):
        raise call.fail(f"Item {item.number} has sub-items; remove those first.")
    docs = call.store.documents.count_on_item(meeting.id, item.number)
    entries = [e for e in call.store.entries.of_meeting(meeting.id) if e.item == item.number]
    if docs or entries:
        raise call.fail(
            f"Item {item.number} has {docs} documents and {len(entries)} entries; "
            "move them (/doc move) or delete them first, so nothing is lost."
        )
    call.store.agenda.remove(item.id, now=call.now)
    if meeting.current_item == item.number:
        call.store.meetings.update(meeting.id, MeetingFields(current_item=""))
    return call.done(f"Item {item.number} ({quoted(item.title)}) removed from the agenda.")
