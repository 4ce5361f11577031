"""Action items between meetings: the owner's direct messages, and the review at the next meeting.

The database decides, as for meeting reminders: `schedule_notices` keeps an action's DM rows in
step with its owner, due date and state; the outbox's one claim (services/outbox.py) hands due
ones to one sender atomically; `notice_sent` / `notice_failed` close them. The edge only sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from commands.framework.grammar import zone
from commands.framework.rich import Channel, Rich, says, strong
from commands.framework.work import bookkeeping
from commands.services.retry import LATE_AFTER, MAX_ATTEMPTS, backoff
from commands.text.lines import long_date
from commands.text.sentences import long_due
from storage import (
    ActionEvent,
    ActionEventKind,
    ActionNotice,
    Entry,
    Group,
    Meeting,
    NoticeKind,
    ReminderState,
    Store,
)
from storage.claims import outcome_unknown

# The owner's DMs go out at this local hour (the group's time zone).
NOTICE_HOUR = 9
# Said of an owner's DMs once Slack refused one for good: none is booked for them again.
GAVE_UP = "Slack will not take a DM for them"


def _due_date(entry: Entry) -> date | None:
    try:
        return date.fromisoformat(entry.due) if entry.due else None
    except ValueError:
        return None


def wanted_notices(
    group: Group, entry: Entry, now: datetime, *, assigned: bool
) -> dict[tuple[str, str], datetime]:
    """(kind, user) -> when, for the DMs an action should have now: each owner's own."""
    if not entry.is_open_action:
        return {}
    wanted: dict[tuple[str, str], datetime] = {}
    due = _due_date(entry)
    at_nine = time(NOTICE_HOUR, tzinfo=zone(group.tz))
    for user in sorted(entry.owner_ids):
        if assigned:
            wanted[(NoticeKind.ASSIGNED, user)] = now
        if due is not None:
            wanted[(NoticeKind.DAY_BEFORE, user)] = datetime.combine(
                due - timedelta(days=1), at_nine
            )
            wanted[(NoticeKind.DUE_DAY, user)] = datetime.combine(due, at_nine)
    return wanted


def schedule_notices(
    store: Store, group: Group, entry: Entry, now: datetime, *, assigned: bool = False
) -> None:
    """Bring an action's DM rows in line with its owner, due date and state.

    `assigned`: owners were just given (a new action, or new owners): tell them now — each
    owner is told of the assignment once, however often the list changes around them."""
    wanted = wanted_notices(group, entry, now, assigned=assigned)
    notices = store.notices.of_entry(entry.id)
    # Slack refused a DM to this owner for good (deactivated, a bot): booking more would only
    # fail again, and tell whoever logged the action a second time.
    for user in {n.user_id for n in notices if GAVE_UP in n.last_error}:
        for each in NoticeKind:
            wanted.pop((each, user), None)
    for n in notices:
        key = (n.kind, n.user_id)
        if n.kind == NoticeKind.ASSIGNED and n.user_id in entry.owner_ids and entry.is_open_action:
            wanted.pop(key, None)  # told once about this owner: never again
            continue
        if n.status in ("pending", "claimed", "sent") and wanted.get(key) == n.due_at:
            del wanted[key]  # already scheduled (or sent) for this very time
        elif n.status == ReminderState.PENDING:
            why = "done" if entry.done_at else "owner or due date changed"
            if entry.deleted_at:
                why = "action deleted"
            store.notices.set_status(n.id, ReminderState.DROPPED, why)
    for (kind, user), when in sorted(wanted.items(), key=lambda kv: kv[1]):
        if kind == NoticeKind.ASSIGNED or when > now:
            store.notices.add(group.id, entry.id, kind, user, when, status="pending", now=now)
        else:
            store.notices.add(
                group.id,
                entry.id,
                kind,
                user,
                when,
                status=ReminderState.SKIPPED,
                now=now,
                note="its time had passed when the due date was set",
            )


@dataclass(frozen=True)
class NoticeDue:
    """A claimed DM and what it says."""

    notice: ActionNotice
    group: Group
    entry: Entry
    text: Rich

    @property
    def unknown(self) -> bool:
        """An earlier send may have reached Slack (timed out, or its worker died)."""
        return outcome_unknown(self.notice.last_error)


