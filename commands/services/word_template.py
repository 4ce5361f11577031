"""A group's own Word template: checked once, then every Word draft starts from it."""

from __future__ import annotations

import io
from collections.abc import Callable

from commands.framework.context import Context
from commands.framework.errors import CommandError
from commands.framework.permissions import NOT_SET_UP, check
from commands.framework.reply import Reply
from commands.framework.rich import says
from commands.framework.work import Work
from commands.services.archive import DOCX, check_archive
from storage import Store

USAGE = 'Message shortcut "Use as Word template" on a message with a .docx'
MAX_TEMPLATE = 10 * 1024 * 1024
UNCHANGED = "the template in use is unchanged"


def readable_docx(content: bytes, name: str = "template.docx") -> bool:
    """A Word file python-docx can open and build on, and no zip bomb."""
    if len(content) > MAX_TEMPLATE:
        return False
    try:
        check_archive(name, content, DOCX)
        import docx  # loaded in the process that opens the file, not with the commands

        docx.Document(io.BytesIO(content))
    except Exception:  # any reading failure means: not a template Clerk can use
        return False
    return True


def template_refusal(store: Store, ctx: Context) -> Reply | None:
    """Why the caller may not set the group's template (asked before a file is fetched)."""
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    if group is None:
        return Reply.error(NOT_SET_UP, USAGE)
    try:
        check(store, group, ctx.caller, "chair", "set the group's Word template")
    except CommandError as err:
        return Reply.error(err.message, USAGE)
    return None


def use_template(
    work: Work,
    ctx: Context,
    name: str,
    content: bytes,
    *,
    readable: Callable[[bytes], bool] = readable_docx,
) -> Reply:
    """Make `content` the Word template of the caller's group (chairs only). `readable` may
    open the file somewhere safer (the server: in a process with memory and time limits)."""
    store = work.store
    refused = template_refusal(store, ctx)
    if refused is not None:
        return refused
    group = store.groups.get(ctx.team_id, ctx.channel_id)
    assert group is not None  # template_refusal said so
    if not name.lower().endswith(".docx") or not readable(content):
        return Reply.error(
            f"“{name}” is not a Word file (.docx) Clerk can open; {UNCHANGED}.",
            USAGE,
        )
    with work.write(ctx.now):
        store.groups.set_template(group.id, name, content, now=ctx.now, by=ctx.caller.user_id)
    return Reply(
        text=says(
            "Word drafts of *{group}* now start from “{name}”: its styles, page set-up, headers "
            "and footers. `/clerk setup template=default` goes back to Clerk's own.",
            group=group.name,
            name=name,
        ),
        visibility="channel",
    )
