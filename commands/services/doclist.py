"""Official document lists as published (3GPP's TDoc export, any CSV/TSV), read into documents."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from commands.framework.context import Context
from commands.framework.errors import CommandError
from commands.framework.grammar import parse_agenda_number, parse_doc_number
from commands.framework.limits import check_field
from commands.framework.permissions import NOT_SET_UP, check
from commands.framework.reply import Reply
from commands.framework.rich import Rich
from commands.framework.work import Work
from commands.services.archive import XLSX, ArchiveRefused, NotAnArchive, check_archive
from commands.text.outcomes import PORTAL_WORDS
from storage import (
    Document,
    DocumentFields,
    EntryKind,
    Group,
    Meeting,
    NewEntry,
    Outcome,
    Store,
    TargetKind,
)

MAX_ROWS = 20_000
# Rows imported in one transaction (about 0.2 s of the write lock each).
IMPORT_BATCH = 500
MAX_BYTES = 10 * 1024 * 1024
# Columns read of a sheet (3GPP's TDoc export has about thirty).
MAX_COLUMNS = 702
USAGE = (
    "Message shortcut “Import document list” on a message with an .xlsx, .csv or .tsv file "
    "(write status=yes in the message to record the list's status as decisions), "
    "or clerk import --channel NAME FILE on the server"
)

# Canonical field -> the column names lists use for it (compared case-insensitively).
HEADERS: dict[str, tuple[str, ...]] = {
    "number": (
        "tdoc",
        "tdoc number",
        "number",
        "document",
        "document number",
        "doc",
        "doc number",
        "td",
        "td #",
        "td/c #",
        "td number",
        "contribution",
        "draft",
        "name",
    ),
    "title": ("title", "document title", "subject"),
    "source": ("source", "sources", "from", "author", "authors", "company"),
    "category": ("type", "category", "document type", "kind"),
    "action": ("for", "document for", "action", "action required", "purpose"),
    "summary": ("abstract", "summary", "description"),
    "item": ("agenda item", "agenda item number", "ai", "item", "agenda"),
    "item_title": ("agenda item description", "agenda item title", "ai description"),
    "status": ("tdoc status", "status", "decision", "result", "outcome"),
    "revision_of": ("is revision of", "revision of", "revises"),
    "revised_to": ("revised to", "revised in"),
}
_BY_NAME = {name: key for key, names in HEADERS.items() for name in names}
DOC_FIELDS = ("title", "source", "category", "action", "summary", "revision_of")


class ListError(CommandError):
    """The file as a whole cannot be imported (too big, unreadable, columns missing)."""


@dataclass(frozen=True)
class ListFile:
    """The rows of a list, each with the line (or spreadsheet row) it came from."""

    name: str
    rows: tuple[tuple[int, dict[str, str]], ...]


@dataclass
class Imported:
    """What an import did, line by line."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    items_added: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    decisions_kept: list[str] = field(default_factory=list)


def _header_key(cell: object) -> str:
    name = re.sub(r"\s+", " ", str(cell or "")).strip().rstrip(":").casefold()
    return _BY_NAME.get(name, "")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an agenda item typed as 8 comes back from Excel as 8.0
    return str(value).strip()


def read_list(name: str, content: bytes) -> ListFile:
    """The rows of an .xlsx workbook (sheet TDoc_List, else the first) or a CSV/TSV file."""
    if len(content) > MAX_BYTES:
        raise ListError(
            f"“{name}” is {len(content) / 1024 / 1024:.1f} MB; a list may be at most 10 MB."
        )
    if name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        table = _workbook_rows(name, content)
    else:
        table = _text_rows(content)
    return _with_header(name, table)


