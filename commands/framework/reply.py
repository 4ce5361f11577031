"""What a command answers: a value the Slack edge and the shell both know how to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from commands.framework.ops import Op
from commands.framework.rich import Code, Rich, Says, rich
from storage import Store


@dataclass(frozen=True)
class Button:
    """A button under an answer that runs a typed call as whoever clicks it (`Draft(2)`)."""

    label: str
    run: Op


@dataclass(frozen=True)
class Choice:
    """One entry of a line's menu: run a typed call, or open a form about the line's target."""

    label: str
    run: Op | None = None
    form: str = ""  # "comment", "note", "present": the edge opens that form for the line


@dataclass(frozen=True)
class Attachment:
    """A file to hand to the user: uploaded to the channel in Slack, written to disk in a shell."""

    filename: str
    content: bytes
    title: str = ""
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class Canvas:
    """A report draft to show as a Slack canvas: created once per meeting, then replaced."""

    meeting_id: int
    title: str
    markdown: str
    canvas_id: str = ""  # the meeting's canvas so far, if any


@dataclass(frozen=True)
class Queue:
    """A meeting's speaker queue, for the one message the edge keeps up to date with it."""

    meeting_id: int
    meeting_number: int
    speakers: tuple[tuple[str, str], ...]  # (name, note), first asked first
    message_ts: str = ""  # the message showing it so far, if any


@dataclass(frozen=True)
class Row:
    """One line of a listing, with what can be done to it (value, label)."""

    text: Rich
    target: str  # agenda number or document number
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Listing:
    """A list the edge may show richer than text (Block Kit with a menu per row)."""

    title: str
    rows: tuple[Row, ...]
    # The command that made it (command, its text), run again for another page.
    source: tuple[str, str] = ("", "")


# Who sees an answer: the whole channel (a write), or only the person who asked.
Visibility = Literal["channel", "caller"]


def as_visibility(text: str) -> Visibility:
    """A visibility read back from the store."""
    return "channel" if text == "channel" else "caller"


@dataclass
class Reply:
    """A command's answer: Rich text (marks, never markup) the edge renders where it goes."""

    text: Rich
    # "channel": everyone sees the confirmation; "caller": only the person who typed it.
    visibility: Visibility = "caller"
    ok: bool = True
    files: list[Attachment] = field(default_factory=list)
    # Slow work (reports) the edge runs after acknowledging, on a thread of its own and so with
    # a store of its own (a SQLite connection belongs to one thread); returns a further Reply.
    later: Callable[[Store], Reply] | None = None
    canvas: Canvas | None = None
    listing: Listing | None = None
    # The files go to the caller alone (a DM with the bot), not to the channel.
    files_to_caller: bool = False
    # The command only works with Clerk in the channel (live capture): the edge checks it.
    needs_presence: bool = False
    # Buttons under the answer (Slack: an actions block; the shell prints the command).
    buttons: tuple[Button, ...] = ()
    # The speaker queue changed: the edge shows it in the message it keeps for the meeting.
    queue: Queue | None = None

    # A refusal keeps its sentence (`text`), the usage line and the field at fault apart:
    # a slash command shows both lines (`full`), a form shows the sentence on the field.
    usage: str = ""
    field: str = ""

    @property
    def full(self) -> Rich:
        """The answer as a typed command shows it: the sentence, then the usage line."""
        return self.text if not self.usage else Rich(self.text, "\nUsage: ", Code(self.usage))

    @classmethod
    def error(cls, message: Says, usage: str = "", *, field: str = "") -> Reply:
        return cls(text=rich(message), visibility="caller", ok=False, usage=usage, field=field)
