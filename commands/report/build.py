"""Building the report model from the store: the report's structure and sentences."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime

from commands.framework.grammar import zone
from commands.framework.officials import officials_of
from commands.report.lineage import Lineage
from commands.report.model import (
    ActionGroup,
    Contact,
    Counts,
    DocBlock,
    DocRow,
    FrontMatter,
    Paragraph,
    Report,
    Said,
    Section,
)
from commands.report.profiles import words_of
from commands.services.actions import review
from commands.text.lines import long_date
from commands.text.sentences import (
    decision_sentence,
    long_due,
    presented_sentence,
    report_sentence,
)
from storage import (
    AgendaItem,
    Document,
    Entry,
    EntryKind,
    Group,
    Meeting,
    MeetingKind,
    Role,
    RoleName,
    Store,
    TargetKind,
)

FUTURE = re.compile(r"\bfuture meetings?\b|\bnext meetings?\b", re.IGNORECASE)
CLOSURE = re.compile(r"\bclos(ure|ing)\b", re.IGNORECASE)


def hours(dt: datetime, tz_name: str) -> str:
    return f"{dt.astimezone(zone(tz_name)):%H%M}"


def front_matter(
    store: Store, group: Group, meeting: Meeting, date: str, now: datetime | None
) -> FrontMatter:
    """The cover's facts: document number, study period, source, chairs and their contacts."""
    roles = store.groups.roles(group.id)
    chairs = [r for r in roles if r.role == "rapporteur" and r.name]
    title = officials_of(group.profile).chair
    number = meeting.report_number
    document = f"{group.parent}-{number}" if group.parent and number else number
    links = tuple(
        (label, url)
        for label, url in (
            ("Agenda", meeting.agenda_url),
            ("Meeting", meeting.link),
            ("Notes", meeting.notes_url),
            ("Chat", meeting.chat_url),
        )
        if url
    )
    return FrontMatter(
        version=meeting.version,
        docs_url=meeting.docs_url,
        profile=group.profile,
        document=document,
        report_number=number,
        study_period=group.study_period,
        parent=group.parent,
        place_dates=", ".join(x for x in (meeting.place, meeting.event_dates or date) if x),
        source=f"{title}, {group.short_name}",
        purpose=meeting.purpose,
        keywords=meeting.keywords,
        contacts=tuple(Contact(r.name, r.contact) for r in chairs),
        author=chairs[0].name if chairs else group.name,
        created=now,
        links=links,
    )


_NO_LIMIT = datetime.max.replace(tzinfo=UTC)


