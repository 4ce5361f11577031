"""A 3GPP working-group draft report, as 3GPP writes one.

A front page (the meeting and the report's number, the place and dates with "DRAFT REPORT"
at the right margin over a rule, Source, Title, Document for, Status, the contents); the
officials; per agenda item, who chaired it and a block per TDoc (a rule, its number linked
to the meeting's folder, "(Source: …)", Document for, Abstract, the discussion and the
outcome in 3GPP's words); the TDoc status table (the status one word, what replaced a TDoc
in a column of its own), the actions and an annex "Summary of output".
"""

from __future__ import annotations

import re

from commands.report.model import DocBlock, Report, Said
from commands.report.tree import (
    Block,
    Bullets,
    Column,
    Contents,
    Document,
    Heading,
    Line,
    Para,
    RunningHeader,
    Table,
    inline,
    labelled,
    para,
    plain,
    strong,
)
from commands.report.wording import outcome, tdoc_link
from commands.services.actions import Reviewed, ReviewState
from commands.text.outcomes import OUTCOMES
from storage import EntryKind, Outcome

from .common import Words, action_items, doc_number, paragraphs, whence

TEXT_WIDTH_CM = 17.0
# The status one word; what replaced the TDoc in a column of its own.
STATUS = (
    Column("TDoc", 2.7),
    Column("Title", 4.1),
    Column("Source", 2.8),
    Column("Agenda item", 2.1),
    Column("Status", 2.4),
    Column("Revised to / Merged into", 2.9),
)
OUTPUT = (Column("TDoc", 2.7), Column("Title", 7.4), Column("Source", 4.5), Column("Status", 2.4))


def status_word(keyword: Outcome) -> str:
    """A decision as the TDoc status column says it: "Revised", "Noted", "Endorsed"."""
    return OUTCOMES[keyword].short.split(" to ")[0].split(" into ")[0].split(" as ")[0].rstrip(".")


def status_rows(report: Report) -> list[tuple[str, str, str, str, str, str]]:
    """The TDoc status table: every listed document, its item, its status in one word (its
    latest decision) and the TDoc it was revised to or merged into — never the note."""
    decided: dict[str, tuple[str, str]] = {}
    for section in report.sections:
        for block in section.blocks:
            if block.outcomes:
                last = block.outcomes[-1]
                word = status_word(last.keyword) if last.keyword else ""
                decided[block.row.number] = (word, last.ref if last.keyword else "")
    return [
        (d.number, d.title, d.source, d.item, *decided.get(d.number, ("", "")))
        for d in report.annex_a
    ]


# The statuses whose TDocs are the meeting's output (3GPP's "Summary of output").
OUTPUT_STATUSES = ("Approved", "Agreed", "Endorsed")


def output_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """The TDocs the meeting approved, agreed or endorsed: number, title, source, status."""
    return [
        (number, title, source, status)
        for number, title, source, _, status, _ in status_rows(report)
        if status in OUTPUT_STATUSES
    ]


def meeting_name(report: Report) -> str:
    """ "3GPP TSG SA WG2 Meeting #162": the group once, then the meeting's number (a title
    that repeats the group, "SA WG2#162", is not said twice)."""
    number = re.search(r"#\s*(\d+[\w-]*)", report.meeting_title)
    if number:
        return f"{report.group} Meeting #{number.group(1)}"
    return f"{report.group} Meeting {report.meeting_title}"


def running_title(report: Report) -> str:
    """3GPP's running header: "Draft Report of SA WG2 meeting #162"."""
    short = re.sub(r"^(3GPP\s+)?(TSG[\s-]+)?", "", report.group) or report.group
    number = re.search(r"#\s*(\d+[\w-]*)", report.meeting_title)
    meeting = f"#{number.group(1)}" if number else report.meeting_title
    return f"Draft Report of {short} meeting {meeting}"


def review_line(r: Reviewed) -> str:
    """An earlier action: "AP#3 Ana: circulate the draft (from SA WG2#161). Status: Open."."""
    state = {
        ReviewState.DONE: "Status: Completed" + (f" ({r.note})." if r.note else "."),
        ReviewState.OPEN: "Status: Open.",
        ReviewState.REASSIGNED: f"Status: Re-assigned to {r.new_owner}.",
    }[r.state]
    return f"AP#{r.number} {r.owner}: {r.text}{whence(r)}. {state}"


WORDS = Words(
    document="TDoc",
    review_heading="Review of action items",
    review=review_line,
    whole_event=True,
    officials_named=True,
)


