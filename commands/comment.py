"""/comment: a comment made in the meeting, attributed to its author or to by=."""

from __future__ import annotations

from typing import Any

from commands.entries import Kind, entry_family, text_changes, text_values
from commands.framework.call import Call

COMMENT = Kind(
    "comment",
    "a comment made in the meeting, attributed to you or to by=",
    '/comment [ITEM|DOCUMENT] "text" [by="A Member State"]',
    ("by",),
    "participant",
    "add comments",
    (
        '/comment C103 "In the past there have been both Output and Outcome included in the '
        'Strategic Plan." by="A Member State"',
    ),
)


def values(call: Call, start: int) -> dict[str, Any]:
    line = text_values(call, start)
    # by="" keeps a comment unattributed ("Then, it was commented that…").
    if call.has("by"):
        line["attributed"], line["attributed_id"] = call.person(call.opt("by"))
    else:
        line["attributed"] = call.ctx.caller.name
    return line


def changes(call: Call) -> dict[str, Any]:
    new = text_changes(call)
    if call.has("by"):
        new["attributed"], new["attributed_id"] = call.person(call.opt("by"))
    return new


FAMILY = entry_family(COMMENT, values, changes)
