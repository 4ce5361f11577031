"""Dataclasses that the store returns; the rest of Clerk never sees rows."""

from __future__ import annotations

import json
import types
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from enum import Enum, StrEnum
from functools import cache
from typing import Any, Self, Union, get_args, get_origin, get_type_hints

# The fixed sets of values the record holds, as stored (a StrEnum equals its stored text).
# The schema refuses any other value (migration 0020).


class RoleName(StrEnum):
    """A chair role in a group (3GPP and IETF say chair and vice-chair)."""

    RAPPORTEUR = "rapporteur"
    ASSOCIATE = "associate"
    SECRETARIAT = "secretariat"
    # Takes the minutes: their plain lines in the channel are read as scribed minutes
    # (commands/services/scribe.py); as able as the secretariat.
    SCRIBE = "scribe"
    # Relays the meeting's chat to the room (IETF minutes name them); no more able than any
    # participant.
    CHAT_SCRIBE = "chat_scribe"


class MeetingKind(StrEnum):
    SESSION = "session"
    INTERIM = "interim"


class EntryKind(StrEnum):
    """What a logged line is."""

    NOTE = "note"
    COMMENT = "comment"
    DECISION = "decision"
    ACTION = "action"
    PRESENTED = "presented"
    AGENDA = "agenda"  # the agenda's approval


class TargetKind(StrEnum):
    """What an entry is about: an agenda item or a document."""

    ITEM = "item"
    DOC = "doc"


class ReminderState(StrEnum):
    """pending (waiting for due_at / next_attempt_at), claimed (a process is sending it), sent,
    failed (gave up), dropped (meeting cancelled, moved or lead removed), skipped (due before
    it was booked, superseded by a later lead, or the meeting had begun)."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    DROPPED = "dropped"
    SKIPPED = "skipped"


class ReportProfile(StrEnum):
    """How a group's report is laid out: an ITU-T TD, a 3GPP WG draft report, IETF minutes."""

    ITU = "itu"
    THREE_GPP = "3gpp"
    IETF = "ietf"
    W3C = "w3c"


class Outcome(StrEnum):
    """A decision's keyword (its words in each body: commands/text/outcomes.py)."""

    NOTED = "noted"
    APPROVED = "approved"
    AGREED = "agreed"
    ENDORSED = "endorsed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    POSTPONED = "postponed"
    WITHDRAWN = "withdrawn"
    REVISED = "revised"
    MERGED = "merged"
    NOT_TREATED = "not treated"
    SENT = "sent"


class ActionEventKind(StrEnum):
    """What happened to an action item after it was logged."""

    ASSIGNED = "assigned"
    DONE = "done"
    REOPENED = "reopened"
    REASSIGNED = "reassigned"
    DUE = "due"


class NoticeKind(StrEnum):
    """An action owner's direct messages."""

    ASSIGNED = "assigned"
    DAY_BEFORE = "day_before"
    DUE_DAY = "due_day"


Row = dict[str, Any]


@cache
def _readers(cls: Any) -> dict[str, Callable[[Any], Any]]:
    """Column name -> how its stored value becomes the field's type, for the fields that need
    more than the value itself: times, enums, flags, an action's further owners."""
    hints = get_type_hints(cls)
    out: dict[str, Callable[[Any], Any]] = {}
    for f in fields(cls):
        hint = hints[f.name]
        optional = get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint)
        if optional:
            hint = next(a for a in get_args(hint) if a is not type(None))
        if hint is datetime:
            out[f.name] = _time
        elif isinstance(hint, type) and issubclass(hint, Enum):
            # An optional value is stored as "" when there is none (a free-text decision).
            out[f.name] = _optional(hint) if optional else hint
        elif hint is bool:
            out[f.name] = bool
        elif get_origin(hint) is tuple and get_args(hint)[0] is Owner:
            out[f.name] = _owners
    return out


def _optional(kind: type[Enum]) -> Callable[[Any], Any]:
    return lambda value: kind(value) if value else None


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _owners(value: Any) -> tuple[Owner, ...]:
    return tuple(Owner(n, u) for n, u in json.loads(value or "[]"))


