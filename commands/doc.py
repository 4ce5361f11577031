"""/doc: the documents of the current meeting (TDs, contributions, liaison statements, drafts)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from commands.decision import Decide
from commands.framework.call import Call
from commands.framework.errors import CommandError
from commands.framework.grammar import (
    DocNumber,
    parse_agenda_number,
    parse_doc_number,
    take_doc_number,
)
from commands.framework.limits import MAX_IMPORT_LINES, check_field
from commands.framework.registry import Family
from commands.framework.reply import Choice, Listing, Reply, Row
from commands.framework.rich import Mention, Rich, Says, quoted, says, strong
from commands.report.lineage import Lineage
from commands.text.lines import doc_details, doc_line, entry_line, long_date
from commands.text.sentences import entry_sentence
from storage import Document, DocumentFields, EntryKind, Meeting, NewEntry, Outcome, TargetKind


def doc_choices(number: str) -> tuple[Choice, ...]:
    """What the menu of a document line offers."""
    return (
        Choice("Presented by…", form="present"),
        Choice("Comment…", form="comment"),
        *(
            Choice(f"Decision: {o.value}", run=Decide(number, o))
            for o in (Outcome.NOTED, Outcome.AGREED, Outcome.APPROVED)
        ),
    )


# Option -> document field; note= and notes= are the same field.
FIELD_KEYS = {
    "title": "title",
    "source": "source",
    "category": "category",
    "action": "action",
    "note": "notes",
    "notes": "notes",
    "summary": "summary",
    "revision_of": "revision_of",
}
ADD_KEYS = (*FIELD_KEYS, "item")


def _number(call: Call) -> tuple[DocNumber, int]:
    doc, used = take_doc_number(call.args)
    if doc is None:
        shown = call.args.positionals[0].value if call.args.positionals else "nothing"
        raise call.fail(f"“{shown}” is not a document number like TD667R1, C103 or S2-1902937.")
    return doc, used


def _fields(call: Call) -> dict[str, Any]:
    values = {}
    if call.has("note") and call.has("notes"):
        raise call.fail("Give note= or notes=, not both.")
    for key, column in FIELD_KEYS.items():
        if call.has(key):
            values[column] = call.opt(key)
    if values.get("revision_of"):
        previous = parse_doc_number(values["revision_of"])
        if previous is None:
            shown = values["revision_of"]
            raise call.fail(
                f"revision-of=“{shown}” is not a document number like TD667 or S2-1903157."
            )
        values["revision_of"] = previous.number
    return values


def _item(call: Call, meeting: Meeting) -> str:
    raw = call.opt("item")
    if raw.lower() in ("", "none", "-"):
        return ""
    return call.item(meeting, call.item_number(raw)).number


def _revision_note(call: Call, meeting: Meeting, doc: Document) -> str:
    if not doc.revision:
        return ""
    others = [
        d.number
        for d in call.store.documents.revisions(meeting.id, doc.base)
        if d.number != doc.number
    ]
    listed = f" (also listed: {', '.join(others)})" if others else ""
    return f" It revises {doc.base}{listed}."


def _list(call: Call, meeting: Meeting, number: DocNumber, values: dict[str, Any]) -> Document:
    """Add a document to the meeting's list, owned by the caller."""
    return call.store.documents.add(
        meeting.id,
        number.number,
        number.base,
        number.revision,
        now=call.now,
        created_by=call.ctx.caller.user_id,
        values=DocumentFields(**values),
    )


FAMILY = Family(
    "doc",
    "documents of the meeting: list, allocate, summarise, who presented, import",
    default="show",
)


