"""Re-planning: what a change moved (a meeting, an action, a group's time zone) gets its
reminders and owners' DMs put in line. The unit of work (commands/framework/work.py) runs
`replan` on every write, from the rows the journal saw it change."""

from __future__ import annotations

from datetime import datetime

from commands.services.actions import schedule_notices
from commands.services.reminders import schedule
from storage import EntryKind, Group, Store
from storage.journal import Touched


def replan_group(store: Store, group: Group, now: datetime) -> None:
    """Bring the reminders of the group's meetings still to come and the DMs of its open
    actions in line with its settings (the 09:00 DMs are 09:00 in the group's zone; a meeting
    without a zone of its own is in the group's)."""
    for meeting in store.meetings.of_group(group.id):
        if meeting.start is not None and meeting.start > now and not meeting.cancelled_at:
            schedule(store, group, meeting, now)
    for action in store.actions.of_group(group.id):
        schedule_notices(store, group, action, now)


def replan(store: Store, touched: Touched, now: datetime) -> None:
    """Re-plan what one change wrote: each idempotent, so a row seen twice is no harm."""
    groups: dict[int, Group | None] = {}

    def group(group_id: int) -> Group | None:
        if group_id not in groups:
            groups[group_id] = store.groups.by_id_or_none(group_id)
        return groups[group_id]

    for group_id in sorted(touched.groups):
        found = group(group_id)
        if found is not None:  # its time zone or default lead times may have changed
            replan_group(store, found, now)
    for meeting_id in sorted(touched.meetings):
        meeting = store.meetings.by_id_or_none(meeting_id)
        owner = group(meeting.group_id) if meeting else None
        if meeting is not None and owner is not None:
            schedule(store, owner, meeting, now)
    for entry_id in sorted(touched.actions):
        entry = store.entries.by_id(entry_id)
        owner = group(entry.group_id) if entry else None
        if entry is not None and owner is not None and entry.kind == EntryKind.ACTION:
            # Owners not told yet (a new action, a new owner) are told now; others never again.
            schedule_notices(store, owner, entry, now, assigned=True)
