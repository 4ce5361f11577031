"""One invocation of a subcommand: parsed input plus lookups every handler needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from commands.framework.context import Context
from commands.framework.errors import UsageError
from commands.framework.grammar import (
    Args,
    decoded,
    parse_agenda_number,
    parse_doc_number,
    parse_id,
    parse_mention,
    split_names,
)
from commands.framework.permissions import NOT_SET_UP, Level, check
from commands.framework.reply import Reply
from commands.framework.rich import Says, rich, says
from storage import AgendaItem, Document, Group, Meeting, Store

if TYPE_CHECKING:
    from .registry import Sub


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """One person given twice: the same Slack user, or the same typed name."""
    return a[1] == b[1] if a[1] or b[1] else a[0].casefold() == b[0].casefold()


@dataclass
class Call:
    """What a handler gets: context, store, arguments, the group and the caller's role."""

    ctx: Context
    store: Store
    args: Args
    sub: Sub
    # Set by the router before the handler runs, for every subcommand that takes a group.
    found_group: Group | None = None
    role: str = "participant"

    @property
    def group(self) -> Group:
        """The channel's group; handlers of subcommands that take a group always have one."""
        if self.found_group is None:
            raise UsageError(NOT_SET_UP, self.sub.usage)
        return self.found_group

    @property
    def now(self) -> datetime:
        return self.ctx.now

    def require(self, level: Level, what: str) -> None:
        """Raise NotAllowed unless the caller has `level` (chair, rapporteur) in this group."""
        self.role = check(self.store, self.group, self.ctx.caller, level, what)

    def may_change(self, author_id: str, what: str) -> None:
        """People change their own things; chairs change anyone's."""
        if author_id != self.ctx.caller.user_id:
            self.require("chair", what)

    # Answers -------------------------------------------------------------------------------

    def done(self, text: Says) -> Reply:
        """A write succeeded: the channel sees what was recorded."""
        return Reply(text=rich(text), visibility="channel")

    def show(self, text: Says) -> Reply:
        """A read: only the caller sees it."""
        return Reply(text=rich(text), visibility="caller")

    def fail(self, message: Says, *, field: str = "") -> UsageError:
        """An error for this subcommand, with its usage line; `raise call.fail(...)`.

        `field`: the option or word at fault, for forms to mark."""
        return UsageError(message, self.sub.usage, field=field)

    # Options -------------------------------------------------------------------------------

    def opt(self, key: str, default: str = "") -> str:
        return self.args.options.get(key, default).strip()

    def has(self, key: str) -> bool:
        return key in self.args.options

    def person(self, value: str) -> tuple[str, str]:
        """(name, Slack user id) of `by=`/`owner=`: a mention is a person, else a plain name."""
        ref = parse_mention(value)
        if ref is None or not ref.user_id:
            return value, ""
        return self.ctx.names.get(ref.user_id) or ref.name or ref.user_id, ref.user_id

    def people(self, key: str) -> list[tuple[str, str]]:
        """Everyone a repeatable person option names (`owner=A owner="B, C"`), each once."""
        out: list[tuple[str, str]] = []
        for value in self.args.typed.get(key, ()):
            for name in split_names(
                value, escaped=self.args.escaped
            ):  # as typed: a Slack mention stays a person
                mention = parse_mention(name)
                person = self.person(name if mention else decoded(name, self.args).strip())
                if person[0] and not any(_same(person, o) for o in out):
                    out.append(person)
        return out

    # Lookups -------------------------------------------------------------------------------

    def meeting(self, number: str | None = None) -> Meeting:
        """The meeting given by number, else the group's current one."""
        if number is not None:
            meeting_id = parse_id(number)
            if meeting_id is None:
                raise self.fail(f"“{number}” is not a meeting id; see /meeting list.")
            found = self.store.meetings.get(self.group.id, meeting_id)
            if not found:
                raise self.fail(
                    f"There is no meeting {meeting_id} in this channel; see /meeting list."
                )
            return found
        current = self.store.meetings.current(self.group)
        if current is None:
            raise UsageError(
                says(
                    "This channel has no meeting yet; create one first with "
                    '`/meeting new "Title" start="2024-08-01 14:30"`.'
                )
            )
        return current

    def item_number(self, text: str) -> str:
        number = parse_agenda_number(text)
        if number is None:
            raise self.fail(f"“{text}” is not an agenda number like 2, 2.1 or 4.2.3.", field="item")
        return number

    def item(self, meeting: Meeting, number: str) -> AgendaItem:
        found = self.store.agenda.get(meeting.id, number)
        if found is None:
            raise self.fail(
                f"Agenda item {number} is not on the agenda of meeting {meeting.number}; "
                f'add it with /agenda add {number} "Title".'
            )
        return found

    def doc(self, meeting: Meeting, text: str) -> Document:
        parsed = parse_doc_number(text, lambda: self.group.repo)
        if parsed is None:
            raise self.fail(
                f"“{text}” is not a document number like TD667R1, C103 or S2-1902937.",
                field="number",
            )
        found = self.store.documents.get(meeting.id, parsed.number)
        if found is None:
            raise self.fail(
                f"Document {parsed.number} is not listed for meeting {meeting.number}; "
                f'add it with /doc add {parsed.number} title="…".',
                field="number",
            )
        return found
