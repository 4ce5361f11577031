"""Typed calls: a subcommand run from values, not from command text.

The slash grammar is one front end; buttons, menus and the Home are others. They ask for an
`Op` — `MarkDone(number=12)`, `Decide("C103", Outcome.NOTED)` — which the router runs through
the same checks and unit of work as typed text (`Router.perform`), without reading anything a
person typed as command grammar (quotes, `key=value`) a second time.

An Op travels inside a Slack button or menu as a small JSON value (`encode`), and is read back
only as one of the declared kinds with fields of their declared types (`decode`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from enum import Enum
from functools import cache
from typing import Any, ClassVar, get_args, get_type_hints

from commands.framework.grammar import Token

_KINDS: dict[str, type[Op]] = {}


class Op:
    """A typed call of one subcommand (a frozen dataclass in each command's module)."""

    command: ClassVar[str]  # "/action"
    sub: ClassVar[str]  # "done"; "" for the command's default subcommand

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _KINDS[cls.__name__] = cls

    def tokens(self) -> list[Token]:
        """The subcommand's words, as values: never read as grammar."""
        raise NotImplementedError

    def options(self) -> dict[str, str]:
        return {}

    def line(self) -> str:
        """The command line it stands for, as a person would type it (`/report 2`)."""
        said = [t.value if not t.quoted else f'"{t.value}"' for t in self.tokens()]
        return " ".join([self.command, *([self.sub] if self.sub else []), *said])


def word(value: object) -> Token:
    """A command word (a number, a target): taken as it is."""
    return Token(str(value), quoted=False, start=0, end=0)


def text(value: str) -> Token:
    """Free text: taken whole, whatever quotes or `=` it holds."""
    return Token(value, quoted=True, start=0, end=0)


def encode(op: Op) -> str:
    """The op as a button's or menu option's value: `{"run": "MarkDone", "number": 12}`."""
    return json.dumps({"run": type(op).__name__, **asdict(op)}, separators=(",", ":"))  # type: ignore[call-overload]


@cache
def _hints(kind: Any) -> dict[str, Any]:
    return get_type_hints(kind)


def decode(value: str) -> Op | None:
    """The op a value carries, or None for anything but a declared op with well-typed fields."""
    try:
        got = json.loads(value)
        kind: Any = _KINDS[got.pop("run")]
        hints = _hints(kind)
        values = {}
        for f in fields(kind):
            if f.name not in got:
                continue
            values[f.name] = _typed(hints[f.name], got[f.name])
        made: Op = kind(**values)
        return made
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _typed(hint: Any, value: Any) -> Any:
    """A JSON value as the field's type; ValueError when it is not one."""
    choices = get_args(hint)
    if type(None) in choices:
        if value is None:
            return None
        hint = next(c for c in choices if c is not type(None))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint in (bool, int, str) and type(value) is hint:
        return value
    raise ValueError(f"{value!r} is not a {hint}")
