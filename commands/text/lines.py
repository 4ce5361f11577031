"""Short renderings of stored things for confirmations and listings, as Rich text."""

from __future__ import annotations

from datetime import datetime

from commands.framework.grammar import zone
from commands.framework.rich import Mention, Rich, Says, em, quoted, strong
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


def meeting_line(meeting: Meeting, tz_name: str, *, numbered: bool = True) -> Rich:
    bits: list[Says] = [
        Rich(strong(meeting.number), f" {meeting.title}") if numbered else strong(meeting.title)
    ]
    if meeting.kind == MeetingKind.INTERIM:
        bits.append("(interim e-meeting)")
    bits.append("— " + span(meeting, tz_name))
    if meeting.cancelled_at:
        bits.append(strong("cancelled"))
    return Rich(" ").join(bits)


def item_line(item: AgendaItem, docs: int = 0) -> str:
    indent = "    " * (item.depth - 1)
    suffix = f" ({docs} document{'s' if docs != 1 else ''})" if docs else ""
    chair = f" — chair: {item.convener}" if item.convener else ""
    return f"{indent}{item.number}  {item.title}{suffix}{chair}"


def doc_line(doc: Document) -> Rich:
    """`TD599 (Information) Rapporteur, RG-IEM: “Title” — item 2.1`."""
    category = f" ({doc.category})" if doc.category else ""
    who = f"{doc.source}: " if doc.source else ""
    title: Says = quoted(doc.title) if doc.title else em("no title")
    where = f" — item {doc.item}" if doc.item else " — not on an item"
    return Rich(strong(doc.number), f"{category} {who}", title, where)


def doc_details(doc: Document) -> list[Rich]:
    lines = [doc_line(doc)]
    for label, value in (
        ("Summary", doc.summary),
        ("Action required", doc.action),
        ("Notes", doc.notes),
    ):
        if value:
            lines.append(Rich(f"{label}: {value}"))
    return lines


def target_label(entry: Entry) -> str:
    return entry.target if entry.target_type == TargetKind.DOC else f"item {entry.target}"


def entry_line(entry: Entry) -> Rich:
    """`#12 comment on C103 — A Member State: “text”`."""
    head = f"#{entry.number} {entry.kind} on {target_label(entry)}"
    sentence = Rich(entry_sentence(entry))
    for person in entry.owners:
        # A person given as a mention shows as a mention in Slack (the report prints the name).
        if person.user_id:
            sentence = _named(sentence, person.name, Mention(person.user_id))
    return Rich(f"{head} — ", sentence)


def _named(text: Rich, name: str, who: Mention) -> Rich:
    """`text` with the first plain `name` in it shown as the person `who`."""
    parts = list(text.parts)
    for i, p in enumerate(parts):
        if isinstance(p, str) and name and name in p:
            before, after = p.split(name, 1)
            return Rich(*parts[:i], before, who, after, *parts[i + 1 :])
    return text


def plural(n: int, noun: str) -> str:
    """`1 document`, `3 documents`."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
