"""A Word document's body written as WordprocessingML text in one pass.

python-docx builds an object per paragraph, run and cell and sets each property through it;
a 3,000-document report has 15,000 cells, and that object model took 90% of its 10 s. The
layout (word.py) says what goes where; this module writes it as the XML Word reads, in the
element order the schema requires, and the package (styles, headers, relationships) still
comes from python-docx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from commands.report.inline import Style, maybe_formatted, spans

# XML 1.0 forbids most control characters; Word would refuse the whole document.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TWIPS_PER_CM = 567.0
LINK_COLOUR = "0563C1"


def clean(text: str) -> str:
    """Text Word can hold: no XML-illegal control characters."""
    text = str(text)
    if text.isprintable():  # the common case, checked in C; tabs and breaks are not
        return text
    return _XML_ILLEGAL.sub("", text)


def _text(text: str) -> str:
    """Clean text escaped for an XML text node."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


@dataclass(frozen=True)
class Look:
    """How a run is set."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    size: int = 0  # points; 0: the style's

    @cached_property
    def properties(self) -> str:
        """The run properties' XML (worked out once per look, not per run)."""
        props = ""
        if self.code:
            props += '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>'
        if self.bold:
            props += "<w:b/>"
        if self.italic:
            props += "<w:i/>"
        if self.size:
            props += f'<w:sz w:val="{self.size * 2}"/>'
        return f"<w:rPr>{props}</w:rPr>" if props else ""


PLAIN = Look()
BOLD = Look(bold=True)


@cache
def look(bold: bool = False, italic: bool = False, code: bool = False, size: int = 0) -> Look:
    """The Look for these settings, made once (a long report sets tens of thousands of runs)."""
    return Look(bold, italic, code, size)


def run(text: str, look: Look = PLAIN) -> str:
    """One run of text (tabs kept as Word tabs)."""
    text = clean(text)
    if "\t" in text:
        body = "<w:tab/>".join(
            f'<w:t xml:space="preserve">{_text(p)}</w:t>' for p in text.split("\t")
        )
    else:  # most runs: no list to build and join
        body = f'<w:t xml:space="preserve">{_text(text)}</w:t>'
    return f"<w:r>{look.properties}{body}</w:r>"


def line_break() -> str:
    return "<w:r><w:br/></w:r>"


def page_break() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


