"""The Markdown writer: any document tree (tree.py) as Markdown, user text escaped for it."""

from __future__ import annotations

import re

from commands.report.inline import as_markdown
from commands.report.tree import (
    Block,
    Bullets,
    Contents,
    Document,
    Form,
    Heading,
    Line,
    Medium,
    Only,
    PageBreak,
    Para,
    Rule,
    Table,
    Text,
)

# Characters that Markdown would turn into markup, links or raw HTML.
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
# Anything `md` might escape (a cheap look first).
_ANY_SIGN = re.compile(r"[\\`*_\[\]<>|~&#]|(?m:^\s*\d+\.)")
# What a line may start with that Markdown would read as a heading or a numbered list.
_LINE_START = re.compile(r"(?m)^(\s*)(#|\d+\.)")
_NEW_LINE = re.compile(r"(?m)(?<=\n)(\s*)(#|\d+\.)")
# A Markdown link target that is neither a web page nor an e-mail address.
_UNSAFE_LINK = re.compile(r"\]\(\s*(?!https?://|mailto:)[^)]*\)", re.IGNORECASE)


def md(text: str, *, starts_line: bool = True) -> str:
    """Escape user text for Markdown: it shows as typed, never as markup or HTML.
    `starts_line`: the text begins a line (where a leading # or "1." would act)."""
    text = str(text)
    if not _ANY_SIGN.search(text):  # most of a report: words alone
        return text
    text = MD_SPECIAL.sub(r"\\\1", text)
    # A leading # would make a heading; a leading number and dot, a numbered list.
    start = _LINE_START if starts_line else _NEW_LINE
    return start.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def defused(text: str) -> str:
    """A Markdown link to anything but the web or mail made a dead link (`](#)`)."""
    return _UNSAFE_LINK.sub("](#)", text)


def keep(text: str) -> str:
    """The writer's own Markdown kept (**bold**, [links](…), `code`); only what would act —
    Slack broadcasts and mentions, raw HTML — is made text."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A link may go to the web or to mail; `javascript:` and the like become a dead link.
    return defused(text)


def write(document: Document) -> str:
    """The tree as Markdown: blocks a blank line apart."""
    return "\n\n".join(x for x in map(_block, document.blocks) if x) + "\n"


def _only(block: Only) -> str:
    """A page's own blocks; a Word document's are left out."""
    if block.medium is not Medium.PAGE:
        return ""
    return "\n\n".join(x for x in map(_block, block.blocks) if x)


def _block(block: Block) -> str:
    if isinstance(block, Heading):  # "2.1<tab>Title": a space in Markdown
        text = line(block.line, after_mark=True).replace("\t", " ")
        return "#" * min(block.level + 1, 6) + " " + text
    if isinstance(block, Para):  # "title<tab>number" at the right margin: a dash between
        tab = " — " if block.right_tab else " "
        text = "  \n".join(line(x).replace("\t", tab) for x in block.lines)
        return "\n".join("> " + x for x in text.split("\n")) if block.quote else text
    if isinstance(block, Bullets):
        marks = block.marks()
        return "\n".join(f"- {mark}{line(x)}" for mark, x in zip(marks, block.items, strict=True))
    if isinstance(block, Table):
        return _grid(block) if not block.borders else _table(block.shown())
    if isinstance(block, Contents):
        return ""
    if isinstance(block, Rule):
        return "---"
    if isinstance(block, PageBreak):
        return ""
    if isinstance(block, Only):
        return _only(block)
    raise TypeError(f"not a block: {block!r}")


def _table(table: Table) -> str:
    """A Markdown table (its header row blank when the columns have no labels)."""
    head = "| " + " | ".join(md(c.label, starts_line=False) for c in table.columns) + " |"
    rule = "|" + "---|" * len(table.columns)
    rows = [
        "| " + " | ".join(line(c, in_cell=True, after_mark=True) for c in r) + " |"
        for r in table.rows
    ]
    return "\n".join([head, rule, *rows])


def _grid(table: Table) -> str:
    """A grid of facts (a cover page) as lines: a label and its value a space apart, other
    cells a dash apart; a cell's own line breaks kept."""
    lines = []
    for row in table.rows:
        text = ""
        for cell in row:
            shown = line(cell).replace("\t", " ")
            if not shown:
                continue
            text += ("" if not text else " " if text.endswith(":**") else " — ") + shown
        if text:
            lines.append(text.replace("\n", "  \n"))
    return "  \n".join(lines)


def line(runs: Line, *, in_cell: bool = False, after_mark: bool = False) -> str:
    """A line's runs as Markdown; in a table cell, its line breaks as <br>. `after_mark`:
    the line follows a heading's marks, so a leading number is no list."""
    # Runs set alike are marked once: "***Resolution #1: [#34](…) agreed***".
    parts, at = [], 0
    while at < len(runs):
        look = (runs[at].bold, runs[at].italic)
        end = at
        while end < len(runs) and (runs[end].bold, runs[end].italic) == look:
            end += 1
        text = "".join(
            _text(runs[n], starts_line=n == 0 and not after_mark) for n in range(at, end)
        )
        mark = ("**" if look[0] else "") + ("*" if look[1] else "")
        parts.append(f"{mark}{text}{mark[::-1]}" if text else "")
        at = end
    out = "".join(parts)
    return out.replace("\r", "").replace("\n", "<br>") if in_cell else out


def _text(t: Text, *, starts_line: bool) -> str:
    if t.form is Form.KEPT:
        text = keep(t.text)
    elif t.form is Form.INLINE:
        text = as_markdown(t.text, lambda s: md(s, starts_line=starts_line))
    else:
        # A link's label never starts a line (a "#129" stays as it is).
        text = md(t.text, starts_line=starts_line and not t.link)
    return f"[{text}]({t.link})" if t.link else text