def build_report(
    store: Store, group: Group, meeting: Meeting, *, now: datetime | None = None
) -> Report:
    """The draft report of `meeting`, following the reference report's structure.

    `now`: when the draft is made, for the file's properties (None: left out)."""
    tz_name = meeting.zone_name(group)
    docs = store.documents.of_meeting(meeting.id)
    entries = store.entries.of_meeting(meeting.id)
    status = _statuses(entries)
    earlier = _presented_before(store, group, meeting, docs)
    lineage = Lineage.of(docs, entries)
    rows = {
        d.number: _row(
            d,
            status.get(d.number, ""),
            earlier.get(d.number, ""),
            group.short_name,
            lineage.sentence(d.number, listed_only=True),
        )
        for d in docs
    }
    items = store.agenda.of_meeting(meeting.id)
    placed = _place_entries(entries, {d.number: d for d in docs}, {i.number for i in items})

    sections = []
    future_done = closure_done = False
    numbers = {item.number for item in items}
    # Each item's documents, looked up once (a scan per item made large meetings quadratic).
    docs_on: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        docs_on[d.item].append(d)
    for item in items:
        several = len(docs_on[item.number]) > 1
        paragraphs = _paragraphs(placed.get(item.number, []), rows, several=several)
        added: list[Paragraph] = []
        if item.depth == 1 and FUTURE.search(item.title) and not future_done:
            added = _future(store, group, meeting, tz_name)
            paragraphs += added
            future_done = True
        if item.depth == 1 and CLOSURE.search(item.title) and not closure_done:
            added = _closure(group, meeting, tz_name)
            paragraphs = _closing_joined(added, paragraphs)
            closure_done = True
        item_docs = tuple(rows[d.number] for d in docs_on[item.number])
        own = placed.get(item.number, [])
        on_doc: dict[str, list[Entry]] = defaultdict(list)
        for e in own:
            if e.target_type == TargetKind.DOC:
                on_doc[e.target].append(e)
        sections.append(
            Section(
                item.number,
                item.title,
                _depth(item.number, numbers),
                item_docs,
                tuple(paragraphs),
                blocks=tuple(_block(r, on_doc[r.number], lineage) for r in item_docs),
                item_said=tuple(_said(e) for e in own if e.target_type != TargetKind.DOC),
                added=tuple(added),
                convener=item.convener,
            )
        )
    next_number = _next_number(items)
    if placed.get(""):
        sections.append(
            Section(str(next_number), "Other matters", 1, (), tuple(_paragraphs(placed[""], rows)))
        )
        next_number += 1
    if not future_done:
        future = _future(store, group, meeting, tz_name)
        if future:
            sections.append(
                Section(
                    str(next_number),
                    "Future meetings",
                    1,
                    (),
                    tuple(future),
                    generated=True,
                    added=tuple(future),
                )
            )
            next_number += 1
    if not closure_done and meeting.closed_at:
        sections.append(
            Section(
                str(next_number),
                "Closure of the meeting",
                1,
                (),
                tuple(_closure(group, meeting, tz_name)),
                generated=True,
                added=tuple(_closure(group, meeting, tz_name)),
            )
        )

    date = long_date(meeting.start, tz_name) if meeting.start else ""
    decisions = [e for e in entries if e.kind == EntryKind.DECISION]
    return Report(
        group=group.name,
        meeting_number=meeting.number,
        meeting_title=meeting.title,
        date=date,
        title=_title(group, meeting, date),
        abstract=_abstract(group, meeting, date),
        action_required=(
            f"{group.parent} is invited to consider the following report from {group.short_name}."
            if group.parent
            else ""
        ),
        introduction=tuple(_introduction(store, group, meeting, tz_name)),
        sections=tuple(sections),
        actions=_actions(entries, _topics(group, docs, items)),
        annex_a=tuple(rows[d.number] for d in docs),
        annex_b_title=f"Terms of Reference of {group.name}",
        annex_b=tuple(t.text for t in store.groups.tor(group.id)),
        counts=Counts(
            agenda_items=len(items),
            documents=len(docs),
            decisions=len(decisions),
            actions=sum(1 for e in entries if e.kind == EntryKind.ACTION),
            open_documents=tuple(d.number for d in docs if d.item and not status.get(d.number)),
        ),
        front=front_matter(store, group, meeting, date, now),
        # Without a clock (tests, offline), a meeting not closed is reviewed as it stands.
        review=tuple(review(store, group, meeting, now or _NO_LIMIT)),
        present=tuple(a.name for a in store.meetings.attendees(meeting.id) if not a.guest),
        guests=tuple(a.name for a in store.meetings.attendees(meeting.id) if a.guest),
        regrets=tuple(a.name for a in store.meetings.regrets(meeting.id)),
        scribes=tuple(
            r.name for r in store.groups.roles(group.id) if r.role == RoleName.SCRIBE and r.name
        ),
        chat_scribes=tuple(
            r.name
            for r in store.groups.roles(group.id)
            if r.role == RoleName.CHAT_SCRIBE and r.name
        ),
        iso_date=_iso_day(meeting, tz_name),
        repo=group.repo,
        # Secretaries, note takers and scribes: who took the minutes.
        secretariat=tuple(
            r.name
            for r in store.groups.roles(group.id)
            if r.role in (RoleName.SECRETARIAT, RoleName.SCRIBE) and r.name
        ),
        start_utc=_span_text(meeting, "UTC", weekday=True),
        start_local=_span_text(meeting, tz_name) if tz_name != "UTC" else "",
        place=meeting.place,
        times_note=_times_note(meeting, tz_name),
    )


