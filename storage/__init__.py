"""Persistence: the only package that knows SQL and table names; it returns dataclasses."""

from .models import (
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
    Role,
    RoleName,
    TargetKind,
    TorItem,
)
from .store import Store

__all__ = [
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
    "Role",
    "RoleName",
    "Store",
    "TargetKind",
    "TorItem",
]
