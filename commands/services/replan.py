"""When a group's time zone changes, every time it sets moves: re-plan them all."""

from __future__ import annotations

from datetime import datetime

from commands.services.actions import schedule_notices
from commands.services.reminders import schedule
from storage import Group, Store


def replan_group(store: Store, group: Group, now: datetime) -> int:
    """Bring the reminders of the group's meetings still to come and the DMs of its open
    actions in line with its settings (the 09:00 DMs are 09:00 in the group's zone; a meeting
    without a zone of its own is in the group's). How many meetings and actions were looked at.
    """
    count = 0
    for meeting in store.meetings.of_group(group.id):
        if meeting.start is not None and meeting.start > now and not meeting.cancelled_at:
            schedule(store, group, meeting, now)
            count += 1
    for action in store.actions.of_group(group.id):
        schedule_notices(store, group, action, now)
        count += 1
    return count
