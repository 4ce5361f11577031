"""W3C minutes, as scribejs publishes them: the report model read once into topics of speaker
turns, numbered resolutions and actions, and the summaries at the end (the view), then laid
out: the date and links, attendance, the contents, each topic's turns ("**Name:** text"),
proposals, numbered resolutions and actions, and the summaries of both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from commands.report.model import Report, Said, Section
from commands.report.tree import (
    Block,
    Bullets,
    Document,
    Form,
    Heading,
    Para,
    Rule,
    Text,
    labelled,
    link,
    para,
    plain,
    strong,
)
from commands.report.wording import doc_link, outcome
from storage import EntryKind

from . import ietf
from .common import Words, page_numbers

PROPOSAL = "PROPOSAL: "
# `#129` (the group's repository) or `w3c/json-ld-syntax#129`, as a word of its own.
_ISSUE = re.compile(r"(?<![\w/#])(?:([A-Za-z0-9][\w.-]*/[\w.-]+))?#(\d{1,6})\b")


class Turn(StrEnum):
    """What a line of the minutes is."""

    SPEAKER = "speaker"  # "**Gregg Kellogg:** text"
    PROPOSAL = "proposal"  # "> **Proposed resolution: …**"
    RESOLUTION = "resolution"  # "> ***Resolution #1: …***"
    ACTION = "action"  # "> **Action #1:** text (owner)"
    NOTE = "note"  # the scribe's own words


@dataclass(frozen=True)
class Line:
    kind: Turn
    text: str
    who: str = ""
    number: int = 0  # a resolution's or an action's number in the meeting
    votes: str = ""  # a proposal's: "+1: 8, +0: 2, -1: 0", from the lines that voted on it


@dataclass(frozen=True)
class Topic:
    number: int
    title: str
    anchor: str  # the heading's id, as scribejs makes it: "1-announcements"
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Minutes:
    title: str
    date: str
    links: tuple[tuple[str, str], ...]
    present: tuple[str, ...]
    regrets: tuple[str, ...]
    guests: tuple[str, ...]
    chairs: tuple[str, ...]
    scribes: tuple[str, ...]
    topics: tuple[Topic, ...]
    resolutions: tuple[str, ...]
    actions: tuple[tuple[str, str], ...]  # (text, owner)


def minutes(report: Report) -> Minutes:
    """The report as W3C minutes: topics in agenda order, each line numbered as it comes."""
    resolutions: list[str] = []
    actions: list[tuple[str, str]] = []
    topics = []
    shown = [s for s in report.sections if not s.generated]
    for n, section in enumerate(shown, 1):
        lines = []
        for said in _said(section):
            line = _line(said, len(resolutions) + 1, len(actions) + 1)
            if line.kind == Turn.RESOLUTION:
                resolutions.append(line.text)
            elif line.kind == Turn.ACTION:
                actions.append((line.text, line.who))
            lines.append(line)
        topics.append(Topic(n, section.title, _anchor(n, section.title), _counted(lines)))
    front = report.front
    return Minutes(
        title=report.meeting_title
        if report.group in report.meeting_title
        else f"{report.group} — {report.meeting_title}",
        date=report.iso_date or report.date,
        links=front.links if front else (),
        present=report.present,
        regrets=report.regrets,
        guests=report.guests,
        chairs=tuple(c.name for c in front.contacts) if front else (),
        scribes=report.scribes,
        topics=tuple(topics),
        resolutions=tuple(resolutions),
        actions=tuple(actions),
    )


def _said(section: Section) -> list[Said]:
    """What was said under a topic: on its documents, then on the topic itself."""
    out: list[Said] = []
    for block in section.blocks:
        # The document first, as the scribe's link line (`#129` and the like link to it).
        title = f" — {block.row.title}" if block.row.title else ""
        number = block.row.number
        link = doc_link(number) if ":" in number else ""  # issues are linked as `#129` are
        shown = f"[{number}]({link})" if link else number
        out.append(Said(EntryKind.NOTE, "", f"{shown}{title}"))
        out.extend(s for s in block.said if s.kind != EntryKind.PRESENTED)
        out.extend(block.outcomes)
    out.extend(section.item_said)
    return out


def _line(said: Said, resolution: int, action: int) -> Line:
    if said.kind == EntryKind.DECISION:
        return Line(Turn.RESOLUTION, outcome(said), number=resolution)
    if said.kind == EntryKind.ACTION:
        return Line(Turn.ACTION, said.text, said.by, number=action)
    if said.kind == EntryKind.NOTE and said.text.startswith(PROPOSAL):
        return Line(Turn.PROPOSAL, said.text.removeprefix(PROPOSAL))
    if said.kind == EntryKind.COMMENT and said.by:
        return Line(Turn.SPEAKER, said.text, said.by)
    return Line(Turn.NOTE, said.text)


_VOTE = re.compile(r"^([+-])([01])\b")


def _counted(lines: list[Line]) -> tuple[Line, ...]:
    """Each proposal with the votes cast on it: the +1, +0 and -1 lines after it, up to the
    next proposal or resolution."""
    out = list(lines)
    for i, line in enumerate(out):
        if line.kind != Turn.PROPOSAL:
            continue
        tally = {"+1": 0, "+0": 0, "-1": 0}
        for later in out[i + 1 :]:
            if later.kind in (Turn.PROPOSAL, Turn.RESOLUTION):
                break
            vote = _VOTE.match(later.text) if later.kind == Turn.SPEAKER else None
            if vote:
                key = "+0" if vote.group(2) == "0" else vote.group(1) + "1"
                tally[key] += 1
        if any(tally.values()):
            votes = ", ".join(f"{k}: {v}" for k, v in tally.items())
            out[i] = Line(line.kind, line.text, line.who, line.number, votes)
    return tuple(out)


def _anchor(number: int, title: str) -> str:
    """`1-announcements-and-introductions`: the id a Markdown page gives the heading."""
    words = re.sub(r"[^\w\s-]", "", f"{number} {title}".lower())
    return re.sub(r"\s+", "-", words.strip())


# W3C minutes review earlier actions as IETF minutes do.
WORDS = Words(
    document="document",
    review_heading="Action item review",
    review=ietf.review_line,
)


def said(repo: str, text: str, *, bold: bool = False, italic: bool = False) -> tuple[Text, ...]:
    """What was said, the writer's Markdown kept, each `#129` a link (see issue_link)."""
    return tuple(
        Text(piece, Form.PLAIN if url else Form.KEPT, bold, url, italic)
        for piece, url in issue_link(repo, text)
    )


