"""Live capture: channel messages starting with #note, #comment, #decision… become entries,
and so do the plain lines scribes type (`present+`, `Topic:`, `gkellogg: …`, `RESOLUTION:`;
see services/scribe.py).

While the channel's meeting is open, a message such as `#comment C103 We support it.` is
recorded as if `/comment C103 We support it.` had been typed, by the same person. The entry
remembers the message, so editing the message edits the entry and deleting it deletes it.
"""

from __future__ import annotations

import re

from commands.framework.context import Context
from commands.framework.errors import CommandError
from commands.framework.grammar import parse_agenda_number, take_target, tokenize
from commands.framework.incoming import people_in, speak, unesc, unwrap
from commands.framework.reply import Reply
from commands.framework.rich import Rich
from commands.framework.router import Router
from commands.services import scribe
from storage import Entry, Group, Meeting, Store

# tag -> (command, subcommand words put before the text)
TAGS = {
    "note": ("/note", ""),
    "comment": ("/comment", ""),
    "decision": ("/decision", ""),
    "agreed": ("/decision", ""),
    "action": ("/action", ""),
    "topic": ("/agenda", "take"),
    "item": ("/agenda", "take"),
    "doc": ("/doc", ""),
}
_TAG = re.compile(r"^\s*#(" + "|".join(TAGS) + r")\b:?[ \t]*(.*)$", re.IGNORECASE | re.DOTALL)
ENTRY_COMMANDS = {
    "/note": "note",
    "/comment": "comment",
    "/decision": "decision",
    "/action": "action",
}


def parse(text: str) -> tuple[str, str, str] | None:
    """`#comment C103 text` -> ("/comment", "C103 text", "comment"); None without a tag."""
    m = _TAG.match(text or "")
    if m is None:
        return None
    tag = m.group(1).lower()
    command, words = TAGS[tag]
    rest = m.group(2).strip()
    # MeetBot's forms, read by the scribe conventions instead: `#topic Some title` (not an
    # agenda number) and `#action gkellogg to update the draft` (no owner=).
    if tag in ("topic", "item") and rest and parse_agenda_number(rest.split()[0]) is None:
        return None
    if tag == "action" and rest and "owner=" not in rest.lower():
        return None
    if tag == "agreed" and not rest:
        rest = "agreed"  # a bare #agreed: the current item was agreed
    return command, f"{words} {rest}".strip(), tag


def _meeting_of(store: Store, group: Group, ctx: Context) -> Meeting | None:
    """The current meeting, if it was open when the message was written (its Slack ts), or
    is open now for a line with no message behind it (the shell). A retry that arrives after
    `/meeting close` still counts: what was typed during the meeting belongs to it."""
    meeting = store.meetings.current(group)
    if meeting is None or meeting.opened_at is None:
        return None
    if not ctx.source_ts:
        return meeting if not meeting.closed_at else None
    try:
        posted = float(ctx.source_ts)
    except ValueError:
        return None
    if posted < meeting.opened_at.timestamp():
        return None
    if meeting.closed_at is not None and posted > meeting.closed_at.timestamp():
        return None
    return meeting


def _seen(store: Store, group: Group, ctx: Context) -> bool:
    """The message made an entry already (a retried delivery, or its edit came first), or
    it was deleted before this delivery arrived."""
    if not ctx.source_ts:
        return False
    made = store.entries.by_source(group.id, ctx.source_ts, include_deleted=True)
    return made is not None or store.requests.message_deleted(group.id, ctx.source_ts)


def _look_up_first(ctx: Context, command_text: str) -> None:
    """Slack look-ups (the author, everyone mentioned, in options or inside the text) before
    the write lock is taken; the router then finds them looked up already."""
    ctx.caller.resolve()
    ctx.look_up(people_in(command_text))


class _Refused(Exception):
    """The edited line was refused: undo what its transaction did so far."""

    def __init__(self, reply: Reply):
        self.reply = reply


def capture(router: Router, ctx: Context, text: str, *, slack: bool = True) -> Reply | None:
    """Record a tagged message (or a scribe's line) once; None when it is not one, was
    recorded or deleted already, or was not written during the group's current meeting."""
    parsed = parse(text)
    if parsed is None:
        return _convention(router, ctx, text, slack=slack)
    store = router.store
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return None
    command, rest, _ = parsed
    _look_up_first(ctx, rest)
    # One unit of work from the check to the entry: two deliveries of one message at once
    # make one entry.
    with router.work.write(ctx.now):
        if _seen(store, group, ctx) or _meeting_of(store, group, ctx) is None:
            return None
        return router.dispatch(command, rest, ctx, escaped=slack)


_LEADING_MENTION = re.compile(r"^\s*(<@[UW][A-Z0-9]+(?:\|[^<>]*)?>)(\s*:\s.*)$", re.DOTALL)


def plain_line(ctx: Context, text: str, *, slack: bool) -> str:
    """A message as plain text: Slack's links unwrapped, mentions said as names, entities
    read — except a leading `<@U…>:`, which names the speaker for the scribe reader."""
    if not slack:
        return text
    lead = _LEADING_MENTION.match(text)
    head, rest = (lead.group(1), lead.group(2)) if lead else ("", text)
    return head + unesc(speak(unwrap(rest), ctx.names))


