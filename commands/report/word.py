"""The report as a Word document (.docx), built with python-docx from the report model."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from commands.report.inline import Style, spans
from commands.report.model import (
    ANNEX_COLUMNS,
    DOC_COLUMNS,
    DocBlock,
    DocRow,
    FrontMatter,
    Paragraph,
    Report,
    Said,
    Section,
)
from commands.report.wording import (
    doc_link,
    meeting_name,
    outcome,
    review_line,
    running_title,
    status_rows,
)
from storage import EntryKind

# Column widths (cm) on an A4 page with 2 cm margins: 17 cm of text width.
DOC_TABLE = tuple(zip(DOC_COLUMNS, (2.4, 3.8, 5.4, 2.7, 2.7), strict=True))
ANNEX_TABLE = tuple(zip(ANNEX_COLUMNS, (0.9, 2.9, 2.4, 3.9, 6.9), strict=True))
# An ITU-T TD's per-item table, as the reference report lays it out: no header row; the
# item, "Source: Title", the document number (its note under it), its summary, what is asked.
ITEM_TABLE = (("", 1.2), ("", 4.6), ("", 2.4), ("", 5.4), ("", 3.4))
# 3GPP's TDoc status: the status one word, what replaced the TDoc in a column of its own.
STATUS_TABLE = (
    ("TDoc", 2.7),
    ("Title", 4.1),
    ("Source", 2.8),
    ("Agenda item", 2.1),
    ("Status", 2.4),
    ("Revised to / Merged into", 2.9),
)
COVER_TOP = (11.5, 5.5)  # the sector block | the document number
# Source:, Title:… | their values (a contact: name, organisation, country | Tel:, E-mail:).
COVER_LABELLED = (3.2, 7.8, 6.0)
FONT = "Times New Roman"
# What ends an ITU-T document.
CLOSING_LINE = "_______________________"
TABLE_FONT = Pt(10)
TEXT_WIDTH_CM = 17.0

# XML 1.0 forbids most control characters; python-docx would refuse the whole document.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can hold: no XML-illegal control characters."""
    return _XML_ILLEGAL.sub("", str(text))


def render_docx(report: Report, template: bytes | None = None) -> bytes:
    """A .docx with Word heading styles, document tables and the two annexes.

    `template`: the group's own .docx; the draft then takes its styles, page set-up, headers
    and footers (its body text is left out), instead of Clerk's ITU look."""
    return _Writer(report, template).write()


