"""Reminders before interim meetings: when they are due, who sends them, what they say.

The database decides. `schedule` keeps a meeting's reminder rows in step with the meeting; the
outbox's one claim (services/outbox.py) hands due ones to one sender atomically;
`record_sent` / `record_failure` close them. The Slack edge only posts what it is handed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from commands.framework.grammar import format_duration, parse_leads, zone
from commands.framework.rich import Rich, Says, em, says, shortened, strong
from commands.framework.work import bookkeeping
from commands.services.actions import open_lines
from commands.services.retry import LATE_AFTER, MAX_ATTEMPTS, backoff
from commands.text.lines import span
from storage import Group, Meeting, Reminder, ReminderState, Store
from storage.claims import outcome_unknown

# Slack cuts section text at 3,000 characters; agendas longer than this are shortened.
BLOCK_TEXT_LIMIT = 2900


def due_time(start: datetime, lead: timedelta, tz_name: str) -> datetime:
    """When a reminder `lead` before `start` is due.

    Whole days count on the wall clock ("a day before the 13:00 meeting" is 13:00 local,
    even across a daylight-saving change); shorter leads are exact durations.
    """
    if lead % timedelta(days=1):
        return start - lead
    tzinfo = zone(tz_name)
    local = start.astimezone(tzinfo).replace(tzinfo=None) - lead
    return local.replace(tzinfo=tzinfo)


def schedule(store: Store, group: Group, meeting: Meeting, now: datetime) -> None:
    """Bring the meeting's reminder rows in line with its start, lead times and state."""
    tz_name = meeting.zone_name(group)
    wanted: dict[int, datetime] = {}
    if not meeting.cancelled_at and meeting.start is not None and meeting.remind:
        for lead in parse_leads(meeting.remind):
            wanted[int(lead.total_seconds() // 60)] = due_time(meeting.start, lead, tz_name)
    for r in store.reminders.for_meeting(meeting.id):
        if r.status in ("pending", "claimed", "sent") and wanted.get(r.lead_minutes) == r.due_at:
            del wanted[r.lead_minutes]  # already scheduled (or sent) for this very time
        elif r.status == ReminderState.PENDING:
            why = "meeting cancelled" if meeting.cancelled_at else "meeting moved or lead changed"
            store.reminders.set_status(r.id, ReminderState.DROPPED, why)
    for lead_minutes, due in sorted(wanted.items()):
        if due > now:
            store.reminders.add(meeting.id, lead_minutes, due, status="pending", now=now)
        else:
            store.reminders.add(
                meeting.id,
                lead_minutes,
                due,
                status=ReminderState.SKIPPED,
                now=now,
                note="its time had passed when the meeting was booked",
            )


@dataclass(frozen=True)
class Due:
    """A claimed reminder and everything needed to post it."""

    reminder: Reminder
    meeting: Meeting
    group: Group
    late: bool
    message: ReminderMessage

    @property
    def unknown(self) -> bool:
        """An earlier send may have reached Slack (timed out, or its worker died)."""
        return outcome_unknown(self.reminder.last_error)


def reminders_due(store: Store, claimed: list[Reminder], now: datetime) -> list[Due]:
    """What claimed reminders say; one of a cancelled or begun meeting is dropped or skipped,
    and of a meeting's reminders due at once only the latest goes (in the claim's transaction)."""
    out: list[Due] = []
    by_meeting: dict[int, list[Reminder]] = {}
    for r in claimed:
        by_meeting.setdefault(r.meeting_id, []).append(r)
    for meeting_id, rows in by_meeting.items():
        meeting = store.meetings.by_id(meeting_id)
        if meeting.cancelled_at:
            for r in rows:
                store.reminders.set_status(r.id, ReminderState.DROPPED, "meeting cancelled")
            continue
        if meeting.start is None or meeting.start <= now:
            for r in rows:
                if outcome_unknown(r.last_error):
                    # It may have been posted: say so, never "skipped" for a sent one.
                    store.reminders.set_status(
                        r.id, "failed", "unknown whether it was posted; the meeting had begun"
                    )
                else:
                    store.reminders.set_status(r.id, ReminderState.SKIPPED, "the meeting had begun")
            continue
        rows.sort(key=lambda r: r.due_at)
        # After downtime several may be due at once: only the latest is worth sending.
        for older in rows[:-1]:
            store.reminders.set_status(
                older.id,
                ReminderState.SKIPPED,
                f"superseded by the {lead_text(rows[-1])} reminder",
            )
        latest = rows[-1]
        group = store.groups.by_id(meeting.group_id)
        late = latest.attempts == 0 and now - latest.due_at > LATE_AFTER
        said = message(store, group, meeting, latest, late=late, now=now)
        out.append(Due(latest, meeting, group, late, said))
    return out


def record_sent(store: Store, due: Due, now: datetime, worker: str) -> None:
    with bookkeeping(store):
        store.reminders.mark_sent(due.reminder.id, now=now, late=due.late, worker=worker)


def record_failure(
    store: Store,
    due: Due,
    now: datetime,
    error: str,
    *,
    retry_after: float | None = None,
    permanent: bool = False,
) -> datetime | None:
    """Schedule a retry with backoff (or Slack's Retry-After); give up after MAX_ATTEMPTS.

    Returns when the next attempt is, or None when the reminder is now failed.
    """
    attempts = due.reminder.attempts + 1
    when = now + (timedelta(seconds=retry_after) if retry_after is not None else backoff(attempts))
    with bookkeeping(store):
        starts = due.meeting.start
        if permanent or attempts >= MAX_ATTEMPTS or starts is None or when >= starts:
            store.reminders.mark_failed(due.reminder.id, f"{error} (after {attempts} attempts)")
            return None
        store.reminders.retry_at(due.reminder.id, when, error)
    return when


def lead_text(reminder: Reminder) -> str:
    return format_duration(timedelta(minutes=reminder.lead_minutes))


def lead_words(minutes: int) -> str:
    """`in 7 days`, `in 1 day`, `in 1 hour`, `in 90 minutes`."""
    for size, unit in ((24 * 60, "day"), (60, "hour"), (1, "minute")):
        if minutes % size == 0:
            n = minutes // size
            return f"in {n} {unit}{'s' if n != 1 else ''}"
    return f"in {minutes} minutes"


@dataclass(frozen=True)
class ReminderMessage:
    """What a reminder says; the edge lays it out (Block Kit), `text` is the plain fallback."""

    title: str
    starts: str  # "in 1 day"
    when: str
    duration: str
    link: str
    agenda: Rich  # a line per item, cut to fit
    documents: str  # cut to fit
    late: bool
    text: Rich  # the whole message, for notifications and old clients
    actions: Rich = Rich()  # the group's open action items, a line each (overdue ones marked)


def message(
    store: Store, group: Group, meeting: Meeting, reminder: Reminder, *, late: bool, now: datetime
) -> ReminderMessage:
    """What the reminder of `meeting` says now."""
    tz_name = meeting.zone_name(group)
    starts = lead_words(reminder.lead_minutes)
    if late and meeting.start is not None:
        remaining = int((meeting.start - now).total_seconds() // 60)
        starts = lead_words(remaining) if remaining > 0 else "soon"
    when = span(meeting, tz_name)
    duration = format_duration(meeting.end - meeting.start) if meeting.end and meeting.start else ""
    items = store.agenda.of_meeting(meeting.id)
    docs = store.documents.of_meeting(meeting.id)
    agenda = Rich(_fitted("\n".join(f"{i.number}  {i.title}" for i in items))) or Rich(
        em("No agenda yet.")
    )
    documents = ", ".join(d.number for d in docs) or "none yet"
    if len(documents) > BLOCK_TEXT_LIMIT:
        documents = documents[:BLOCK_TEXT_LIMIT].rsplit(", ", 1)[0] + ", …"
    late_note = "(Late: Clerk was offline when this reminder was due.) " if late else ""

    lines: list[Says] = [
        says(
            "{late}Reminder: *{title}* starts {starts} — {when}",
            late=late_note,
            title=meeting.title,
            starts=starts,
            when=when,
        )
    ]
    if duration:
        lines.append(f"Duration: {duration}")
    if meeting.link:
        lines.append(f"Join: {meeting.link}")
    lines.append(f"Agenda: {'; '.join(f'{i.number} {i.title}' for i in items) or 'none yet'}")
    lines.append(f"Documents so far: {documents}")
    open_actions = open_lines(store, group, now.astimezone(zone(tz_name)).date())
    actions = Rich("\n").join(open_actions)
    if len(actions.words()) > BLOCK_TEXT_LIMIT:
        actions = Rich("\n").join([*shortened(actions, BLOCK_TEXT_LIMIT).lines()[:-1], "…"])
    if actions:
        lines.append(Rich("Open action items:\n", actions))
    return ReminderMessage(
        title=meeting.title,
        starts=starts,
        when=when,
        duration=duration,
        link=meeting.link,
        agenda=agenda,
        documents=documents,
        late=late,
        text=Rich("\n").join(lines),
        actions=actions,
    )


def _fitted(lines: str) -> str:
    """Whole lines up to what one Slack block holds, "…" for the rest."""
    if len(lines) <= BLOCK_TEXT_LIMIT:
        return lines
    return lines[:BLOCK_TEXT_LIMIT].rsplit("\n", 1)[0] + "\n…"


def describe(store: Store, meeting: Meeting, tz_name: str) -> list[Rich]:
    """Reminder lines for /meeting info: each lead time with its state."""
    from commands.text.lines import when

    lines = []
    for r in store.reminders.for_meeting(meeting.id):
        if r.status == ReminderState.DROPPED:
            continue
        state: Rich = {
            "pending": Rich(f"due {when(r.next_attempt_at, tz_name)}"),
            "claimed": Rich("being sent"),
            "sent": Rich(f"sent {when(r.sent_at, tz_name)}{' (late)' if r.late else ''}"),
            "failed": Rich(strong("failed"), f": {r.last_error}"),
            "skipped": Rich(f"skipped: {r.last_error}"),
        }[r.status]
        if r.status == ReminderState.PENDING and r.attempts:
            state += f" (retry {r.attempts}: {r.last_error})"
        lines.append(Rich(f"• {lead_text(r)} before — ", state))
    return lines
