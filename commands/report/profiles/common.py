"""Layout pieces more than one body's report shares."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from commands.report.model import Paragraph, Report
from commands.report.tree import (
    Block,
    Bullets,
    Heading,
    Line,
    RunningHeader,
    Text,
    inline,
    para,
    plain,
    strong,
)
from commands.services.actions import Reviewed
from commands.text.sentences import long_due


@dataclass(frozen=True)
class Words:
    """What a body calls things and how its reports say the same things every time."""

    # Its officials' titles: commands/text/officials.py (replies name them too).
    document: str  # what the channel summary counts: "document", "TDoc"
    review_heading: str  # over the earlier actions, as this meeting left them
    review: Callable[[Reviewed], str]  # one of those actions, a line
    # The report covers the whole event ("15 – 19 April 2024"), not the group's session.
    whole_event: bool = False
    # The officials in 3GPP's sentences ("The meeting was chaired by …. The Vice-Chairs were
    # …. The Secretary was ….") rather than "…, Rapporteur chaired the meeting".
    officials_named: bool = False
    # An action names its topic (minutes), not the document or "item 4.2" (reports).
    topics_in_actions: bool = False


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


def whence(r: Reviewed) -> str:
    """ " (due 5 May 2025; from SA WG2#161)": when an earlier action was due and where from."""
    due = f"due {long_due(r.due)}; " if r.due else ""
    return f" ({due}from {r.origin})" if r.origin or due else ""


def page_numbers(document: str = "") -> RunningHeader:
    """ITU-T's running header, from page 2: "- 2 -" over the document's number."""
    return RunningHeader("- ", " -", below=document, centre=True, from_page_two=True)


def doc_number(text: str, url: str, *, bold: bool = True) -> Line:
    """A document number: a link where it is published (bold in Markdown; Word sets a link
    as links look), else text."""
    return (Text(text, bold=bold, link=url),)