class Model:
    """A record the store returns: built from its row one way for every class."""

    @classmethod
    def from_row(cls, row: Row) -> Self:
        """The dataclass from a row, ignoring columns it does not name, each value read as
        its field's type (see _readers)."""
        kind: Any = cls  # the caches key on the class
        values = {}
        for name, read in _plan(kind):
            if name in row:
                value = row[name]
                values[name] = read(value) if read is not None else value
        return cls(**values)


@cache
def _plan(cls: Any) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Each field, and how its stored value is read (None: as it is), in one pass a row."""
    readers = _readers(cls)
    return tuple((f.name, readers.get(f.name)) for f in fields(cls))


@dataclass(frozen=True)
class Group(Model):
    """A Slack channel of one workspace: one working group."""

    id: int
    team_id: str
    channel_id: str
    name: str
    short_name: str
    parent: str
    tz: str
    default_remind: str
    current_meeting_id: int | None
    created_at: str
    channel_name: str = ""
    profile: ReportProfile = ReportProfile.ITU
    study_period: str = ""  # ITU-T: "2022-2024"
    repo: str = ""  # GitHub "owner/name": `#129` in its minutes is that repository's issue


@dataclass(frozen=True)
class Role(Model):
    """A chair role held by a Slack user and/or a named person."""

    id: int
    group_id: int
    role: RoleName
    user_id: str | None
    name: str
    created_at: str
    contact: str = ""  # "Tel: …; E-mail: …", for the report's front matter


@dataclass(frozen=True)
class TorItem(Model):
    """One bullet of the group's terms of reference."""

    id: int
    group_id: int
    position: int
    text: str


@dataclass(frozen=True)
class Meeting(Model):
    """A session or interim e-meeting of a group; times are aware UTC datetimes."""

    id: int
    group_id: int
    number: int
    title: str
    kind: MeetingKind
    event: str
    place: str
    event_dates: str
    start: datetime | None
    end: datetime | None
    tz: str
    link: str
    remind: str
    opened_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    agenda_doc: str
    current_item: str
    created_at: str
    created_by: str
    series_id: int | None = None
    canvas_id: str = ""
    report_number: str = ""  # the report's own document number: TD515, S2-2405000
    keywords: str = ""
    purpose: str = ""  # ITU-T: Report, Information, Discussion…
    notes_url: str = ""  # IETF: the shared notes
    chat_url: str = ""
    # When the close was recorded (the clock at /meeting close, whatever at= said).
    close_recorded_at: datetime | None = None
    version: str = ""  # the report draft's version: "0.1.0"
    docs_url: str = ""  # where its documents are published: the TDocs link there
    queue_ts: str = ""  # the Slack message showing its speaker queue, kept up to date
    agenda_url: str = ""  # where its agenda is published

    def zone_name(self, group: Group) -> str:
        """The zone its times are shown in: the meeting's own (tz=), else the group's."""
        return self.tz or group.tz


@dataclass(frozen=True)
class AgendaItem(Model):
    """A numbered agenda item of a meeting (`2`, `2.1`, `4.2.3`)."""

    id: int
    meeting_id: int
    number: str
    title: str
    sort_key: str
    created_at: str
    convener: str = ""  # who chairs the item's session, when not the meeting's chair

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1


@dataclass(frozen=True)
class Document(Model):
    """A document of a meeting: TD, contribution, liaison statement, draft."""

    id: int
    meeting_id: int
    number: str
    base: str
    revision: str
    category: str
    source: str
    title: str
    summary: str
    action: str
    notes: str
    item: str
    position: int
    created_at: str
    created_by: str
    updated_at: str
    revision_of: str = ""  # the document this one revises, when its number does not say


@dataclass(frozen=True)
class Owner:
    """One owner of an action: a name, and the Slack user when given as a mention."""

    name: str
    user_id: str = ""


def owners_json(owners: tuple[Owner, ...]) -> str:
    """How an action's further owners are stored: `[["Bob Brown", "U0BOB"], …]`."""
    return json.dumps([[o.name, o.user_id] for o in owners], ensure_ascii=False)