class _Writer:
    """Writes one report into a fresh python-docx Document."""

    def __init__(self, report: Report, template: bytes | None = None):
        self.report = report
        self.own_template = template is not None
        self.doc = Document(io.BytesIO(template)) if template is not None else Document()
        if template is not None:
            _empty_body(self.doc)  # its styles, sections, headers and footers stay
        styles = self.doc.styles
        # Styles are set by id: python-docx resolves a style given by name by scanning every
        # style for each paragraph, which made large reports crawl. A group's own template
        # may lack some: its Normal stands in.
        self.bullet_style = _style_id(styles, "List Bullet")
        self.heading_styles = {0: _style_id(styles, "Title")} | {
            n: _style_id(styles, f"Heading {n}") for n in (1, 2, 3)
        }
        if template is None:
            # Each body's typography: ITU Times New Roman, 3GPP Arial, 12 pt (3GPP 10 pt body);
            # headings bold and black (the default template's blue Calibri comes from theme
            # fonts and colours).
            front = report.front
            threegpp = front is not None and front.profile == "3gpp"
            for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
                _plain_font(
                    styles[name],
                    bold=name.startswith(("Heading", "Title")),
                    font="Arial" if threegpp else FONT,
                )
        if template is None:
            # ITU documents space paragraphs 6 pt before, none after; table text sits tight.
            styles["Normal"].paragraph_format.space_before = Pt(6)
            styles["Normal"].paragraph_format.space_after = Pt(0)
        table_text = styles.add_style("Clerk Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.font.size = TABLE_FONT
        table_text.paragraph_format.space_before = Pt(0)
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
        front = report.front
        for section in doc.sections if not self.own_template else ():
            # ITU documents are A4; a group's own template keeps its page and headers.
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2)
            section.top_margin = section.bottom_margin = Cm(2)
            if front is not None and front.profile == "3gpp":
                self.threegpp_header(section, report, front)
            else:
                self.running_header(section, front.document if front else "")
        self.properties(report)

        section_properties = self.body.sectPr
        self.body.remove(section_properties)  # back at the end, below
        if front is not None and front.profile in ("3gpp", "ietf"):
            (self.threegpp if front.profile == "3gpp" else self.ietf)(report, front)
            self.body.append(section_properties)
            out = io.BytesIO()
            doc.save(out)
            return out.getvalue()
        if front is not None and front.profile == "itu":
            self.cover(report, front)  # it carries the title and the abstract
        else:
            self.heading(report.title, 0)
            self.labelled("Abstract:", report.abstract)
        if report.action_required:
            self.labelled("Action required:", report.action_required)
        self.heading("0\tIntroduction", 1)
        for p in report.introduction:
            self.paragraph(p)
        self.review(report, "itu")
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
                (f"{n}.", r.category, r.number, r.source, r.title)
                for n, r in enumerate(report.annex_a, 1)
            ],
        )
        if report.annex_b:
            self.heading(f"Annex B – {report.annex_b_title}", 1)
            for text in report.annex_b:
                _lines(self.bullet(), text)
        closing = self.add_paragraph()
        closing.alignment = WD_ALIGN_PARAGRAPH.CENTER
        closing.add_run(CLOSING_LINE)
        self.body.append(section_properties)

        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def heading(self, text: str, level: int) -> None:
        para = self.add_paragraph()
        para._p.style = self.heading_styles[level]
        _runs(para, clean(text))

    def table(
        self, columns: tuple[tuple[str, float], ...], rows: Sequence[tuple[str, ...]]
    ) -> None:
        """A bordered table with fixed column widths, and a bold header row when the columns
        have labels (repeated on each page). Rows never split across pages; a column empty in
        every row is left out, its width given to the widest.

        Widths go on the grid (LibreOffice reads it, Word in fixed layout too) and on the
        first row; 10 pt comes from the "Clerk Table Text" style. Little per cell or per run:
        a 3,000-document report has 15,000 cells and python-docx keeps them all in memory.
        """
        keep = [i for i, (label, _) in enumerate(columns) if label or any(r[i] for r in rows)]
        if len(keep) < len(columns):
            spare = sum(w for i, (_, w) in enumerate(columns) if i not in keep)
            widest = max(keep, key=lambda i: columns[i][1])
            columns = tuple(
                (label, width + (spare if i == widest else 0))
                for i, (label, width) in enumerate(columns)
                if i in keep
            )
            rows = [tuple(r[i] for i in keep) for r in rows]
        header = any(label for label, _ in columns)
        table = self.add_table(rows=1 if header else 0, cols=len(columns))
        if "Table Grid" in [st.name for st in self.doc.styles]:
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, (_, width) in zip(table.columns, columns, strict=True):
            column.width = Cm(width)
        if header:
            first = table.rows[0]
            _row_properties(first._tr, header=True)
            for cell, (label, width) in zip(first.cells, columns, strict=True):
                cell.width = Cm(width)
                para = cell.paragraphs[0]
                para._p.style = self.table_style
                para.add_run(label).bold = True
        for n, values in enumerate(rows):
            row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx has no hints
            _row_properties(row._tr, header=False)
            for cell, value, (_, width) in zip(row.cells, values, columns, strict=True):
                if n == 0 and not header:
                    cell.width = Cm(width)
                for i, line in enumerate(clean(value).split("\n")):
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    para._p.style = self.table_style
                    _runs(para, line)

    def bullet(self) -> DocxParagraph:
        para = self.add_paragraph()
        para._p.style = self.bullet_style
        return para

    def labelled(self, label: str, text: str) -> None:
        para = self.add_paragraph()
        para.add_run(label + " ").bold = True
        _lines(para, text)

    def paragraph(self, p: Paragraph) -> None:
        """Running text; its "- " lines become real list paragraphs, as its bullets."""
        lines: list[str] = []
        for line in p.text.split("\n"):
            if _LIST_LINE.match(line):
                for before in lines:
                    _lines(self.add_paragraph(), before)
                lines = []
                _lines(self.bullet(), _LIST_LINE.sub("", line))
            else:
                lines.append(line)
        for line in lines if lines or p.text else [""]:
            _lines(self.add_paragraph(), line)  # a line break in a note starts a paragraph
        for text in p.bullets:
            _lines(self.bullet(), text)

    def section(self, section: Section) -> None:
        front = self.report.front
        itu = front is not None and front.profile == "itu"
        # An ITU-T TD names a sub-item with documents in its table's first column only.
        if not (itu and section.depth > 1 and section.documents):
            self.heading(section.heading, min(section.depth, 3))
        if section.documents:
            if itu:
                rows = [_item_row(section, r) for r in section.documents]
                rows = [rows[0], *(("", *row[1:]) for row in rows[1:])]
                self.table(ITEM_TABLE, rows)
            else:
                self.table(
                    DOC_TABLE,
                    [
                        (r.number, r.heading, r.summary, r.action, r.notes_cell)
                        for r in section.documents
                    ],
                )
        for p in section.paragraphs:
            self.paragraph(p)

    def threegpp(self, report: Report, front: FrontMatter) -> None:
        """A 3GPP working-group draft report: per item, per TDoc, a block with its outcome;
        then the TDoc status table and the action items."""
        title = self.add_paragraph()
        title.add_run(clean(meeting_name(report))).bold = True
        if front.report_number:
            title.add_run("\t" + clean(front.report_number)).bold = True
        if front.place_dates:
            self.add_paragraph().add_run(clean(front.place_dates)).bold = True
        self.labelled("Source:", front.source)
        self.labelled("Title:", report.title)
        self.labelled("Document for:", front.purpose or "Approval")
        for p in report.introduction:
            self.paragraph(p)
        self.review(report, "3gpp")
        for part in report.sections:
            self.heading(part.heading, min(part.depth, 3))
            for p in part.added:
                self.paragraph(p)
            for block in part.blocks:
                self.tdoc(block)
            for said in part.item_said:
                self.said(said)
        self.heading("TDoc status", 1)
        self.table(STATUS_TABLE, status_rows(report))
        self.action_items(report)

    def review(self, report: Report, profile: str) -> None:
        """Earlier meetings' actions open when this one began, as it left them."""
        if not report.review:
            return
        self.heading(report.review_heading, 1)
        for r in report.review:
            _lines(self.bullet(), review_line(r, profile))

    def tdoc(self, block: DocBlock) -> None:
        """`TD S2-1903157 Title (Source: X).`, Document for, Abstract, the discussion, the
        outcome: all of it next to its own TDoc."""
        row = block.row
        head = self.add_paragraph()
        head.add_run(clean(f"TD {row.number}")).bold = True
        source = f" (Source: {row.source})" if row.source else ""
        _runs(head, clean(f" {row.title}{source}."))
        if block.revision_of:
            head.add_run(clean(f" Revision of TD {block.revision_of}."))
        if row.action or row.category:
            self.labelled("Document for:", row.action or row.category)
        if row.summary:
            self.labelled("Abstract:", row.summary)
        if block.said:
            self.add_paragraph().add_run("Discussion and conclusion:").italic = True
            for said in block.said:
                by = f"{said.by}: " if said.kind == EntryKind.COMMENT and said.by else ""
                _lines(self.bullet(), by + said.text)
        for decision in block.outcomes:
            _lines(self.add_paragraph(), outcome(decision), bold=True)
        if block.revised_to_unsaid:
            self.add_paragraph().add_run(
                clean(f"Revised to TD {', TD '.join(block.revised_to_unsaid)}.")
            )

    def said(self, said: Said, *, minutes: bool = False) -> None:
        """A line about an item itself (or, in minutes, any line)."""
        para = self.add_paragraph()
        if said.kind == EntryKind.DECISION:
            if minutes:
                para.add_run("Decision: ").bold = True
                _lines(para, outcome(said))
            else:
                _lines(para, outcome(said), bold=True)
        elif said.kind == EntryKind.ACTION:
            para.add_run("Action: ").bold = True
            para.add_run(clean(f"{said.by} — "))
            _lines(para, said.text)
        elif said.kind == EntryKind.COMMENT and said.by:
            para.add_run(clean(f"{said.by}: ")).bold = minutes
            _lines(para, said.text)
        elif said.kind == EntryKind.PRESENTED and minutes:
            para.add_run(clean(f"Presenter: {said.by}"))
        else:
            _lines(para, said.text)

    def ietf(self, report: Report, front: FrontMatter) -> None:
        """IETF working-group minutes: who chaired and took notes, the links, then per
        agenda item each draft with what was said, decided and taken as an action."""
        named = "" if report.group in report.meeting_title else f"{report.group} — "
        self.heading(f"{named}{report.meeting_title} — Minutes", 0)
        when = report.start_utc + (f" ({report.start_local})" if report.start_local else "")
        self.labelled("Date:", when or report.date)
        if report.place:
            self.labelled("Room:", report.place)
        if front.contacts:
            self.labelled("Chairs:", ", ".join(c.name for c in front.contacts))
        if report.secretariat:
            self.labelled("Note takers:", ", ".join(report.secretariat))
        for label, url in front.links:
            self.labelled(f"{label}:", url)
        self.review(report, "ietf")
        for part in report.sections:
            if part.generated:
                continue  # no closure sentence or future meetings in minutes
            self.heading(part.heading, min(part.depth, 3))
            for p in part.added:
                self.paragraph(p)
            for block in part.blocks:
                link = doc_link(block.row.number)
                number = f"[{block.row.number}]({link})" if link else block.row.number
                title = f" — {block.row.title}" if block.row.title else ""
                self.heading(f"{number}{title}", min(part.depth + 1, 4))
                if block.row.lineage:
                    self.add_paragraph().add_run(clean(block.row.lineage))
                for said in block.said:
                    self.said(said, minutes=True)
                for decision in block.outcomes:
                    self.said(decision, minutes=True)
            for said in part.item_said:
                self.said(said, minutes=True)
        self.action_items(report)

    def action_items(self, report: Report) -> None:
        if not report.actions:
            return
        self.heading("Action items", 1)
        for group in report.actions:
            for item in group.items:
                para = self.bullet()
                para.add_run(clean(group.owner)).bold = True
                para.add_run(" — ")
                _lines(para, item)

    def cover(self, report: Report, front: FrontMatter) -> None:
        """What an ITU-T TD opens with: the sector block beside the document number, "TD",
        then Source, Title, Purpose, Contact, Keywords and Abstract."""
        top = [
            ("INTERNATIONAL TELECOMMUNICATION UNION", front.document or "TD"),
            ("TELECOMMUNICATION STANDARDIZATION SECTOR", front.parent),
            (f"STUDY PERIOD {front.study_period}".strip(), "Original: English"),
        ]
        number = self.grid(COVER_TOP, top, bold=(True, True))
        # The document number as large as the TD template prints it.
        for run in number.rows[0].cells[1].paragraphs[0].runs:
            run.font.size = Pt(16)
        # A rapporteur group works under no Question: the template then says N/A.
        self.grid(COVER_TOP, [("Question(s):\tN/A", front.place_dates)], bold=(True, False))
        td = self.add_paragraph()
        td.alignment = WD_ALIGN_PARAGRAPH.CENTER
        td.add_run("TD").bold = True
        # The template's contact row: who, in the middle; Tel and E-mail on the right. Every
        # other row spans both. An empty Purpose, Contact or Keywords line helps nobody.
        contacts = [
            ("Contact:" if n == 0 else "", c.name, c.contact.replace("; ", "\n"))
            for n, c in enumerate(front.contacts)
        ]
        rows = [
            *((k, v, "") for k, v in (("Source:", front.source), ("Title:", report.title)) if v),
            *((k, v, "") for k, v in (("Purpose:", front.purpose),) if v),
            *contacts,
            *((k, v, "") for k, v in (("Keywords:", front.keywords),) if v),
            ("Abstract:", report.abstract, ""),
        ]
        table = self.grid(COVER_LABELLED, rows, bold=(True, False, False))
        for row, values in zip(table.rows, rows, strict=True):
            if values not in contacts:
                row.cells[1].merge(row.cells[2])

    def grid(
        self,
        widths: tuple[float, ...],
        rows: Sequence[tuple[str, ...]],
        *,
        bold: tuple[bool, ...],
    ) -> Table:
        """A borderless table of labelled rows (the cover's layout)."""
        table = self.add_table(rows=0, cols=len(widths))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for cells in rows:
            row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx has no hints
            _row_properties(row._tr, header=False)
            for cell, text, width, strong in zip(row.cells, cells, widths, bold, strict=True):
                cell.width = Cm(width)
                if not text:
                    continue  # an empty cell stays empty, so a merge adds no blank line
                for i, line in enumerate(clean(text).split("\n")):
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    para.add_run(line).bold = strong
        return table

    def threegpp_header(self, section: object, report: Report, front: FrontMatter) -> None:
        """3GPP's on every page: "Draft Report of SA WG2 meeting #162 | Page N | Version"."""
        para = section.header.paragraphs[0]  # type: ignore[attr-defined]
        para.add_run(clean(running_title(report)) + " | Page ")
        _field(para, "PAGE")
        if front.version:
            para.add_run(clean(f" | Version {front.version}"))

    def running_header(self, section: object, document: str) -> None:
        """From page 2: the page number and the document number, as ITU-T documents have."""
        section.different_first_page_header_footer = True  # type: ignore[attr-defined]
        para = section.header.paragraphs[0]  # type: ignore[attr-defined]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run("- ")
        _field(para, "PAGE")
        para.add_run(" -")
        if document:
            para.add_run().add_break()
            para.add_run(clean(document))

    def properties(self, report: Report) -> None:
        """The file's own properties: title, author and dates of this draft, not a template's."""
        props = self.doc.core_properties
        props.title = clean(report.title)[:255]
        props.subject = clean(report.group)[:255]
        front = report.front
        props.author = props.last_modified_by = clean(front.author if front else report.group)[:255]
        props.comments = ""
        props.revision = 1
        if front is not None and front.created is not None:
            props.created = props.modified = front.created.replace(tzinfo=None)


