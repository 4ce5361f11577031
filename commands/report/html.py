"""The HTML writer: any document tree (tree.py) as the body of a page, user text escaped."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from commands.report.inline import as_html
from commands.report.markdown import defused, keep
from commands.report.safe_markdown import SAFE_LINK, to_html
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

# Kept Markdown that needs Markdown's own reading (lists, reference links, images, HTML);
# other kept text is set as inline formatting, as the rest of the page is.
_BLOCK_MARKDOWN = re.compile(r"\n|!\[|\]\[|\]:|^\s*(?:[-*+>#]|\d+\.)\s|<|&")
# The paragraph Markdown wraps a short text in.
_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def write(document: Document) -> str:
    """The tree's blocks as HTML (the page around them is page.html.j2's)."""
    return "\n".join(x for x in map(_block, document.blocks) if x) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Only):
        if block.medium is not Medium.PAGE:
            return ""
        return "\n".join(x for x in map(_block, block.blocks) if x)
    if isinstance(block, Heading):
        tag = f"h{min(block.level + 1, 6)}"
        return f"<{tag}>{line(block.line).replace(chr(9), ' ')}</{tag}>"
    if isinstance(block, Para):
        text = "<br />\n".join(line(x).replace("\t", " — ") for x in block.lines)
        return f"<blockquote><p>{text}</p></blockquote>" if block.quote else f"<p>{text}</p>"
    if isinstance(block, Bullets):
        marks = block.marks()
        items = "".join(
            f"<li>{mark}{line(x)}</li>\n" for mark, x in zip(marks, block.items, strict=True)
        )
        return f"<ul>\n{items}</ul>"
    if isinstance(block, Table):
        return _table(block.shown())
    if isinstance(block, Rule):
        return "<hr />"
    if isinstance(block, (Contents, PageBreak)):
        return ""
    raise TypeError(f"not a block: {block!r}")


def _table(table: Table) -> str:
    rows = []
    if any(c.label for c in table.columns) and table.borders:
        rows.append(
            "<tr>" + "".join(f"<th>{escape(c.label)}</th>" for c in table.columns) + "</tr>"
        )
    for row in table.rows:
        rows.append("<tr>" + "".join(f"<td>{line(cell)}</td>" for cell in row) + "</tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def line(runs: Line) -> str:
    """A line's runs as HTML; its line breaks as <br />."""
    return "".join(_text(t) for t in runs).replace("\n", "<br />\n")


def _text(t: Text) -> str:
    if t.form is Form.KEPT:
        html = _kept(t.text)
    elif t.form is Form.INLINE:
        html = str(as_html(t.text))
    else:
        html = str(escape(t.text))
    if t.link and SAFE_LINK.match(t.link):
        html = f'<a href="{escape(t.link)}">{html}</a>'
    if t.italic:
        html = f"<em>{html}</em>"
    return f"<strong>{html}</strong>" if t.bold else html


def _kept(text: str) -> str:
    """The writer's own Markdown read as Markdown (safe links only, images as their alt
    text) where it needs it; as inline formatting where that is all it holds."""
    if not _BLOCK_MARKDOWN.search(text):
        return str(as_html(defused(text)))
    html = to_html(keep(text)).strip()
    one = _ONE_PARAGRAPH.match(html)
    return one.group(1) if one and "<p>" not in one.group(1) else html


def page_body(document: Document) -> Markup:
    """The page's body: safe HTML (every user text escaped or sanitised above)."""
    return Markup(write(document))
