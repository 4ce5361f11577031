"""What a delegate's App Home shows: their groups, each one's meeting, agenda and what is next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commands.framework.rich import Rich
from commands.text.lines import meeting_line, span
from storage import Entry, EntryKind, Group, Meeting, Store, TargetKind

UPCOMING = 3  # interim meetings shown per group


@dataclass(frozen=True)
class ItemLine:
    number: str
    title: str
    depth: int
    documents: int
    open_documents: tuple[str, ...]  # allocated here, no decision yet


@dataclass(frozen=True)
class GroupHome:
    group: Group
    meeting: Meeting | None
    meeting_line: Rich
    state: str  # "open", "closed", "not opened", ""
    current_item: str
    items: tuple[ItemLine, ...]
    upcoming: tuple[str, ...]
    my_actions: tuple[Entry, ...] = ()  # open actions of this group the user owns


def home(store: Store, team_id: str, user_id: str, now: datetime) -> list[GroupHome]:
    """The groups `user_id` takes part in, with their current meeting and what comes next."""
    with store.reading():  # one snapshot for every group's reads
        return _home(store, team_id, user_id, now)


def _home(store: Store, team_id: str, user_id: str, now: datetime) -> list[GroupHome]:
    out = []
    owned: dict[int, list[Entry]] = {}
    for group_id, action in store.actions.open_of_owner(user_id):
        owned.setdefault(group_id, []).append(action)
    groups = store.groups.for_user(team_id, user_id)
    known = {g.id for g in groups}
    # Owning an action is taking part: the group shows even if they never typed in it.
    for group_id in owned:
        if group_id not in known:
            group = store.groups.by_id(group_id)
            if group.team_id == team_id:
                groups.append(group)
    for group in groups:
        meeting = store.meetings.current(group)
        items: tuple[ItemLine, ...] = ()
        state = ""
        if meeting is not None:
            docs = store.documents.of_meeting(meeting.id)
            decided = {
                e.target
                for e in store.entries.of_meeting(meeting.id)
                if e.kind == EntryKind.DECISION and e.target_type == TargetKind.DOC
            }
            items = tuple(
                ItemLine(
                    i.number,
                    i.title,
                    i.depth,
                    sum(1 for d in docs if d.item == i.number),
                    tuple(d.number for d in docs if d.item == i.number and d.number not in decided),
                )
                for i in store.agenda.of_meeting(meeting.id)
            )
            state = "closed" if meeting.closed_at else "open" if meeting.opened_at else "not opened"
        upcoming = tuple(
            f"{m.title} — {span(m, m.zone_name(group))}"
            for m in store.meetings.of_group(group.id)
            if m.start
            and m.start > now
            and not m.cancelled_at
            and (meeting is None or m.id != meeting.id)
        )[:UPCOMING]
        out.append(
            GroupHome(
                group=group,
                meeting=meeting,
                meeting_line=meeting_line(meeting, meeting.zone_name(group)) if meeting else Rich(),
                state=state,
                current_item=meeting.current_item if meeting else "",
                items=items,
                upcoming=upcoming,
                my_actions=tuple(owned.get(group.id, ())),
            )
        )
    return out
