"""A report as a small document tree: what a profile lays out, what every writer renders.

A profile's layout (commands/report/profiles/) turns the report model into a `Document`: its
headings, paragraphs of runs, bullet lists, tables and a table of contents. The writers —
Markdown (markdown.py), HTML (from that Markdown) and Word (word.py) — render any tree, so a
body's layout is written once and a new body needs no writer change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Form(Enum):
    """How a run's text is read."""

    PLAIN = "plain"  # as typed: shown as text in every format, never as markup
    INLINE = "inline"  # its `code`, *emphasis*, **strong** and links set; the rest as text
    KEPT = "kept"  # the writer's own Markdown kept as written (minutes' notes); set in Word


@dataclass(frozen=True)
class Text:
    """A run of text: bold, italic, a hyperlink when it has a `link` (`#anchor`: a heading of
    the same document, a link in Markdown only)."""

    text: str
    form: Form = Form.PLAIN
    bold: bool = False
    link: str = ""
    italic: bool = False


Line = tuple[Text, ...]


def plain(text: str, *, bold: bool = False) -> Text:
    return Text(text, Form.PLAIN, bold)


def strong(text: str) -> Text:
    return Text(text, Form.PLAIN, True)


def inline(text: str, *, bold: bool = False) -> Text:
    return Text(text, Form.INLINE, bold)


def kept(text: str) -> Text:
    return Text(text, Form.KEPT)


def link(text: str, url: str) -> Text:
    """A hyperlink; without a `url`, plain text."""
    return Text(text, Form.PLAIN, link=url)


def labelled(label: str, *value: Text) -> Line:
    """`**Label:** value`, as front matter and minutes' header lines are set."""
    return (strong(label), plain(" "), *value)


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 is the document's title, 1–3 its sections (deeper shown as 3 in
    Word); `rule_above` draws a line over it (3GPP)."""

    level: int
    line: Line
    rule_above: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph of lines: in Markdown joined by line breaks, in Word a paragraph each.
    `rule_above`/`rule_below` draw a line; a tab in it reaches `right_tab` cm (a right-aligned
    stop: "title <tab> number" lines)."""

    lines: tuple[Line, ...]
    rule_above: bool = False
    rule_below: bool = False
    right_tab: float = 0.0
    quote: bool = False  # set off as a quotation (W3C's proposals, resolutions, actions)


def para(*line: Text, rule_above: bool = False, quote: bool = False) -> Para:
    """A paragraph of one line."""
    return Para((line,), rule_above=rule_above, quote=quote)


@dataclass(frozen=True)
class Bullets:
    """A bullet list; `checked`, when given, marks each item done or not (a checklist)."""

    items: tuple[Line, ...]
    checked: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # cm, on a 17 cm text width


@dataclass(frozen=True)
class Table:
    """A table with a header row (repeated on each page in Word); each cell a line of text,
    line breaks in it kept."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Line, ...], ...]


@dataclass(frozen=True)
class Contents:
    """A table of contents (Word fills it in; Markdown has none)."""


@dataclass(frozen=True)
class Rule:
    """A horizontal rule between parts (Markdown's `---`; Word leaves it to the headings)."""


Block = Heading | Para | Bullets | Table | Contents | Rule


@dataclass(frozen=True)
class Document:
    """What a profile lays out: its blocks, in order."""

    blocks: tuple[Block, ...]
