"""The whole record of a channel as JSON or CSV (for /clerk export)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from storage import Entry, Group, Store, joined_names

# Spreadsheets run cells that start with these as formulas; a leading ' keeps them text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _record(store: Store, group: Group, deleted: bool) -> dict[str, Any]:
    meetings = []
    for m in store.meetings.of_group(group.id):
        meetings.append(
            {
                **asdict(m),
                "agenda": [asdict(i) for i in store.agenda.of_meeting(m.id)],
                "documents": [asdict(d) for d in store.documents.of_meeting(m.id)],
                "attendance": [asdict(a) for a in store.meetings.attendees(m.id)],
            }
        )
    return {
        "group": asdict(group),
        "roles": [asdict(r) for r in store.groups.roles(group.id)],
        "terms_of_reference": [t.text for t in store.groups.tor(group.id)],
        "meetings": meetings,
        # Deleted entries only when a rapporteur asks (with deleted_at): what was taken
        # back stays out of a participant's copy.
        "entries": [
            asdict(e) for e in store.entries.all_for_group(group.id, include_deleted=deleted)
        ],
    }


def _who(entry: dict[str, Any]) -> str:
    """An exported entry's speaker, or all of an action's owners."""
    names = [entry["attributed"], *(o["name"] for o in entry["more_owners"])]
    return joined_names(names) if entry["attributed"] else ""


def export_json(store: Store, group: Group, *, deleted: bool = False) -> bytes:
    return json.dumps(
        _record(store, group, deleted), indent=2, ensure_ascii=False, default=str
    ).encode()


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_COLUMNS = (
    "record",
    "meeting",
    "number",
    "kind",
    "target",
    "item",
    "category",
    "source",
    "title",
    "text",
    "by",
    "keyword",
    "ref",
    "due",
    "created_at",
    "edited_at",
    "deleted_at",
    "author",
)


def export_csv(store: Store, group: Group, *, deleted: bool = False) -> bytes:
    """One sheet: a row per meeting, agenda item, document and entry."""
    rec = _record(store, group, deleted)
    rows = []
    for m in rec["meetings"]:
        rows.append(
            {
                "record": "meeting",
                "meeting": m["number"],
                "title": m["title"],
                "kind": m["kind"],
                "created_at": m["created_at"],
            }
        )
        rows += [
            {"record": "agenda", "meeting": m["number"], "item": i["number"], "title": i["title"]}
            for i in m["agenda"]
        ]
        rows += [
            {
                "record": "document",
                "meeting": m["number"],
                "number": d["number"],
                "item": d["item"],
                "category": d["category"],
                "source": d["source"],
                "title": d["title"],
                "text": d["summary"],
                "created_at": d["created_at"],
            }
            for d in m["documents"]
        ]
    numbers = {m["id"]: m["number"] for m in rec["meetings"]}
    for e in rec["entries"]:
        rows.append(
            {
                "record": "entry",
                "meeting": numbers.get(e["meeting_id"]),
                "number": e["number"],
                "kind": e["kind"],
                "target": e["target"],
                "item": e["item"],
                "text": e["text"],
                "by": _who(e),
                "keyword": e["keyword"],
                "ref": e["ref"],
                "due": e["due"],
                "created_at": e["created_at"],
                "edited_at": e["edited_at"],
                "deleted_at": e["deleted_at"],
                "author": e["author_name"],
            }
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row.get(col)) for col in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")  # BOM so Excel reads UTF-8


ACTION_COLUMNS = ("number", "owner", "action", "due", "state", "done_note", "origin", "item")


def actions_csv(store: Store, group: Group, actions: list[Entry]) -> bytes:
    """Action items as a sheet for the group's tracker: a row each, cells kept as text."""
    meetings = {m.id: m for m in store.meetings.of_group(group.id)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACTION_COLUMNS)
    for a in actions:
        m = meetings.get(a.meeting_id)
        origin = f"meeting {m.number}: {m.title}" if m else ""
        state = "done" if a.done_at is not None else "open"
        row = (a.number, a.who, a.text, a.due, state, a.done_note, origin, a.item)
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode()
