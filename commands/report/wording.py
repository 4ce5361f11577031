"""What the layouts say of a document or an earlier action, shared by Markdown and Word."""

from __future__ import annotations

import re

from commands.report.model import DocBlock, Report, Said
from commands.text.outcomes import OUTCOMES
from commands.text.sentences import short_outcome
from storage import EntryKind, Outcome


def status_word(keyword: Outcome) -> str:
    """A decision as the TDoc status column says it: "Revised", "Noted", "Endorsed"."""
    return OUTCOMES[keyword].short.split(" to ")[0].split(" into ")[0].split(" as ")[0].rstrip(".")


def outcome(said: Said) -> str:
    """A decision in the short words of 3GPP reports and IETF minutes."""
    return short_outcome(said.keyword, said.ref, said.extra) or said.text


def tdoc_link(report: Report, number: str, *, zips: bool = False) -> str:
    """Where a document is published, or "": a draft, a GitHub issue or a specification at
    its own page; else in the meeting's documents (`/meeting set docs=URL`) — a pattern
    with `{number}`, `{kind}`, `{n}`, `{n4}` or `{rev}` filled in (ITU-T:
    `https://www.itu.int/md/T22-TSAG-{kind}-{n4}/en` for TD599), or with `zips` a folder
    holding each as NUMBER.zip (as 3GPP publishes its TDocs)."""
    if page := doc_link(number):
        return page
    folder = report.front.docs_url if report.front else ""
    if not folder.startswith(("https://", "http://")):
        return ""
    if "{" in folder:
        return _filled(folder, number)
    return f"{folder.rstrip('/')}/{number}.zip" if zips else ""


def _filled(pattern: str, number: str) -> str:
    """A URL pattern filled with a document number's parts; "" if it names one it lacks."""
    m = re.fullmatch(r"([A-Za-z]+)-?(\d+)(?:R(\d+))?", number)
    parts = {"number": number}
    if m:
        parts |= {"kind": m.group(1), "n": m.group(2), "n4": m.group(2).zfill(4)}
        parts["rev"] = m.group(3) or ""
    try:
        return pattern.format(**parts)
    except (KeyError, IndexError, ValueError):
        return ""


def doc_link(number: str) -> str:
    """A draft, RFC or slide deck's datatracker page, a GitHub issue's page; "" for other
    documents."""
    github = re.fullmatch(r"([\w.-]+/[\w.-]+)#(\d+)", number)
    if github:
        return f"https://github.com/{github.group(1)}/issues/{github.group(2)}"
    if number.startswith("w3c:"):
        return f"https://www.w3.org/TR/{number.removeprefix('w3c:')}/"
    if number.startswith("whatwg:"):
        return f"https://{number.removeprefix('whatwg:')}.spec.whatwg.org/"
    lowered = number.lower()
    if lowered.startswith(("draft-", "slides-")):
        return f"https://datatracker.ietf.org/doc/{lowered}/"
    if re.fullmatch(r"rfc\s?\d+", lowered):
        return f"https://datatracker.ietf.org/doc/{lowered.replace(' ', '')}/"
    return ""


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
OUTPUT = ("Approved", "Agreed", "Endorsed")


def output_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """The TDocs the meeting approved, agreed or endorsed: number, title, source, status."""
    return [
        (number, title, source, status)
        for number, title, source, _, status, _ in status_rows(report)
        if status in OUTPUT
    ]


def presenters(block: DocBlock) -> str:
    """Who presented a document at this meeting, for its heading in minutes."""
    names = [s.by for s in block.said if s.kind == EntryKind.PRESENTED and s.by]
    return ", ".join(dict.fromkeys(names))


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
