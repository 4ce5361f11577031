"""Dataclasses that the store returns; the rest of Clerk never sees rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any, Literal, TypeVar

# The fixed sets of values the record holds, as stored.
RoleName = Literal["rapporteur", "associate", "secretariat"]
MeetingKind = Literal["session", "interim"]
EntryKind = Literal["note", "comment", "decision", "action", "presented", "agenda"]
TargetKind = Literal["item", "doc"]
# pending (waiting for due_at / next_attempt_at), claimed (a process is sending it), sent,
# failed (gave up), dropped (meeting cancelled, moved or lead removed), skipped (due before it
# was booked, superseded by a later lead, or the meeting had begun).
ReminderState = Literal["pending", "claimed", "sent", "failed", "dropped", "skipped"]
# How a group's report is laid out: an ITU-T TD, a 3GPP WG draft report, IETF minutes.
ReportProfile = Literal["itu", "3gpp", "ietf"]


Row = dict[str, Any]
T = TypeVar("T")


@cache
def _names(cls: Any) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _from_row(cls: Callable[..., T], row: Row) -> T:
    """Build a dataclass from a row, ignoring columns the class does not name."""
    names = _names(cls)
    return cls(**{k: v for k, v in row.items() if k in names})


@dataclass(frozen=True)
class Group:
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
    profile: ReportProfile = "itu"
    study_period: str = ""  # ITU-T: "2022-2024"

    @classmethod
    def from_row(cls, row: Row) -> Group:
        return _from_row(cls, row)


@dataclass(frozen=True)
class Role:
    """A chair role held by a Slack user and/or a named person."""

    id: int
    group_id: int
    role: RoleName
    user_id: str | None
    name: str
    created_at: str
    contact: str = ""  # "Tel: …; E-mail: …", for the report's front matter

    @classmethod
    def from_row(cls, row: Row) -> Role:
        return _from_row(cls, row)


@dataclass(frozen=True)
class TorItem:
    """One bullet of the group's terms of reference."""

    id: int
    group_id: int
    position: int
    text: str

    @classmethod
    def from_row(cls, row: Row) -> TorItem:
        return _from_row(cls, row)


@dataclass(frozen=True)
class Meeting:
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

    def zone_name(self, group: Group) -> str:
        """The zone its times are shown in: the meeting's own (tz=), else the group's."""
        return self.tz or group.tz

    @classmethod
    def from_row(cls, row: Row) -> Meeting:
        row = dict(row)
        for key in ("start", "end", "opened_at", "closed_at", "cancelled_at", "close_recorded_at"):
            row[key] = datetime.fromisoformat(row[key]) if row.get(key) else None
        return _from_row(cls, row)


@dataclass(frozen=True)
class AgendaItem:
    """A numbered agenda item of a meeting (`2`, `2.1`, `4.2.3`)."""

    id: int
    meeting_id: int
    number: str
    title: str
    sort_key: str
    created_at: str

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    @classmethod
    def from_row(cls, row: Row) -> AgendaItem:
        return _from_row(cls, row)


@dataclass(frozen=True)
class Document:
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

    @classmethod
    def from_row(cls, row: Row) -> Document:
        return _from_row(cls, row)


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
class Entry:
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
    keyword: str
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

    @classmethod
    def from_row(cls, row: Row) -> Entry:
        more = json.loads(row.get("more_owners") or "[]")
        return _from_row(cls, {**row, "more_owners": tuple(Owner(n, u) for n, u in more)})

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
        return self.kind == "action" and self.done_at is None and self.deleted_at is None


@dataclass(frozen=True)
class Attendee:
    """A person recorded as attending a meeting."""

    id: int
    meeting_id: int
    name: str
    user_id: str | None
    created_at: str

    @classmethod
    def from_row(cls, row: Row) -> Attendee:
        return _from_row(cls, row)


@dataclass(frozen=True)
class Reminder:
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

    @classmethod
    def from_row(cls, row: Row) -> Reminder:
        row = _claim_times(row)
        row["late"] = bool(row["late"])
        return _from_row(cls, row)


ActionEventKind = Literal["assigned", "done", "reopened", "reassigned", "due"]
NoticeKind = Literal["assigned", "day_before", "due_day"]


@dataclass(frozen=True)
class ActionEvent:
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

    @classmethod
    def from_row(cls, row: Row) -> ActionEvent:
        row = dict(row)
        row["at"] = datetime.fromisoformat(row["at"])
        return _from_row(cls, row)


@dataclass(frozen=True)
class ActionNotice:
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

    @classmethod
    def from_row(cls, row: Row) -> ActionNotice:
        return _from_row(cls, _claim_times(row))


def _claim_times(row: Row) -> Row:
    """A claimed message's stored times as datetimes (reminders, action owners' DMs)."""
    row = dict(row)
    for key in ("due_at", "next_attempt_at", "claimed_at", "sent_at"):
        row[key] = datetime.fromisoformat(row[key]) if row.get(key) else None
    return row
