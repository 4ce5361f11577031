"""/meeting: sessions and interim e-meetings of the group."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

from commands.framework.call import Call
from commands.framework.errors import UsageError
from commands.framework.grammar import (
    canonical_zone,
    format_duration,
    format_leads,
    parse_duration,
    parse_id,
    parse_leads,
    parse_mention,
    parse_when,
    split_names,
    zone,
)
from commands.framework.registry import Family
from commands.framework.reply import Attachment, Button, Queue, Reply
from commands.framework.rich import Rich, Says, says
from commands.report.command import Draft
from commands.services.calendar import meeting_ics
from commands.services.reminders import describe
from commands.text.lines import meeting_line, plural, span, when
from storage import EntryKind, GroupFields, Meeting, MeetingFields, MeetingKind, TargetKind


def _tz(call: Call, meeting: Meeting | None = None) -> str:
    """The zone to read and show times in: tz=, else the meeting's, else the group's."""
    if call.has("tz"):
        return canonical_zone(call.opt("tz"))
    return meeting.zone_name(call.group) if meeting is not None else call.group.tz


def _when(call: Call, key: str, *, tz_name: str, default: datetime) -> datetime:
    """The date and time of option `key`; a refusal names that option (forms mark it)."""
    try:
        return parse_when(call.opt(key), tz_name=tz_name, default=default)
    except UsageError as err:
        raise UsageError(err.message, call.sub.usage, field=key) from err


def _times(call: Call, tz_name: str, base: Meeting | None = None) -> dict[str, Any]:
    """start/end from start=, end=, duration= (end takes the start's date)."""
    values: dict[str, Any] = {}
    start = base.start if base else None
    if call.has("start"):
        start = _when(call, "start", tz_name=tz_name, default=call.now)
        values["start"] = start
    if call.has("end") and call.has("duration"):
        raise call.fail("Give end= or duration=, not both.")
    if call.has("end") or call.has("duration"):
        if start is None:
            raise call.fail("Give start= too, so the end has a day.")
        if call.has("end"):
            end = _when(call, "end", tz_name=tz_name, default=start)
        else:
            end = start + parse_duration(call.opt("duration"))
        if end <= start:
            raise call.fail("The end must come after the start.")
        values["end"] = end
    elif base is not None and "start" in values and base.start and base.end:
        values["end"] = values["start"] + (base.end - base.start)  # a move keeps the length
    return values


WHEN_KEYS = ("start", "end", "duration", "tz")
FAMILY = Family(
    "meeting", "meetings and interim e-meetings: create, open, close, attendance, reminders"
)


# Fields `/meeting set` changes as given (`report=` is the report's own document number).
PLAIN_FIELDS = {
    "title": "title",
    "event": "event",
    "place": "place",
    "event_dates": "event_dates",
    "link": "link",
    "report": "report_number",
    "keywords": "keywords",
    "purpose": "purpose",
    "notes": "notes_url",
    "chat": "chat_url",
    "version": "version",
    "docs": "docs_url",
    "agenda": "agenda_url",
}
# Front matter /meeting new takes too (the rest of PLAIN_FIELDS it has as options of its own).
FRONT_FIELDS = {
    k: v
    for k, v in PLAIN_FIELDS.items()
    if k in ("report", "keywords", "purpose", "notes", "chat", "version", "docs", "agenda")
}


def _kind(call: Call, typed: str) -> MeetingKind:
    """session or interim, as typed in kind=."""
    try:
        return MeetingKind(typed.lower())
    except ValueError:
        raise call.fail(f"kind must be session or interim, not “{typed}”.", field="kind") from None


@FAMILY.sub(
    "new",
    '/meeting new "Title" [kind=session|interim] [event=…] [place=…] [event-dates=…] '
    '[start="2024-08-01 14:30"] [end=15:45 | duration=2h] [tz=…] [link=…] '
    '[remind="7d 1d 1h"] [repeat="every 4 weeks" count=3 | until=…] '
    '[report=TD515] [keywords="…"] [purpose=…] [agenda=URL] [notes=URL] [chat=URL] [version=0.1.0] '
    "[docs=URL]",
    "create a meeting; entries go to it",
    level="chair",
    what="create meetings",
    keys=(
        "kind",
        "event",
        "place",
        "event_dates",
        "link",
        "remind",
        "repeat",
        "count",
        "until",
        *WHEN_KEYS,
        *FRONT_FIELDS,
    ),
    examples=(
        '/meeting new "RG-SOP meeting" event="TSAG meeting" place=Geneva '
        'event-dates="29 July – 2 August 2024" start="2024-08-01 14:30" end="15:45"',
        '/meeting new "RG-SOP interim e-meeting" kind=interim start="2024-06-18 13:00" '
        'duration=2h tz=UTC link=https://example.org/join remind="7d 1d 1h"',
        '/meeting new "RG-SOP e-meeting" kind=interim start="2024-09-10 13:00" '
        'duration=2h repeat="every 4 weeks" count=3',
    ),
)
def new(call: Call) -> Reply:
    title = call.args.rest_text()
    if not title:
        raise call.fail('Give the meeting a title in quotes, e.g. "RG-SOP meeting".')
    kind = _kind(call, call.opt("kind", MeetingKind.SESSION))
    tz_name = _tz(call)
    times = _times(call, tz_name)
    if kind == MeetingKind.INTERIM and "start" not in times:
        raise call.fail("An interim meeting needs start= so its reminders can be sent.")
    default_remind = call.group.default_remind if kind == MeetingKind.INTERIM else "none"
    remind = format_leads(parse_leads(call.opt("remind", default_remind)))
    occurrences = _occurrences(call, times, tz_name)
    meetings: list[Meeting] = []
    front: dict[str, Any] = {
        column: call.opt(key) for key, column in FRONT_FIELDS.items() if call.has(key)
    }
    for occurrence in occurrences:
        fields = MeetingFields(
            title=title,
            kind=kind,
            event=call.opt("event"),
            place=call.opt("place"),
            event_dates=call.opt("event_dates"),
            tz=canonical_zone(call.opt("tz")) if call.has("tz") else "",
            link=call.opt("link"),
            remind="" if remind == "none" else remind,
            series_id=meetings[0].id if meetings else None,
            **front,
            **occurrence,
        )
        created = call.store.meetings.create(
            call.group.id, fields, now=call.now, created_by=call.ctx.caller.user_id
        )
        if len(occurrences) > 1 and not meetings:
            created = call.store.meetings.update(created.id, MeetingFields(series_id=created.id))
        meetings.append(created)
    meeting = meetings[0]
    lines: list[Says] = [
        Rich(f"Meeting {meeting.number} created: ", meeting_line(meeting, tz_name, numbered=False))
    ]
    if len(meetings) > 1:
        lines[0] = (
            f"Meetings {meeting.number}–{meetings[-1].number} created "
            f"({call.opt('repeat')}, {len(meetings)} meetings):"
        )
        lines.extend(Rich("• ", meeting_line(m, tz_name)) for m in meetings)
    where = ", ".join(x for x in (meeting.event, meeting.place, meeting.event_dates) if x)
    if where:
        lines.append(where)
    if meeting.link:
        lines.append(f"Join: {meeting.link}")
    if meeting.kind == MeetingKind.INTERIM:
        lines.append(f"Reminders before it: {remind}.")
    current = _current_open(call)
    if current is not None:
        lines.append(
            says(
                "Entries still go to meeting {current}, which is open; "
                "`/meeting use {new}` to switch.",
                current=current.number,
                new=meeting.number,
            )
        )
    else:
        call.store.groups.update(call.group.id, GroupFields(current_meeting_id=meeting.id))
        lines.append(f"Entries now go to meeting {meeting.number}.")
    return call.done(Rich("\n").join(lines))


_REPEAT = re.compile(
    r"^(?:every\s+(?:(\d+)\s+)?(day|week|month)s?|(daily|weekly|fortnightly|biweekly|monthly))$",
    re.IGNORECASE,
)
_FREQ = {"day": DAILY, "week": WEEKLY, "month": MONTHLY}
_NAMED = {
    "daily": ("day", 1),
    "weekly": ("week", 1),
    "fortnightly": ("week", 2),
    "biweekly": ("week", 2),
    "monthly": ("month", 1),
}
MAX_SERIES = 52


def _occurrences(call: Call, times: dict[str, Any], tz_name: str) -> list[dict[str, Any]]:
    """start/end of each meeting: one, or a series from repeat= with count= or until=."""
    if not call.has("repeat"):
        if call.has("count") or call.has("until"):
            raise call.fail('count= and until= go with repeat=, e.g. repeat="every 4 weeks".')
        return [times]
    m = _REPEAT.match(call.opt("repeat"))
    if m is None:
        raise call.fail(
            f"repeat=“{call.opt('repeat')}” is not a repetition I know; "
            'use e.g. "every 4 weeks", weekly or monthly.'
        )
    unit, every = (
        (m.group(2).lower(), int(m.group(1) or 1)) if m.group(2) else _NAMED[m.group(3).lower()]
    )
    if "start" not in times:
        raise call.fail("A repeating meeting needs start=.")
    count = call.opt("count")
    if not count and not call.has("until"):
        raise call.fail("Say how many with count=3 or until a date with until=2024-12-31.")
    if count and not 1 <= (parse_id(count) or 0) <= MAX_SERIES:
        raise call.fail(f"count= must be a number from 1 to {MAX_SERIES}.")
    start = times["start"]
    tzinfo = zone(tz_name)
    local_start = start.astimezone(tzinfo).replace(tzinfo=None)
    until = None
    if call.has("until"):
        until = _when(call, "until", tz_name=tz_name, default=start)
        if ":" not in call.opt("until"):
            until = until.replace(hour=23, minute=59)  # a date alone: the whole of that day
        until = until.astimezone(tzinfo).replace(tzinfo=None)
    rule = rrule(
        _FREQ[unit],
        interval=every,
        dtstart=local_start,
        count=parse_id(count) if count else None,
        until=until,
    )
    # Each occurrence keeps the wall-clock time, whatever daylight saving does meanwhile.
    starts = [dt.replace(tzinfo=tzinfo) for dt in rule[: MAX_SERIES + 1]]
    if len(starts) > MAX_SERIES:
        raise call.fail(
            f"That makes more than {MAX_SERIES} meetings; use count= or an earlier until=."
        )
    length = times["end"] - start if "end" in times else None
    return [{"start": s, **({"end": s + length} if length else {})} for s in starts]


def _current_open(call: Call) -> Meeting | None:
    if not call.group.current_meeting_id:
        return None
    current = call.store.meetings.by_id(call.group.current_meeting_id)
    return current if current.opened_at and not current.closed_at else None


@FAMILY.sub("list", "/meeting list", "the meetings of this channel", pure=True)
def list_(call: Call) -> Reply:
    meetings = call.store.meetings.of_group(call.group.id)
    if not meetings:
        return call.show(says('No meetings yet; create one with `/meeting new "Title" start="…"`.'))
    current = call.meeting()
    lines: list[Says] = ["Meetings of this channel:"]
    for m in meetings:
        mark = "  ← entries go here" if m.id == current.id else ""
        lines.append(Rich("• ", meeting_line(m, _tz(call, m)), mark))
    return call.show(Rich("\n").join(lines))


def _number(call: Call) -> str | None:
    words = call.args.positionals
    return words[0].value if words else None


@FAMILY.sub(
    "use",
    "/meeting use ID",
    "choose the meeting entries go to",
    level="chair",
    what="switch the current meeting",
    examples=("/meeting use 2",),
)
def use(call: Call) -> Reply:
    number = _number(call)
    if number is None:
        raise call.fail("Say which meeting, e.g. /meeting use 2.")
    meeting = call.meeting(number)
    call.store.groups.update(call.group.id, GroupFields(current_meeting_id=meeting.id))
    return call.done(
        Rich("Entries now go to meeting ", meeting_line(meeting, _tz(call, meeting)), ".")
    )


def _at(call: Call, meeting: Meeting) -> datetime:
    if not call.has("at"):
        return call.now
    day = meeting.start or call.now
    return _when(call, "at", tz_name=_tz(call, meeting), default=day)


@FAMILY.sub(
    "open",
    "/meeting open [ID] [at=14:30]",
    "record the opening time",
    level="chair",
    what="open meetings",
    keys=("at", "tz"),
)
def open_(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    at = _at(call, meeting)
    note = Rich()
    tz_name = _tz(call, meeting)
    if not call.has("at") and meeting.start is not None:
        today = call.now.astimezone(zone(tz_name)).date()
        if meeting.start.astimezone(zone(tz_name)).date() < today:
            # A meeting recorded after the fact opened when it was planned, not today.
            at = meeting.start
            note = says(" (its planned start; say `at=` for another time)")
    was_closed = meeting.closed_at is not None
    # Opening again after a close reopens it: #tags are heard and the closing time goes.
    meeting = call.store.meetings.update(
        meeting.id, MeetingFields(opened_at=at, closed_at=None, close_recorded_at=None)
    )
    if was_closed:
        note += "; it was closed, and is open again"
    reply = call.done(Rich(f"Meeting {meeting.number} opened at {when(at, tz_name)}", note, "."))
    reply.needs_presence = True  # #tags are heard only where Clerk is a member
    return reply


@FAMILY.sub(
    "close",
    "/meeting close [ID] [at=16:00]",
    "record the closing time",
    level="chair",
    what="close meetings",
    keys=("at", "tz"),
    examples=("/meeting close at=16:00",),
)
def close(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    at = _at(call, meeting)
    if meeting.opened_at and at < meeting.opened_at:
        raise call.fail("The closing time is before the opening time.")
    if call.has("at") and meeting.start and at < meeting.start:
        raise call.fail(
            f"The closing time {when(at, _tz(call, meeting))} is before the meeting's start, "
            f"{when(meeting.start, _tz(call, meeting))}."
        )
    meeting = call.store.meetings.update(
        meeting.id, MeetingFields(closed_at=at, close_recorded_at=call.now)
    )
    text = f"Meeting {meeting.number} closed at {when(at, _tz(call, meeting))}."
    # What is still open, so no meeting ends without its draft or with a document forgotten.
    decided = {
        e.target
        for e in call.store.entries.of_meeting(meeting.id)
        if e.kind == EntryKind.DECISION and e.target_type == TargetKind.DOC
    }
    undecided = [
        d.number
        for d in call.store.documents.of_meeting(meeting.id)
        if d.item and d.number not in decided
    ]
    actions = call.store.actions.of_group(call.group.id)
    shown = ", ".join(n for n in undecided[:10]) + (" …" if len(undecided) > 10 else "")
    text += (
        f"\n{plural(len(undecided), 'document')} on the agenda without a decision"
        + (f" ({shown})" if undecided else "")
        + f"; {plural(len(actions), 'open action item')} in the group."
    )
    report = Button("Post the report draft", Draft(meeting.number))
    return Reply(text=Rich(text), visibility="channel", buttons=(report,))


@FAMILY.sub(
    "attend",
    '/meeting attend [@person…] [name="…, …"]…',
    "record attendance (no arguments: yourself); several names in one name= (commas or "
    "semicolons) or several name=",
    keys=("name",),
    many=("name",),
    examples=(
        '/meeting attend name="Mr Bruce Gracie (Ericsson Canada)"',
        '/meeting attend name="Ivan Herman, Gregg Kellogg; Pierre-Antoine Champin"',
    ),
)
def attend(call: Call) -> Reply:
    meeting = call.meeting()
    names = _people(call)
    added = [
        n
        for n, uid in names
        if call.store.meetings.attend(
            meeting.id, name=n, user_id=uid, now=call.now, source_ts=call.ctx.source_ts
        )
    ]
    total = len(call.store.meetings.attendees(meeting.id))
    if not added:
        return call.show(f"Already recorded as attending meeting {meeting.number}.")
    return call.done(
        f"Attending meeting {meeting.number}: {', '.join(n for n in added)} ({total} recorded)."
    )


@FAMILY.sub(
    "absent",
    '/meeting absent [@person…] [name="…, …"]…',
    "take people off the attendance (no arguments: yourself); a scribe's `present-`",
    keys=("name",),
    many=("name",),
    examples=('/meeting absent name="Gregg Kellogg"',),
)
def absent(call: Call) -> Reply:
    meeting = call.meeting()
    gone = [n for n, _ in _people(call) if call.store.meetings.leave(meeting.id, name=n)]
    if not gone:
        return call.show(f"Not recorded as attending meeting {meeting.number}; nothing changed.")
    total = len(call.store.meetings.attendees(meeting.id))
    return call.done(
        f"No longer attending meeting {meeting.number}: {', '.join(gone)} ({total} recorded)."
    )


@FAMILY.sub(
    "regrets",
    '/meeting regrets [@person…] [name="…, …"]…',
    "record who sent regrets (no arguments: yourself); a scribe's `regrets+`",
    keys=("name",),
    many=("name",),
    examples=('/meeting regrets name="Cy Diaz, Dee Ng"',),
)
def regrets(call: Call) -> Reply:
    return _listed(call, regrets=True)


@FAMILY.sub(
    "guests",
    '/meeting guests [@person…] [name="…, …"]…',
    "record who attends as a guest (no arguments: yourself); a scribe's `guests+`",
    keys=("name",),
    many=("name",),
    examples=('/meeting guests name="Ana Ruiz"',),
)
def guests(call: Call) -> Reply:
    return _listed(call, guest=True)


def _listed(call: Call, *, regrets: bool = False, guest: bool = False) -> Reply:
    """Regrets or guests: the people named, recorded so for the current meeting."""
    meeting = call.meeting()
    said = [
        n
        for n, uid in _people(call)
        if call.store.meetings.attend(
            meeting.id,
            name=n,
            user_id=uid,
            now=call.now,
            regrets=regrets,
            guest=guest,
            source_ts=call.ctx.source_ts,
        )
    ]
    what = "Regrets" if regrets else "Guests"
    if not said:
        return call.show(f"{what} already recorded for meeting {meeting.number}.")
    return call.done(f"{what} of meeting {meeting.number}: {', '.join(said)}.")


@FAMILY.sub(
    "queue",
    '/meeting queue [add ["to ask about …"] | remove [NAME] | ack NAME]',
    "the speaker queue: join it (a scribe's `q+`), leave it (`q-`), give the floor (`ack`, "
    "chairs), or see it (`q?`)",
    free_text=True,
    examples=('/meeting queue add "to ask about the timeline"', "/meeting queue ack Ana Ruiz"),
)
def queue(call: Call) -> Reply:
    meeting = call.meeting()
    words = call.args.positionals
    verb = words[0].value.lower() if words and not words[0].quoted else ""
    rest = call.args.rest_text(1) if verb else call.args.rest_text(0)
    me = call.ctx.caller
    store = call.store.meetings
    if verb in ("", "list", "show") and not rest:
        return call.show(_queue_text(call, meeting))
    if verb == "add":
        new = store.enqueue(meeting.id, name=me.name, user_id=me.user_id, note=rest, now=call.now)
        said = f"{me.name} is on the queue" if new else f"{me.name} was on the queue already"
    elif verb == "remove":
        name = rest or me.name
        if name.casefold() != me.name.casefold():
            call.require("chair", "take others off the queue")
        if not store.dequeue(meeting.id, name=name):
            return call.show(f"{name} is not on the queue; nothing changed.")
        said = f"{name} left the queue"
    elif verb == "ack":
        call.require("chair", "give the floor")
        if not rest:
            raise call.fail("Say whose turn it is: /meeting queue ack NAME.")
        if not store.dequeue(meeting.id, name=rest):
            return call.show(f"{rest} is not on the queue; nothing changed.")
        said = f"{rest} has the floor"
    else:
        raise call.fail(f"“{words[0].value}” is not understood here; say add, remove or ack.")
    reply = call.done(Rich(f"{said}. ", _queue_text(call, meeting)))
    reply.queue = _queue_of(call, meeting)
    return reply


def _queue_of(call: Call, meeting: Meeting) -> Queue:
    speakers = tuple((s.name, s.note) for s in call.store.meetings.queue(meeting.id))
    return Queue(meeting.id, meeting.number, speakers, meeting.queue_ts)


def _queue_text(call: Call, meeting: Meeting) -> str:
    """`Queue: Ana Ruiz (to ask about X), Bo Li` or `The queue is empty.`"""
    speakers = call.store.meetings.queue(meeting.id)
    if not speakers:
        return "The queue is empty."
    return "Queue: " + ", ".join(f"{s.name} ({s.note})" if s.note else s.name for s in speakers)


def _people(call: Call) -> list[tuple[str, str | None]]:
    """The people a command names — mentions, then names in name= — else the caller."""
    names: list[tuple[str, str | None]] = []
    for tok in call.args.positionals:
        ref = parse_mention(tok.value) if tok.mention else None
        if ref is None:
            raise call.fail(f'“{tok.value}” is not a mention; use name="…" for a name.')
        names.append((ref.name or ref.user_id or "", ref.user_id))
    if call.has("name"):
        for given in (call.opt("name"), *call.args.repeated.get("name", ())):
            names.extend((n, None) for n in split_names(given))
    if not names:
        names.append((call.ctx.caller.name, call.ctx.caller.user_id))
    return names


@FAMILY.sub(
    "remind",
    '/meeting remind ID "2d 1h"',
    "replace a meeting's reminder lead times (none for none)",
    level="chair",
    what="change reminders",
    examples=('/meeting remind 3 "2d 1h"',),
)
def remind(call: Call) -> Reply:
    words = call.args.positionals
    if len(words) < 2:
        raise call.fail('Say which meeting and the lead times, e.g. /meeting remind 3 "2d 1h".')
    meeting = call.meeting(words[0].value)
    leads = format_leads(parse_leads(call.args.rest_text(1)))
    meeting = call.store.meetings.update(
        meeting.id, MeetingFields(remind="" if leads == "none" else leads)
    )
    return call.done(f"Reminders for meeting {meeting.number}: {leads}.")


@FAMILY.sub(
    "move",
    '/meeting move ID start="…" [end=… | duration=…] [tz=…]',
    "move a meeting; its reminders follow",
    level="chair",
    what="move meetings",
    keys=WHEN_KEYS,
    examples=('/meeting move 3 start="2024-06-19 13:00"',),
)
def move(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    if not any(call.has(k) for k in ("start", "end", "duration")):
        raise call.fail("Give the new start= (and end= or duration= if the length changes).")
    tz_name = _tz(call, meeting)
    times = _times(call, tz_name, base=meeting)
    if call.has("tz"):
        times["tz"] = canonical_zone(call.opt("tz"))
    meeting = call.store.meetings.update(meeting.id, MeetingFields(**times))
    text = f"Meeting {meeting.number} ({meeting.title}) moved: {span(meeting, tz_name)}."
    if meeting.remind:
        text += " Its reminders follow it."
    return call.done(text)


@FAMILY.sub(
    "set",
    '/meeting set [ID] [title="…"] [kind=session|interim] [event=…] [place=…] '
    '[event-dates=…] [start=…] [end=… | duration=…] [tz=…] [link=…] [remind="…"] '
    '[report=TD515] [keywords="…"] [purpose=…] [agenda=URL] [notes=URL] [chat=URL] [version=0.1.0] '
    "[docs=URL]",
    "correct or complete a meeting (the current one, or ID): every field of /meeting new, "
    "and the report's front matter",
    level="chair",
    what="change meetings",
    keys=(*PLAIN_FIELDS, "kind", "remind", *WHEN_KEYS),
    examples=(
        '/meeting set report=TD515 keywords="strategic plan; CWG-SFP" purpose=Report',
        "/meeting set link=https://meetings.example.org/121 "
        "notes=https://notes.example.org/httpbis",
        '/meeting set 2 place=Geneva start="2024-08-01 14:30"',
    ),
)
def set_(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    values: dict[str, Any] = {
        column: call.opt(key) for key, column in PLAIN_FIELDS.items() if call.has(key)
    }
    if call.has("kind"):
        values["kind"] = _kind(call, call.opt("kind"))
    if call.has("remind"):
        leads = format_leads(parse_leads(call.opt("remind")))
        values["remind"] = "" if leads == "none" else leads
    tz_name = _tz(call, meeting)
    if any(call.has(k) for k in ("start", "end", "duration")):
        values.update(_times(call, tz_name, base=meeting))
    if call.has("tz"):
        values["tz"] = canonical_zone(call.opt("tz"))
    if not values:
        raise call.fail("Say what to change, e.g. place=Geneva or report=TD515.")
    meeting = call.store.meetings.update(meeting.id, MeetingFields(**values))
    changed = ", ".join(sorted(k.replace("_", "-") for k in values))
    line = meeting_line(meeting, tz_name, numbered=False)
    return call.done(Rich(f"Meeting {meeting.number} updated ({changed}): ", line))


@FAMILY.sub(
    "cancel",
    "/meeting cancel ID",
    "cancel a meeting; its reminders are dropped",
    level="chair",
    what="cancel meetings",
)
def cancel(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    if meeting.cancelled_at:
        return call.show(f"Meeting {meeting.number} was already cancelled.")
    meeting = call.store.meetings.update(meeting.id, MeetingFields(cancelled_at=call.now))
    if call.group.current_meeting_id == meeting.id:
        call.store.groups.update(call.group.id, GroupFields(current_meeting_id=None))
    return call.done(
        f"Meeting {meeting.number} ({meeting.title}, {span(meeting, _tz(call, meeting))}) "
        "is cancelled; its reminders will not be sent."
    )


@FAMILY.sub("ics", "/meeting ics [ID]", "a calendar file (.ics) for the meeting", keys=("tz",))
def ics(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    if meeting.start is None:
        raise call.fail(f"Meeting {meeting.number} has no start time, so no calendar entry.")
    data = meeting_ics(meeting, call.group, _tz(call, meeting), now=call.now)
    name = f"meeting-{meeting.number}.ics"
    return Reply(
        text=says("Calendar file for meeting {n}: `{name}`.", n=meeting.number, name=name),
        visibility="channel",
        files=[Attachment(name, data, title=meeting.title, mimetype="text/calendar")],
    )


@FAMILY.sub("info", "/meeting info [ID]", "details of a meeting", keys=("tz",), pure=True)
def info(call: Call) -> Reply:
    meeting = call.meeting(_number(call))
    tz_name = _tz(call, meeting)
    lines: list[Says] = [meeting_line(meeting, tz_name)]
    for label, value in (
        ("Event", meeting.event),
        ("Place", meeting.place),
        ("Dates", meeting.event_dates),
        ("Join", meeting.link),
        ("Report", meeting.report_number),
        ("Purpose", meeting.purpose),
        ("Keywords", meeting.keywords),
        ("Notes", meeting.notes_url),
        ("Chat", meeting.chat_url),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if meeting.start and meeting.end:
        lines.append(f"Duration: {format_duration(meeting.end - meeting.start)}")
    if meeting.kind == MeetingKind.INTERIM or meeting.remind:
        lines.append(f"Reminders: {meeting.remind or 'none'}")
        lines.extend(describe(call.store, meeting, tz_name))
    if meeting.series_id:
        series = [
            m.number
            for m in call.store.meetings.of_group(call.group.id)
            if m.series_id == meeting.series_id
        ]
        lines.append(f"Part of a series: meetings {', '.join(map(str, series))}")
    if meeting.opened_at:
        lines.append(f"Opened: {when(meeting.opened_at, tz_name)}")
    if meeting.closed_at:
        lines.append(f"Closed: {when(meeting.closed_at, tz_name)}")
    items = call.store.agenda.of_meeting(meeting.id)
    docs = call.store.documents.of_meeting(meeting.id)
    entries = call.store.entries.of_meeting(meeting.id)
    people = call.store.meetings.attendees(meeting.id)
    lines.append(
        f"{len(items)} agenda items · {len(docs)} documents · {len(entries)} entries · "
        f"{len(people)} attending"
    )
    if meeting.current_item:
        lines.append(f"Current item: {meeting.current_item}")
    return call.show(Rich("\n").join(lines))