def _span(meeting: Meeting) -> tuple[datetime | None, datetime | None]:
    """When the meeting ran: the recorded opening and closing where there are some, else the
    planned start and end (the introduction, the closure and the date line then agree)."""
    return meeting.opened_at or meeting.start, meeting.closed_at or meeting.end


def _span_text(meeting: Meeting, tz_name: str, *, weekday: bool = False) -> str:
    """`Monday, 2024-11-04, 09:30–11:30 UTC`, or `09:30–11:30 Europe/Dublin`."""
    begin, finish = _span(meeting)
    if begin is None:
        return ""
    local = begin.astimezone(zone(tz_name))
    day = f"{local:%A, %Y-%m-%d}, " if weekday else ""
    until = f"–{finish.astimezone(zone(tz_name)):%H:%M}" if finish is not None else ""
    return f"{day}{local:%H:%M}{until} {tz_name}"


def _times_note(meeting: Meeting, tz_name: str) -> str:
    """A word for the preview when the record's times are not the planned ones."""
    if meeting.start is None or (meeting.opened_at is None and meeting.closed_at is None):
        return ""
    begin, finish = _span(meeting)
    if (begin, finish) == (meeting.start, meeting.end):
        return ""

    def slot(a: datetime | None, b: datetime | None) -> str:
        return hours(a, tz_name) + (f"-{hours(b, tz_name)}" if b is not None else "") if a else ""

    return (
        f"Times: the draft says {slot(begin, finish)} hours, as opened and closed; the meeting "
        f"was planned {slot(meeting.start, meeting.end)} hours."
    )


def _presented_before(
    store: Store, group: Group, meeting: Meeting, docs: list[Document]
) -> dict[str, str]:
    """ "Presented at the RG-SOP interim meeting on 18 June." for documents (or an earlier
    revision of them) presented at an earlier meeting of the group: the note the report's
    table would otherwise need typed."""
    if meeting.start is None:
        return {}
    # One query for this meeting's documents: where each (or an earlier revision) was first
    # presented (reading the group's whole history here was most of a large report's build).
    meetings = {m.id: m for m in store.meetings.of_group(group.id)}
    first = store.entries.first_presented(group.id, (d.base for d in docs), meeting.start)
    notes: dict[str, str] = {}
    for doc in docs:
        m = meetings.get(first[doc.base]) if doc.base in first else None
        if m is not None and m.start is not None:
            local = m.start.astimezone(zone(m.zone_name(group)))
            kind = "interim meeting" if m.kind == MeetingKind.INTERIM else "meeting"
            notes[doc.number] = (
                f"Presented at the {group.short_name} {kind} on {local.day} {local:%B}."
            )
    return notes


def _row(
    doc: Document, status: str, derived_note: str = "", group_prefix: str = "", lineage: str = ""
) -> DocRow:
    title = doc.title
    if group_prefix and title.casefold().startswith(group_prefix.casefold() + ":"):
        title = title[len(group_prefix) + 1 :].strip()
    return DocRow(
        doc.number,
        doc.category,
        doc.source,
        doc.title,
        doc.summary,
        doc.action,
        doc.notes or derived_note,  # a typed note= wins
        doc.item,
        status,
        title if title != doc.title else "",
        lineage,
    )


def _statuses(entries: list[Entry]) -> dict[str, str]:
    """A document's latest decision is its status."""
    status: dict[str, str] = {}
    for e in entries:
        if e.kind == EntryKind.DECISION and e.target_type == TargetKind.DOC:
            status[e.target] = e.keyword or "decided"
    return status