def _workbook_rows(name: str, content: bytes) -> list[list[object]]:
    import openpyxl  # only here: the import is the one place that reads spreadsheets

    unreadable = ListError(f"“{name}” is not a workbook Clerk can read (save it as .xlsx or .csv).")
    try:
        check_archive(name, content, XLSX)
    except NotAnArchive as err:
        raise unreadable from err
    except ArchiveRefused as err:
        raise ListError(err.message) from err
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise unreadable from err
    try:
        sheet = book["TDoc_List"] if "TDoc_List" in book.sheetnames else book.worksheets[0]
        rows: list[list[object]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 10:
                break  # enough to say it is too long
        return rows
    except Exception as err:  # a damaged sheet fails inside openpyxl's XML parser, any way
        raise unreadable from err
    finally:
        book.close()


def _text_rows(content: bytes) -> list[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = "\t" if "\t" in first else (";" if first.count(";") > first.count(",") else ",")
    return [list(r) for r in csv.reader(lines, delimiter=delimiter)]


def _with_header(name: str, table: list[list[object]]) -> ListFile:
    # The header is the first row (of the first ten) naming a number and a title column.
    found = next(
        (
            (at, keys)
            for at, keys in enumerate([_header_key(c) for c in row] for row in table[:10])
            if "number" in keys and "title" in keys
        ),
        None,
    )
    if found is None:
        raise ListError(
            f"“{name}” has no header row with a document number column (TDoc, Number, "
            "Document or TD) and a Title column."
        )
    at, keys = found
    body = table[at + 1 :]
    while body and not any(_cell(c) for c in body[-1]):
        body.pop()
    if len(body) > MAX_ROWS:
        raise ListError(
            f"“{name}” has more than {MAX_ROWS:,} rows; import it in parts of at most {MAX_ROWS:,}."
        )
    rows = []
    for n, raw in enumerate(body, at + 2):  # line numbers as the file shows them
        values: dict[str, str] = {}
        for key, cell in zip(keys, raw, strict=False):
            if key and key not in values:  # the first of two columns with one meaning wins
                values[key] = _cell(cell)
        if any(_cell(c) for c in raw):
            rows.append((n, values))
    return ListFile(name, tuple(rows))


class _Importer:
    """Reads a list's rows into the meeting, remembering across batches what it has seen."""

    def __init__(
        self, store: Store, meeting: Meeting, *, group: Group, now: datetime, by: str, status: bool
    ):
        self.store, self.group, self.meeting = store, group, meeting
        self.now, self.by, self.status = now, by, status
        self.out = Imported()
        self.seen: dict[str, int] = {}
        self.decided = {
            e.target
            for e in store.entries.of_meeting(meeting.id)
            if e.kind == EntryKind.DECISION and e.target_type == TargetKind.DOC
        }
        self.items = {i.number for i in store.agenda.of_meeting(meeting.id)}

    def rows(self, rows: Iterable[tuple[int, dict[str, str]]]) -> None:
        store, meeting, out, now = self.store, self.meeting, self.out, self.now
        for line, values in rows:
            refusal = _refusal(values, line, self.seen, self.items)
            if refusal:
                out.refused.append((line, refusal))
                continue
            number = parse_doc_number(values["number"])
            assert number is not None  # _refusal checked it
            self.seen[number.number] = line
            fields = {k: values[k] for k in DOC_FIELDS if values.get(k)}
            if "revision_of" in fields:
                previous = parse_doc_number(fields["revision_of"])
                fields["revision_of"] = previous.number if previous else fields["revision_of"]
            item = parse_agenda_number(values.get("item", "")) or ""
            if item:
                if item not in self.items:
                    store.agenda.add(meeting.id, item, values.get("item_title", ""), now=now)
                    self.items.add(item)
                    out.items_added.append(item)
                fields["item"] = item
            existing = store.documents.get(meeting.id, number.number)
            if existing is None:
                store.documents.add(
                    meeting.id,
                    number.number,
                    number.base,
                    number.revision,
                    now=now,
                    created_by=self.by,
                    values=DocumentFields(**fields),
                )
                out.added.append(number.number)
            elif _differs(existing, fields):
                store.documents.update(existing.id, DocumentFields(**fields), now=now)
                out.updated.append(number.number)
            else:
                out.unchanged.append(number.number)
            if self.status:
                _record_status(
                    store,
                    self.group,
                    meeting,
                    number.number,
                    values,
                    self.decided,
                    now,
                    self.by,
                    out,
                )


def import_list(
    store: Store,
    group: Group,
    meeting: Meeting,
    listing: ListFile,
    *,
    now: datetime,
    by: str,
    status: bool = False,
) -> Imported:
    """Add or update the meeting's documents from `listing`; never touches logged entries.

    Refused lines are reported and skipped; the rest is written in the caller's transaction."""
    importer = _Importer(store, meeting, group=group, now=now, by=by, status=status)
    importer.rows(listing.rows)
    return importer.out


def _refusal(values: dict[str, str], line: int, seen: dict[str, int], items: set[str]) -> str:
    raw = values.get("number", "")
    if not raw:
        return "no document number"
    number = parse_doc_number(raw)
    if number is None:
        return f"“{raw}” is not a document number"
    if number.number in seen:
        return f"{number} appears again (first on line {seen[number.number]})"
    if values.get("revision_of") and parse_doc_number(values["revision_of"]) is None:
        return f"“{values['revision_of']}” (revision of) is not a document number"
    raw_item = values.get("item", "")
    if raw_item:
        item = parse_agenda_number(raw_item)
        if item is None:
            return f"“{raw_item}” is not an agenda item number"
        if item not in items and not values.get("item_title"):
            return f"item {item} is not on the agenda (add it with /agenda add {item} …)"
    for key, value in values.items():
        try:
            check_field(key.replace("_", " "), value)
        except CommandError as err:
            return err.message.words().rstrip(".")
    return ""


def _differs(doc: Document, fields: dict[str, str]) -> bool:
    return any(getattr(doc, k) != v for k, v in fields.items())


def _record_status(
    store: Store,
    group: Group,
    meeting: Meeting,
    number: str,
    values: dict[str, str],
    decided: set[str],
    now: datetime,
    by: str,
    out: Imported,
) -> None:
    """status=yes: the portal's status as the document's decision, unless one is logged."""
    keyword = PORTAL_WORDS.get(values.get("status", "").casefold())
    if not keyword:
        return
    if number in decided:
        out.decisions_kept.append(number)
        return
    ref = ""
    if keyword == Outcome.REVISED:
        revised = parse_doc_number(values.get("revised_to", ""))
        ref = revised.number if revised else ""
    doc = store.documents.get(meeting.id, number)
    store.entries.add(
        NewEntry(
            group_id=group.id,
            meeting_id=meeting.id,
            kind=EntryKind.DECISION,
            target_type=TargetKind.DOC,
            target=number,
            item=doc.item if doc else "",
            keyword=keyword,
            ref=ref,
            author_id=by,
            author_name="document list",
        ),
        now=now,
    )
    decided.add(number)
    out.decisions.append(number)


def summary(listing: ListFile, meeting: Meeting, out: Imported) -> str:
    """`Imported tdocs.xlsx into meeting 1: 912 new, 3 updated, 20 unchanged, 2 refused.`"""
    text = (
        f"Imported “{listing.name}” into meeting {meeting.number}: "
        f"{len(out.added):,} new, {len(out.updated):,} updated, "
        f"{len(out.unchanged):,} unchanged, {len(out.refused):,} refused."
    )
    if out.items_added:
        text += f"\nAgenda items added from the list: {', '.join(out.items_added)}."
    if out.decisions:
        text += f"\nDecisions recorded from its status column: {len(out.decisions):,}."
    if out.decisions_kept:
        text += (
            f"\nStatus not applied where a decision is already logged: "
            f"{', '.join(out.decisions_kept[:10])}"
            + (
                f" and {len(out.decisions_kept) - 10:,} more"
                if len(out.decisions_kept) > 10
                else ""
            )
            + "."
        )
    if out.refused:
        shown = out.refused[:20]
        text += "\nRefused:\n" + "\n".join(f"• line {n}: {why}" for n, why in shown)
        if len(out.refused) > len(shown):
            text += f"\n… and {len(out.refused) - len(shown):,} more refused lines."
    return text


def import_refusal(store: Store, ctx: Context, *, operator: bool = False) -> Reply | None:
    """Why the caller cannot import a list here (asked before a file is even fetched)."""
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return Reply.error(NOT_SET_UP, USAGE)
    try:
        if not operator:
            check(store, group, ctx.caller, "chair", "import the document list")
        if store.meetings.current(group) is None:
            raise ListError("There is no meeting to import into yet: start one with /meeting new.")
    except CommandError as err:
        return Reply.error(err.message, USAGE)
    return None


def import_file(
    work: Work,
    ctx: Context,
    name: str,
    content: bytes,
    *,
    status: bool,
    operator: bool = False,
    reader: Callable[[str, bytes], ListFile] = read_list,
) -> Reply:
    """Read `content` and import it into the current meeting of the caller's channel.

    Chairs and the secretariat only (it changes documents others listed), unless `operator`:
    the server's own shell. One change for /clerk undo. `reader` may read the file somewhere
    safer (the server: in a process with memory and time limits)."""
    store = work.store
    refused = import_refusal(store, ctx, operator=operator)
    if refused is not None:
        return refused
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    meeting = store.meetings.current(group) if group else None
    assert group is not None and meeting is not None  # import_refusal said so
    try:
        listing = reader(name, content)
    except CommandError as err:
        return Reply.error(err.message, USAGE)
    if not listing.rows:
        return Reply.error(f"“{name}” has a header row but no documents.", USAGE)
    # In batches, each its own short transaction: a 20,000-row list held the write lock ~8 s,
    # and every command meanwhile waited. One change for /clerk undo all the same; a crash
    # between batches leaves what was imported, which undo takes back whole.
    with store.reading():  # what the meeting has already, in one snapshot
        importer = _Importer(
            store, meeting, group=group, now=ctx.now, by=ctx.caller.user_id, status=status
        )
    with work.batches(
        ctx.now,
        by=ctx.caller.user_id,
        command="import the document list",
        group_id=group.id,
        label=f"import of “{listing.name}” (interrupted)",
    ) as batches:
        for at in range(0, len(listing.rows), IMPORT_BATCH):
            batches.run(partial(importer.rows, listing.rows[at : at + IMPORT_BATCH]))
        text = summary(listing, meeting, importer.out)
        batches.summary = Rich(text.splitlines()[0])
    return Reply(text=Rich(text), visibility="channel")


def asks_for_status(message_text: str) -> bool:
    """`status=yes` written in the message that carries the file."""
    return re.search(r"\bstatus\s*=\s*(yes|true|on)\b", message_text, re.IGNORECASE) is not None
