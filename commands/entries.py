"""/note, /comment, /decision, /action: the logged lines of a meeting, with edit and delete."""

from __future__ import annotations

from dataclasses import dataclass

from dateutil import parser as dateparser

from commands.framework.call import Call
from commands.framework.grammar import (
    Target,
    parse_doc_number,
    parse_id,
    refuse_ambiguous_date,
    take_target,
)
from commands.framework.limits import check_field
from commands.framework.mrkdwn import esc
from commands.framework.registry import Family, Sub
from commands.framework.reply import Reply
from commands.framework.suggest import nearest
from commands.text.lines import entry_line
from commands.text.sentences import KEYWORDS, REF_OPTION
from storage import Entry, Meeting


@dataclass(frozen=True)
class Kind:
    """What differs between the four entry commands."""

    name: str
    summary: str
    usage: str
    keys: tuple[str, ...]
    level: str
    what: str
    examples: tuple[str, ...]


KINDS = {
    "note": Kind(
        "note",
        "a note under an agenda item or document (current item by default)",
        '/note [ITEM|DOCUMENT] "text"',
        (),
        "participant",
        "add notes",
        ('/note 2.2 "The Rapporteur explained that TD667R1 has been developed by RG-IEM."',),
    ),
    "comment": Kind(
        "comment",
        "a comment made in the meeting, attributed to you or to by=",
        '/comment [ITEM|DOCUMENT] "text" [by="A Member State"]',
        ("by",),
        "participant",
        "add comments",
        (
            '/comment C103 "In the past there have been both Output and Outcome included in the '
            'Strategic Plan." by="A Member State"',
        ),
    ),
    "decision": Kind(
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
    ),
    "action": Kind(
        "action",
        "an action item with its owner and optional due date",
        '/action [ITEM|DOCUMENT] owner=WHO "what to do" [due=2024-10-31]',
        ("owner", "due"),
        "chair",
        "record action items",
        (
            '/action 4.2 owner=TSB "report the responses to the comments at the next RG-SOP '
            'meeting" due=2024-10-31',
        ),
    ),
}


def _target(call: Call, meeting: Meeting) -> tuple[Target, int]:
    """The explicit target, or the meeting's current item."""
    target, used = take_target(call.args)
    if target is None:
        if not meeting.current_item:
            raise call.fail(
                "Say what this is about (an agenda number like 2.1 or a document like C103), "
                "or set the current item with /agenda take 2.1."
            )
        return Target("item", meeting.current_item), 0
    if target.kind == "item":
        call.item(meeting, target.value)
    else:
        call.doc(meeting, target.value)
    return target, used


def _item_of(call: Call, meeting: Meeting, target: Target) -> str:
    """The agenda item an entry belongs to in the report."""
    if target.kind == "item":
        return target.value
    doc = call.store.documents.get(meeting.id, target.value)
    return (doc.item if doc else "") or meeting.current_item


def _due(call: Call) -> str:
    if not call.has("due"):
        return ""
    refuse_ambiguous_date(call.opt("due"))
    try:
        return dateparser.parse(call.opt("due"), dayfirst=True).date().isoformat()
    except (ValueError, OverflowError) as exc:
        raise call.fail(f"due= “{esc(call.opt('due'))}” is not a date like 2024-10-31.") from exc


def _decision(call: Call, start: int) -> dict:
    """keyword / ref / text of a decision from the words after the target."""
    words = call.args.positionals[start:]
    first = words[0].value.lower() if words and not words[0].quoted else ""
    keyword, used = "", 0
    if first == "not" and len(words) > 1 and words[1].value.lower() == "treated":
        keyword, used = "not treated", 2
    elif first in KEYWORDS:
        keyword, used = first, 1
    ref = ""
    if keyword in REF_OPTION:
        option = REF_OPTION[keyword]
        ref = call.opt(option)
        # Also the natural forms: "revised to TD667R1", "merged into C104", "sent as LS".
        rest = words[used:]
        if not ref and len(rest) >= 2 and rest[0].value.lower() == option:
            ref, used = rest[1].value, used + 2
        if not ref:
            raise call.fail(f"Say what it was {keyword} {option}, e.g. {option}=TD667R1.")
        if keyword != "sent":
            parsed = parse_doc_number(ref)
            if parsed is None:
                raise call.fail(f"“{esc(ref)}” is not a document number.")
            ref = parsed.number
    stray = [k for k in ("to", "into", "as") if call.has(k) and REF_OPTION.get(keyword) != k]
    if stray:
        raise call.fail(
            f"{stray[0]}= goes with "
            f"{ {'to': 'revised', 'into': 'merged', 'as': 'sent'}[stray[0]] } only."
        )
    text = call.args.rest_text(start + used)
    if not keyword and not text:
        raise call.fail("Give the decision: a keyword such as noted, or the text in quotes.")
    rest = words[used:]
    if not keyword and len(rest) == 1 and not rest[0].quoted:
        guess = nearest(rest[0].value, [*KEYWORDS, "not treated"])
        if guess:
            raise call.fail(
                f"“{esc(rest[0].value)}” is not a decision keyword; did you mean {guess}? "
                f'A decision in your own words goes in quotes: "…".'
            )
    return {"keyword": keyword, "ref": ref, "text": text}


