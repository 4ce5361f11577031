"""The report as a Word document (.docx), built with python-docx from the report model."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt

from .model import Paragraph, Report, Section

# Column widths (cm) on an A4 page with 2 cm margins: 17 cm of text width.
DOC_COLUMNS = (
    ("TD/C #", 2.4),
    ("Source: Title", 3.8),
    ("Summary", 5.4),
    ("Action required", 2.7),
    ("Notes", 2.7),
)
ANNEX_COLUMNS = (("#", 0.9), ("Category", 2.9), ("TD/C #", 2.4), ("Source", 3.9), ("Title", 6.9))
TABLE_FONT = Pt(10)

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
        # Paragraph styles are set by id: python-docx resolves a style given by name by
        # scanning every style for each paragraph, which made large reports crawl.
        self.bullet_style = self.doc.styles["List Bullet"].style_id

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

        doc.add_heading(clean(report.title), level=0)
        self.labelled("Abstract:", report.abstract)
        if report.action_required:
            self.labelled("Action required:", report.action_required)

        doc.add_heading("0\tIntroduction", level=1)
        for p in report.introduction:
            self.paragraph(p)
        for section in report.sections:
            self.section(section)

        if report.actions:
            doc.add_heading("Action items", level=1)
            for group in report.actions:
                doc.add_paragraph().add_run(clean(group.owner)).bold = True
                for item in group.items:
                    _lines(self.bullet(), item)

        doc.add_page_break()
        doc.add_heading("Annex A – List of documents", level=1)
        _table(
            doc,
            ANNEX_COLUMNS,
            [
                (str(n), r.category, r.number, r.source, r.title)
                for n, r in enumerate(report.annex_a, 1)
            ],
        )
        if report.annex_b:
            doc.add_heading(f"Annex B – {clean(report.annex_b_title)}", level=1)
            for text in report.annex_b:
                _lines(self.bullet(), text)

        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def bullet(self):
        para = self.doc.add_paragraph()
        para._p.style = self.bullet_style
        return para

    def labelled(self, label: str, text: str) -> None:
        para = self.doc.add_paragraph()
        para.add_run(label + " ").bold = True
        para.add_run(clean(text))

    def paragraph(self, p: Paragraph) -> None:
        _lines(self.doc.add_paragraph(), p.text)
        for text in p.bullets:
            _lines(self.bullet(), text)

    def section(self, section: Section) -> None:
        self.doc.add_heading(clean(section.heading), level=min(section.depth, 3))
        if section.documents:
            _table(
                self.doc,
                DOC_COLUMNS,
                [(r.number, r.heading, r.summary, r.action, r.notes) for r in section.documents],
            )
            self.doc.add_paragraph()
        for p in section.paragraphs:
            self.paragraph(p)


def _lines(para, text: str) -> None:
    """Add text to a paragraph, keeping its line breaks as Word line breaks."""
    for i, line in enumerate(clean(text).split("\n")):
        run = para.add_run()
        if i:
            run.add_break()
        run.add_text(line)


def _table(doc, columns: tuple[tuple[str, float], ...], rows: list[tuple[str, ...]]) -> None:
    """A bordered table with a bold header row and fixed column widths."""
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, (_, width) in zip(table.columns, columns, strict=True):
        column.width = Cm(width)
    for cell, (label, width) in zip(table.rows[0].cells, columns, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(label).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value, (_, width) in zip(cells, values, columns, strict=True):
            cell.width = Cm(width)
            _lines(cell.paragraphs[0], value)
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = TABLE_FONT
