"""What Clerk says, as a value: plain words with marks (strong, code, a person), never markup.

A command answers with `Rich` text; the edge renders it for where it goes (Slack mrkdwn with
`& < >` escaped, plain text in a shell). Strings inside are plain — ours and users' alike — so
nothing a user typed can become markup, whatever it contains.

    says("Recorded {doc} as *{outcome}*. Run `/report` next.", doc="C103", outcome="agreed")

`says` reads `*strong*`, `_emphasis_` and `` `code` `` in the template only (our own words); the
values fill `{name}` placeholders as plain text and are never read for marks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias, Union


@dataclass(frozen=True)
class Strong:
    """Words in bold: a title, a warning."""

    text: Rich


@dataclass(frozen=True)
class Em:
    """Words in italics: a placeholder such as "no title"."""

    text: Rich


@dataclass(frozen=True)
class Code:
    """Something to type as shown: a command, a usage line, a file name."""

    text: str


@dataclass(frozen=True)
class Mention:
    """A person by Slack user id: a live mention in Slack, the id in a shell."""

    user_id: str


@dataclass(frozen=True)
class Channel:
    """A Slack channel by id: a live link to it in Slack, the id in a shell."""

    channel_id: str


@dataclass(frozen=True)
class Link:
    """A labelled link."""

    url: str
    label: str = ""


Part: TypeAlias = str | Strong | Em | Code | Mention | Channel | Link
# What may go where Rich text is expected: plain text, one part, or Rich text.
Says: TypeAlias = Union["Rich", str, Strong, Em, Code, Mention, Channel, Link]


class Rich:
    """A run of parts: text with marks, lines separated by "\\n" inside the strings."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Says | int) -> None:
        flat: list[Part] = []
        for p in parts:
            for q in p.parts if isinstance(p, Rich) else (str(p) if isinstance(p, int) else p,):
                if isinstance(q, str) and flat and isinstance(flat[-1], str):
                    flat[-1] += q  # neighbouring plain text is one string
                elif q != "":
                    flat.append(q)
        self.parts: tuple[Part, ...] = tuple(flat)

    def __add__(self, other: Says | int) -> Rich:
        return Rich(self, other)

    def __radd__(self, other: Says | int) -> Rich:
        return Rich(other, self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            other = Rich(other)
        return isinstance(other, Rich) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __repr__(self) -> str:
        return f"Rich{self.parts!r}"

    def __str__(self) -> str:
        # An f-string of Rich text would lose its marks or leak markup: the edge renders it.
        raise TypeError("Rich text is rendered by the edge (bot.render), not formatted as str")

    def __format__(self, spec: str) -> str:
        return self.__str__()

    def join(self, items: Iterable[Says | int]) -> Rich:
        """`sep.join(items)`, keeping every item's marks."""
        out: list[Says | int] = []
        for i, item in enumerate(items):
            if i:
                out.append(self)
            out.append(item)
        return Rich(*out)

    def words(self) -> str:
        """The text without its marks: for search, logs and limits, never for display."""
        return "".join(_words(p) for p in self.parts)

    def lines(self) -> list[Rich]:
        """The text cut at each "\\n" (between marks), a Rich text per line."""
        out: list[list[Part]] = [[]]
        for p in self.parts:
            if isinstance(p, str) and "\n" in p:
                first, *rest = p.split("\n")
                out[-1].append(first)
                out.extend([q] for q in rest)
            else:
                out[-1].append(p)
        return [Rich(*line) for line in out]

    def startswith(self, prefix: str) -> bool:
        return self.words().startswith(prefix)

    def dumps(self) -> str:
        """As JSON, to store (an answer remembered for a retried request, an undo summary)."""
        return json.dumps([_dump(p) for p in self.parts], ensure_ascii=False)

    @classmethod
    def loads(cls, stored: str) -> Rich:
        """Text stored by `dumps`; older rows held Slack mrkdwn, read back as marks."""
        try:
            raw = json.loads(stored) if stored.startswith("[") else None
        except ValueError:
            raw = None
        if not isinstance(raw, list):
            return from_mrkdwn(stored)
        return cls(*(_load(p) for p in raw))


def _words(p: Part) -> str:
    if isinstance(p, str):
        return p
    if isinstance(p, (Strong, Em)):
        return p.text.words()
    if isinstance(p, Code):
        return p.text
    if isinstance(p, Mention):
        return f"@{p.user_id}"
    if isinstance(p, Channel):
        return f"#{p.channel_id}"
    return p.label or p.url


def _dump(p: Part) -> Any:
    if isinstance(p, str):
        return p
    if isinstance(p, (Strong, Em)):
        return {type(p).__name__.lower(): [_dump(q) for q in p.text.parts]}
    if isinstance(p, Code):
        return {"code": p.text}
    if isinstance(p, Mention):
        return {"mention": p.user_id}
    if isinstance(p, Channel):
        return {"channel": p.channel_id}
    return {"link": p.url, "label": p.label}


def _load(v: Any) -> Part:
    if isinstance(v, str):
        return v
    if "strong" in v:
        return Strong(Rich(*map(_load, v["strong"])))
    if "em" in v:
        return Em(Rich(*map(_load, v["em"])))
    if "code" in v:
        return Code(str(v["code"]))
    if "mention" in v:
        return Mention(str(v["mention"]))
    if "channel" in v:
        return Channel(str(v["channel"]))
    return Link(str(v["link"]), str(v.get("label", "")))


def strong(*text: Says | int) -> Strong:
    return Strong(Rich(*text))


def em(*text: Says | int) -> Em:
    return Em(Rich(*text))


def code(text: object) -> Code:
    return Code(str(text))


def quoted(text: object, limit: int = 0) -> str:
    """A user value in curly quotes, optionally shortened with "…"."""
    s = str(text)
    if limit and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return f"“{s}”"


def shortened(text: Rich, limit: int) -> Rich:
    """At most `limit` characters of words, cut with "…"; marks kept, never cut inside one."""
    if len(text.words()) <= limit:
        return text
    out: list[Part] = []
    room = limit - 1
    for p in text.parts:
        size = len(_words(p))
        if size <= room:
            out.append(p)
            room -= size
            continue
        if isinstance(p, str):
            out.append(p[:room])
        break
    return Rich(*out, "…")


# Our templates' marks: code first (its inside is never read), then strong and emphasis.
_MARK = re.compile(r"`([^`]*)`|\*([^*\n]+)\*|(?<![\w])_([^_\n]+)_(?![\w])")
_FIELD = re.compile(r"\{(\w*)\}")


def says(template: str, **values: Says | int) -> Rich:
    """Our words with marks, `{name}` filled with values (plain text or Rich, never re-read)."""
    return _marked(template, values)


def marked(text: str) -> Rich:
    """Our own words with marks and no fields: a declaration's summary, a usage line's note."""
    return _marked(text, None)


def _marked(template: str, values: dict[str, Says | int] | None) -> Rich:
    out: list[Says | int] = []
    pos = 0
    for m in _MARK.finditer(template):
        out.extend(_filled(template[pos : m.start()], values))
        if m.group(1) is not None:
            out.append(Code(Rich(*_filled(m.group(1), values)).words()))
        elif m.group(2) is not None:
            out.append(Strong(Rich(*_filled(m.group(2), values))))
        else:
            out.append(Em(Rich(*_filled(m.group(3), values))))
        pos = m.end()
    out.extend(_filled(template[pos:], values))
    return Rich(*out)


def _filled(text: str, values: dict[str, Says | int] | None) -> list[Says | int]:
    if values is None:
        return [text]
    out: list[Says | int] = []
    pos = 0
    for m in _FIELD.finditer(text):
        out.append(text[pos : m.start()])
        out.append(values[m.group(1)])
        pos = m.end()
    out.append(text[pos:])
    return out


_OLD_MARK = re.compile(r"`([^`]*)`|\*([^*\n]+)\*|<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")


def from_mrkdwn(text: str) -> Rich:
    """Slack mrkdwn stored before answers were values, read as marks and plain text."""

    def plain(s: str) -> str:
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    out: list[Part] = []
    pos = 0
    for m in _OLD_MARK.finditer(text):
        out.append(plain(text[pos : m.start()]))
        if m.group(1) is not None:
            out.append(Code(plain(m.group(1))))
        elif m.group(2) is not None:
            out.append(Strong(Rich(plain(m.group(2)))))
        else:
            out.append(Mention(m.group(3)))
        pos = m.end()
    out.append(plain(text[pos:]))
    return Rich(*out)


def rich(text: Says | int) -> Rich:
    """Any text value as Rich text."""
    return text if isinstance(text, Rich) else Rich(text)