@FAMILY.sub(
    "add",
    '/doc add NUMBER [item=2.1] [source="…"] [title="…"] [category=…] [action="…"] '
    '[note="…"] [summary="…"] [revision-of=NUMBER]',
    "list a document (for Annex A and, with item=, under an agenda item)",
    keys=ADD_KEYS,
    examples=(
        '/doc add TD599 item=2.1 source="Rapporteur, RG-IEM" title="Report of Industry '
        'Engagement Workshop" category=Information action="To note."',
    ),
)
def add(call: Call) -> Reply:
    meeting = call.meeting()
    number, used = _number(call)
    if len(call.args.positionals) > used:
        extra = call.args.rest_text(used)
        raise call.fail(f'Unexpected “{extra}”: put values in key="…" options such as title=.')
    if call.store.documents.get(meeting.id, number.number):
        raise call.fail(f'{number} is already listed; change it with /doc set {number} title="…".')
    values = _fields(call)
    values["item"] = _item(call, meeting) if call.has("item") else ""
    doc = _list(call, meeting, number, values)
    details = Rich("\n").join(doc_details(doc))
    return call.done(Rich("Listed ", details, _revision_note(call, meeting, doc)))


@FAMILY.sub("show", "/doc NUMBER", "the document with everything logged on it", pure=True)
def show(call: Call) -> Reply:
    meeting = call.meeting()
    if not call.args.positionals:
        return list_(call)
    number, _ = _number(call)
    doc = call.doc(meeting, number.number)
    lines: list[Says] = [*doc_details(doc)]
    # Only the documents and decisions its chain can touch: a meeting's whole record is
    # thousands of rows, and /doc is asked for all the time.
    lineage = Lineage.of(
        call.store.documents.related(meeting.id, doc),
        call.store.entries.revisions_decided(meeting.id, doc.number),
    )
    if lineage.previous(doc.number):
        lines.append(f"Revision of {lineage.previous(doc.number)}")
    if lineage.next(doc.number):
        lines.append(f"Revised to {', '.join(lineage.next(doc.number))}")
    entries = call.store.entries.on_target(meeting.id, doc.number)
    lines.extend(entry_line(e) for e in entries)
    if not entries:
        lines.append("Nothing logged on it yet.")
    earlier = [line for mid, line in history(call, doc.base) if mid != meeting.id]
    if earlier:
        lines.append("At other meetings of the group:")
        lines.extend(earlier)
    return call.show(Rich("\n").join(lines))


def history(call: Call, base: str) -> list[tuple[int, str]]:
    """Per meeting, oldest first: where the document or a revision was listed, and what was
    logged on it there (presented, commented, decided)."""
    listed = call.store.documents.across_meetings(call.group.id, base)
    numbers = sorted({d.number for d in listed} | {base})
    entries = call.store.entries.on_documents(call.group.id, numbers)
    meetings = {m.id: m for m in call.store.meetings.of_group(call.group.id)}
    never = datetime.max.replace(tzinfo=UTC)  # a meeting without a date goes last
    order = sorted(
        {d.meeting_id for d in listed} | {e.meeting_id for e in entries},
        key=lambda mid: (meetings[mid].start or never, meetings[mid].number),
    )
    lines: list[tuple[int, str]] = []
    for mid in order:
        m = meetings[mid]
        when = long_date(m.start, m.zone_name(call.group)) if m.start else "no date"
        docs = ", ".join(d.number for d in listed if d.meeting_id == mid)
        said = [e for e in entries if e.meeting_id == mid]
        what = "; ".join(entry_sentence(e) for e in said) or "listed"
        head = f"• meeting {m.number} ({m.title}, {when})"
        lines.append((mid, f"{head}: {docs or '—'} — {what}"))
    return lines


@FAMILY.sub(
    "history",
    "/doc history NUMBER",
    "every meeting of the group where the document or a revision came up, oldest first",
    pure=True,
    examples=("/doc history TD625",),
)
def history_(call: Call) -> Reply:
    number, _ = _number(call)
    lines = [line for _, line in history(call, number.base)]
    if not lines:
        return call.show(f"{number} has not been listed or discussed at any meeting of this group.")
    heading = Rich(strong(f"History of {number.base}"), " and its revisions:\n")
    return call.show(heading + "\n".join(lines))


