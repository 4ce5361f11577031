"""An ITU-T TD, as the TD template and the rapporteurs' reports lay one out.

The cover (the sector block beside the TD number, printed large; the Question(s) and the
place and dates; "TD"; Source, Title, Purpose, the contacts with Tel and E-mail on the right,
Keywords, Abstract), the introduction, each agenda item with its documents in the item
table (the item's number in the first row only, a note qualifying a document under its
number), the actions, then Annex A (every document) and Annex B, and the closing line.
A group's own profile-less report (no front matter) opens with its title and abstract.
"""

from __future__ import annotations

import re

from commands.report.model import ANNEX_COLUMNS, DOC_COLUMNS, DocRow, FrontMatter, Report, Section
from commands.report.tree import (
    Block,
    Bullets,
    Column,
    Document,
    Heading,
    Line,
    Medium,
    PageBreak,
    Table,
    Text,
    inline,
    labelled,
    only,
    para,
    plain,
    strong,
)
from commands.report.wording import tdoc_link
from commands.services.actions import Reviewed, ReviewState
from commands.text.sentences import long_due

from .common import Words, doc_number, page_numbers, paragraphs

# What ends an ITU-T document.
CLOSING_LINE = "_______________________"
# Column widths (cm) on an A4 page with 2 cm margins: 17 cm of text width.
DOC_WIDTHS = (2.4, 3.8, 5.4, 2.7, 2.7)
DOC_TABLE = tuple(Column(label, w) for label, w in zip(DOC_COLUMNS, DOC_WIDTHS, strict=True))
ANNEX_WIDTHS = (0.9, 2.9, 2.4, 3.9, 6.9)
ANNEX_TABLE = tuple(Column(label, w) for label, w in zip(ANNEX_COLUMNS, ANNEX_WIDTHS, strict=True))
# The per-item table, as the reference report lays it out: no header row; the item, "Source:
# Title", the document number (its note under it), its summary, what is asked.
ITEM_TABLE = tuple(Column("", w) for w in (1.2, 4.6, 2.4, 5.4, 3.4))
COVER_TOP = (Column("", 11.5), Column("", 5.5))  # the sector block | the document number
# Source:, Title:… | their values (a contact: name, organisation, country | Tel:, E-mail:).
COVER_LABELLED = (Column("", 3.2), Column("", 7.8), Column("", 6.0))


def review_line(r: Reviewed) -> str:
    """An earlier action: "Ana to circulate the draft (action #3 of meeting 2). Still open."."""
    state = {
        ReviewState.DONE: "Done" + (f": {r.note}" if r.note else "") + ".",
        ReviewState.OPEN: "Still open.",
        ReviewState.REASSIGNED: f"Re-assigned to {r.new_owner}.",
    }[r.state]
    origin = f" of {r.origin}" if r.origin else ""
    due = f"; due {long_due(r.due)}" if r.due else ""
    return f"{r.owner} to {r.text.rstrip('.')} (action #{r.number}{origin}{due}). {state}"


WORDS = Words(
    document="document",
    review_heading="Review of action items",
    review=review_line,
)


def layout(r: Report) -> Document:
    front = r.front
    itu = front is not None and front.profile == "itu"
    blocks: list[Block] = []
    opening = (Heading(0, (inline(r.title),)), para(*labelled("Abstract:", inline(r.abstract))))
    if front is not None and itu:
        # The Word document's cover carries the title and the abstract; a page opens with them.
        blocks += [only(Medium.WORD, *cover(r, front)), only(Medium.PAGE, *opening)]
    else:
        blocks += opening
    if r.action_required:
        blocks.append(para(*labelled("Action required:", inline(r.action_required))))
    blocks.append(Heading(1, (plain("0\tIntroduction"),)))
    for p in r.introduction:
        blocks += paragraphs(p)
    if r.review:
        blocks.append(Heading(1, (plain(WORDS.review_heading),)))
        blocks.append(Bullets(tuple((inline(review_line(x)),) for x in r.review)))
    for s in r.sections:
        blocks += _section(r, s, itu=itu)
    if r.actions:
        blocks.append(Heading(1, (plain("Action items"),)))
        for g in r.actions:
            blocks.append(para(strong(g.owner)))
            blocks.append(Bullets(tuple((inline(item),) for item in g.items)))
    blocks.append(PageBreak())
    blocks.append(Heading(1, (plain("Annex A – List of documents"),)))
    rows = tuple(
        (
            (plain(f"{n}."),),
            (inline(d.category),),
            doc_number(d.number, tdoc_link(r, d.number), bold=False),
            (inline(d.source),),
            (inline(d.title),),
        )
        for n, d in enumerate(r.annex_a, 1)
    )
    blocks.append(Table(ANNEX_TABLE, rows))
    if r.annex_b:
        blocks.append(Heading(1, (plain(f"Annex B – {r.annex_b_title}"),)))
        blocks.append(Bullets(tuple((inline(t),) for t in r.annex_b)))
    blocks.append(only(Medium.WORD, para(plain(CLOSING_LINE), centre=True)))
    return Document(tuple(blocks), header=page_numbers(front.document if front else ""))


