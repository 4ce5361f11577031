"""The report as a Word document (.docx), built with python-docx from the report model."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from commands.report.model import ANNEX_COLUMNS, DOC_COLUMNS, Paragraph, Report, Section

# Column widths (cm) on an A4 page with 2 cm margins: 17 cm of text width.
DOC_TABLE = tuple(zip(DOC_COLUMNS, (2.4, 3.8, 5.4, 2.7, 2.7), strict=True))
ANNEX_TABLE = tuple(zip(ANNEX_COLUMNS, (0.9, 2.9, 2.4, 3.9, 6.9), strict=True))
TABLE_FONT = Pt(10)
TEXT_WIDTH_CM = 17.0

# XML 1.0 forbids most control characters; python-docx would refuse the whole document.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can hold: no XML-illegal control characters."""
    return _XML_ILLEGAL.sub("", str(text))


def render_docx(report: Report) -> bytes:
    """A .docx with Word heading styles, document tables and the two annexes."""
    return _Writer(report).write()


class _Writer:
    """Writes one report into a fresh python-docx Document."""

    def __init__(self, report: Report):
        self.report = report
        self.doc = Document()
        styles = self.doc.styles
        # Styles are set by id: python-docx resolves a style given by name by scanning every
        # style for each paragraph, which made large reports crawl.
        self.bullet_style = styles["List Bullet"].style_id
        self.heading_styles = {0: styles["Title"].style_id} | {
            n: styles[f"Heading {n}"].style_id for n in (1, 2, 3)
        }
        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.font.size = TABLE_FONT
        self.table_style = table_text.style_id
        self.body = self.doc.element.body

    def add_paragraph(self) -> DocxParagraph:
        """A new paragraph at the end of the body.

        Appended directly: python-docx's own add_paragraph first scans the whole body for its
        closing section properties, which makes a long report quadratic. write() takes those
        off while it writes and puts them back at the end.
        """
        p = OxmlElement("w:p")
        self.body.append(p)
        return DocxParagraph(p, self.doc._body)

    def add_table(self, rows: int, cols: int) -> Table:
        tbl = CT_Tbl.new_tbl(rows, cols, Cm(TEXT_WIDTH_CM))
        self.body.append(tbl)
        return Table(tbl, self.doc._body)

    def write(self) -> bytes:
        report, doc = self.report, self.doc
        for section in doc.sections:  # ITU documents are A4
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2)
            section.top_margin = section.bottom_margin = Cm(2)
        doc.core_properties.title = clean(report.title)
        doc.core_properties.subject = clean(report.group)
        normal = doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)

        section_properties = self.body.sectPr
        self.body.remove(section_properties)  # back at the end, below
        self.heading(report.title, 0)
        self.labelled("Abstract:", report.abstract)
        if report.action_required:
            self.labelled("Action required:", report.action_required)
        self.heading("0\tIntroduction", 1)
        for p in report.introduction:
            self.paragraph(p)
        for part in report.sections:
            self.section(part)
        if report.actions:
            self.heading("Action items", 1)
            for group in report.actions:
                self.add_paragraph().add_run(clean(group.owner)).bold = True
                for item in group.items:
                    _lines(self.bullet(), item)
        self.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.heading("Annex A – List of documents", 1)
        self.table(
            ANNEX_TABLE,
            [
                (str(n), r.category, r.number, r.source, r.title)
                for n, r in enumerate(report.annex_a, 1)
            ],
        )
        if report.annex_b:
            self.heading(f"Annex B – {report.annex_b_title}", 1)
            for text in report.annex_b:
                _lines(self.bullet(), text)
        self.body.append(section_properties)

        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def heading(self, text: str, level: int) -> None:
        para = self.add_paragraph()
        para._p.style = self.heading_styles[level]
        para.add_run(clean(text))

    def table(self, columns: tuple[tuple[str, float], ...], rows: list[tuple[str, ...]]) -> None:
        """A bordered table with a bold header row and fixed column widths.

        Widths go on the grid (LibreOffice reads it, Word in fixed layout too) and on the
        header row; 10 pt comes from the "Table Text" style. Nothing per cell or per run:
        a 3,000-document report has 15,000 cells and python-docx keeps them all in memory.
        """
        table = self.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, (_, width) in zip(table.columns, columns, strict=True):
            column.width = Cm(width)
        for cell, (label, width) in zip(table.rows[0].cells, columns, strict=True):
            cell.width = Cm(width)
            para = cell.paragraphs[0]
            para._p.style = self.table_style
            para.add_run(label).bold = True
        for values in rows:
            row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx has no hints
            for cell, value in zip(row.cells, values, strict=True):
                para = cell.paragraphs[0]
                para._p.style = self.table_style
                _lines(para, value)

    def bullet(self) -> DocxParagraph:
        para = self.add_paragraph()
        para._p.style = self.bullet_style
        return para

    def labelled(self, label: str, text: str) -> None:
        para = self.add_paragraph()
        para.add_run(label + " ").bold = True
        para.add_run(clean(text))

    def paragraph(self, p: Paragraph) -> None:
        _lines(self.add_paragraph(), p.text)
        for text in p.bullets:
            _lines(self.bullet(), text)

    def section(self, section: Section) -> None:
        self.heading(section.heading, min(section.depth, 3))
        if section.documents:
            self.table(
                DOC_TABLE,
                [(r.number, r.heading, r.summary, r.action, r.notes) for r in section.documents],
            )
            self.add_paragraph()
        for p in section.paragraphs:
            self.paragraph(p)


def _lines(para: DocxParagraph, text: str) -> None:
    """Add text to a paragraph, keeping its line breaks as Word line breaks."""
    for i, line in enumerate(clean(text).split("\n")):
        run = para.add_run()
        if i:
            run.add_break()
        run.add_text(line)