@FAMILY.sub(
    "list", "/doc list [item=2]", "the documents, optionally of one item", keys=("item",), pure=True
)
def list_(call: Call) -> Reply:
    meeting = call.meeting()
    every = call.store.documents.of_meeting(meeting.id)
    docs = every
    if call.has("item"):
        prefix = call.item_number(call.opt("item"))
        docs = [d for d in docs if d.item == prefix or d.item.startswith(prefix + ".")]
        if not docs and every:
            return call.show(
                says(
                    "No documents on item {prefix} (or its sub-items) of meeting {meeting}; "
                    "{listed} on other items (`/doc list`).",
                    prefix=prefix,
                    meeting=meeting.number,
                    listed=f"{len(every)} document{'s are' if len(every) != 1 else ' is'} listed",
                )
            )
    if not docs:
        return call.show(f"No documents listed for meeting {meeting.number} yet.")
    title = f"{len(docs)} document{'s' if len(docs) != 1 else ''} of meeting {meeting.number}:"
    lines: list[Says] = [title, *(Rich("• ", doc_line(d)) for d in docs)]
    reply = call.show(Rich("\n").join(lines))
    reply.listing = Listing(
        title,
        tuple(Row(doc_line(d), d.number, doc_choices(d.number)) for d in docs),
        source=("/doc", call.args.text),
    )
    return reply


def _own_doc(call: Call, what: str) -> tuple[Meeting, Document]:
    meeting = call.meeting()
    number, _ = _number(call)
    doc = call.doc(meeting, number.number)
    call.may_change(doc.created_by, what)
    return meeting, doc


@FAMILY.sub(
    "summary",
    '/doc summary NUMBER "text"',
    "the summary column of its row",
    examples=('/doc summary TD667R1 "This document regroups the proposed actions."',),
)
def summary(call: Call) -> Reply:
    meeting, doc = _own_doc(call, "change documents listed by others")
    _, used = _number(call)
    text = call.args.rest_text(used)
    if not text:
        raise call.fail(f"Give the summary of {doc.number} in quotes.")
    doc = call.store.documents.update(doc.id, DocumentFields(summary=text), now=call.now)
    return call.done(f"Summary of {doc.number} set: {quoted(text, 300)}")


@FAMILY.sub(
    "set",
    '/doc set NUMBER title="…" [source=…] [category=…] [action=…] [note=…] [revision-of=…]',
    "change its fields",
    keys=ADD_KEYS,
)
def set_(call: Call) -> Reply:
    meeting, doc = _own_doc(call, "change documents listed by others")
    values = _fields(call)
    if call.has("item"):
        values["item"] = _item(call, meeting)
    if not values:
        raise call.fail('Say what to change, e.g. title="…" or action="To note.".')
    doc = call.store.documents.update(doc.id, DocumentFields(**values), now=call.now)
    return call.done(Rich("Updated ", Rich("\n").join(doc_details(doc))))


@FAMILY.sub("move", "/doc move NUMBER item=4.2", "allocate it to another item", keys=("item",))
def move(call: Call) -> Reply:
    meeting, doc = _own_doc(call, "move documents listed by others")
    if not call.has("item"):
        raise call.fail(
            f"Say where to, e.g. /doc move {doc.number} item=4.2 (item=none to unlist)."
        )
    item = _item(call, meeting)
    call.store.documents.update(doc.id, DocumentFields(item=item), now=call.now)
    where = f"item {item}" if item else "no agenda item (annex only)"
    return call.done(f"{doc.number} moved to {where}.")


@FAMILY.sub("remove", "/doc remove NUMBER", "take it off the list")
def remove(call: Call) -> Reply:
    meeting, doc = _own_doc(call, "remove documents listed by others")
    call.store.documents.remove(doc.id, now=call.now)
    logged = len(call.store.entries.on_target(meeting.id, doc.number))
    kept = f" Its {logged} entries are kept." if logged else ""
    return call.done(f"{doc.number} removed from the document list.{kept}")