def add(kind: Kind):
    def handler(call: Call) -> Reply:
        meeting = call.meeting()
        target, used = _target(call, meeting)
        values: dict = {"text": call.args.rest_text(used)}
        if kind.name == "decision":
            values = _decision(call, used)
        elif not values["text"]:
            raise call.fail(f"Give the {kind.name} text in quotes.")
        if kind.name == "comment":
            # by="" keeps a comment unattributed ("Then, it was commented that…").
            if call.has("by"):
                values["attributed"], values["attributed_id"] = call.person(call.opt("by"))
            else:
                values["attributed"] = call.ctx.caller.name
        if kind.name == "action":
            if not call.opt("owner"):
                raise call.fail('Say who owns the action: owner=TSB or owner="Name".')
            values["attributed"], values["attributed_id"] = call.person(call.opt("owner"))
            values["due"] = _due(call)
        check_field("The text", values["text"])  # several unquoted words join into one
        entry = call.store.entries.add(
            call.group.id,
            meeting.id,
            now=call.now,
            kind=kind.name,
            target_type=target.kind,
            target=target.value,
            item=_item_of(call, meeting, target),
            author_id=call.ctx.caller.user_id,
            author_name=call.ctx.caller.name,
            source_ts=call.ctx.source_ts,
            **values,
        )
        return call.done(entry_line(entry))

    return handler


def _entry(call: Call, kind: Kind) -> Entry:
    words = call.args.positionals
    number = parse_id(words[0].value) if words else None
    if number is None:
        raise call.fail(f"Say which {kind.name} by its number, e.g. /{kind.name} edit 17 ….")
    entry = call.store.entries.get(call.group.id, number)
    if entry is None:
        raise call.fail(f"There is no entry #{number} in this channel.")
    if entry.kind != kind.name:
        real = "decision" if entry.kind == "agenda" else entry.kind
        raise call.fail(f"#{number} is a {entry.kind}, not a {kind.name}; use /{real} for it.")
    call.may_change(entry.author_id, f"change others' {kind.name}s")
    return entry


def edit(kind: Kind):
    def handler(call: Call) -> Reply:
        entry = _entry(call, kind)
        values: dict = {}
        if kind.name == "decision":
            if len(call.args.positionals) > 1 or any(call.has(k) for k in ("to", "into", "as")):
                values = _decision(call, 1)
        else:
            text = call.args.rest_text(1)
            if text:
                values["text"] = text
        if kind.name == "comment" and call.has("by"):
            values["attributed"], values["attributed_id"] = call.person(call.opt("by"))
        if kind.name == "action":
            if call.has("owner"):
                if not call.opt("owner"):
                    raise call.fail("owner= cannot be empty.")
                values["attributed"], values["attributed_id"] = call.person(call.opt("owner"))
            if call.has("due"):
                values["due"] = _due(call)
        if not values:
            raise call.fail(f"Give the new text of #{entry.number}.")
        entry = call.store.entries.edit(entry.id, now=call.now, **values)
        return call.done(f"Edited {entry_line(entry)}")

    return handler


def delete(kind: Kind):
    def handler(call: Call) -> Reply:
        entry = _entry(call, kind)
        call.store.entries.delete(entry.id, now=call.now)
        return call.done(f"Deleted {entry_line(entry)}")

    return handler


def families() -> list[Family]:
    out = []
    for kind in KINDS.values():
        fam = Family(kind.name, kind.summary, default="add")
        common = {"level": kind.level, "what": kind.what}
        fam.add(
            Sub(
                "add",
                kind.usage,
                add(kind),
                f"log a {kind.name}",
                keys=kind.keys,
                examples=kind.examples,
                free_text=True,
                may_be_empty=("by",) if kind.name == "comment" else (),
                **common,
            )
        )
        fam.add(
            Sub(
                "edit",
                f"/{kind.name} edit NUMBER …",
                edit(kind),
                f"change a {kind.name} (yours, or anyone's if you chair)",
                keys=kind.keys,
            )
        )
        fam.add(
            Sub(
                "delete",
                f"/{kind.name} delete NUMBER",
                delete(kind),
                f"delete a {kind.name} (yours, or anyone's if you chair)",
            )
        )
        out.append(fam)
    return out