def layout(r: Report) -> Document:
    front = r.front
    assert front is not None  # a 3GPP report always has its front matter
    # The meeting and the report's number; the place and dates and "DRAFT REPORT", each pair
    # a tab apart to the right margin.
    title: Line = (strong(meeting_name(r)),)
    if front.report_number:
        title += (plain("\t"), strong(front.report_number))
    where: Line = (strong(front.place_dates),) if front.place_dates else ()
    blocks: list[Block] = [
        Para((title,), right_tab=TEXT_WIDTH_CM),
        Para(
            ((*where, plain("\t"), strong("DRAFT REPORT")),),
            right_tab=TEXT_WIDTH_CM,
            rule_below=True,
        ),
        Para(
            (
                labelled("Source:", inline(front.source)),
                labelled("Title:", inline(r.title)),
                labelled("Document for:", inline(front.purpose or "Approval")),
                labelled(
                    "Status:",
                    plain(f"Draft, version {front.version}" if front.version else "Draft"),
                ),
            )
        ),
        Contents(),
    ]
    for p in r.introduction:
        blocks += paragraphs(p)
    if r.review:
        blocks.append(Heading(1, (plain(WORDS.review_heading),)))
        blocks.append(Bullets(tuple((inline(review_line(x)),) for x in r.review)))
    for s in r.sections:
        # 3GPP reports draw a rule above each heading.
        blocks.append(Heading(s.depth, (inline(s.heading),), rule_above=True))
        if s.convener:
            blocks.append(para(*labelled("Chair:", inline(s.convener))))
        for p in s.added:
            blocks += paragraphs(p)
        for b in s.blocks:
            blocks += _tdoc(r, b)
        blocks += [para(*_said(x)) for x in s.item_said]
    blocks.append(Heading(1, (plain("TDoc status"),)))
    blocks.append(Table(STATUS, tuple(tuple((inline(v),) for v in row) for row in status_rows(r))))
    blocks += action_items(r)
    output = output_rows(r)
    if output:
        blocks.append(Heading(1, (plain("Annex: Summary of output"),)))
        blocks.append(Table(OUTPUT, tuple(tuple((inline(v),) for v in row) for row in output)))
    # On every page: "Draft Report of SA WG2 meeting #162 | Page N | Version 0.1.0"; Arial.
    version = f" | Version {front.version}" if front.version else ""
    header = RunningHeader(running_title(r) + " | Page ", version)
    return Document(tuple(blocks), header=header, font="Arial")


def _tdoc(r: Report, b: DocBlock) -> list[Block]:
    """A TDoc's block: "TD S2-… Title (Source: X).", Document for, Abstract, the
    discussion, the outcome — all of it next to its own TDoc, a rule above it."""
    row = b.row
    source = f" (Source: {row.source})" if row.source else ""
    head: Line = (*doc_number(f"TD {row.number}", tdoc_link(r, row.number, zips=True)),)
    head += (inline(f" {row.title}{source}."),)
    if b.revision_of:
        head += (plain(f" Revision of TD {b.revision_of}."),)
    lines = [head]
    if row.action or row.category:
        lines.append(labelled("Document for:", inline(row.action or row.category)))
    if row.summary:
        lines.append(labelled("Abstract:", inline(row.summary)))
    blocks: list[Block] = [Para(tuple(lines), rule_above=True)]
    if b.said:
        blocks.append(para(strong("Discussion and conclusion:")))
        blocks.append(
            Bullets(
                tuple(
                    (
                        plain(f"{x.by}: " if x.kind == EntryKind.COMMENT and x.by else ""),
                        inline(x.text),
                    )
                    for x in b.said
                )
            )
        )
    blocks += [para(inline(outcome(o), bold=True)) for o in b.outcomes]
    if b.revised_to_unsaid:
        blocks.append(para(plain(f"Revised to TD {', TD '.join(b.revised_to_unsaid)}.")))
    return blocks


def _said(x: Said) -> Line:
    """A line about an item itself: a decision in bold, an action, a comment, a note."""
    if x.kind == EntryKind.DECISION:
        return (inline(outcome(x), bold=True),)
    if x.kind == EntryKind.ACTION:
        return (strong("Action:"), plain(f" {x.by} — "), inline(x.text))
    if x.kind == EntryKind.COMMENT and x.by:
        return (plain(f"{x.by}: "), inline(x.text))
    return (inline(x.text),)
