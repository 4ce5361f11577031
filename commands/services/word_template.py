"""A group's own Word template: checked once, then every Word draft starts from it."""

from __future__ import annotations

import io
import zipfile

import docx

from commands.framework.context import Context
from commands.framework.errors import CommandError
from commands.framework.mrkdwn import esc
from commands.framework.permissions import NOT_SET_UP, check
from commands.framework.reply import Reply
from storage import Store

USAGE = 'Message shortcut "Use as Word template" on a message with a .docx'
MAX_TEMPLATE = 10 * 1024 * 1024


def readable_docx(content: bytes) -> bool:
    """A Word file python-docx can open and build on."""
    if len(content) > MAX_TEMPLATE or not zipfile.is_zipfile(io.BytesIO(content)):
        return False
    try:
        docx.Document(io.BytesIO(content))
    except Exception:  # any reading failure means: not a template Clerk can use
        return False
    return True


def use_template(store: Store, ctx: Context, name: str, content: bytes) -> Reply:
    """Make `content` the Word template of the caller's group (chairs only)."""
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return Reply.error(NOT_SET_UP, USAGE)
    try:
        check(store, group, ctx.caller, "chair", "set the group's Word template")
    except CommandError as err:
        return Reply.error(err.message, USAGE)
    if not name.lower().endswith(".docx") or not readable_docx(content):
        return Reply.error(
            f"“{esc(name)}” is not a Word file (.docx) Clerk can open; the template in use "
            "is unchanged.",
            USAGE,
        )
    with store.transaction():
        store.groups.set_template(group.id, name, content, now=ctx.now, by=ctx.caller.user_id)
    return Reply(
        text=f"Word drafts of *{esc(group.name)}* now start from “{esc(name)}”: its styles, page "
        "set-up, headers and footers. `/clerk setup template=default` goes back to Clerk's own.",
        visibility="channel",
    )
