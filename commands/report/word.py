"""The Word writer: a profile's layout (a document tree) as a .docx; python-docx makes the
package, the styles and the running headers, wordxml.py the body."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from commands.report.model import Report
from commands.report.profiles import laid_out
from commands.report.tree import (
    Bullets,
    Contents,
    Form,
    Heading,
    Line,
    Medium,
    Only,
    PageBreak,
    Para,
    RunningHeader,
    Table,
    Text,
)
from commands.report.tree import Document as Tree
from commands.report.wordxml import (
    Body,
    clean,
    in_paragraph,
    line_break,
    look,
    page_break,
    run,
)

FONT = "Times New Roman"
TABLE_FONT = Pt(10)


def render_docx(report: Report, template: bytes | None = None) -> bytes:
    """The report as its profile lays it out (commands/report/profiles), as a .docx.

    `template`: the group's own .docx; the draft then takes its styles, page set-up, headers
    and footers (its body text is left out), instead of Clerk's ITU look."""
    return _Writer(report, template).write()


class _Writer:
    """Writes one report: the package and styles through python-docx, the body as XML."""

    def __init__(self, report: Report, template: bytes | None = None):
        self.report = report
        self.layout = laid_out(report)
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
            # Each body's typeface (ITU-T Times New Roman, 3GPP Arial), 12 pt; headings bold
            # and black (the default template's blue Calibri comes from theme fonts and
            # colours).
            for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
                _plain_font(
                    styles[name], bold=name.startswith(("Heading", "Title")), font=self.layout.font
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
        doc = self.doc
        for section in doc.sections if not self.own_template else ():
            # A4 with 2 cm margins; a group's own template keeps its page and headers.
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2)
            section.top_margin = section.bottom_margin = Cm(2)
            if self.layout.header is not None:
                self.running_header(section, self.layout.header)
        self.properties(self.report)
        self.laid_out(self.layout)
        return _package(doc, self.body.xml())

    def laid_out(self, document: Tree | Only) -> None:
        """A profile's layout (commands/report/profiles), block by block."""
        body = self.body
        for block in document.blocks:
            if isinstance(block, Only):
                if block.medium is Medium.WORD:
                    self.laid_out(block)
                continue
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
                        centre=block.centre,
                    )
            elif isinstance(block, Bullets):
                for item in block.items:
                    self.bullet(self.line(item))
            elif isinstance(block, Table):
                self.laid_out_table(block.shown())
            elif isinstance(block, PageBreak):
                body.paragraph(page_break())
            elif isinstance(block, Contents):
                body.contents()
            # A Rule parts a Markdown page; in Word the headings do.

    def laid_out_table(self, table: Table) -> None:
        """A tree's table: bordered, 10 pt, centred, its header row bold and repeated; or a
        borderless grid of facts (a cover). A cell's line breaks make paragraphs."""
        style = self.table_style if table.borders else ""

        def cell(runs: Line) -> str:
            if not any(t.text for t in runs):
                return in_paragraph("", style=style) if style else ""
            return "".join(in_paragraph(self.line(part), style=style) for part in _lines(runs))

        labels = [c.label for c in table.columns]
        self.body.table(
            [c.width for c in table.columns],
            ([cell(c) for c in row] for row in table.rows),
            header=labels if any(labels) else (),
            style=self.grid_style if table.borders else "",
            cell_style=style,
            centre=table.borders,
            spans=table.spans or None,
        )

    def line(self, runs: Line) -> str:
        """A line's runs as Word runs: bold where bold, links as hyperlinks, the writer's
        inline formatting set."""
        out = []
        for t in runs:
            if t.link and not t.link.startswith("#"):  # an anchor is the Markdown page's
                out.append(self.body.hyperlink(clean(t.text), t.link))
            elif t.form is Form.PLAIN:
                set_as = look(t.bold, t.italic, size=t.size)
                if "\n" in t.text:
                    out.append(line_break().join(run(p, set_as) for p in t.text.split("\n")))
                else:
                    out.append(run(t.text, set_as))
            else:
                out.append(self.body.inline(t.text, bold=t.bold, italic=t.italic))
        return "".join(out)

    def bullet(self, content: str) -> None:
        self.body.paragraph(content, style=self.bullet_style)

    def running_header(self, section: object, header: RunningHeader) -> None:
        """The profile's line atop each page (or each but the first) around the page number."""
        if header.from_page_two:
            section.different_first_page_header_footer = True  # type: ignore[attr-defined]
        para = section.header.paragraphs[0]  # type: ignore[attr-defined]
        if header.centre:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(clean(header.before))
        _field(para, "PAGE")
        if header.after:
            para.add_run(clean(header.after))
        if header.below:
            para.add_run().add_break()
            para.add_run(clean(header.below))

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
    # Deflate's fastest level: a tenth larger than level 6, a third of the time for a body of
    # 10 MB (3,000 documents). It is given per part: a ZipInfo read from an archive carries no
    # level, and writestr would otherwise use zlib's default (6), whatever the ZipFile says.
    # The parts are joined as bytes, not as one more large str.
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.rindex(b"<w:sectPr")
                data = data[:at] + body_xml.encode("utf-8") + data[at:]
            target.writestr(info, data, zipfile.ZIP_DEFLATED, compresslevel=1)
    return result.getvalue()


def _lines(runs: Line) -> list[Line]:
    """A line cut at its line breaks: the lines of a table cell."""
    if not any("\n" in t.text for t in runs):  # most cells hold one line
        return [runs]
    out: list[list[Text]] = [[]]
    for t in runs:
        for n, part in enumerate(t.text.split("\n")):
            if n:
                out.append([])
            if part:
                out[-1].append(t._replace(text=part))
    return [tuple(x) for x in out]


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