def notices_due(store: Store, claimed: list[ActionNotice], now: datetime) -> list[NoticeDue]:
    """What claimed DMs say; a DM whose action moved on is dropped, and of an action's
    reminders due at once only the latest goes, marked late (in the claim's transaction)."""
    out: list[NoticeDue] = []
    reminders: dict[tuple[int, str], list[ActionNotice]] = {}
    for n in claimed:
        entry = store.entries.by_id(n.entry_id)
        if entry is None or not entry.is_open_action or n.user_id not in entry.owner_ids:
            store.notices.set_status(n.id, ReminderState.DROPPED, "action done, deleted or moved")
            continue
        if n.kind == NoticeKind.ASSIGNED:
            group = store.groups.by_id(n.group_id)
            out.append(NoticeDue(n, group, entry, notice_text(store, group, entry, n)))
        else:
            reminders.setdefault((n.entry_id, n.user_id), []).append(n)
    for rows in reminders.values():
        rows.sort(key=lambda n: n.due_at)
        for older in rows[:-1]:  # "due tomorrow" after the due day has come: not sent
            store.notices.set_status(
                older.id, ReminderState.SKIPPED, "superseded by a later reminder"
            )
        latest = rows[-1]
        entry = store.entries.by_id(latest.entry_id)
        assert entry is not None  # checked above
        group = store.groups.by_id(latest.group_id)
        late = latest.attempts == 0 and now - latest.due_at > LATE_AFTER
        text = notice_text(store, group, entry, latest, late=late)
        out.append(NoticeDue(latest, group, entry, text))
    return out


def notice_text(
    store: Store, group: Group, entry: Entry, notice: ActionNotice, *, late: bool = False
) -> Rich:
    """What the owner reads."""
    due = f" (due {long_due(entry.due)})" if entry.due else ""
    where = Channel(group.channel_id)
    lead = {
        NoticeKind.ASSIGNED: "You have a new action item in {where} ({group}):",
        NoticeKind.DAY_BEFORE: "Reminder: this action item of {where} is due tomorrow:",
        NoticeKind.DUE_DAY: "Reminder: this action item of {where} is due today:",
    }[notice.kind]
    if late:  # Clerk was offline when it was due: said as what it is now
        lead = (
            "Reminder, sent late (Clerk could not send it on time): "
            "this action item of {where} is due:"
        )
    shared = f"\nOwners: {entry.who}." if entry.more_owners else ""
    return says(
        lead + "\n#{n} *{text}*{due}{shared}\n"
        'When it is done: `/action done {n} "what was done"` in {where}.',
        where=where,
        group=group.name,
        n=entry.number,
        text=entry.text,
        due=due,
        shared=shared,
    )


def notice_sent(store: Store, due: NoticeDue, now: datetime, worker: str) -> None:
    with bookkeeping(store):
        store.notices.mark_sent(due.notice.id, now=now, worker=worker)


def notice_failed(
    store: Store,
    due: NoticeDue,
    now: datetime,
    error: str,
    *,
    retry_after: float | None = None,
    permanent: bool = False,
) -> datetime | None:
    """Retry with backoff, as reminders do; None once given up."""
    attempts = due.notice.attempts + 1
    when = now + (timedelta(seconds=retry_after) if retry_after is not None else backoff(attempts))
    with bookkeeping(store):
        if permanent:  # the next ones would fail alike: one word to the assigner is enough
            store.notices.mark_failed(due.notice.id, f"{error} ({GAVE_UP})")
            store.notices.give_up_on(due.entry.id, due.notice.user_id, f"{error} ({GAVE_UP})")
            return None
        if attempts >= MAX_ATTEMPTS:
            store.notices.mark_failed(due.notice.id, f"{error} (after {attempts} attempts)")
            return None
        store.notices.retry_at(due.notice.id, when, error)
    return when


# The review at the next meeting ------------------------------------------------------------


class ReviewState(Enum):
    """Where an action stood when a meeting ended."""

    DONE = "done"
    OPEN = "open"
    REASSIGNED = "reassigned"


@dataclass(frozen=True)
class Reviewed:
    """An action open when a meeting started, and its state when it ended."""

    number: int
    owner: str  # at the meeting's start
    text: str
    due: str
    origin: str  # "meeting 1 (1 August 2024)"
    state: ReviewState
    note: str = ""  # done: what was done
    new_owner: str = ""  # reassigned: to whom


def _bounds(meeting: Meeting, now: datetime) -> tuple[datetime, datetime]:
    """When the meeting began and ended (as opened and closed, else as planned, else now)."""
    start = meeting.opened_at or meeting.start or now
    end = meeting.closed_at or meeting.end or now
    return start, max(start, end)


