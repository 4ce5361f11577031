"""IETF working-group minutes, as note takers publish them.

The date with the weekday, UTC and the local time; the room, chairs, note takers, chat scribe
and links; topics as unnumbered headings; a draft's heading its title linked to the
datatracker and who presented it; speakers as bullets "Name: text"; decisions and actions
that name their topic.
The chairs' own Markdown in what was said is kept (Form.KEPT).
"""

from __future__ import annotations

from commands.report.model import DocBlock, Report, Said
from commands.report.tree import (
    Block,
    Bullets,
    Document,
    Heading,
    Line,
    Para,
    Text,
    inline,
    kept,
    labelled,
    link,
    para,
    plain,
    strong,
)
from commands.report.wording import doc_link, outcome
from commands.services.actions import Reviewed, ReviewState
from storage import EntryKind

from .common import Words, page_numbers, whence


def presenters(block: DocBlock) -> str:
    """Who presented a document at this meeting, for its heading in minutes."""
    names = [s.by for s in block.said if s.kind == EntryKind.PRESENTED and s.by]
    return ", ".join(dict.fromkeys(names))


def review_line(r: Reviewed) -> str:
    """ "Ana — circulate the draft (from IETF 120): open" (its box ticked when done)."""
    state = {
        ReviewState.DONE: "done" + (f" — {r.note}" if r.note else ""),
        ReviewState.OPEN: "open",
        ReviewState.REASSIGNED: f"reassigned to {r.new_owner}",
    }[r.state]
    return f"{r.owner} — {r.text}{whence(r)}: {state}"


WORDS = Words(
    document="document",
    review_heading="Action item review",
    review=review_line,
    topics_in_actions=True,
)


def layout(r: Report) -> Document:
    front = r.front
    named = "" if r.group in r.meeting_title else f"{r.group} — "
    blocks: list[Block] = [Heading(0, (plain(f"{named}{r.meeting_title} — Minutes"),))]
    header: list[Line] = []
    if r.start_utc:
        local = f" ({r.start_local})" if r.start_local else ""
        header.append(labelled("Date:", plain(r.start_utc + local)))
    elif r.date:
        header.append(labelled("Date:", plain(r.date)))
    if r.place:
        header.append(labelled("Room:", plain(r.place)))
    if front and front.contacts:
        header.append(labelled("Chairs:", plain(", ".join(c.name for c in front.contacts))))
    if r.secretariat:
        header.append(labelled("Note takers:", plain(", ".join(r.secretariat))))
    if r.chat_scribes:
        header.append(labelled("Chat scribe:", plain(", ".join(r.chat_scribes))))
    if front and front.links:
        links: list[Text] = []
        for n, (label, url) in enumerate(front.links):
            links += [plain(" · ")] if n else []
            links.append(link(label, url))
        header.append(labelled("Links:", *links))
    if header:
        blocks.append(Para(tuple(header)))
    if r.review:
        blocks.append(Heading(1, (plain(WORDS.review_heading),)))
        blocks.append(
            Bullets(
                tuple((plain(review_line(x)),) for x in r.review),
                checked=tuple(x.state is ReviewState.DONE for x in r.review),
            )
        )
    for s in r.sections:
        if s.generated:
            continue  # no closure sentence or future meetings in minutes
        blocks.append(Heading(s.depth, (inline(s.title),)))
        blocks += [para(inline(p.text)) for p in s.added]
        for b in s.blocks:
            label = b.row.title or b.row.number
            url = doc_link(b.row.number)
            who = presenters(b)
            title = link(label, url) if url else inline(label)
            blocks.append(Heading(s.depth + 1, (title, plain(f" — {who}") if who else plain(""))))
            if b.row.lineage:
                blocks.append(para(plain(b.row.lineage)))
            said = [x for x in b.said if x.kind != EntryKind.PRESENTED]
            if said:
                blocks.append(Bullets(tuple(_said(x) for x in said)))
            blocks += [para(strong("Decision:"), plain(" "), kept(outcome(o))) for o in b.outcomes]
        if s.item_said:
            blocks.append(Bullets(tuple(_said(x) for x in s.item_said)))
    if r.actions:
        blocks.append(Heading(1, (plain("Action items"),)))
        items = [(strong(g.owner), plain(" — "), kept(item)) for g in r.actions for item in g.items]
        blocks.append(Bullets(tuple(items)))
    return Document(tuple(blocks), header=page_numbers(front.document if front else ""))


def _said(x: Said) -> Line:
    """A bullet of minutes: "Name: text", a decision, an action."""
    if x.kind == EntryKind.DECISION:
        return (strong("Decision:"), plain(" "), kept(outcome(x)))
    if x.kind == EntryKind.COMMENT and x.by:
        return (plain(f"{x.by}: "), kept(x.text))
    if x.kind == EntryKind.ACTION:
        return (strong("Action:"), plain(f" {x.by} — "), kept(x.text))
    return (kept(x.text),)
