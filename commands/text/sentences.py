"""The report's sentences for decisions and other entries, shared by replies and the report."""

from __future__ import annotations

from datetime import datetime

from commands.text.outcomes import OUTCOMES
from storage import Entry, EntryKind, Outcome, TargetKind


def decision_sentence(
    keyword: str | None, ref: str, target_type: str, text: str = "", *, document: str = ""
) -> str:
    """The outcome sentence for a decision keyword, followed by any free text.

    `document`: name the document ("C104 was noted…") instead of "The document was noted…",
    where the sentence could otherwise belong to another document of the same item.
    """
    if not keyword:
        return (
            f"{document}: {text}" if document and target_type == TargetKind.DOC and text else text
        )
    words = OUTCOMES[Outcome(keyword)]
    sentence = (words.doc if target_type == TargetKind.DOC else words.item).format(
        ref=ref or "another document"
    )
    if document and target_type == TargetKind.DOC:
        sentence = sentence.replace("The document", document, 1).replace(
            "the document", document, 1
        )
    return f"{sentence} {text}".strip()


def presented_sentence(entry: Entry) -> str:
    """`Ericsson Canada presented C103.`"""
    return f"{entry.attributed} presented {entry.target}."


def action_sentence(entry: Entry) -> str:
    """`Action: TSB to report the responses (due 31 October 2024).` (the report's form)."""
    due = f" (due {long_due(entry.due)})" if entry.due else ""
    return f"Action: {entry.who} to {entry.text.rstrip('.')}{due}."


def long_due(due: str) -> str:
    """`2024-10-31` -> `31 October 2024` (anything else as typed)."""
    try:
        d = datetime.fromisoformat(due)
    except ValueError:
        return due
    return f"{d.day} {d:%B %Y}"


def entry_sentence(entry: Entry) -> str:
    """How an entry reads in a listing or a confirmation: the text with its attribution."""
    if entry.kind == EntryKind.DECISION:
        return decision_sentence(entry.keyword, entry.ref, entry.target_type, entry.text)
    if entry.kind == EntryKind.PRESENTED:
        return presented_sentence(entry)
    if entry.kind == EntryKind.ACTION:
        due = f" (due {entry.due})" if entry.due else ""
        return f"{entry.who}: {entry.text}{due}"
    if entry.kind == EntryKind.COMMENT and entry.attributed:
        return f"{entry.attributed}: {entry.text}"
    return entry.text  # notes; the agenda's approval sentence


def report_sentence(entry: Entry, *, name_document: bool = False) -> str:
    """How an entry reads in the report (comments are bullets of their own, see build.py).

    `name_document`: its item has several documents, so an outcome names its own."""
    if entry.kind == EntryKind.PRESENTED:
        return presented_sentence(entry)
    if entry.kind == EntryKind.DECISION:
        named = entry.target if name_document else ""
        return decision_sentence(
            entry.keyword, entry.ref, entry.target_type, entry.text, document=named
        )
    if entry.kind == EntryKind.ACTION:
        return action_sentence(entry)
    return entry.text


def short_outcome(keyword: str | None, ref: str, text: str = "") -> str:
    """`Revised to TD S2-1903931.`, `Noted.`; free text as typed, after the keyword's words."""
    if not keyword:
        return text
    words = OUTCOMES[Outcome(keyword)].short.format(ref=ref or "another document")
    return f"{words} {text}".strip()
