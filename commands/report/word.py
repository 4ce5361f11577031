"""The report as a Word document (.docx), built with python-docx from the report model."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from commands.report import tree
from commands.report.model import (
    ANNEX_COLUMNS,
    DOC_COLUMNS,
    DocRow,
    FrontMatter,
    Paragraph,
    Report,
    Section,
)
from commands.report.profiles import layout_of
from commands.report.tree import Bullets, Contents, Form, Heading, Line, Para, Table
from commands.report.wording import (
    linked,
    review_line,
    running_title,
)
from commands.report.wordxml import (
    BOLD,
    PLAIN,
    Body,
    Look,
    cell_paragraphs,
    clean,
    in_paragraph,
    line_break,
    page_break,
    run,
)

# Column widths (cm) on an A4 page with 2 cm margins: 17 cm of text width.
DOC_TABLE = tuple(zip(DOC_COLUMNS, (2.4, 3.8, 5.4, 2.7, 2.7), strict=True))
ANNEX_TABLE = tuple(zip(ANNEX_COLUMNS, (0.9, 2.9, 2.4, 3.9, 6.9), strict=True))
# An ITU-T TD's per-item table, as the reference report lays it out: no header row; the
# item, "Source: Title", the document number (its note under it), its summary, what is asked.
ITEM_TABLE = (("", 1.2), ("", 4.6), ("", 2.4), ("", 5.4), ("", 3.4))
COVER_TOP = (11.5, 5.5)  # the sector block | the document number
# Source:, Title:… | their values (a contact: name, organisation, country | Tel:, E-mail:).
COVER_LABELLED = (3.2, 7.8, 6.0)
FONT = "Times New Roman"
# What ends an ITU-T document.
CLOSING_LINE = "_______________________"
TABLE_FONT = Pt(10)


def render_docx(report: Report, template: bytes | None = None) -> bytes:
    """A .docx with Word heading styles, document tables and the two annexes.

    `template`: the group's own .docx; the draft then takes its styles, page set-up, headers
    and footers (its body text is left out), instead of Clerk's ITU look."""
    return _Writer(report, template).write()