def _place_entries(
    entries: list[Entry], docs: dict[str, Document], items: set[str]
) -> dict[str, list[Entry]]:
    """Entries by the agenda item they appear under: a document's entries follow the document."""
    placed: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        item = e.item
        if e.target_type == TargetKind.DOC and e.target in docs and docs[e.target].item:
            item = docs[e.target].item
        elif e.target_type == TargetKind.ITEM:
            item = e.target
        placed[item if item in items else ""].append(e)
    return placed


def _said(entry: Entry) -> Said:
    if entry.kind == EntryKind.DECISION:
        text = decision_sentence(entry.keyword, entry.ref, entry.target_type, entry.text)
        return Said(EntryKind.DECISION, "", text, entry.keyword, entry.ref, entry.text)
    if entry.kind == EntryKind.PRESENTED:
        return Said(EntryKind.PRESENTED, entry.attributed, presented_sentence(entry))
    return Said(entry.kind, entry.who, entry.text)


def _block(row: DocRow, own: list[Entry], lineage: Lineage) -> DocBlock:
    """A document's own lines (its decisions apart), and how it relates to its revisions."""
    return DocBlock(
        row=row,
        said=tuple(_said(e) for e in own if e.kind != EntryKind.DECISION),
        outcomes=tuple(_said(e) for e in own if e.kind == EntryKind.DECISION),
        revision_of=lineage.previous(row.number),
        revised_to=lineage.next(row.number),
    )


def comment_bullet(entry: Entry) -> str:
    """`A Member State raised that…` when the text continues the name, else `Name: Text`."""
    by, text = entry.attributed.strip(), entry.text.strip()
    if not by:
        return text
    return f"{by} {text}" if text[:1].islower() else f"{by}: {text}"


def _lead_in(entry: Entry, rows: dict[str, DocRow]) -> str:
    """What introduces a run of comments, as the reference words it: on a Contribution
    "Comments made to this Contribution include:", else "Comments made at this meeting …"."""
    row = rows.get(entry.target) if entry.target_type == TargetKind.DOC else None
    if row is not None and row.category.lower() == "contribution":
        return "Comments made to this Contribution include:"
    return "Comments made at this meeting include:"


def _paragraphs(
    entries: list[Entry], rows: dict[str, DocRow], *, several: bool = False
) -> list[Paragraph]:
    """Entries in logging order; a run of comments on one target becomes one bulleted list.

    `several`: the item has several documents, so each outcome names its own document."""
    out: list[Paragraph] = []
    run: list[Entry] = []

    def flush() -> None:
        if run:
            out.append(Paragraph(_lead_in(run[0], rows), tuple(comment_bullet(c) for c in run)))
            run.clear()

    for e in entries:
        if e.kind == EntryKind.COMMENT:
            if run and run[0].target != e.target:
                flush()
            run.append(e)
            continue
        flush()
        text = report_sentence(e, name_document=several)
        if out and _names_the_document(out[-1].text) and text.startswith("The document was "):
            # "The document was already presented at TSAG Plenary. It was noted by the meeting."
            text = "It was " + text.removeprefix("The document was ")
        out.append(Paragraph(text))
    flush()
    return out


def _names_the_document(text: str) -> bool:
    """The sentence just before already says "the document", so the next one says "It"."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return "the document" in sentences[-1].casefold()


def _depth(number: str, numbers: set[str]) -> int:
    """A heading's level: one below its nearest parent on the agenda (1.1 with no 1 is a
    top-level heading, not an orphan under a missing one)."""
    parts = number.split(".")
    depth = 1
    for n in range(1, len(parts)):
        if ".".join(parts[:n]) in numbers:
            depth += 1
    return depth


def _days(group: Group, meeting: Meeting, date: str) -> str:
    """The meeting's dates: a 3GPP meeting is the whole event (15 – 19 April 2024); an ITU-T
    group's session is one day of its parent event."""
    whole = words_of(group.profile).whole_event
    return meeting.event_dates if whole and meeting.event_dates else date


