"""Persistence: the only package that knows SQL and table names; it returns dataclasses."""

from .models import (
    ActionEvent,
    ActionNotice,
    AgendaItem,
    Attendee,
    Document,
    Entry,
    EntryKind,
    Group,
    Meeting,
    MeetingKind,
    Reminder,
    ReminderState,
    ReportProfile,
    Role,
    RoleName,
    TargetKind,
    TorItem,
)
from .store import Store

__all__ = [
    "ActionEvent",
    "ActionNotice",
    "AgendaItem",
    "Attendee",
    "Document",
    "Entry",
    "EntryKind",
    "Group",
    "Meeting",
    "MeetingKind",
    "Reminder",
    "ReminderState",
    "ReportProfile",
    "Role",
    "RoleName",
    "Store",
    "TargetKind",
    "TorItem",
]
