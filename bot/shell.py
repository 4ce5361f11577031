"""`clerk shell`: the same commands in a terminal, no Slack — typed, piped or from a file."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from commands import Caller, Context, Reply
from commands.mrkdwn import unesc
from storage import Store

from .clock import Clock, system_clock
from .routing import make_router

TEAM = "TSHELL"
_AS = re.compile(r"^as\s+([^:]+):\s*(.*)$", re.DOTALL)


def slack_id(prefix: str, name: str) -> str:
    """A stable Slack-like id for a shell name: `U0CHAIR` stays, `Bruce` -> `UBRUCE`."""
    if re.fullmatch(r"[UWC][A-Z0-9]+", name):
        return name
    return prefix + (re.sub(r"[^A-Za-z0-9]", "", name).upper() or "X")


@dataclass
class Outcome:
    """What a shell session did: every reply, and how many commands were refused."""

    replies: list[Reply] = field(default_factory=list)
    failed: int = 0


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
        if not line or line.startswith("#"):
            return None
        user = self.user
        m = _AS.match(line)
        if m:
            user, line = m.group(1).strip(), m.group(2).strip()
        if not line.startswith("/"):
            self._print(f"Commands start with /, e.g. /clerk help (got “{line[:40]}”).")
            return Reply.error("not a command")
        command, _, text = line.partition(" ")
        if "\n" in command:  # "/doc import\nTD1…": the command word ends at the line break
            command, _, rest = command.partition("\n")
            text = rest + (" " + text if text else "")
        ctx = Context(
            team_id=TEAM,
            channel_id=slack_id("C", self.channel),
            caller=Caller(slack_id("U", user), fallback_name=user),
            now=self.clock(),
            channel_name=self.channel,
        )
        reply = self.router.dispatch(command, text, ctx)
        self.show(reply)
        return reply

    def show(self, reply: Reply) -> None:
        mark = "" if reply.ok else "✗ "
        self._print(mark + unesc(reply.text))
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
        for command in commands_of(lines):
            reply = self.run_line(command)
            if reply is None:
                continue
            outcome.replies.append(reply)
            if not reply.ok:
                outcome.failed += 1
                if stop_on_error:
                    break
        return outcome

    def interactive(self, stdin: TextIO = sys.stdin) -> None:
        """A prompt loop; `/doc import` reads pasted lines until an empty line."""
        self._print(
            f"Clerk shell — channel #{self.channel}, user {self.user}. "
            "Type /clerk help; Ctrl-D to leave."
        )
        while True:
            try:
                line = input("clerk> ")
            except EOFError:
                self._print("")
                return
            if re.match(r"^(as\s+[^:]+:\s*)?/doc\s+import\s*$", line.strip(), re.IGNORECASE):
                pasted = []
                while True:
                    try:
                        more = input("...  ")
                    except EOFError:
                        break
                    if not more.strip():
                        break
                    pasted.append(more)
                line = "\n".join([line, *pasted])
            self.run_line(line)


def commands_of(lines: Iterable[str]) -> Iterator[str]:
    """Group input lines into commands: continuation lines join the command before them."""
    current: list[str] = []
    for raw in lines:
        line = raw.rstrip("\n")
        starts = line.lstrip().startswith("/") or _AS.match(line.strip())
        if starts or line.lstrip().startswith("#") or not current:
            if current:
                yield "\n".join(current)
            current = [] if line.lstrip().startswith("#") or not line.strip() else [line]
        else:
            current.append(line)
    if current:
        yield "\n".join(current)
