"""A report as a small document tree: what a profile lays out, what every writer renders.

A profile's layout (commands/report/profiles/) turns the report model into a `Document`: its
headings, paragraphs of runs, bullet lists, tables and a table of contents. The writers —
Markdown (markdown.py), HTML (from that Markdown) and Word (word.py) — render any tree, so a
body's layout is written once and a new body needs no writer change.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple


class Form(Enum):
    """How a run's text is read."""

    PLAIN = "plain"  # as typed: shown as text in every format, never as markup
    INLINE = "inline"  # its `code`, *emphasis*, **strong** and links set; the rest as text
    KEPT = "kept"  # the writer's own Markdown kept as written (minutes' notes); set in Word


class Text(NamedTuple):
    """A run of text: bold, italic, a hyperlink when it has a `link` (`#anchor`: a heading of
    the same document, a link in Markdown only). A tuple: a long report has tens of
    thousands, made in a blink."""

    text: str
    form: Form = Form.PLAIN
    bold: bool = False
    link: str = ""
    italic: bool = False
    size: int = 0  # points; 0: the paragraph's own (a TD's number is printed large)


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
    centre: bool = False


def para(*line: Text, rule_above: bool = False, quote: bool = False, centre: bool = False) -> Para:
    """A paragraph of one line."""
    return Para((line,), rule_above=rule_above, quote=quote, centre=centre)


@dataclass(frozen=True)
class Bullets:
    """A bullet list; `checked`, when given, marks each item done or not (a checklist)."""

    items: tuple[Line, ...]
    checked: tuple[bool, ...] = ()

    def marks(self) -> list[str]:
        """What a page writes before each item: "[x] " or "[ ] " in a checklist, else ""."""
        return [("[x] " if done else "[ ] ") for done in self.checked] or [""] * len(self.items)


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # cm, on a 17 cm text width


@dataclass(frozen=True)
class Table:
    """A table: a header row when its columns have labels (repeated on each page in Word);
    each cell a line of text, its line breaks kept (a paragraph each in Word). Without
    `borders`, a grid of labelled facts (a cover page). A row with fewer cells than columns
    spreads them as `spans` says (how many columns each covers)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Line, ...], ...]
    borders: bool = True
    spans: tuple[int, ...] = ()

    def shown(self) -> Table:
        """The table without the unlabelled columns empty in every row, their width given
        to the widest column left."""
        width = len(self.columns)
        keep = [
            i
            for i, c in enumerate(self.columns)
            if c.label or any(len(r) == width and any(t.text for t in r[i]) for r in self.rows)
        ]
        if len(keep) == width or self.spans:
            return self
        spare = sum(c.width for i, c in enumerate(self.columns) if i not in keep)
        widest = max(keep, key=lambda i: self.columns[i].width)
        columns = tuple(
            Column(c.label, c.width + (spare if i == widest else 0))
            for i, c in enumerate(self.columns)
            if i in keep
        )
        rows = tuple(tuple(r[i] for i in keep) for r in self.rows)
        return Table(columns, rows, self.borders)


@dataclass(frozen=True)
class Contents:
    """A table of contents (Word fills it in; Markdown has none)."""


@dataclass(frozen=True)
class Rule:
    """A horizontal rule between parts (Markdown's `---`; Word leaves it to the headings)."""


@dataclass(frozen=True)
class PageBreak:
    """What follows starts a new page (Word; Markdown has no pages)."""


class Medium(Enum):
    """What a writer makes: a Word document, or a page to read (Markdown and its HTML)."""

    WORD = "word"
    PAGE = "page"


@dataclass(frozen=True)
class Only:
    """Blocks for one medium alone: a template's cover and item tables are the Word
    document's; a page to read has a title and a heading for every item instead."""

    medium: Medium
    blocks: tuple[Block, ...]


Block = Heading | Para | Bullets | Table | Contents | Rule | PageBreak | Only


def only(medium: Medium, *blocks: Block) -> Only:
    return Only(medium, blocks)


@dataclass(frozen=True)
class RunningHeader:
    """The line atop each page, around its number: 3GPP's "Draft Report of SA WG2 meeting
    #162 | Page N | Version 0.1.0"; ITU-T's "- N -" over the document's number, from page 2
    (Word; a page to read has none)."""

    before: str
    after: str = ""
    below: str = ""
    centre: bool = False
    from_page_two: bool = False


@dataclass(frozen=True)
class Document:
    """What a profile lays out: its blocks in order, the running header, the typeface."""

    blocks: tuple[Block, ...]
    header: RunningHeader | None = None
    font: str = "Times New Roman"
