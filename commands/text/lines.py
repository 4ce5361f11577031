"""Short mrkdwn renderings of stored things for confirmations and listings."""

from __future__ import annotations

from datetime import datetime

from commands.framework.grammar import zone
from commands.framework.mrkdwn import esc, quote
from commands.text.sentences import entry_sentence
from storage import AgendaItem, Document, Entry, Meeting, MeetingKind, TargetKind


def _local(dt: datetime, tz_name: str) -> datetime:
    return dt.astimezone(zone(tz_name))


def long_date(dt: datetime, tz_name: str) -> str:
    """`1 August 2024`, the day in the zone."""
    local = _local(dt, tz_name)
    return f"{local.day} {local:%B %Y}"


def when(dt: datetime | None, tz_name: str) -> str:
    """`Thu 1 Aug 2024 14:30 Europe/Zurich (12:30 UTC)`."""
    if dt is None:
        return "no time set"
    local = _local(dt, tz_name)
    text = f"{local:%a} {local.day} {local:%b %Y %H:%M} {tz_name}"
    if tz_name.upper() == "UTC":
        return text
    return f"{text} ({_local(dt, 'UTC'):%H:%M} UTC)"


def span(meeting: Meeting, tz_name: str) -> str:
    """`Thu 1 Aug 2024 14:30–15:45 Europe/Zurich (12:30–13:45 UTC)`."""
    if meeting.start is None:
        return "no time set"
    if meeting.end is None:
        return when(meeting.start, tz_name)
    start, end = _local(meeting.start, tz_name), _local(meeting.end, tz_name)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end.day} {end:%b %H:%M}"
    text = f"{start:%a} {start.day} {start:%b %Y %H:%M}–{end_text} {tz_name}"
    if tz_name.upper() == "UTC":
        return text
    s_utc, e_utc = _local(meeting.start, "UTC"), _local(meeting.end, "UTC")
    return f"{text} ({s_utc:%H:%M}–{e_utc:%H:%M} UTC)"


def meeting_line(meeting: Meeting, tz_name: str, *, numbered: bool = True) -> str:
    bits = [f"*{meeting.number}* {esc(meeting.title)}" if numbered else f"*{esc(meeting.title)}*"]
    if meeting.kind == MeetingKind.INTERIM:
        bits.append("(interim e-meeting)")
    bits.append("— " + span(meeting, tz_name))
    if meeting.cancelled_at:
        bits.append("*cancelled*")
    return " ".join(bits)


def item_line(item: AgendaItem, docs: int = 0) -> str:
    indent = "    " * (item.depth - 1)
    suffix = f" ({docs} document{'s' if docs != 1 else ''})" if docs else ""
    return f"{indent}{item.number}  {esc(item.title)}{suffix}"


def doc_line(doc: Document) -> str:
    """`TD599 (Information) Rapporteur, RG-IEM: “Title” — item 2.1`."""
    bits = [f"*{esc(doc.number)}*"]
    if doc.category:
        bits.append(f"({esc(doc.category)})")
    head = " ".join(bits)
    who = f"{esc(doc.source)}: " if doc.source else ""
    title = quote(doc.title) if doc.title else "_no title_"
    where = f" — item {doc.item}" if doc.item else " — not on an item"
    return f"{head} {who}{title}{where}"


def doc_details(doc: Document) -> list[str]:
    lines = [doc_line(doc)]
    for label, value in (
        ("Summary", doc.summary),
        ("Action required", doc.action),
        ("Notes", doc.notes),
    ):
        if value:
            lines.append(f"{label}: {esc(value)}")
    return lines


def target_label(entry: Entry) -> str:
    return entry.target if entry.target_type == TargetKind.DOC else f"item {entry.target}"


def entry_line(entry: Entry) -> str:
    """`#12 comment on C103 — A Member State: “text”`."""
    head = f"#{entry.number} {entry.kind} on {esc(target_label(entry))}"
    sentence = esc(entry_sentence(entry))
    for person in entry.owners:
        # A person given as a mention shows as a mention in Slack (the report prints the name).
        if person.user_id:
            sentence = sentence.replace(esc(person.name), f"<@{person.user_id}>", 1)
    return f"{head} — {sentence}"


def plural(n: int, noun: str) -> str:
    """`1 document`, `3 documents`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