def joined_names(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`: several owners as a sentence names them."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class NewEntry:
    """An entry to record, as its command gives it: the store adds its number and times."""

    group_id: int
    meeting_id: int
    kind: EntryKind
    target_type: TargetKind
    target: str
    item: str = ""
    text: str = ""
    attributed: str = ""
    attributed_id: str = ""
    more_owners: tuple[Owner, ...] = ()
    keyword: Outcome | None = None
    ref: str = ""
    due: str = ""
    author_id: str = ""
    author_name: str = ""
    source_ts: str = ""


class Keep(Enum):
    """A field a change leaves as it is (None may be a value: a meeting reopened has no close)."""

    KEEP = "keep"


KEEP = Keep.KEEP


class _Given:
    """The fields of a change that were given, by column name."""

    def given(self) -> dict[str, Any]:
        out = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is not KEEP:
                out[f.name] = value
        return out


@dataclass(frozen=True)
class MeetingFields(_Given):
    """A meeting's fields as a command makes or changes them; what is not given is kept."""

    title: str | Keep = KEEP
    kind: MeetingKind | Keep = KEEP
    event: str | Keep = KEEP
    place: str | Keep = KEEP
    event_dates: str | Keep = KEEP
    start: datetime | None | Keep = KEEP
    end: datetime | None | Keep = KEEP
    tz: str | Keep = KEEP
    link: str | Keep = KEEP
    remind: str | Keep = KEEP
    opened_at: datetime | None | Keep = KEEP
    closed_at: datetime | None | Keep = KEEP
    cancelled_at: datetime | None | Keep = KEEP
    close_recorded_at: datetime | None | Keep = KEEP
    agenda_doc: str | Keep = KEEP
    current_item: str | Keep = KEEP
    series_id: int | None | Keep = KEEP
    canvas_id: str | Keep = KEEP
    queue_ts: str | Keep = KEEP
    agenda_url: str | Keep = KEEP
    report_number: str | Keep = KEEP
    keywords: str | Keep = KEEP
    purpose: str | Keep = KEEP
    notes_url: str | Keep = KEEP
    chat_url: str | Keep = KEEP
    version: str | Keep = KEEP
    docs_url: str | Keep = KEEP


@dataclass(frozen=True)
class DocumentFields(_Given):
    """A document's fields as a command, a form or an imported list gives them."""

    category: str | Keep = KEEP
    source: str | Keep = KEEP
    title: str | Keep = KEEP
    summary: str | Keep = KEEP
    action: str | Keep = KEEP
    notes: str | Keep = KEEP
    item: str | Keep = KEEP
    revision_of: str | Keep = KEEP


@dataclass(frozen=True)
class GroupFields(_Given):
    """A group's settings as `/clerk setup` or a command changes them."""

    name: str | Keep = KEEP
    short_name: str | Keep = KEEP
    parent: str | Keep = KEEP
    tz: str | Keep = KEEP
    default_remind: str | Keep = KEEP
    current_meeting_id: int | None | Keep = KEEP
    channel_name: str | Keep = KEEP
    profile: ReportProfile | Keep = KEEP
    study_period: str | Keep = KEEP
    repo: str | Keep = KEEP


@dataclass(frozen=True)
class EntryFields(_Given):
    """An entry's fields as an edit changes them (its kind and number never change)."""

    target_type: TargetKind | Keep = KEEP
    target: str | Keep = KEEP
    item: str | Keep = KEEP
    text: str | Keep = KEEP
    attributed: str | Keep = KEEP
    attributed_id: str | Keep = KEEP
    more_owners: tuple[Owner, ...] | Keep = KEEP
    keyword: Outcome | None | Keep = KEEP
    ref: str | Keep = KEEP
    due: str | Keep = KEEP


@dataclass(frozen=True)
class Entry(Model):
    """One logged line: note, comment, decision, action, presentation or agenda approval."""

    id: int
    group_id: int
    meeting_id: int
    number: int
    kind: EntryKind
    target_type: TargetKind
    target: str
    item: str
    text: str
    attributed: str
    keyword: Outcome | None  # a decision's outcome; None for free text (stored "")
    ref: str
    due: str
    author_id: str
    author_name: str
    created_at: str
    edited_at: str | None
    deleted_at: str | None
    source_ts: str = ""  # the Slack message it was captured from, if any
    attributed_id: str = ""  # the Slack user `attributed` names, when given as a mention
    done_at: str | None = None  # an action: when it was marked done (None while open)
    done_note: str = ""  # an action: what was done ("sent as LS to SG13")
    # An action's owners after the first (`attributed`, `attributed_id`), in the order given.
    more_owners: tuple[Owner, ...] = ()

    @property
    def owners(self) -> tuple[Owner, ...]:
        """Everyone the entry is attributed to: an action's owners, a comment's speaker."""
        if not self.attributed:
            return ()
        return (Owner(self.attributed, self.attributed_id), *self.more_owners)

    @property
    def who(self) -> str:
        """The owners as a sentence names them: `TSB`, `Alice Adams and Bob Brown`."""
        return joined_names([o.name for o in self.owners]) if self.attributed else ""

    @property
    def owner_ids(self) -> frozenset[str]:
        """The Slack users among the owners (names typed as text have none)."""
        return frozenset(o.user_id for o in self.owners if o.user_id)

    @property
    def is_open_action(self) -> bool:
        return self.kind == EntryKind.ACTION and self.done_at is None and self.deleted_at is None


@dataclass(frozen=True)
class Attendee(Model):
    """A person recorded as attending a meeting."""

    id: int
    meeting_id: int
    name: str
    user_id: str | None
    created_at: str
    regrets: int = 0  # 1: sent regrets (W3C's "Regrets" list), not attending
    guest: int = 0  # 1: attending as a guest (W3C's "Guests" list)
    source_ts: str = ""  # the Slack message that recorded it (a scribe's present+)


@dataclass(frozen=True)
class Speaker(Model):
    """Someone on a meeting's speaker queue (`q+`), in the order they asked."""

    id: int
    meeting_id: int
    name: str
    user_id: str | None
    note: str  # "to ask about X"
    created_at: str


@dataclass(frozen=True)
class Nick(Model):
    """A short name a scribe types for a person of the group (`gkellogg`)."""

    id: int
    group_id: int
    nick: str
    name: str
    user_id: str | None
    created_at: str


class Queued:
    """A message of the outbox (a reminder, an owner's DM): what Slack finds it by."""

    id: int
    key: str

    @property
    def message_key(self) -> str:
        """What its post carries in Slack's metadata, to find it again after an unknown send."""
        return self.key or f"outbox:{self.id}"


@dataclass(frozen=True)
class Reminder(Queued, Model):
    """One reminder of one meeting at one lead time."""

    id: int
    meeting_id: int
    lead_minutes: int
    due_at: datetime
    status: ReminderState
    next_attempt_at: datetime
    attempts: int
    claimed_by: str
    claimed_at: datetime | None
    sent_at: datetime | None
    late: bool
    last_error: str
    created_at: str
    key: str = ""  # its Slack metadata key from before the outbox (migration 0021)


@dataclass(frozen=True)
class NewActionEvent:
    """What happened to an action, as the command that did it says (the store adds the time)."""

    kind: ActionEventKind
    by_id: str = ""
    note: str = ""
    owner: str = ""
    owner_id: str = ""
    due: str = ""


@dataclass(frozen=True)
class ActionEvent(Model):
    """Something that happened to an action item after it was logged."""

    id: int
    group_id: int
    entry_id: int
    kind: ActionEventKind
    at: datetime
    by_id: str
    note: str
    owner: str
    owner_id: str
    due: str


@dataclass(frozen=True)
class ActionNotice(Queued, Model):
    """A direct message to an action's owner: on assignment, the day before, on the day."""

    id: int
    group_id: int
    entry_id: int
    kind: NoticeKind
    user_id: str
    due_at: datetime
    status: ReminderState
    next_attempt_at: datetime
    attempts: int
    claimed_by: str
    claimed_at: datetime | None
    sent_at: datetime | None
    last_error: str
    created_at: str
    key: str = ""  # its Slack metadata key from before the outbox (migration 0021)
