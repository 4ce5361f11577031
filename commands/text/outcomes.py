"""Every decision outcome with each body's words for it: one table, read everywhere.

A row says how an ITU-T report words the outcome about a document and about an agenda item,
the short form of 3GPP reports and IETF minutes, the option that names the other document
(`revised to=TD667R1`), and the status words of a body's document portal that mean it.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage import Outcome


@dataclass(frozen=True)
class Words:
    """One outcome as each format says it; `{ref}` is the other document or the form."""

    doc: str  # about a document: "The document was noted by the meeting."
    item: str  # about an agenda item: "This was noted by the meeting."
    short: str  # 3GPP and IETF: "Noted."
    ref_option: str = ""  # the option naming the other document or form: to=, into=, as=
    portal: tuple[str, ...] = ()  # a TDoc list's status words meaning this outcome


OUTCOMES: dict[Outcome, Words] = {
    Outcome.NOTED: Words(
        "The document was noted by the meeting.",
        "This was noted by the meeting.",
        "Noted.",
        portal=("noted",),
    ),
    Outcome.APPROVED: Words(
        "The document was approved by the meeting.",
        "This was approved by the meeting.",
        "Approved.",
        portal=("approved",),
    ),
    Outcome.AGREED: Words(
        "The document was agreed by the meeting.",
        "This was agreed by the meeting.",
        "Agreed.",
        portal=("agreed",),
    ),
    Outcome.ENDORSED: Words(
        "The document was endorsed by the meeting.",
        "This was endorsed by the meeting.",
        "Endorsed.",
        portal=("endorsed", "technically endorsed"),
    ),
    Outcome.ACCEPTED: Words(
        "The document was accepted by the meeting.",
        "This was accepted by the meeting.",
        "Agreed.",
    ),
    Outcome.REJECTED: Words(
        "The document was not accepted by the meeting.",
        "This was not accepted by the meeting.",
        "Not approved.",
        portal=("rejected", "not approved", "not pursued"),
    ),
    Outcome.POSTPONED: Words(
        "Consideration of the document was postponed to a future meeting.",
        "Consideration of this item was postponed to a future meeting.",
        "Postponed.",
        portal=("postponed",),
    ),
    Outcome.WITHDRAWN: Words(
        "The document was withdrawn.",
        "This item was withdrawn.",
        "Withdrawn.",
        portal=("withdrawn",),
    ),
    Outcome.REVISED: Words(
        "The document was revised as {ref}.",
        "This was revised as {ref}.",
        "Revised to TD {ref}.",
        ref_option="to",
        portal=("revised",),
    ),
    Outcome.MERGED: Words(
        "The document was merged into {ref}.",
        "This was merged into {ref}.",
        "Merged into TD {ref}.",
        ref_option="into",
        portal=("merged",),
    ),
    Outcome.NOT_TREATED: Words(
        "The document was not treated at this meeting.",
        "This item was not treated at this meeting.",
        "Not handled.",
        portal=("not handled", "not treated"),
    ),
    Outcome.SENT: Words(
        "The document was sent as {ref}.",
        "This was sent as {ref}.",
        "Sent as {ref}.",
        ref_option="as",
    ),
}

# The options that name another document or form, and the outcome each goes with.
REF_OPTIONS = {w.ref_option: o for o, w in OUTCOMES.items() if w.ref_option}
# A portal's status word -> the outcome ("reserved", "available": none).
PORTAL_WORDS = {word: o for o, w in OUTCOMES.items() for word in w.portal}


def outcome_named(word: str) -> Outcome | None:
    """The outcome a typed keyword names (`noted`, `not treated`), or None."""
    try:
        return Outcome(word.lower())
    except ValueError:
        return None