def cover(r: Report, front: FrontMatter) -> list[Block]:
    """What an ITU-T TD opens with: the sector block beside the document number, "TD",
    then Source, Title, Purpose, Contact, Keywords and Abstract."""
    top = (
        (
            (strong("INTERNATIONAL TELECOMMUNICATION UNION"),),
            (Text(front.document or "TD", bold=True, size=16),),
        ),
        ((strong("TELECOMMUNICATION STANDARDIZATION SECTOR"),), (strong(front.parent),)),
        ((strong(f"STUDY PERIOD {front.study_period}".strip()),), (strong("Original: English"),)),
    )
    # A rapporteur group works under no Question: the template then says N/A.
    question = ((strong("Question(s):\tN/A"),), (plain(front.place_dates),))
    # The template's contact row: who, in the middle; Tel and E-mail on the right. Every
    # other row spans both. An empty Purpose, Contact or Keywords line helps nobody.
    facts: list[tuple[Line, ...]] = []
    for name, value in (
        ("Source:", front.source),
        ("Title:", r.title),
        ("Purpose:", front.purpose),
    ):
        if value:
            facts.append(((strong(name),), (plain(value),)))
    for n, c in enumerate(front.contacts):
        who: Line = (strong("Contact:"),) if n == 0 else ()
        facts.append((who, (plain(c.name),), (plain(c.contact.replace("; ", "\n")),)))
    if front.keywords:
        facts.append(((strong("Keywords:"),), (plain(front.keywords),)))
    facts.append(((strong("Abstract:"),), (plain(r.abstract),)))
    return [
        Table(COVER_TOP, top, borders=False),
        Table(COVER_TOP, (question,), borders=False),
        para(strong("TD"), centre=True),
        Table(COVER_LABELLED, tuple(facts), borders=False, spans=(1, 2)),
    ]


def _section(r: Report, s: Section, *, itu: bool) -> list[Block]:
    blocks: list[Block] = []
    heading = Heading(s.depth, (inline(s.heading),))
    documents = Table(
        DOC_TABLE,
        tuple(
            (
                doc_number(d.number, tdoc_link(r, d.number), bold=False),
                (inline(d.heading),),
                (inline(d.summary),),
                (inline(d.action),),
                (inline(d.notes_cell),),
            )
            for d in s.documents
        ),
    )
    if itu and s.documents:
        # An ITU-T TD's item table, without a header row; a sub-item with documents is named
        # in its first column only. A page keeps the heading and the labelled table.
        rows = [_item_row(r, s, d) for d in s.documents]
        rows = [rows[0], *(((), *row[1:]) for row in rows[1:])]
        blocks.append(heading if s.depth == 1 else only(Medium.PAGE, heading))
        blocks += [only(Medium.WORD, Table(ITEM_TABLE, tuple(rows))), only(Medium.PAGE, documents)]
    else:
        blocks.append(heading)
        if s.documents:
            blocks.append(documents)
    for p in s.paragraphs:
        blocks += paragraphs(p)
    return blocks


def _item_row(r: Report, s: Section, d: DocRow) -> tuple[Line, ...]:
    """A document as an ITU-T TD's item table shows it: the number, with a note that qualifies
    the document itself under it ("TD667R1 / (Output of RG-IEM meeting)"); what is asked, then
    any other note ("Presented at … on 18 June.") and how it relates to others."""
    qualifier = d.notes if re.fullmatch(r"\([^()]*\)", d.notes.strip()) else ""
    number = doc_number(d.number, tdoc_link(r, d.number), bold=False)
    if qualifier:
        number += (inline("\n" + qualifier),)
    asked = "\n".join(x for x in (d.action, "" if qualifier else d.notes, d.lineage) if x)
    return (
        (plain(s.number),),
        (inline(d.heading),),
        number,
        (inline(d.summary),),
        (inline(asked),),
    )
