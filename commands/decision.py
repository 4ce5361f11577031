"""/decision: what the meeting decided on an item or a document (keywords or free text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from commands.entries import Kind, entry_family
from commands.framework.call import Call
from commands.framework.grammar import Token, parse_doc_number
from commands.framework.ops import Op, word
from commands.framework.suggest import nearest
from commands.text.outcomes import OUTCOMES, REF_OPTIONS, outcome_named
from storage import Outcome

DECISION = Kind(
    "decision",
    "an outcome: noted, approved, agreed, endorsed, accepted, rejected, "
    "postponed, withdrawn, revised to=…, merged into=…, not treated, sent as=…, or free text",
    '/decision [ITEM|DOCUMENT] noted|approved|…|revised to=TD…|"free text"',
    ("to", "into", "as"),
    "chair",
    "record decisions",
    (
        "/decision TD599 noted",
        "/decision TD667 revised to=TD667R1",
        '/decision 3.2 "The Rapporteur suggested to consider these comments."',
    ),
)


@dataclass(frozen=True)
class Decide(Op):
    """`/decision TARGET OUTCOME`, as a line's menu asks for it."""

    command: ClassVar[str] = "/decision"
    sub: ClassVar[str] = ""
    target: str
    outcome: Outcome

    def tokens(self) -> list[Token]:
        return [word(self.target), word(self.outcome.value)]


def values(call: Call, start: int) -> dict[str, Any]:
    """keyword / ref / text of a decision from the words after the target."""
    words = call.args.positionals[start:]
    first = words[0].value.lower() if words and not words[0].quoted else ""
    keyword: Outcome | None = None
    used = 0
    if first == "not" and len(words) > 1 and words[1].value.lower() == "treated":
        keyword, used = Outcome.NOT_TREATED, 2
    elif first and first != Outcome.NOT_TREATED:
        keyword = outcome_named(first)
        used = 1 if keyword else 0
    ref = ""
    option = OUTCOMES[keyword].ref_option if keyword else ""
    if keyword and option:
        ref = call.opt(option)
        # Also the natural forms: "revised to TD667R1", "merged into C104", "sent as LS".
        rest = words[used:]
        if not ref and len(rest) >= 2 and rest[0].value.lower() == option:
            ref, used = rest[1].value, used + 2
        if not ref:
            raise call.fail(f"Say what it was {keyword} {option}, e.g. {option}=TD667R1.")
        if keyword != Outcome.SENT:
            parsed = parse_doc_number(ref)
            if parsed is None:
                raise call.fail(f"“{ref}” is not a document number.")
            ref = parsed.number
    stray = [k for k in REF_OPTIONS if call.has(k) and option != k]
    if stray:
        raise call.fail(f"{stray[0]}= goes with {REF_OPTIONS[stray[0]]} only.")
    text = call.args.rest_text(start + used)
    if not keyword and not text:
        raise call.fail("Give the decision: a keyword such as noted, or the text in quotes.")
    rest = words[used:]
    if not keyword and len(rest) == 1 and not rest[0].quoted:
        guess = nearest(rest[0].value, list(OUTCOMES))
        if guess:
            raise call.fail(
                f"“{rest[0].value}” is not a decision keyword; did you mean {guess}? "
                f'A decision in your own words goes in quotes: "…".'
            )
    return {"keyword": keyword, "ref": ref, "text": text}


def changes(call: Call) -> dict[str, Any]:
    if len(call.args.positionals) > 1 or any(call.has(k) for k in ("to", "into", "as")):
        return values(call, 1)
    return {}


FAMILY = entry_family(DECISION, values, changes)
