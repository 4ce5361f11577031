"""Layout pieces more than one body's report shares."""

from __future__ import annotations

import re

from commands.report.model import Paragraph, Report
from commands.report.tree import Block, Bullets, Heading, Line, Text, inline, para, plain, strong

# A line of running text that is a list item ("- …", "• …").
LIST_LINE = re.compile(r"^\s*[-•–]\s*")


def paragraphs(p: Paragraph) -> list[Block]:
    """Running text: a paragraph a line, its "- " lines and its bullets as bullet lists."""
    blocks: list[Block] = []
    items: list[Line] = []
    for text in p.text.split("\n"):
        if LIST_LINE.match(text):
            items.append((inline(LIST_LINE.sub("", text)),))
            continue
        if items:
            blocks.append(Bullets(tuple(items)))
            items = []
        blocks.append(para(inline(text)))
    items += [(inline(b),) for b in p.bullets]
    if items:
        blocks.append(Bullets(tuple(items)))
    return blocks


def action_items(r: Report) -> list[Block]:
    """ "Action items": a bullet an action, its owner first."""
    if not r.actions:
        return []
    items = [(strong(g.owner), plain(" — "), inline(item)) for g in r.actions for item in g.items]
    return [Heading(1, (plain("Action items"),)), Bullets(tuple(items))]


def doc_number(text: str, url: str, *, bold: bool = True) -> Line:
    """A document number: a link where it is published (bold in Markdown; Word sets a link
    as links look), else text."""
    return (Text(text, bold=bold, link=url),)