def _convention(router: Router, ctx: Context, text: str, *, slack: bool) -> Reply | None:
    """A plain line of the open meeting read by the scribe conventions; None if it is none."""
    store = router.store
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None or not (text or "").strip():
        return None
    _look_up_first(ctx, text)
    with router.work.write(ctx.now):
        meeting = _meeting_of(store, group, ctx)
        if meeting is None and scribe.starts_meeting(text):  # MeetBot's #startmeeting
            return _run_line(router, ctx, scribe.Line("/meeting", "open", convention="start"))
        if meeting is None or _seen(store, group, ctx):
            return None
        try:
            line = scribe.read(store, group, meeting, ctx, plain_line(ctx, text, slack=slack))
        except CommandError as err:
            return Reply.error(err.message)
        if line is None:
            return None
        return _run_line(router, ctx, line)


def _run_line(router: Router, ctx: Context, line: scribe.Line) -> Reply:
    return router.dispatch_values(
        line.command, line.sub, list(line.words), line.text, dict(line.options), ctx, people=True
    )


def capture_edit(router: Router, ctx: Context, text: str) -> Reply | None:
    """The message ctx.source_ts was edited by its author: follow it in the entry it made.

    A message whose entry was deleted stays deleted; a message that made no entry makes one
    only if it was written while the meeting was open (a tag added by the edit).
    """
    store = router.store
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return None
    entry = store.entries.by_source(group.id, ctx.source_ts, include_deleted=True)
    if entry is not None and entry.deleted_at:
        return None  # deleted with /comment delete, /clerk undo or its tag: not brought back
    parsed = parse(text)
    if entry is None:
        if store.requests.message_deleted(group.id, ctx.source_ts):
            return None
        _look_up_first(ctx, text)
        with router.work.write(ctx.now):  # an edited present+ line: its attendance anew
            store.meetings.unsay_attendance(group.id, ctx.source_ts)
            return capture(router, ctx, text)
    if parsed is None:  # the tag taken away (a tag put back counts anew), or a scribe's line
        return _convention_edited(router, ctx, group, entry, text)
    command, rest, _ = parsed
    args = tokenize(rest, escaped=True)
    target, used = take_target(args)
    moved = target is not None and (target.kind, target.value) != (entry.target_type, entry.target)
    if ENTRY_COMMANDS.get(command) != entry.kind or moved:
        # Another kind or another target: the entry is made anew from the edited line, in
        # one transaction with the old one's removal (a crash between would leave both).
        _look_up_first(ctx, rest)
        try:
            with router.work.write(ctx.now):  # one change: undo brings the old entry back
                store.entries.delete(entry.id, now=ctx.now, detach=True)
                reply = router.dispatch(command, rest, ctx, escaped=True)
                if not reply.ok:
                    raise _Refused(reply)  # rolls the removal back: the old entry stays
        except _Refused as refused:
            return refused.reply
        return reply
    text_after = rest[args.positionals[used - 1].end :] if used else rest
    return router.dispatch(command, f"edit {entry.number} {text_after}", ctx, escaped=True)


def _convention_edited(
    router: Router, ctx: Context, group: Group, entry: Entry, text: str
) -> Reply | None:
    """A message whose entry a tag or a scribe's line made, now without a tag: made anew
    from the edited line if it is still a convention that makes an entry, else deleted."""
    store = router.store
    meeting = store.meetings.by_id(entry.meeting_id)
    _look_up_first(ctx, text)
    try:
        with router.work.write(ctx.now):  # one change: undo brings the old entry back
            store.entries.delete(entry.id, now=ctx.now, detach=True)
            try:
                line = scribe.read(store, group, meeting, ctx, plain_line(ctx, text, slack=True))
            except CommandError as err:
                raise _Refused(Reply.error(err.message)) from err
            if line is None or not line.entry:
                said = f"Entry #{entry.number} deleted: its message no longer says what to record."
                return Reply(text=Rich(said), visibility="caller")
            reply = _run_line(router, ctx, line)
            if not reply.ok:
                raise _Refused(reply)  # rolls the removal back: the old entry stays
            return reply
    except _Refused as refused:
        return refused.reply


def capture_delete(router: Router, ctx: Context) -> bool:
    """The message ctx.source_ts was deleted: so is its entry (softly), and a delivery of the
    message that arrives after (a retry, out of order) makes none. True if there was one."""
    store = router.store
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return False
    with router.work.write(ctx.now):
        store.requests.remember_deleted(group.id, ctx.source_ts, now=ctx.now)
        # A present+ / regrets+ / guests+ line: the attendance it recorded goes with it.
        unsaid = store.meetings.unsay_attendance(group.id, ctx.source_ts)
        entry = store.entries.by_source(group.id, ctx.source_ts)
        if entry is None:
            return unsaid > 0
        store.entries.delete(entry.id, now=ctx.now)
    return True
