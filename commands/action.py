"""/action: an action item with its owner and optional due date."""

from __future__ import annotations

from typing import Any

from dateutil import parser as dateparser

from commands.entries import Kind, entry_family, text_changes, text_values
from commands.framework.call import Call
from commands.framework.grammar import refuse_ambiguous_date
from commands.framework.mrkdwn import esc

ACTION = Kind(
    "action",
    "an action item with its owner and optional due date",
    '/action [ITEM|DOCUMENT] owner=WHO "what to do" [due=2024-10-31]',
    ("owner", "due"),
    "chair",
    "record action items",
    (
        '/action 4.2 owner=TSB "report the responses to the comments at the next RG-SOP '
        'meeting" due=2024-10-31',
    ),
)


def _due(call: Call) -> str:
    if not call.has("due"):
        return ""
    refuse_ambiguous_date(call.opt("due"))
    try:
        return str(dateparser.parse(call.opt("due"), dayfirst=True).date().isoformat())
    except (ValueError, OverflowError) as exc:
        raise call.fail(f"due= “{esc(call.opt('due'))}” is not a date like 2024-10-31.") from exc


def values(call: Call, start: int) -> dict[str, Any]:
    line = text_values(call, start)
    if not call.opt("owner"):
        raise call.fail('Say who owns the action: owner=TSB or owner="Name".')
    line["attributed"], line["attributed_id"] = call.person(call.opt("owner"))
    line["due"] = _due(call)
    return line


def changes(call: Call) -> dict[str, Any]:
    new = text_changes(call)
    if call.has("owner"):
        new["attributed"], new["attributed_id"] = call.person(call.opt("owner"))
    if call.has("due"):
        new["due"] = _due(call)
    return new


FAMILY = entry_family(ACTION, values, changes)
