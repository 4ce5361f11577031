"""`clerk shell`: the same commands in a terminal, no Slack — typed, piped or from a file."""

from __future__ import annotations

import re
import select
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.render import plain
from commands import (
    MEETBOT,
    TAGS,
    Caller,
    Context,
    Reply,
    UsageError,
    capture,
    make_router,
    tokenize,
)
from storage import Store

from .clock import Clock, system_clock

TEAM = "TSHELL"
# `as NAME: /cmd …` switches user only when a command follows: "as discussed: …" is text.
_AS = re.compile(r"^as\s+([^:\n]+):\s*(/.*)$", re.DOTALL)
# `as U0SCRIBE: gkellogg: I think…`: a plain line as a user named by an id in capitals.
_AS_ID = re.compile(r"^as\s+([A-Z][A-Z0-9]+):\s*(.*)$", re.DOTALL)
# A line that starts a new command: /cmd, `as NAME: /cmd`, or a live-capture #tag.
_TAG = re.compile(r"^#(?:" + "|".join((*TAGS, *MEETBOT)) + r")\b", re.IGNORECASE)


def slack_id(prefix: str, name: str) -> str:
    """A stable Slack-like id for a shell name: `U0CHAIR` stays, `Bruce` -> `UBRUCE`."""
    if re.fullmatch(r"[UWC][A-Z0-9]+", name):
        return name
    return prefix + (re.sub(r"[^A-Za-z0-9]", "", name).upper() or "X")


@dataclass
class Outcome:
    """What a shell session did: every reply, and which commands were refused."""

    replies: list[Reply] = field(default_factory=list)
    failed: int = 0
    refused_lines: list[int] = field(default_factory=list)  # where each refused one started

    def summary(self) -> str:
        """`12 commands run, 2 refused (lines 4, 9).`"""
        n = len(self.replies)
        text = f"{n} command{'s' if n != 1 else ''} run, {self.failed} refused"
        if self.refused_lines:
            text += f" (line{'s' if len(self.refused_lines) > 1 else ''} "
            text += ", ".join(map(str, self.refused_lines)) + ")"
        return text + "."