def _title(group: Group, meeting: Meeting, date: str) -> str:
    where = ", ".join(x for x in (meeting.place, _days(group, meeting, date)) if x)
    return f"Draft report of the {group.name} meeting" + (f" ({where})" if where else "")


def _abstract(group: Group, meeting: Meeting, date: str) -> str:
    if meeting.event:
        where = ", ".join(x for x in (meeting.place, meeting.event_dates or date) if x)
        return (
            f"This TD contains the draft report of the {group.name} session during the "
            f"{meeting.event}" + (f" ({where})." if where else ".")
        )
    when = f" held on {date}" if date else ""
    return f"This TD contains the draft report of the {group.name} meeting{when}."


def _introduction(store: Store, group: Group, meeting: Meeting, tz_name: str) -> list[Paragraph]:
    begin, finish = _span(meeting)
    words = words_of(group.profile)
    if words.whole_event and meeting.event_dates:
        where = f" in {meeting.place}," if meeting.place else ""
        first = f"A meeting of the {group.name} took place{where} {meeting.event_dates}."
    elif begin is None:
        first = f"A meeting of the {group.name} took place."
    elif finish is not None:
        first = (
            f"A meeting of the {group.name} took place on {long_date(begin, tz_name)}"
            f" {hours(begin, tz_name)}-{hours(finish, tz_name)} hours."
        )
    else:
        first = (
            f"A meeting of the {group.name} took place on {long_date(begin, tz_name)}"
            f" at {hours(begin, tz_name)} hours."
        )
    if meeting.kind == MeetingKind.INTERIM:
        first = first.replace("A meeting", "An interim e-meeting", 1)
    paragraphs = [Paragraph(first)]
    roles = store.groups.roles(group.id)
    chairs = [r.name for r in roles if r.role == "rapporteur" and r.name]
    associates = [r.name for r in roles if r.role == "associate" and r.name]
    if words.officials_named:
        paragraphs += _officials_named(group, roles)
        return paragraphs + _attendance(store, meeting)
    officials = officials_of(group.profile)
    title, vice = officials.chair, officials.vice_chair
    if chairs:
        if len(chairs) == 1:
            text = f"{chairs[0]}, {group.short_name} {title} chaired the meeting"
        else:
            text = f"{' and '.join(chairs)}, {group.short_name} {title}s, chaired the meeting"
        if associates:
            supports = [f"{a}, {vice} of {group.name}" for a in associates]
            joined = (
                supports[0]
                if len(supports) == 1
                else (", ".join(supports[:-1]) + ", and " + supports[-1])
            )
            text += f", supported by {joined}"
        paragraphs.append(Paragraph(text + "."))
    return paragraphs + _attendance(store, meeting)


def _iso_day(meeting: Meeting, tz_name: str) -> str:
    """The meeting's day, `2019-04-19`, where it met (minutes are dated so)."""
    when = meeting.opened_at or meeting.start
    return when.astimezone(zone(tz_name)).date().isoformat() if when else ""


def _attendance(store: Store, meeting: Meeting) -> list[Paragraph]:
    attendees = store.meetings.attendees(meeting.id)
    if not attendees:
        return []
    names = "; ".join(a.name for a in attendees)
    return [Paragraph(f"{len(attendees)} participants attended: {names}.")]


