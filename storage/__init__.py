"""Persistence: the only package that knows SQL and table names; it returns dataclasses."""

from .models import (
    AgendaItem,
    Attendee,
    Document,
    Entry,
    Group,
    Meeting,
    Reminder,
    Role,
    TorItem,
)
from .store import Store

__all__ = [
    "AgendaItem",
    "Attendee",
    "Document",
    "Entry",
    "Group",
    "Meeting",
    "Reminder",
    "Role",
    "Store",
    "TorItem",
]