def _cutoff(meeting: Meeting, now: datetime) -> datetime:
    """The point in the order of recording up to which a meeting's review looks: when its
    close was recorded (by the clock, whatever time was typed), else now (not closed yet)."""
    if meeting.close_recorded_at is not None:
        return meeting.close_recorded_at
    if meeting.closed_at is not None:  # closed before the recording time was kept
        return meeting.closed_at
    return now


def review(store: Store, group: Group, meeting: Meeting, now: datetime) -> list[Reviewed]:
    """The actions of the group's earlier meetings that no earlier review has shown done,
    each as recorded up to this meeting's close.

    Meetings are in the order they were held; what happened to an action is judged by the
    order things were recorded, never by comparing typed meeting times with the clock, so a
    meeting recorded after the fact reviews what was recorded during it. An action done
    between two meetings is shown done at the next one, and then no more."""
    events: dict[int, list[ActionEvent]] = {}
    for ev in store.actions.events(group.id):
        events.setdefault(ev.entry_id, []).append(ev)
    held = sorted(store.meetings.of_group(group.id), key=lambda m: (_bounds(m, now)[0], m.number))
    place = {m.id: at for at, m in enumerate(held)}
    if meeting.id not in place:
        return []
    here = place[meeting.id]
    end = _cutoff(meeting, now)
    out = []
    for entry in store.actions.of_group(group.id, done_too=True):
        origin_at = place.get(entry.meeting_id)
        if origin_at is None or origin_at >= here:
            continue  # this meeting's own, or a later one's
        origin = held[origin_at]
        history = events.get(entry.id, [])
        done = _done_at(entry, history, end)
        # The review before this one, if the action was already due for review there.
        before = held[here - 1] if here - 1 > origin_at else None
        since = _cutoff(before if before is not None else origin, now)
        if before is not None and done is not None and _done_at(entry, history, since):
            continue  # shown done at the meeting before, and done still
        where = f"meeting {origin.number}"
        if origin.start is not None:
            where += f", {long_date(origin.start, origin.zone_name(group))}"
        if before is None and origin.closed_at is None:
            owner_then = _first_owner(entry, history)  # as it was given, the meeting still open
        else:
            owner_then = _owner_at(entry, history, since)
        owner_end = _owner_at(entry, history, end)
        if done is not None:
            state, note = ReviewState.DONE, done
        elif owner_end != owner_then:
            state, note = ReviewState.REASSIGNED, ""
        else:
            state, note = ReviewState.OPEN, ""
        out.append(
            Reviewed(
                entry.number,
                owner_then,
                entry.text,
                entry.due,
                where,
                state,
                note,
                owner_end if state is ReviewState.REASSIGNED else "",
            )
        )
    return out


def _done_at(entry: Entry, history: list[ActionEvent], t: datetime) -> str | None:
    """The done note if the action was done at time `t`, else None."""
    state: str | None = None
    seen = False
    for ev in history:
        if ev.at > t:
            break
        if ev.kind == ActionEventKind.DONE:
            state, seen = ev.note, True
        elif ev.kind == ActionEventKind.REOPENED:
            state, seen = None, True
    # Done with no event kept (e.g. an older record): trust the row's own time.
    if not seen and entry.done_at is not None and datetime.fromisoformat(entry.done_at) <= t:
        return entry.done_note
    return state


def _first_owner(entry: Entry, history: list[ActionEvent]) -> str:
    """Whom the action was first given to."""
    given = [ev.owner for ev in history if ev.kind == ActionEventKind.ASSIGNED and ev.owner]
    return given[0] if given else entry.who


def _owner_at(entry: Entry, history: list[ActionEvent], t: datetime) -> str:
    owner = ""
    for ev in history:
        if ev.at > t:
            break
        if ev.kind in (ActionEventKind.ASSIGNED, ActionEventKind.REASSIGNED):
            owner = ev.owner
    return owner or entry.who


def open_lines(store: Store, group: Group, today: date) -> list[Rich]:
    """The group's open actions for the interim reminder: `#12 TSB: text (due …) — overdue`."""
    lines = []
    for e in store.actions.of_group(group.id):
        due = _due_date(e)
        late = Rich(" — ", strong("overdue")) if due is not None and due < today else ""
        when = f" (due {long_due(e.due)})" if e.due else ""
        lines.append(Rich(f"#{e.number} {e.who}: {e.text}{when}", late))
    return lines
