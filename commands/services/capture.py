"""Live capture: channel messages starting with #note, #comment, #decision… become entries.

While the channel's meeting is open, a message such as `#comment C103 We support it.` is
recorded as if `/comment C103 We support it.` had been typed, by the same person. The entry
remembers the message, so editing the message edits the entry and deleting it deletes it.
"""

from __future__ import annotations

import re

from commands.framework.context import Context
from commands.framework.grammar import take_target, tokenize
from commands.framework.reply import Reply
from commands.framework.router import Router
from storage import Group, Meeting, Store

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
    if tag == "agreed" and not rest:
        rest = "agreed"  # a bare #agreed: the current item was agreed
    return command, f"{words} {rest}".strip(), tag


def _open_meeting(store: Store, ctx: Context) -> tuple[Group, Meeting] | None:
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return None
    meeting = store.meetings.current(group)
    if meeting is None or not meeting.opened_at or meeting.closed_at:
        return None
    return group, meeting


def capture(router: Router, ctx: Context, text: str) -> Reply | None:
    """Record a tagged message; None when it is not one, or no meeting is open."""
    parsed = parse(text)
    if parsed is None or _open_meeting(router.store, ctx) is None:
        return None
    command, rest, _ = parsed
    return router.dispatch(command, rest, ctx, escaped=True)


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
        found = _open_meeting(store, ctx)
        if parsed is None or found is None or not _written_during(found[1], ctx.source_ts):
            return None
        return capture(router, ctx, text)
    if parsed is None:
        with store.transaction():  # the author took the tag away: a tag put back counts anew
            store.entries.delete(entry.id, now=ctx.now, detach=True)
        return Reply(text=f"Entry #{entry.number} deleted with its tag.", visibility="caller")
    command, rest, _ = parsed
    args = tokenize(rest, escaped=True)
    target, used = take_target(args)
    moved = target is not None and (target.kind, target.value) != (entry.target_type, entry.target)
    if ENTRY_COMMANDS.get(command) != entry.kind or moved:
        # Another kind or another target: the entry is made anew from the edited line, and
        # the old one goes only once the new one is recorded.
        reply = capture(router, ctx, text)
        if reply is not None and reply.ok:
            with store.transaction():
                store.entries.delete(entry.id, now=ctx.now, detach=True)
        return reply
    text_after = rest[args.positionals[used - 1].end :] if used else rest
    return router.dispatch(command, f"edit {entry.number} {text_after}", ctx, escaped=True)


def _written_during(meeting: Meeting, source_ts: str) -> bool:
    """The Slack message (by its ts, seconds since the epoch) was posted after the opening."""
    try:
        posted = float(source_ts)
    except ValueError:
        return False
    return meeting.opened_at is not None and posted >= meeting.opened_at.timestamp()


def capture_delete(store: Store, ctx: Context) -> bool:
    """The message ctx.source_ts was deleted: so is its entry (softly). True if there was one."""
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return False
    with store.transaction():
        entry = store.entries.by_source(group.id, ctx.source_ts)
        if entry is None:
            return False
        store.entries.delete(entry.id, now=ctx.now)
    return True
