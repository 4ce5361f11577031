"""The report's sentences for decisions and other entries, shared by replies and the report."""

from __future__ import annotations

from datetime import datetime

from storage import Entry

# keyword -> sentence about a document; {ref} is the other document or the form (LS).
DOC_DECISIONS = {
    "noted": "The document was noted by the meeting.",
    "approved": "The document was approved by the meeting.",
    "agreed": "The document was agreed by the meeting.",
    "endorsed": "The document was endorsed by the meeting.",
    "accepted": "The document was accepted by the meeting.",
    "rejected": "The document was not accepted by the meeting.",
    "postponed": "Consideration of the document was postponed to a future meeting.",
    "withdrawn": "The document was withdrawn.",
    "revised": "The document was revised as {ref}.",
    "merged": "The document was merged into {ref}.",
    "not treated": "The document was not treated at this meeting.",
    "sent": "The document was sent as {ref}.",
}

# The same outcomes about an agenda item ("This was noted by the meeting.").
ITEM_DECISIONS = {
    "noted": "This was noted by the meeting.",
    "approved": "This was approved by the meeting.",
    "agreed": "This was agreed by the meeting.",
    "endorsed": "This was endorsed by the meeting.",
    "accepted": "This was accepted by the meeting.",
    "rejected": "This was not accepted by the meeting.",
    "postponed": "Consideration of this item was postponed to a future meeting.",
    "withdrawn": "This item was withdrawn.",
    "revised": "This was revised as {ref}.",
    "merged": "This was merged into {ref}.",
    "not treated": "This item was not treated at this meeting.",
    "sent": "This was sent as {ref}.",
}

KEYWORDS = tuple(DOC_DECISIONS)
# Keywords that name another document or a form, and the option that carries it.
REF_OPTION = {"revised": "to", "merged": "into", "sent": "as"}


def decision_sentence(
    keyword: str, ref: str, target_type: str, text: str = "", *, document: str = ""
) -> str:
    """The outcome sentence for a decision keyword, followed by any free text.

    `document`: name the document ("C104 was noted…") instead of "The document was noted…",
    where the sentence could otherwise belong to another document of the same item.
    """
    if not keyword:
        return f"{document}: {text}" if document and target_type == "doc" and text else text
    table = DOC_DECISIONS if target_type == "doc" else ITEM_DECISIONS
    sentence = table[keyword].format(ref=ref or "another document")
    if document and target_type == "doc":
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
    if entry.kind == "decision":
        return decision_sentence(entry.keyword, entry.ref, entry.target_type, entry.text)
    if entry.kind == "presented":
        return presented_sentence(entry)
    if entry.kind == "action":
        due = f" (due {entry.due})" if entry.due else ""
        return f"{entry.who}: {entry.text}{due}"
    if entry.kind == "comment" and entry.attributed:
        return f"{entry.attributed}: {entry.text}"
    return entry.text  # notes; the agenda's approval sentence


def report_sentence(entry: Entry, *, name_document: bool = False) -> str:
    """How an entry reads in the report (comments are bullets of their own, see build.py).

    `name_document`: its item has several documents, so an outcome names its own."""
    if entry.kind == "presented":
        return presented_sentence(entry)
    if entry.kind == "decision":
        named = entry.target if name_document else ""
        return decision_sentence(
            entry.keyword, entry.ref, entry.target_type, entry.text, document=named
        )
    if entry.kind == "action":
        return action_sentence(entry)
    return entry.text


# The short outcome words of 3GPP reports and IETF minutes ("Revised to TD S2-1903931.").
SHORT_OUTCOMES = {
    "noted": "Noted.",
    "approved": "Approved.",
    "agreed": "Agreed.",
    "endorsed": "Endorsed.",
    "accepted": "Agreed.",
    "rejected": "Not approved.",
    "postponed": "Postponed.",
    "withdrawn": "Withdrawn.",
    "revised": "Revised to TD {ref}.",
    "merged": "Merged into TD {ref}.",
    "not treated": "Not handled.",
    "sent": "Sent as {ref}.",
}


def short_outcome(keyword: str, ref: str, text: str = "") -> str:
    """`Revised to TD S2-1903931.`, `Noted.`; free text as typed, after the keyword's words."""
    if not keyword:
        return text
    words = SHORT_OUTCOMES[keyword].format(ref=ref or "another document")
    return f"{words} {text}".strip()