class Body:
    """The body's XML, paragraph by paragraph and table by table, in order."""

    def __init__(self, link: Callable[[str], str]) -> None:
        self.parts: list[str] = []
        self._link = link  # a URL -> its relationship id in the document part

    def xml(self) -> str:
        return "".join(self.parts)

    # Inline ----------------------------------------------------------------------------------

    def inline(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        """Runs for text with its `code`, *emphasis*, **strong** and links set as Word sets
        them (never as Markdown signs); line breaks kept."""
        text = clean(text)
        if "\n" not in text and not maybe_formatted(text):
            return run(text, look(bold, italic))  # most text a delegate typed: one plain run
        out = []
        for i, line in enumerate(text.split("\n")):
            if i:
                out.append(line_break())
            if not maybe_formatted(line):
                out.append(run(line, look(bold, italic)))
                continue
            for part, style, url in spans(line):
                if style is Style.LINK:
                    out.append(self.hyperlink(part, url))
                else:
                    out.append(
                        run(
                            part,
                            look(
                                bold or style is Style.STRONG,
                                italic or style is Style.EMPHASIS,
                                style is Style.CODE,
                            ),
                        )
                    )
        return "".join(out)

    def hyperlink(self, text: str, url: str) -> str:
        """A clickable link, blue and underlined as Word shows one (no style needed)."""
        rid = self._link(url)
        return (
            f'<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:color w:val="{LINK_COLOUR}"/>'
            f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{_text(text)}</w:t>'
            "</w:r></w:hyperlink>"
        )

    # Blocks ----------------------------------------------------------------------------------

    def paragraph(
        self,
        content: str = "",
        *,
        style: str = "",
        centre: bool = False,
        rule_above: bool = False,
        rule_below: bool = False,
        right_tab: float = 0.0,
    ) -> None:
        """A paragraph of runs already written (see inline, run); a rule above or below it, a
        right-aligned tab stop `right_tab` cm in (for "title <tab> number" lines)."""
        self.parts.append(
            _paragraph(
                content,
                style=style,
                centre=centre,
                rule_above=rule_above,
                rule_below=rule_below,
                right_tab=right_tab,
            )
        )

    def contents(self, levels: str = "1-3") -> None:
        """A table of contents: a field Word fills in when the file is opened."""
        self.parts.append(
            '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> TOC \\o "{levels}" \\h \\z \\u '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            "<w:r><w:t>Table of contents: update the field (F9) to fill it in.</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )

    def table(
        self,
        widths: Sequence[float],
        rows: Iterable[Sequence[str]],
        *,
        header: Sequence[str] = (),
        style: str = "",
        cell_style: str = "",
        centre: bool = False,
        spans: Sequence[int] | None = None,
    ) -> None:
        """A table with fixed column widths: the header row bold and repeated on each page,
        rows that never split. Each row's cells are runs already written, one paragraph per
        "\\n"-joined part is the caller's choice (see cell_paragraphs). `spans`: for a row
        whose cells are fewer than the columns, how many columns each cell covers."""
        grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths)
        props = f'<w:tblStyle w:val="{style}"/>' if style else ""
        props += '<w:tblW w:w="0" w:type="auto"/>'
        if centre:
            props += '<w:jc w:val="center"/>'
        props += '<w:tblLayout w:type="fixed"/>'
        props += (
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        )
        out = [f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
        if header:
            cells = [
                _cell(_paragraph(run(label, BOLD), style=cell_style), width)
                for label, width in zip(header, widths, strict=True)
            ]
            out.append(_row(cells, header=True))
        for values in rows:
            if len(values) == len(widths):
                cells = [_cell(v, w) for v, w in zip(values, widths, strict=True)]
            else:
                cells, at = [], 0
                for value, span in zip(values, spans or (), strict=True):
                    cells.append(_cell(value, sum(widths[at : at + span]), span=span))
                    at += span
            out.append(_row(cells, header=False))
        out.append("</w:tbl>")
        self.parts.append("".join(out))


def cell_paragraphs(body: Body, text: str, *, style: str = "", look: Look | None = None) -> str:
    """A cell's content: a paragraph per line, each line's inline formatting kept; with a
    `look`, every line set in it instead (the cover's labels and values)."""
    lines = clean(text).split("\n")
    if look is None:
        return "".join(_paragraph(body.inline(line), style=style) for line in lines)
    return "".join(_paragraph(run(line, look) if line else "", style=style) for line in lines)


def in_paragraph(content: str, *, style: str = "") -> str:
    """Runs already written, as one paragraph (a table cell's content)."""
    return _paragraph(content, style=style)


def _paragraph(
    content: str,
    *,
    style: str = "",
    centre: bool = False,
    rule_above: bool = False,
    rule_below: bool = False,
    right_tab: float = 0.0,
) -> str:
    # Properties in the order the schema requires: style, borders, tabs, alignment.
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if rule_above or rule_below:
        line = 'w:val="single" w:sz="6" w:space="4" w:color="auto"'
        props += "<w:pBdr>"
        props += f"<w:top {line}/>" if rule_above else ""
        props += f"<w:bottom {line}/>" if rule_below else ""
        props += "</w:pBdr>"
    if right_tab:
        props += f'<w:tabs><w:tab w:val="right" w:pos="{twips(right_tab)}"/></w:tabs>'
    if centre:
        props += '<w:jc w:val="center"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def _cell(content: str, width: float, *, span: int = 1) -> str:
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    inner = content or "<w:p/>"  # a cell holds at least one paragraph
    props = f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>{grid_span}'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def _row(cells: list[str], *, header: bool) -> str:
    marks = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{marks}</w:trPr>{''.join(cells)}</w:tr>"
