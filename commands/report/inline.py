"""The inline formatting a delegate types — `code`, *emphasis*, **strong** — kept in every
format: as Markdown, as HTML elements, as Word runs. Everything else stays text."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from markupsafe import Markup, escape

# A code span, strong, or emphasis: opened and closed within one line, not around spaces.
_SPAN = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<strong>[^*\s](?:[^*\n]*[^*\s])?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s](?:[^*\n]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<em2>[^_\s](?:[^_\n]*[^_\s])?)_(?![\w_])"
)


class Style(Enum):
    """How a run of text is set."""

    PLAIN = "plain"
    CODE = "code"
    STRONG = "strong"
    EMPHASIS = "emphasis"


def spans(text: str) -> list[tuple[str, Style]]:
    """`Use *further* the \\`@id\\`` -> [("Use ", PLAIN), ("further", EMPHASIS), …]."""
    out: list[tuple[str, Style]] = []
    at = 0
    for m in _SPAN.finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], Style.PLAIN))
        if m.group("code") is not None:
            out.append((m.group("code"), Style.CODE))
        elif m.group("strong") is not None:
            out.append((m.group("strong"), Style.STRONG))
        else:
            out.append((m.group("em") or m.group("em2") or "", Style.EMPHASIS))
        at = m.end()
    if at < len(text):
        out.append((text[at:], Style.PLAIN))
    return out


def as_markdown(text: str, escape_plain: Callable[[str], str]) -> str:
    """The text as Markdown: its spans as typed, the rest through `escape_plain`."""
    parts = []
    for part, style in spans(text):
        if style is Style.CODE:
            parts.append(f"`{part}`")
        elif style is Style.STRONG:
            parts.append(f"**{escape_plain(part)}**")
        elif style is Style.EMPHASIS:
            parts.append(f"*{escape_plain(part)}*")
        else:
            parts.append(escape_plain(part))
    return "".join(parts)


def as_html(text: str) -> Markup:
    """The text as HTML: spans as <code>, <strong>, <em>; everything escaped."""
    tags = {Style.CODE: "code", Style.STRONG: "strong", Style.EMPHASIS: "em"}
    out = Markup("")
    for part, style in spans(str(text)):
        if style is Style.PLAIN:
            out += escape(part)
        else:
            out += Markup(f"<{tags[style]}>") + escape(part) + Markup(f"</{tags[style]}>")
    return out