def layout(report: Report) -> Document:
    m, repo = minutes(report), report.repo
    blocks: list[Block] = [Heading(0, (plain(f"{m.title} — Minutes"),))]
    blocks.append(para(*labelled("Date:", plain(m.date))))
    if m.links:
        seen: list[Text] = [plain("See also ")]
        for n, (label, url) in enumerate(m.links):
            seen += [plain(" and " if n else ""), plain("the "), link(label, url)]
        blocks.append(para(*seen))
    blocks.append(Heading(1, (plain("Attendees"),)))
    for label, names in (
        ("Present:", m.present),
        ("Regrets:", m.regrets),
        ("Guests:", m.guests),
        ("Chair:", m.chairs),
        ("Scribe(s):", m.scribes),
    ):
        blocks.append(para(*labelled(label, plain(", ".join(names)))))
    # The contents link to each topic's heading on the page; then the summaries'.
    after = len(m.topics)
    extra = []
    if m.resolutions:
        after += 1
        extra.append((after, "Resolutions"))
    if m.actions:
        extra.append((after + 1, "Action Items"))
    entries = [(t.number, t.title, t.anchor) for t in m.topics]
    entries += [(n, title, _anchor(n, title)) for n, title in extra]
    blocks.append(Heading(1, (plain("Content:"),)))
    blocks.append(Bullets(tuple((link(f"{n}. {title}", "#" + a),) for n, title, a in entries)))
    blocks.append(Rule())
    for topic in m.topics:
        blocks.append(Heading(2, (plain(f"{topic.number}. {topic.title}"),)))
        blocks += [_turn(repo, x) for x in topic.lines]
    if m.resolutions:
        blocks.append(Rule())
        blocks.append(Heading(2, (plain(f"{len(m.topics) + 1}. Resolutions"),)))
        items = [
            (plain(f"Resolution #{n}: "), *said(repo, text))
            for n, text in enumerate(m.resolutions, 1)
        ]
        blocks.append(Bullets(tuple(items)))
    if m.actions:
        blocks.append(Heading(2, (plain(f"{after + 1}. Action Items"),)))
        items = [
            (plain(f"Action #{n}: "), *said(repo, text), plain(" "), Text(f"({who})", italic=True))
            for n, (text, who) in enumerate(m.actions, 1)
        ]
        blocks.append(Bullets(tuple(items)))
    front = report.front
    return Document(tuple(blocks), header=page_numbers(front.document if front else ""))


def _turn(repo: str, x: Line) -> Para:
    """A line of a topic: a speaker's turn, a proposal with its votes, a numbered resolution
    or action (set off as quotations), the scribe's own note."""
    if x.kind == Turn.SPEAKER:
        return para(strong(f"{x.who}:"), plain(" "), *said(repo, x.text))
    if x.kind == Turn.PROPOSAL:
        votes = (plain(" "), Text(f"({x.votes})", italic=True)) if x.votes else ()
        return para(
            strong("Proposed resolution: "), *said(repo, x.text, bold=True), *votes, quote=True
        )
    if x.kind == Turn.RESOLUTION:
        number = Text(f"Resolution #{x.number}: ", bold=True, italic=True)
        return para(number, *said(repo, x.text, bold=True, italic=True), quote=True)
    if x.kind == Turn.ACTION:
        owner = Text(f"({x.who})", italic=True)
        return para(
            strong(f"Action #{x.number}:"),
            plain(" "),
            *said(repo, x.text),
            plain(" "),
            owner,
            quote=True,
        )
    return para(*said(repo, x.text))


def issue_link(repo: str, text: str) -> list[tuple[str, str]]:
    """`text` cut into (words, link) pieces: each `#129` a link to the group's repository's
    issue 129 (GitHub sends a pull request's number on to it), `owner/name#12` to that one's."""
    out: list[tuple[str, str]] = []
    at = 0
    for m in _ISSUE.finditer(text):
        where = m.group(1) or repo
        if not where:
            continue
        out.append((text[at : m.start()], ""))
        out.append((m.group(0), f"https://github.com/{where}/issues/{m.group(2)}"))
        at = m.end()
    out.append((text[at:], ""))
    return [(words, url) for words, url in out if words]
