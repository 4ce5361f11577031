"""What the 3GPP and IETF layouts say of a document, shared by their Markdown and Word."""

from __future__ import annotations

import re

from commands.report.model import Report, Said
from commands.text.sentences import short_outcome


def outcome(said: Said) -> str:
    """A decision in the short words of 3GPP reports and IETF minutes."""
    return short_outcome(said.keyword, said.ref, said.extra) or said.text


def doc_link(number: str) -> str:
    """A draft, RFC or slide deck's datatracker page; "" for other documents."""
    lowered = number.lower()
    if lowered.startswith(("draft-", "slides-")):
        return f"https://datatracker.ietf.org/doc/{lowered}/"
    if re.fullmatch(r"rfc\s?\d+", lowered):
        return f"https://datatracker.ietf.org/doc/{lowered.replace(' ', '')}/"
    return ""


def status_rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """The TDoc status table: every listed document, its item and its latest decision."""
    decided: dict[str, str] = {}
    for section in report.sections:
        for block in section.blocks:
            if block.outcomes:
                decided[block.row.number] = outcome(block.outcomes[-1])
    return [
        (d.number, d.title, d.source, d.item, decided.get(d.number, "")) for d in report.annex_a
    ]
