"""What the layouts say of a document or an earlier action, shared by Markdown and Word."""

from __future__ import annotations

import re

from commands.report.model import Report, Said
from commands.services.actions import Reviewed, ReviewState
from commands.text.sentences import long_due, short_outcome


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


def review_line(r: Reviewed, profile: str) -> str:
    """An earlier action as this meeting left it, in the profile's words (plain text)."""
    due = f"due {long_due(r.due)}; " if r.due else ""
    whence = f" ({due}from {r.origin})" if r.origin or due else ""
    if profile == "3gpp":
        state = {
            ReviewState.DONE: "Status: Completed" + (f" ({r.note})." if r.note else "."),
            ReviewState.OPEN: "Status: Open.",
            ReviewState.REASSIGNED: f"Status: Re-assigned to {r.new_owner}.",
        }[r.state]
        return f"AP#{r.number} {r.owner}: {r.text}{whence}. {state}"
    if profile == "ietf":
        state = {
            ReviewState.DONE: "done" + (f" — {r.note}" if r.note else ""),
            ReviewState.OPEN: "open",
            ReviewState.REASSIGNED: f"reassigned to {r.new_owner}",
        }[r.state]
        return f"{r.owner} — {r.text}{whence}: {state}"
    state = {
        ReviewState.DONE: "Done" + (f": {r.note}" if r.note else "") + ".",
        ReviewState.OPEN: "Still open.",
        ReviewState.REASSIGNED: f"Re-assigned to {r.new_owner}.",
    }[r.state]
    origin = f" of {r.origin}" if r.origin else ""
    due_itu = f"; due {long_due(r.due)}" if r.due else ""
    return f"{r.owner} to {r.text.rstrip('.')} (action #{r.number}{origin}{due_itu}). {state}"