def _lines(para: DocxParagraph, text: str, *, bold: bool = False) -> None:
    """Add text to a paragraph, keeping its line breaks as Word line breaks, and its `code`,
    *emphasis*, **strong** and links as Word sets them (never as Markdown signs)."""
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            para.add_run().add_break()
        _runs(para, line, bold=bold)


def _runs(para: DocxParagraph, text: str, *, bold: bool = False) -> None:
    """One run a span: code in a fixed-width font, strong in bold, emphasis in italics, a link
    as a Word hyperlink (never Markdown signs)."""
    for part, style, url in spans(text):
        if style is Style.LINK:
            _hyperlink(para, part, url)
            continue
        run = para.add_run(part)
        if bold:
            run.bold = True
        if style is Style.CODE:
            run.font.name = "Courier New"
        elif style is Style.STRONG:
            run.bold = True
        elif style is Style.EMPHASIS:
            run.italic = True


def _hyperlink(para: DocxParagraph, text: str, url: str) -> None:
    """A clickable link, blue and underlined as Word shows one (no style needed)."""
    rel = para.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(color)
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    para._p.append(link)


_LIST_LINE = re.compile(r"^\s*[-•–]\s*")


def _item_row(section: Section, row: DocRow) -> tuple[str, ...]:
    """A document as an ITU-T TD's item table shows it: the number, with a note that qualifies
    the document itself under it ("TD667R1 / (Output of RG-IEM meeting)"); what is asked, then
    any other note ("Presented at … on 18 June.") and how it relates to others."""
    qualifier = row.notes if re.fullmatch(r"\([^()]*\)", row.notes.strip()) else ""
    number = "\n".join(x for x in (row.number, qualifier) if x)
    asked = "\n".join(x for x in (row.action, "" if qualifier else row.notes, row.lineage) if x)
    return (section.number, row.heading, number, row.summary, asked)


def _row_properties(tr: object, *, header: bool) -> None:
    """A row that never splits across pages; a header row repeats on each page."""
    trpr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _field(para: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE) that Word and LibreOffice fill in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _plain_font(style: object, *, bold: bool, font: str = FONT) -> None:
    """Times New Roman (or the body's font) 12 pt, black: no theme font or colour left to
    override it."""
    face = font
    f = style.font  # type: ignore[attr-defined]
    f.name = face
    f.size = Pt(12)
    f.bold = bold
    f.italic = False
    f.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:eastAsia"), face)
    fonts.set(qn("w:cs"), face)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)


def _style_id(styles: object, name: str) -> str:
    """The id of a style by name; Normal's where the document has no such style."""
    try:
        return str(styles[name].style_id)  # type: ignore[index]
    except KeyError:
        return str(styles["Normal"].style_id)  # type: ignore[index]


def _empty_body(document: object) -> None:
    """Take a template's text out, keeping its last section's page set-up, headers, footers."""
    body = document.element.body  # type: ignore[attr-defined]
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
