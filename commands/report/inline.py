"""The inline formatting a delegate types — `code`, *emphasis*, **strong**, [a link](https://…)
and bare web addresses — kept in every format: as Markdown, as HTML elements, as Word runs and
hyperlinks. Everything else stays text."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import NamedTuple

from markupsafe import Markup, escape

# A code span, a Markdown link, a bare web address, strong, or emphasis: opened and closed
# within one line, not around spaces. Code first, so an address inside `…` stays code; an
# address before emphasis, so the underscores of a URL are not taken for it.
_SPAN = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^)\s]+)\)"
    r"|(?P<bare>https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])"
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
    LINK = "link"


class Span(NamedTuple):
    """A run of text, how it is set, and where it links to (links only)."""

    text: str
    style: Style
    url: str = ""


def spans(text: str) -> list[Span]:
    """`Use *further* the \\`@id\\`` -> [("Use ", PLAIN), ("further", EMPHASIS), …]."""
    out: list[Span] = []
    at = 0
    for m in _SPAN.finditer(text):
        if m.start() > at:
            out.append(Span(text[at : m.start()], Style.PLAIN))
        if m.group("code") is not None:
            out.append(Span(m.group("code"), Style.CODE))
        elif m.group("url") is not None:
            out.append(Span(m.group("label"), Style.LINK, m.group("url")))
        elif m.group("bare") is not None:
            out.append(Span(m.group("bare"), Style.LINK, m.group("bare")))
        elif m.group("strong") is not None:
            out.append(Span(m.group("strong"), Style.STRONG))
        else:
            out.append(Span(m.group("em") or m.group("em2") or "", Style.EMPHASIS))
        at = m.end()
    if at < len(text):
        out.append(Span(text[at:], Style.PLAIN))
    return out


def maybe_formatted(text: str) -> bool:
    """Whether a line may hold inline formatting; most lines of a report hold none (five
    substring tests in C: ten times a regular expression's search, on every line)."""
    return "`" in text or "*" in text or "_" in text or "[" in text or "://" in text


def as_markdown(text: str, escape_plain: Callable[[str], str]) -> str:
    """The text as Markdown: its spans as typed, the rest through `escape_plain`."""
    if not maybe_formatted(text):
        return escape_plain(text)
    parts = []
    for part, style, url in spans(text):
        if style is Style.CODE:
            parts.append(f"`{part}`")
        elif style is Style.LINK:
            label = escape_plain(part) if part != url else part
            parts.append(f"[{label}]({url})" if part != url else f"<{url}>")
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
    if not maybe_formatted(str(text)):
        return escape(str(text))
    out = Markup("")
    for part, style, url in spans(str(text)):
        if style is Style.PLAIN:
            out += escape(part)
        elif style is Style.LINK:
            out += Markup('<a href="{}">{}</a>').format(url, part)
        else:
            out += Markup(f"<{tags[style]}>") + escape(part) + Markup(f"</{tags[style]}>")
    return out