def _officials_named(group: Group, roles: list[Role]) -> list[Paragraph]:
    """3GPP's officials as its reports name them: "The meeting was chaired by …, SA WG2
    Chair. The Vice-Chairs were … The Secretary was …" (each role's name as given, with its
    company)."""
    # "3GPP TSG SA WG2" -> "SA WG2": the title the officials carry.
    body = re.sub(r"^(3GPP\s+)?(TSG[\s-]+)?", "", group.name) or group.short_name

    def named(role: str) -> list[str]:
        return [r.name for r in roles if r.role == role and r.name]

    said = []
    chairs, vices, secretaries = named("rapporteur"), named("associate"), named("secretariat")
    if chairs:
        plural = "s" if len(chairs) > 1 else ""
        said.append(f"The meeting was chaired by {_and(chairs)}, {body} Chair{plural}.")
    if vices:
        were = "Vice-Chairs were" if len(vices) > 1 else "Vice-Chair was"
        said.append(f"The {were} {_and(vices)}.")
    if secretaries:
        said.append(f"The Secretary was {_and(secretaries)}.")
    return [Paragraph(" ".join(said))] if said else []


def _and(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _future(store: Store, group: Group, meeting: Meeting, tz_name: str) -> list[Paragraph]:
    """Meetings of the group scheduled after this one."""
    out = []
    for m in store.meetings.of_group(group.id):
        if m.id == meeting.id or m.cancelled_at or m.start is None:
            continue
        if meeting.start is not None and m.start <= meeting.start:
            continue
        zone_name = m.zone_name(group)
        local = m.start.astimezone(zone(zone_name))
        utc = m.start.astimezone(zone("UTC"))
        kind = "interim e-meeting" if m.kind == MeetingKind.INTERIM else "meeting"
        when = f"{local.day} {local:%B %Y}, {local:%H:%M} {zone_name}"
        if zone_name.upper() != "UTC":
            when += f" ({utc:%H:%M} UTC)"
        place = f", {m.place}" if m.place else ""
        out.append(Paragraph(f"The next {kind}, {m.title}, is scheduled for {when}{place}."))
    return out


def _closure(group: Group, meeting: Meeting, tz_name: str) -> list[Paragraph]:
    if meeting.closed_at is None:
        return []
    local = meeting.closed_at.astimezone(zone(tz_name))
    chair = officials_of(group.profile).chair
    return [
        Paragraph(f"The {chair} closed the meeting at {local:%H:%M} on {local.day} {local:%B %Y}.")
    ]


def _closing_joined(closing: list[Paragraph], notes: list[Paragraph]) -> list[Paragraph]:
    """The closing sentence and a note that goes on about the same chair read as one, as
    reports write it: "The Rapporteur closed the meeting at 16:00 on 1 August 2024, promised
    the draft report …" (not "… 2024. The Rapporteur promised …")."""
    if len(closing) != 1 or not notes or notes[0].bullets:
        return closing + notes
    subject = closing[0].text.split(" closed ", 1)[0] + " "  # "The Rapporteur "
    first = notes[0].text
    if not first.startswith(subject) or first[len(subject) : len(subject) + 1].isupper():
        return closing + notes
    joined = closing[0].text.rstrip(".") + ", " + first[len(subject) :]
    return [Paragraph(joined), *notes[1:]]


def _topics(group: Group, docs: list[Document], items: list[AgendaItem]) -> dict[str, str]:
    """What an action's place is called in the action list: minutes (IETF) name the topic —
    the draft's title, the item's — where reports name the document or "item 4.2"."""
    if not words_of(group.profile).topics_in_actions:
        return {}
    return {d.number: d.title for d in docs if d.title} | {
        f"item {i.number}": i.title for i in items if i.title
    }


def _actions(entries: list[Entry], topics: dict[str, str]) -> tuple[ActionGroup, ...]:
    by_owner: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        if e.kind == EntryKind.ACTION:
            due = f" (due {long_due(e.due)})" if e.due else ""
            where = e.target if e.target_type == TargetKind.DOC else f"item {e.target}"
            where = topics.get(where, where)
            by_owner[e.who].append(f"{e.text.rstrip('.')}{due} — {where}")
    return tuple(ActionGroup(owner, tuple(items)) for owner, items in by_owner.items())


def _next_number(items: list[AgendaItem]) -> int:
    tops = [int(i.number) for i in items if i.depth == 1]
    return max(tops, default=0) + 1
