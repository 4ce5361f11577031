"""Slack's size limits, kept: texts cut with a marker at a safe place, never mid-markup."""

from __future__ import annotations

import re

SECTION_TEXT = 3000  # a section's or context element's mrkdwn text
MESSAGE_TEXT = 40000  # a message's text (Slack truncates longer ones)
FALLBACK_TEXT = 3000  # the notification text of a message that has blocks
MARK = "\n… (cut to fit Slack)"
# An entity (&amp;) or Slack markup (<@U1>, <https://…|x>) must not be cut in half.
_OPEN = re.compile(r"(&[a-z]{0,5}|<[^>]{0,400})$")


def cut(text: str, limit: int = SECTION_TEXT, mark: str = MARK) -> str:
    """`text` if it fits in `limit` characters, else cut at a line end with `mark` appended."""
    if len(text) <= limit:
        return text
    room = max(limit - len(mark), 0)
    head = text[:room]
    line_end = head.rfind("\n")
    if line_end > room // 2:  # keep whole lines when that loses little
        head = head[:line_end]
    head = _OPEN.sub("", head)
    return head + mark