class Shell:
    """Runs command lines against a store as a given user in a given channel."""

    def __init__(
        self,
        store: Store,
        *,
        user: str = "me",
        channel: str = "shell",
        clock: Clock = system_clock,
        out: TextIO = sys.stdout,
        files_dir: Path | None = None,
    ):
        self.store = store
        self.router = make_router(store)
        self.user = user
        self.channel = channel
        self.clock = clock
        self.out = out
        self.files_dir = files_dir or Path.cwd()

    def run_line(self, line: str) -> Reply | None:
        """Run one command (possibly multi-line); `as NAME: /cmd …` runs it as NAME."""
        line = line.strip()
        if not line or (line.startswith("#") and not _TAG.match(line)):
            return None  # a script's comment line
        user = self.user
        m = _AS.match(line) or _AS_ID.match(line)
        if m:
            user, line = m.group(1).strip(), m.group(2).strip()
        if _TAG.match(line):
            return self._capture(line, user)
        if not line.startswith("/"):
            # A scribe's line (present+, Topic:, gkellogg: …) while the meeting is open.
            reply = capture(self.router, self._context(user), line, slack=False)
            if reply is None:
                reply = Reply.error(
                    f"Not a command, so not recorded: “{line[:80]}”. Commands start with /, "
                    "`as NAME: /…` or a #tag; a scribe's lines (present+, Topic:, Name: …) "
                    "are read while a meeting is open; a line goes on with the command above "
                    "only inside an open quote or a pasted `/doc import` list."
                )
            self.show(reply)
            return reply
        # In Slack, typing @U0ANA makes a mention; here a user id after @ is one too.
        line = _SHELL_MENTION.sub(r"<@\1>", line)
        command, _, text = line.partition(" ")
        if "\n" in command:  # "/doc import\nTD1…": the command word ends at the line break
            command, _, rest = command.partition("\n")
            text = rest + (" " + text if text else "")
        reply = self.router.dispatch(command, text, self._context(user))
        self.show(reply)
        return reply

    def _context(self, user: str) -> Context:
        return Context(
            team_id=TEAM,
            channel_id=slack_id("C", self.channel),
            caller=Caller(slack_id("U", user), fallback_name=user),
            now=self.clock(),
            channel_name=self.channel,
        )

    def _capture(self, line: str, user: str) -> Reply:
        """A `#note …` line, as typed in the channel: recorded while the meeting is open."""
        # The shell's text is plain, not Slack's (no entities to decode): read as typed.
        reply = capture(self.router, self._context(user), line, slack=False)
        if reply is None:
            reply = Reply.error(
                "Not recorded: #tags are recorded only while a meeting is open (/meeting open)."
            )
        self.show(reply)
        return reply

    def show(self, reply: Reply) -> None:
        mark = "" if reply.ok else "✗ "
        self._print(mark + plain(reply.full))
        for b in reply.buttons:  # in Slack a button; here the command it would run
            self._print(f"  [{b.label}: {b.run.line()}]")
        for f in reply.files:
            path = self.files_dir / f.filename
            path.write_bytes(f.content)
            self._print(f"  (file written: {path})")
        if reply.later is not None:
            self.show(reply.later(self.store))

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def run_script(self, lines: Iterable[str], *, stop_on_error: bool = False) -> Outcome:
        """Run piped or scripted input: a line not starting with / or `as` continues the last."""
        outcome = Outcome()
        for number, command in numbered_commands(lines):
            reply = self.run_line(command)
            if reply is None:
                continue
            outcome.replies.append(reply)
            if not reply.ok:
                outcome.failed += 1
                outcome.refused_lines.append(number)
                if stop_on_error:
                    break
        return outcome

    def interactive(
        self, stdin: TextIO = sys.stdin, *, pending: Callable[[], bool] | None = None
    ) -> None:
        """A prompt loop. A paste of several lines runs as it would piped: lines that do not
        start a command continue the one above; an open quote or `/doc import` reads on."""
        self._print(
            f"Clerk shell — channel #{self.channel}, user {self.user}. "
            "Type /clerk help; Ctrl-D to leave."
        )
        more_waiting = pending or (lambda: _readable(stdin))
        while True:
            line = self._read(stdin, "clerk> ")
            if line is None:
                self._print("")
                return
            lines = [line]
            importing = bool(_IMPORT.match(line.strip()))
            while True:
                if more_waiting() or _open_quote(lines):
                    more = self._read(stdin, "...  ")
                elif importing:
                    more = self._read(stdin, "...  ")
                    if more is not None and not more.strip():
                        more = None  # an empty line ends a pasted list
                else:
                    break
                if more is None:
                    break
                lines.append(more)
            for command in commands_of(lines):
                self.run_line(command)

    def _read(self, stdin: TextIO, prompt: str) -> str | None:
        """One line from the user; None at the end of input."""
        if stdin is sys.stdin and stdin.isatty():
            try:
                return input(prompt)
            except EOFError:
                return None
        print(prompt, end="", file=self.out, flush=True)
        line = stdin.readline()
        return line.rstrip("\n") if line else None


_IMPORT = re.compile(r"^(as\s+[^:]+:\s*)?/doc\s+import\s*$", re.IGNORECASE)
_IMPORT_START = re.compile(r"^(as\s+[^:]+:\s*)?/doc\s+import\b", re.IGNORECASE)
# `@U0ANA` typed in the shell: a user id, as Slack would send it for a mention.
_SHELL_MENTION = re.compile(r"(?<![\w<])@([UW][A-Z0-9]{2,})\b")


def _readable(stdin: TextIO) -> bool:
    """More pasted input is already waiting (a paste arrives faster than anyone types)."""
    try:
        ready, _, _ = select.select([stdin], [], [], 0.02)
    except (OSError, ValueError, TypeError):
        return False
    return bool(ready)


def _open_quote(lines: list[str]) -> bool:
    """The last command so far has a quote that is not closed yet: its text goes on."""
    commands = list(commands_of(lines))
    if not commands:
        return False
    try:
        tokenize(commands[-1].partition(" ")[2])
    except UsageError as err:
        return "never closed" in err.message.words()
    return False


def commands_of(lines: Iterable[str]) -> Iterator[str]:
    """Group input lines into commands: continuation lines join the command before them."""
    for _, command in numbered_commands(lines):
        yield command


def _goes_on(current: list[str]) -> bool:
    """Whether the command so far takes the next line: a quote is open in it, or it is a
    pasted `/doc import` list. Anything else after a command is a line of its own."""
    if _IMPORT_START.match(current[0].strip()):
        return True
    return _open_quote(["\n".join(current)])


def numbered_commands(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(first line number, command) for each command of the input."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        stripped = line.strip()
        tag = bool(_TAG.match(stripped))
        comment = stripped.startswith("#") and not tag
        starts = stripped.startswith("/") or bool(_AS.match(stripped)) or tag
        if starts or comment or not current or (stripped and not _goes_on(current)):
            if current:
                yield start, "\n".join(current)
            current = [] if comment or not stripped else [line]
            start = number
        else:
            current.append(line)
    if current:
        yield start, "\n".join(current)