class _Writer:
    """Writes one report: the package and styles through python-docx, the body as XML."""

    def __init__(self, report: Report, template: bytes | None = None):
        self.report = report
        self.own_template = template is not None
        self.doc = Document(io.BytesIO(template)) if template is not None else Document()
        if template is not None:
            _empty_body(self.doc)  # its styles, sections, headers and footers stay
        styles = self.doc.styles
        # Styles are named by id in the XML; a group's own template may lack some: its Normal
        # stands in.
        self.bullet_style = _style_id(styles, "List Bullet")
        self.heading_styles = {0: _style_id(styles, "Title")} | {
            n: _style_id(styles, f"Heading {n}") for n in (1, 2, 3)
        }
        self.grid_style = (
            _style_id(styles, "Table Grid") if "Table Grid" in [st.name for st in styles] else ""
        )
        if template is None:
            # Each body's typography: ITU Times New Roman, 3GPP Arial, 12 pt; headings bold
            # and black (the default template's blue Calibri comes from theme fonts and
            # colours).
            front = report.front
            threegpp = front is not None and front.profile == "3gpp"
            for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
                _plain_font(
                    styles[name],
                    bold=name.startswith(("Heading", "Title")),
                    font="Arial" if threegpp else FONT,
                )
            # The default template's Title draws a rule under itself: no body's documents do.
            ppr = styles["Title"].element.pPr
            border = ppr.find(qn("w:pBdr")) if ppr is not None else None
            if border is not None:
                ppr.remove(border)
            # ITU documents space paragraphs 6 pt before, none after; table text sits tight.
            styles["Normal"].paragraph_format.space_before = Pt(6)
            styles["Normal"].paragraph_format.space_after = Pt(0)
        table_text = styles.add_style("Clerk Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = styles["Normal"]
        table_text.font.size = TABLE_FONT
        table_text.paragraph_format.space_before = Pt(0)
        self.table_style = table_text.style_id
        part = self.doc.part
        self.body = Body(lambda url: part.relate_to(url, RT.HYPERLINK, is_external=True))

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
        laid_out = layout_of(report)
        if laid_out is not None:
            self.laid_out(laid_out(report))
        else:
            self.itu(report, front)
        return _package(doc, self.body.xml())

    def laid_out(self, document: tree.Document) -> None:
        """A profile's layout (commands/report/profiles), block by block."""
        body = self.body
        for block in document.blocks:
            if isinstance(block, Heading):
                body.paragraph(
                    self.line(block.line),
                    style=self.heading_styles[min(block.level, 3)],
                    rule_above=block.rule_above,
                )
            elif isinstance(block, Para):
                last = len(block.lines) - 1
                for n, line in enumerate(block.lines):
                    body.paragraph(
                        self.line(line),
                        rule_above=block.rule_above and n == 0,
                        rule_below=block.rule_below and n == last,
                        right_tab=block.right_tab,
                    )
            elif isinstance(block, Bullets):
                for item in block.items:
                    self.bullet(self.line(item))
            elif isinstance(block, Table):
                self.table(
                    tuple((c.label, c.width) for c in block.columns),
                    [tuple(self.line(cell) for cell in row) for row in block.rows],
                    written=True,
                )
            elif isinstance(block, Contents):
                body.contents()
            # A Rule parts a Markdown page; in Word the headings do.

    def line(self, runs: Line) -> str:
        """A line's runs as Word runs: bold where bold, links as hyperlinks, the writer's
        inline formatting set."""
        out = []
        for t in runs:
            if t.link and not t.link.startswith("#"):  # an anchor is the Markdown page's
                out.append(self.body.hyperlink(clean(t.text), t.link))
            elif t.form is Form.PLAIN:
                pieces = clean(t.text).split("\n")
                look = Look(bold=t.bold, italic=t.italic)
                out.append(line_break().join(run(p, look) for p in pieces))
            else:
                out.append(self.body.inline(t.text, bold=t.bold, italic=t.italic))
        return "".join(out)

    def itu(self, report: Report, front: FrontMatter | None) -> None:
        """An ITU-T TD: the cover, the introduction, each item, actions, the two annexes."""
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
                self.body.paragraph(run(group.owner, BOLD))
                for item in group.items:
                    self.bullet(self.body.inline(item))
        self.body.paragraph(page_break())
        self.heading("Annex A – List of documents", 1)
        self.table(
            ANNEX_TABLE,
            [
                (f"{n}.", r.category, linked(report, r.number), r.source, r.title)
                for n, r in enumerate(report.annex_a, 1)
            ],
        )
        if report.annex_b:
            self.heading(f"Annex B – {report.annex_b_title}", 1)
            for text in report.annex_b:
                self.bullet(self.body.inline(text))
        self.body.paragraph(run(CLOSING_LINE), centre=True)

    def heading(self, text: str, level: int, *, rule_above: bool = False) -> None:
        self.body.paragraph(
            self.body.inline(text), style=self.heading_styles[level], rule_above=rule_above
        )

    def bullet(self, content: str) -> None:
        self.body.paragraph(content, style=self.bullet_style)

    def table(
        self,
        columns: tuple[tuple[str, float], ...],
        rows: Sequence[tuple[str, ...]],
        *,
        written: bool = False,
    ) -> None:
        """A bordered table with fixed column widths, and a bold header row when the columns
        have labels (repeated on each page). Rows never split across pages; a column empty in
        every row is left out, its width given to the widest. 10 pt from the "Clerk Table
        Text" style."""
        # `written`: each cell's runs already written (a tree's); else text to set.
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
        labels = [label for label, _ in columns]
        body, style = self.body, self.table_style
        body.table(
            [width for _, width in columns],
            (
                [
                    in_paragraph(value, style=style)
                    if written
                    else cell_paragraphs(body, value, style=style)
                    for value in r
                ]
                for r in rows
            ),
            header=labels if any(labels) else (),
            style=self.grid_style,
            cell_style=style,
            centre=True,
        )

    def labelled(self, label: str, text: str) -> None:
        self.body.paragraph(run(label + " ", BOLD) + self.body.inline(text))

    def paragraph(self, p: Paragraph) -> None:
        """Running text; its "- " lines become real list paragraphs, as its bullets."""
        body = self.body
        lines: list[str] = []
        for line in p.text.split("\n"):
            if _LIST_LINE.match(line):
                for before in lines:
                    body.paragraph(body.inline(before))
                lines = []
                self.bullet(body.inline(_LIST_LINE.sub("", line)))
            else:
                lines.append(line)
        for line in lines if lines or p.text else [""]:
            body.paragraph(body.inline(line))  # a line break in a note starts a paragraph
        for text in p.bullets:
            self.bullet(body.inline(text))

    def section(self, section: Section) -> None:
        front = self.report.front
        itu = front is not None and front.profile == "itu"
        # An ITU-T TD names a sub-item with documents in its table's first column only.
        if not (itu and section.depth > 1 and section.documents):
            self.heading(section.heading, min(section.depth, 3))
        if section.documents:
            if itu:
                rows = [_item_row(self.report, section, r) for r in section.documents]
                rows = [rows[0], *(("", *row[1:]) for row in rows[1:])]
                self.table(ITEM_TABLE, rows)
            else:
                self.table(
                    DOC_TABLE,
                    [
                        (
                            linked(self.report, r.number),
                            r.heading,
                            r.summary,
                            r.action,
                            r.notes_cell,
                        )
                        for r in section.documents
                    ],
                )
        for p in section.paragraphs:
            self.paragraph(p)

    def review(self, report: Report, profile: str) -> None:
        """Earlier meetings' actions open when this one began, as it left them."""
        if not report.review:
            return
        self.heading(report.review_heading, 1)
        for r in report.review:
            self.bullet(self.body.inline(review_line(r, profile)))

    def action_items(self, report: Report) -> None:
        if not report.actions:
            return
        self.heading("Action items", 1)
        for group in report.actions:
            for item in group.items:
                self.bullet(run(group.owner, BOLD) + run(" — ") + self.body.inline(item))

    def cover(self, report: Report, front: FrontMatter) -> None:
        """What an ITU-T TD opens with: the sector block beside the document number, "TD",
        then Source, Title, Purpose, Contact, Keywords and Abstract."""
        body = self.body
        top = [
            ("INTERNATIONAL TELECOMMUNICATION UNION", front.document or "TD"),
            ("TELECOMMUNICATION STANDARDIZATION SECTOR", front.parent),
            (f"STUDY PERIOD {front.study_period}".strip(), "Original: English"),
        ]
        # The document number as large as the TD template prints it.
        looks = [(BOLD, Look(bold=True, size=16)), (BOLD, BOLD), (BOLD, BOLD)]
        body.table(
            COVER_TOP,
            [
                [
                    cell_paragraphs(body, text, look=look)
                    for text, look in zip(row, pair, strict=True)
                ]
                for row, pair in zip(top, looks, strict=True)
            ],
        )
        # A rapporteur group works under no Question: the template then says N/A.
        self.grid(COVER_TOP, [("Question(s):\tN/A", front.place_dates)], bold=(True, False))
        body.paragraph(run("TD", BOLD), centre=True)
        # The template's contact row: who, in the middle; Tel and E-mail on the right. Every
        # other row spans both. An empty Purpose, Contact or Keywords line helps nobody.
        labelled = [
            *((k, v) for k, v in (("Source:", front.source), ("Title:", report.title)) if v),
            *((k, v) for k, v in (("Purpose:", front.purpose),) if v),
        ]
        contacts = [
            ("Contact:" if n == 0 else "", c.name, c.contact.replace("; ", "\n"))
            for n, c in enumerate(front.contacts)
        ]
        after = [
            *((k, v) for k, v in (("Keywords:", front.keywords),) if v),
            ("Abstract:", report.abstract),
        ]

        def cells(label: str, *values: str) -> list[str]:
            head = cell_paragraphs(body, label, look=BOLD) if label else ""
            return [head, *(cell_paragraphs(body, v, look=PLAIN) if v else "" for v in values)]

        rows = [
            *(cells(k, v) for k, v in labelled),
            *(cells(*contact) for contact in contacts),
            *(cells(k, v) for k, v in after),
        ]
        # Two cells (label, value spanning two columns), or a contact's three.
        body.table(COVER_LABELLED, rows, spans=[1, 2])

    def grid(
        self,
        widths: tuple[float, ...],
        rows: Sequence[tuple[str, ...]],
        *,
        bold: tuple[bool, ...],
    ) -> None:
        """A borderless table of labelled rows (the cover's layout); an empty cell stays empty."""
        body = self.body
        body.table(
            widths,
            [
                [
                    cell_paragraphs(body, text, look=Look(bold=strong)) if text else ""
                    for text, strong in zip(cells, bold, strict=True)
                ]
                for cells in rows
            ],
        )

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


def _package(doc: object, body_xml: str) -> bytes:
    """Save the package, then put the body's XML into word/document.xml before the section
    properties (a string splice: no parse of the large body, no copy of its tree)."""
    out = io.BytesIO()
    doc.save(out)  # type: ignore[attr-defined]
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    # python-docx writes the main namespace as w: (a template's own prefixes are kept, and
    # Word's are w: too); the section properties close the body.
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.rindex("<w:sectPr")
                xml = xml[:at] + body_xml + xml[at:]
                data = xml.encode("utf-8")
            target.writestr(info, data)
    return result.getvalue()


_LIST_LINE = re.compile(r"^\s*[-•–]\s*")


def _item_row(report: Report, section: Section, row: DocRow) -> tuple[str, ...]:
    """A document as an ITU-T TD's item table shows it: the number, with a note that qualifies
    the document itself under it ("TD667R1 / (Output of RG-IEM meeting)"); what is asked, then
    any other note ("Presented at … on 18 June.") and how it relates to others."""
    qualifier = row.notes if re.fullmatch(r"\([^()]*\)", row.notes.strip()) else ""
    number = "\n".join(x for x in (linked(report, row.number), qualifier) if x)
    asked = "\n".join(x for x in (row.action, "" if qualifier else row.notes, row.lineage) if x)
    return (section.number, row.heading, number, row.summary, asked)


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