@FAMILY.sub(
    "present",
    '/doc present NUMBER [by="Who"]',
    "record who presented it (default: you)",
    keys=("by",),
    examples=('/doc present C103 by="Ericsson Canada"',),
)
def present(call: Call) -> Reply:
    meeting = call.meeting()
    number, used = _number(call)
    doc = call.doc(meeting, number.number)
    by, by_id = call.person(call.opt("by") or call.args.rest_text(used))
    if not by:
        by = call.ctx.caller.name
    entry = call.store.entries.add(
        NewEntry(
            group_id=call.group.id,
            meeting_id=meeting.id,
            kind=EntryKind.PRESENTED,
            target_type=TargetKind.DOC,
            target=doc.number,
            item=doc.item or meeting.current_item,
            attributed=by,
            attributed_id=by_id,
            author_id=call.ctx.caller.user_id,
            author_name=call.ctx.caller.name,
            source_ts=call.ctx.source_ts,
        ),
        now=call.now,
    )
    who = Mention(by_id) if by_id else by
    return call.done(Rich(f"#{entry.number}: ", who, f" presented {doc.number}."))


def _import_rows(text: str) -> list[list[str]]:
    """Each pasted line as cells: tab-separated if it has a tab, else CSV."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = line.split("\t") if "\t" in line else next(csv.reader(io.StringIO(line)))
        rows.append([c.strip() for c in cells])
    return rows


@FAMILY.sub(
    "import",
    "/doc import ⏎ number<TAB>category<TAB>source<TAB>title[<TAB>item] …",
    "paste a document list (TSV or CSV lines)",
    raw_text=True,
)
def import_(call: Call) -> Reply:
    meeting = call.meeting()
    # The router hands over the lines after "import" as pasted (quotes are CSV's, not ours).
    rows = _import_rows(call.args.text)
    if len(rows) > MAX_IMPORT_LINES:
        raise call.fail(
            f"That is {len(rows):,} lines; one import takes at most "
            f"{MAX_IMPORT_LINES:,}. Paste the list in parts."
        )
    if rows and parse_doc_number(rows[0][0]) is None:
        rows = rows[1:]  # a header line such as "TD/C #  Category  Source  Title"
    if not rows:
        raise call.fail(
            "Paste the documents after /doc import, one per line: "
            "number<TAB>category<TAB>source<TAB>title."
        )
    parsed = []
    for n, row in enumerate(rows, 1):
        number = parse_doc_number(row[0])
        if number is None:
            raise call.fail(f"Line {n}: “{row[0]}” is not a document number; nothing was imported.")
        if len(row) > 5:
            raise call.fail(
                f"Line {n} has {len(row)} columns; expected number, category, source, "
                "title and optionally item. Nothing was imported."
            )
        for cell in row:
            check_field(f"Line {n}", cell)
        cells = row + [""] * (5 - len(row))
        item = ""
        if cells[4]:
            item = parse_agenda_number(cells[4]) or ""
            if not item or not call.store.agenda.get(meeting.id, item):
                raise call.fail(
                    f"Line {n}: “{cells[4]}” is not an item on the agenda; nothing was imported."
                )
        parsed.append((number, {"category": cells[1], "source": cells[2], "title": cells[3]}, item))
    # The same rules as /doc set, line by line, before anything is written.
    for n, (number, _, _) in enumerate(parsed, 1):
        existing = call.store.documents.get(meeting.id, number.number)
        if existing and existing.created_by != call.ctx.caller.user_id:
            try:
                call.may_change(existing.created_by, "change documents listed by others")
            except CommandError as err:
                raise call.fail(
                    Rich(
                        f"Line {n} would change {existing.number}, listed by someone else. ",
                        err.message,
                        " Nothing was imported.",
                    )
                ) from err
    added, updated = [], []
    for number, values, item in parsed:
        existing = call.store.documents.get(meeting.id, number.number)
        if item:
            values["item"] = item
        if existing:
            call.store.documents.update(existing.id, DocumentFields(**values), now=call.now)
            updated.append(number.number)
        else:
            _list(call, meeting, number, values)
            added.append(number.number)
    text = f"Imported into meeting {meeting.number}: {len(added)} new"
    text += f" ({', '.join(added)})" if added else ""
    text += f", {len(updated)} updated ({', '.join(updated)})" if updated else ""
    return call.done(text + ".")
