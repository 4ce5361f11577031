"""Command families and their subcommands: names, usage lines, options, required role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from commands.framework.permissions import Level

if TYPE_CHECKING:
    from .call import Call
    from .reply import Reply


Handler = Callable[["Call"], "Reply"]


@dataclass
class Sub:
    """One subcommand (`/doc add`) or a family's default form (`/doc TD667R1`)."""

    name: str
    usage: str
    handler: Callable[[Call], Reply]
    summary: str
    level: Level = "participant"
    keys: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    what: str = ""  # for refusals: "record decisions"
    takes_group: bool = True
    raw_text: bool = False  # the handler reads its own lines (e.g. /doc import)
    pure: bool = False  # reads only and posts nothing: runs on a snapshot, is never deduplicated
    searches: bool = False  # reads the search index: entries logged since are indexed first
    free_text: bool = False  # its words are text (a note may start with any word)
    may_be_empty: tuple[str, ...] = ()  # options that mean something when empty (by="")
    many: tuple[str, ...] = ()  # options that may be given several times (name= of attend)
    undoable: bool = True  # its writes can be taken back with /clerk undo (not undo itself)


@dataclass
class Family:
    """A slash command (`/doc`) and its subcommands."""

    name: str
    summary: str
    subs: dict[str, Sub] = field(default_factory=dict)
    default: str | None = None  # subcommand used when the first word is none of `subs`
    aliases: dict[str, str] = field(default_factory=dict)

    def sub(
        self, name: str, usage: str, summary: str, *, aliases: tuple[str, ...] = (), **options: Any
    ) -> Callable[[Handler], Handler]:
        """Declare a subcommand on its handler, as `@FAMILY.sub("open", "/meeting open …", …)`:
        usage, permission level and options stand where the code that honours them is."""

        def declare(handler: Handler) -> Handler:
            self.add(Sub(name, usage, handler, summary, **options), *aliases)
            return handler

        return declare

    def add(self, sub: Sub, *aliases: str) -> None:
        self.subs[sub.name] = sub
        for alias in aliases:
            self.aliases[alias] = sub.name

    def find(self, word: str) -> Sub | None:
        word = word.lower()
        name = self.aliases.get(word, word)
        return self.subs.get(name)
