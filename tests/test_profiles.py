"""Report profiles and the front matter they need: set-up, roles, /meeting set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .harness import summary_of


def test_a_group_has_the_itu_profile_until_it_chooses_another(group):
    assert "Report profile: itu" in group.ok("/clerk setup").text
    reply = group.ok("/clerk setup profile=3gpp study-period=2022-2024")
    assert "Report profile: 3gpp" in reply.text and "study period 2022-2024" in reply.text
    assert group.store.groups.get("T1", "C1").profile == "3gpp"


def test_an_unknown_profile_is_refused_with_the_nearest(group):
    reply = group.refused("/clerk setup profile=itf")
    assert "not a report profile" in reply.text and "Did you mean" in reply.text


def test_changing_the_profile_changes_no_record(meeting):
    meeting.ok('/comment C103 "We support it." by="A Member State"')
    before = [(e.kind, e.text) for e in meeting.store.entries.of_meeting(1)]
    meeting.ok("/clerk setup profile=ietf")
    meeting.ok("/clerk setup profile=itu")
    assert [(e.kind, e.text) for e in meeting.store.entries.of_meeting(1)] == before


def test_a_chair_has_a_contact_and_co_chairs_add_up(group):
    group.ok(
        '/clerk role rapporteur <@U0CHAIR> name="Mr Víctor Manuel Martínez Vanegas (IFETEL, '
        'Mexico)" contact="Tel: +52 55 5015 4000; E-mail: victor@example.org"'
    )
    group.ok('/clerk role co-chair <@U0SECOND> name="Ms Second"')
    group.ok('/clerk role note-taker name="Ana Notes"')
    roles = {(r.role, r.name, r.contact) for r in group.store.groups.roles(1)}
    assert (
        "rapporteur",
        "Mr Víctor Manuel Martínez Vanegas (IFETEL, Mexico)",
        "Tel: +52 55 5015 4000; E-mail: victor@example.org",
    ) in roles
    assert ("rapporteur", "Ms Second", "") in roles
    assert ("secretariat", "Ana Notes", "") in roles
    assert "E-mail: victor@example.org" in group.ok("/clerk role list").text
    group.ok("/clerk role remove <@U0SECOND>")
    assert "Ms Second" not in group.ok("/clerk role list").text


def test_meeting_set_fills_the_front_matter_of_the_current_meeting(meeting):
    meeting.ok('/meeting set report=TD515 keywords="strategic plan; CWG-SFP" purpose=Report')
    meeting.ok(
        "/meeting set link=https://meetings.example.org/121 "
        "notes=https://notes.example.org/httpbis chat=https://chat.example.org/httpbis"
    )
    m = meeting.store.meetings.by_id(1)
    assert (m.report_number, m.keywords, m.purpose) == (
        "TD515",
        "strategic plan; CWG-SFP",
        "Report",
    )
    assert (m.link, m.notes_url, m.chat_url) == (
        "https://meetings.example.org/121",
        "https://notes.example.org/httpbis",
        "https://chat.example.org/httpbis",
    )
    info = meeting.ok("/meeting info").text
    assert "Report: TD515" in info and "Keywords: strategic plan; CWG-SFP" in info


def test_meeting_set_takes_every_field_of_meeting_new(meeting):
    meeting.ok(
        '/meeting set 1 title="RG-SOP meeting (Geneva)" place="Geneva, Room K" '
        'start="2024-08-01 14:00" end=15:30'
    )
    m = meeting.store.meetings.by_id(1)
    assert m.title == "RG-SOP meeting (Geneva)" and m.place == "Geneva, Room K"
    assert (m.start.hour, m.end.hour, m.end.minute) == (12, 13, 30)  # UTC, from Zurich summer time


@pytest.mark.parametrize(
    "line, says",
    [
        ("/meeting set", "Say what to change"),
        ('/meeting set place=""', "is empty"),
        ("/meeting set kind=plenary", "session or interim"),
        ("/meeting set 9 place=X", "no meeting 9"),
    ],
)
def test_meeting_set_refuses_clearly(meeting, line, says):
    assert says in meeting.refused(line).text


def test_meeting_set_is_for_chairs(meeting):
    assert "Only" in meeting.refused("/meeting set place=X", user="U0DELEGATE").text


# The ITU-T TD in Word ------------------------------------------------------------------------


@pytest.fixture
def td(meeting):
    """The reference meeting's Word draft, with the front matter a rapporteur gives."""
    import io

    import docx

    from commands.report import compile_files

    meeting.ok("/clerk setup study-period=2022-2024")
    meeting.ok(
        '/clerk role rapporteur <@U0CHAIR> name="Mr Víctor (IFETEL, Mexico)" '
        'contact="Tel: +52 55 5015 4000; E-mail: victor@example.org"'
    )
    meeting.ok('/meeting set report=TD515 keywords="strategic plan; CWG-SFP" purpose=Report')
    store = meeting.store
    group = store.groups.get("T1", "C1")
    _, [file] = compile_files(
        store, group, store.meetings.current(group), ["docx"], now=meeting.clock()
    )
    return docx.Document(io.BytesIO(file.content)), file.content


def test_the_td_opens_with_the_itu_cover(td):
    document, _ = td
    top, question, labelled = document.tables[:3]
    assert [[c.text for c in r.cells] for r in top.rows] == [
        ["INTERNATIONAL TELECOMMUNICATION UNION", "TSAG-TD515"],
        ["TELECOMMUNICATION STANDARDIZATION SECTOR", "TSAG"],
        ["STUDY PERIOD 2022-2024", "Original: English"],
    ]
    assert top.rows[0].cells[1].paragraphs[0].runs[0].font.size.pt == 16  # as the template
    assert [c.text for c in question.rows[0].cells] == [
        "Question(s):\tN/A",  # a rapporteur group works under no Question
        "Geneva, 29 July – 2 August 2024",
    ]
    cover = {r.cells[0].text: r.cells[1].text for r in labelled.rows}
    [contact] = [r for r in labelled.rows if r.cells[0].text == "Contact:"]
    # Who in the middle, Tel and E-mail on the right; other rows span both.
    assert [c.text for c in contact.cells[1:]] == [
        "Mr Víctor (IFETEL, Mexico)",
        "Tel: +52 55 5015 4000\nE-mail: victor@example.org",
    ]
    assert len({id(c._tc) for c in labelled.rows[0].cells}) == 2
    assert cover["Source:"] == "Rapporteur, RG-SOP"
    assert cover["Title:"].startswith("Draft report of the TSAG RG-SOP meeting")
    assert cover["Purpose:"] == "Report" and cover["Keywords:"] == "strategic plan; CWG-SFP"
    assert cover["Abstract:"].startswith("This TD contains the draft report")


def test_the_td_has_itu_typography(td):
    document, raw = td
    for name in ("Normal", "Heading 1", "Heading 2"):
        style = document.styles[name]
        assert style.font.name == "Times New Roman" and style.font.size.pt == 12
    heading = document.styles["Heading 1"]
    assert heading.font.bold and str(heading.font.color.rgb) == "000000"
    assert b"asciiTheme" not in _style_xml(raw, "Heading1")
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.different_first_page_header_footer
    header = section.header._element.xml
    assert 'w:instr="PAGE"' in header and "TSAG-TD515" in header
    annex = document.tables[-1]
    assert annex.rows[0]._tr.trPr.find(_w("tblHeader")) is not None  # repeats on each page
    assert all(r._tr.trPr.find(_w("cantSplit")) is not None for r in annex.rows)
    assert not [p for p in document.paragraphs if not p.text.strip() and not p.runs]
    assert document.paragraphs[-1].text == "_______________________"


def test_the_td_properties_name_this_draft(td, meeting):
    document, _ = td
    props = document.core_properties
    assert props.title.startswith("Draft report of the TSAG RG-SOP meeting")
    assert props.author == "Mr Víctor (IFETEL, Mexico)"
    assert props.created.date() == meeting.clock().date()
    assert "python-docx" not in (props.author, props.last_modified_by)


def test_a_column_empty_in_every_row_is_left_out(td):
    document, _ = td
    item_21 = document.tables[3]  # TD599 has no summary
    assert len(item_21.columns) == 4


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _style_xml(raw: bytes, style_id: str) -> bytes:
    import re
    import zipfile
    from io import BytesIO

    styles = zipfile.ZipFile(BytesIO(raw)).read("word/styles.xml")
    found = re.search(
        rb'<w:style [^>]*w:styleId="%s".*?</w:style>' % style_id.encode(), styles, re.S
    )
    assert found
    return found.group(0)


# An outcome always names its own document where an item has several ----------------------


def test_every_outcome_sits_with_its_own_tdoc(clerk):
    """After SA WG2#162's agenda item 2 (public TdocsByAgenda list): three TDocs, three outcomes."""
    from commands.report import build_report
    from commands.report.render import render_markdown

    for line in (
        # The ITU layout, where outcomes are sentences (3GPP's own puts one under each TDoc).
        '/clerk setup name="3GPP TSG SA WG2" parent="TSG SA" short=SA2',
        '/meeting new "SA WG2#162" place=Changsha start="2024-04-15 09:00" tz=Asia/Shanghai',
        "/meeting set report=S2-2405999",
        '/agenda add 2 "Agenda"',
        '/agenda add 8.1 "Study on architecture enhancements"',
        '/doc add S2-2403861 item=2 title="SA2#162 meeting Agenda" source="SA WG2 Chair"',
        '/doc add S2-2404367 item=2 title="SA WG2#162 Session plan" source="SA WG2 Chair"',
        '/doc add S2-2405205 item=2 title="SA WG2#162 Session plan" source="SA WG2 Chair"',
        '/doc add S2-2404000 item=8.1 title="Key issue update" source=Ericsson',
        "/decision S2-2403861 approved",
        "/decision S2-2404367 revised to=S2-2405205",
        '/decision S2-2405205 endorsed "as an initial plan"',
        "/decision S2-2404000 noted",
    ):
        clerk.ok(line)
    store = clerk.store
    group = store.groups.get("T1", "C1")
    text = render_markdown(build_report(store, group, store.meetings.current(group)))
    assert "S2-2403861 was approved by the meeting." in text
    assert "S2-2404367 was revised as S2-2405205." in text
    assert "S2-2405205 was endorsed by the meeting. as an initial plan" in text
    # Item 8.1 has one document: the sentence reads as before.
    assert "The document was noted by the meeting." in text
    item_2 = text[text.index("Agenda") : text.index("Study on architecture")]
    assert "The document was" not in item_2


# The other bodies' layouts, from transcripts written after public records -------------------

DATA = Path(__file__).parent.parent / "bot" / "data"
GOLDEN = Path(__file__).parent / "golden"


def recorded(transcript: str, tmp_path: Path, *, word: bool = False) -> str:
    """The Markdown draft of a demo transcript in bot/data, recorded through the shell (with
    `word`: the Word draft, as docx_outline reads it)."""
    if word:
        return docx_outline(recorded_word_bytes(transcript, tmp_path))
    return _recorded(transcript, tmp_path, word=False).decode()


def recorded_word_bytes(transcript: str, tmp_path: Path) -> bytes:
    """The Word draft of a demo transcript in bot/data, as bytes."""
    return _recorded(transcript, tmp_path, word=True)


def recorded_html(transcript: str, tmp_path: Path) -> str:
    """The HTML page of a demo transcript's draft."""
    return _recorded(transcript, tmp_path, word=False, html=True).decode()


def _recorded(transcript: str, tmp_path: Path, *, word: bool, html: bool = False) -> bytes:
    import io

    from bot.shell import Shell
    from commands.report import build_report
    from commands.report.render import render_markdown
    from commands.report.word import render_docx
    from storage import Store

    from .harness import FakeClock

    store = Store.open(tmp_path / "profile.db")
    shell = Shell(
        store,
        user="U0CHAIR",
        channel="wg",
        clock=FakeClock(),
        out=io.StringIO(),
        files_dir=tmp_path,
    )
    outcome = shell.run_script((DATA / transcript).read_text().splitlines())
    assert outcome.failed == 0, outcome.summary()
    group = store.groups.all()[0]
    report = build_report(store, group, store.meetings.current(group))
    if html:
        from commands.report.render import render_html

        content = render_html(report).encode()
    else:
        content = render_docx(report) if word else render_markdown(report).encode()
    store.close()
    return content


def docx_outline(content: bytes) -> str:
    """A Word file as a reviewer reads it, in body order: `[Style] text` per paragraph (runs
    in bold marked, a hyperlink as `text<address>`), `| cell | cell |` per table row."""
    import io

    import docx
    from docx.table import Table
    from docx.text.hyperlink import Hyperlink
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(content))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(block, document)
            text = "".join(
                f"{r.text}<{r.address}>"
                if isinstance(r, Hyperlink)
                else f"**{r.text}**"
                if r.bold and r.text.strip()
                else r.text
                for r in para.iter_inner_content()
            )
            if text.strip() or para.style.name.startswith("Heading"):
                lines.append(f"[{para.style.name}] {text}")
        elif tag == "tbl":
            for row in Table(block, document).rows:
                merged = []  # a merged cell is listed once per grid column: once is enough
                for c in row.cells:
                    if not merged or merged[-1]._tc is not c._tc:
                        merged.append(c)
                cells = [c.text.replace("\n", " / ") for c in merged]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "transcript, golden",
    [
        ("sa2-162.clerk", "sa2-162.md"),
        ("httpbis-121.clerk", "httpbis-121.md"),
        ("jsonld-cg-2022-07-06.clerk", "jsonld-cg-2022-07-06.md"),
        ("reference-meeting.clerk", "reference-report.html"),
        ("sa2-162.clerk", "sa2-162.html"),
        ("httpbis-121.clerk", "httpbis-121.html"),
        ("jsonld-cg-2022-07-06.clerk", "jsonld-cg-2022-07-06.html"),
    ],
)
def test_profile_markdown_and_html_match_their_golden_files(transcript, golden, tmp_path):
    """Each profile's Markdown and HTML page; reviewed by eye once; UPDATE_GOLDEN=1 rewrites."""
    html = golden.endswith(".html")
    text = recorded_html(transcript, tmp_path) if html else recorded(transcript, tmp_path)
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


@pytest.mark.parametrize(
    "transcript, golden",
    [
        ("sa2-162.clerk", "sa2-162.docx.txt"),
        ("httpbis-121.clerk", "httpbis-121.docx.txt"),
        ("jsonld-cg-2022-07-06.clerk", "jsonld-cg-2022-07-06.docx.txt"),
    ],
)
def test_profile_word_draft_matches_its_golden_outline(transcript, golden, tmp_path):
    """Each profile's Word layout, as its outline (styles, text, bold, tables); reviewed by
    eye once, with the pages rendered by LibreOffice; regenerate with UPDATE_GOLDEN=1."""
    text = recorded(transcript, tmp_path, word=True)
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


def test_a_3gpp_report_names_its_chair_vice_chairs_and_secretary(clerk):
    from commands.report import build_report
    from commands.report.render import render_markdown

    clerk.ok('/clerk setup name="3GPP TSG SA WG2" short=SA2 profile=3gpp tz=UTC')
    clerk.ok('/clerk role chair <@U0CHAIR> name="Ana Chair (Org A)"')
    clerk.ok('/clerk role vice-chair name="Bo Vice (Org B)"')
    clerk.ok('/clerk role vice-chair name="Cy Vice (Org C)"')
    clerk.ok('/clerk role secretary name="Di Sec (MCC)"')
    clerk.ok('/meeting new "SA WG2#170" place=Prague event-dates="1 – 5 June 2026"')
    group = clerk.store.groups.get("T1", "C1")
    text = render_markdown(build_report(clerk.store, group, clerk.store.meetings.current(group)))
    assert (
        "The meeting was chaired by Ana Chair (Org A), SA WG2 Chair. The Vice-Chairs were "
        "Bo Vice (Org B) and Cy Vice (Org C). The Secretary was Di Sec (MCC)."
    ) in text


def test_who_chairs_an_item_is_set_listed_undone_and_cleared(meeting):
    reply = meeting.ok("/agenda chair 2.1 <@U0SECOND>")
    assert "is chaired by" in reply.text
    [line] = [x for x in meeting.ok("/agenda").text.splitlines() if "2.1  Report" in x]
    assert line.endswith("— chair: U0SECOND") or "— chair: " in line
    meeting.ok("/clerk undo")
    assert "chair:" not in meeting.ok("/agenda").text
    meeting.ok('/agenda chair 2.1 "Ms Vice (Org B)"')
    assert "— chair: Ms Vice (Org B)" in meeting.ok("/agenda").text
    assert "no longer names its own chair" in meeting.ok("/agenda chair 2.1 none").text
    assert "chair:" not in meeting.ok("/agenda").text
    assert "Say who chairs item 2.1" in meeting.refused("/agenda chair 2.1").text
    assert "item 9 is not on the agenda" in meeting.refused("/agenda chair 9 Ana").text


def test_a_3gpp_report_names_who_chaired_each_item_under_its_heading(tmp_path):
    """As 3GPP's TDoc list by agenda item names one per item (SA WG2#162: "Andy")."""
    text = recorded("sa2-162.clerk", tmp_path)
    assert "## 1.1 Opening of the meeting\n\n**Chair:** Andy\n" in text
    assert "## 2 Agenda\n\n**Chair:** Andy\n" in text
    assert "### 2.1 IPR Call and Antitrust Reminder\n\n**Chair:**" not in text
    lines = [p.text for p in word_of("sa2-162.clerk", tmp_path).paragraphs]
    opening = lines.index("1.1\tOpening of the meeting")
    assert lines[opening + 1] == "Chair: Andy"


def test_a_3gpp_report_has_a_block_per_tdoc_and_a_status_table(tmp_path):
    text = recorded("sa2-162.clerk", tmp_path)
    assert "**TD S2-2405205** SA WG2#162 Session plan (Source: SA WG2 Chair). " in text
    assert "Revision of TD S2-2404367." in text
    assert "**Revised to TD S2-2405205.**" in text
    # The status is one word; the note stays with the TDoc's block, the revision apart.
    assert "| S2-2405205 | SA WG2#162 Session plan | SA WG2 Chair | 2 | Endorsed |  |" in text
    assert (
        "| S2-2404367 | SA WG2#162 Session plan | SA WG2 Chair | 2 | Revised | S2-2405205 |" in text
    )
    # 3GPP's officials, in its words (not "Rapporteur"), each name as given with its company.
    assert "The meeting was chaired by Andy, SA WG2 Chair. The Secretary was 3GPP Support." in text
    assert "Annex A" not in text and "This TD" not in text  # no ITU annexes; its own output


def test_ietf_minutes_keep_the_chairs_markdown_and_no_itu_boilerplate(tmp_path):
    text = recorded("httpbis-121.clerk", tmp_path)
    assert text.startswith("# HTTPBIS — IETF 121 — Minutes")
    assert "**Date:** Monday, 2024-11-04, 09:30–11:30 UTC (09:30–11:30 Europe/Dublin)" in text
    assert "**Chairs:** Mark Nottingham, Tommy Pauly" in text
    assert "[Meeting](https://meetings.conf.meetecho.com/ietf121/?group=httpbis)" in text
    # As WGs write minutes: a draft's heading is its title, linked, and who presented it.
    assert (
        "### [Resumable Uploads]"
        "(https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/) — Marius Kleidl"
    ) in text
    assert "## Active Drafts" in text and "Presenter:" not in text
    # Markdown the note takers typed stays Markdown; speakers are bullets.
    assert "- Darrel Miller: Please use **structured fields** for Accept-Query" in text
    assert "- Issue [#2896](https://github.com/httpwg/http-extensions/issues/2896)" in text
    assert "### Cookie eviction — Yoav Weiss (remote)" in text and "\\_" not in text
    assert "**Action:** Yoav Weiss — write an Internet-Draft on cookie eviction" in text
    for itu in ("This TD", "Action required", "Rapporteur", "Annex", "Closure"):
        assert itu not in text


def test_ietf_minutes_name_the_note_takers(clerk):
    from commands.report import build_report
    from commands.report.render import render_markdown

    clerk.ok('/clerk setup name="WG" profile=ietf')
    clerk.ok('/clerk role note-taker name="Ana Notes"')
    clerk.ok('/clerk role scribe name="Bo Scribe"')
    clerk.ok('/meeting new "IETF 121" start="2024-11-05 09:30"')
    group = clerk.store.groups.get("T1", "C1")
    text = render_markdown(build_report(clerk.store, group, clerk.store.meetings.current(group)))
    assert "**Note takers:** Ana Notes, Bo Scribe" in text


def test_ietf_minutes_neutralise_broadcasts(clerk, tmp_path):
    from commands.report import build_report
    from commands.report.render import render_markdown

    clerk.ok('/clerk setup name="WG" profile=ietf')
    clerk.ok('/meeting new "IETF 121" start="2024-11-05 09:30"')
    clerk.ok('/agenda add 1 "Drafts"')
    clerk.ok('/note 1 "Ping <!channel> and <@U0X> <script>x</script>"')
    group = clerk.store.groups.get("T1", "C1")
    text = render_markdown(build_report(clerk.store, group, clerk.store.meetings.current(group)))
    assert "<!channel>" not in text and "<script>" not in text and "<@U0X>" not in text


def word_of(transcript: str, tmp_path: Path):
    """The Word draft of a demo transcript in bot/data."""
    import io

    import docx

    from bot.shell import Shell
    from commands.report import compile_files
    from storage import Store

    from .harness import FakeClock

    store = Store.open(tmp_path / "word.db")
    shell = Shell(store, user="U0CHAIR", channel="wg", clock=FakeClock(), out=io.StringIO())
    assert shell.run_script((DATA / transcript).read_text().splitlines()).failed == 0
    group = store.groups.all()[0]
    _, [file] = compile_files(store, group, store.meetings.current(group), ["docx"])
    store.close()
    return docx.Document(io.BytesIO(file.content))


def test_the_3gpp_word_draft_puts_each_outcome_under_its_own_tdoc(tmp_path):
    document = word_of("sa2-162.clerk", tmp_path)
    lines = [p.text for p in document.paragraphs]
    assert not any("INTERNATIONAL TELECOMMUNICATION UNION" in t for t in lines)
    heads = [i for i, t in enumerate(lines) if t.startswith("TD S2-")]
    expected = {
        "TD S2-2403861": "Approved. This AGENDA was approved.",
        "TD S2-2404367": "Revised to TD S2-2405205.",
        "TD S2-2405205": "Endorsed. This was updated during the meeting.",
    }
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        number = lines[start].split(" ", 2)[0] + " " + lines[start].split(" ", 2)[1]
        assert expected[number] in lines[start:end], (number, lines[start:end])
    assert any("Revision of TD S2-2404367." in t for t in lines)
    status = document.tables[-2]  # the last: the summary of output
    assert [c.text for c in status.rows[0].cells] == [
        "TDoc",
        "Title",
        "Source",
        "Agenda item",
        "Status",
        "Revised to / Merged into",
    ]
    assert [c.text for c in status.rows[2].cells][4:] == ["Revised", "S2-2405205"]
    assert [c.text for c in status.rows[3].cells][4:] == ["Endorsed", ""]
    assert status.rows[0]._tr.trPr.find(_w("tblHeader")) is not None


def test_the_3gpp_word_draft_names_the_meeting_once_and_runs_3gpps_header(tmp_path):
    document = word_of("sa2-162.clerk", tmp_path)
    first = document.paragraphs[0].text
    assert first.startswith("3GPP TSG SA WG2 Meeting #162")  # not "… Meeting SA WG2#162"
    header = document.sections[0].header.paragraphs[0]
    assert header.text.startswith("Draft Report of SA WG2 meeting #162 | Page ")
    assert "TSG SA-" not in header.text  # the ITU-T "parent-number" prefix is not 3GPP's
    assert not document.sections[0].different_first_page_header_footer
    assert document.styles["Normal"].font.name == "Arial"
    # The front page: "DRAFT REPORT" at the right margin under a rule, the status, contents.
    texts = [p.text for p in document.paragraphs]
    assert texts[1].endswith("\tDRAFT REPORT") and "Status: Draft" in texts
    xml = document.element.xml
    assert 'TOC \\o "1-3"' in xml and "<w:pBdr>" in xml
    assert "Discussion and conclusion:" in texts
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["TDoc", "Title", "Source", "Status"]
    assert [r.cells[0].text for r in annex.rows[1:]] == ["S2-2403861", "S2-2405205"]


def test_meeting_set_version_goes_into_the_3gpp_header(tmp_path):
    import io

    import docx

    from bot.shell import Shell
    from commands.report import compile_files
    from storage import Store

    from .harness import FakeClock

    store = Store.open(tmp_path / "v.db")
    shell = Shell(store, user="U0CHAIR", channel="wg", clock=FakeClock(), out=io.StringIO())
    lines = (DATA / "sa2-162.clerk").read_text().splitlines()
    assert shell.run_script([*lines, "as U0CHAIR: /meeting set version=0.1.0"]).failed == 0
    group = store.groups.all()[0]
    _, [file] = compile_files(store, group, store.meetings.current(group), ["docx"])
    store.close()
    header = docx.Document(io.BytesIO(file.content)).sections[0].header.paragraphs[0].text
    assert header.endswith(" | Version 0.1.0")


def test_the_ietf_word_minutes_have_no_itu_boilerplate(tmp_path):
    document = word_of("httpbis-121.clerk", tmp_path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("HTTPBIS — IETF 121 — Minutes")
    assert "Chairs: Mark Nottingham, Tommy Pauly" in text
    addresses = [h.address for p in document.paragraphs for h in p.hyperlinks]
    # The draft's name is the link (a clickable one), not a raw address on a line of its own.
    assert "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/" in addresses
    assert "https://datatracker.ietf.org/doc/" not in text
    assert "Decision: WGLC once people have looked at the revised draft" in text
    for itu in ("This TD", "Action required", "Annex", "Rapporteur", "TELECOMMUNICATION"):
        assert itu not in text
    assert not document.tables


# The group's own Word template ---------------------------------------------------------------


def a_template(tmp_path: Path) -> bytes:
    """A group's template: Arial, a header of its own, and sample text to leave out."""
    import docx

    document = docx.Document()
    document.styles["Normal"].font.name = "Arial"
    document.sections[0].header.paragraphs[0].text = "ACME WG TEMPLATE HEADER"
    document.add_paragraph("Sample text of the template, never in a draft.")
    path = tmp_path / "acme.docx"
    document.save(path)
    return path.read_bytes()


def drafted(meeting) -> object:
    import io

    import docx

    from commands.report import compile_files

    group = meeting.store.groups.get("T1", "C1")
    _, [file] = compile_files(meeting.store, group, meeting.store.meetings.current(group), ["docx"])
    return docx.Document(io.BytesIO(file.content))


def ctx_of(meeting, user: str = "U0CHAIR"):
    from commands import Caller, Context

    return Context("T1", "C1", Caller(user, fallback_name=user.lower()), meeting.clock())


def test_a_word_template_gives_the_draft_its_styles_and_headers(meeting, tmp_path):

    reply = shown_use_template(
        meeting.router.work, ctx_of(meeting), "acme.docx", a_template(tmp_path)
    )
    assert reply.ok and "acme.docx" in reply.text
    document = drafted(meeting)
    assert document.styles["Normal"].font.name == "Arial"  # not Clerk's Times New Roman
    assert "ACME WG TEMPLATE HEADER" in document.sections[0].header.paragraphs[0].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sample text of the template" not in text
    assert "0\tIntroduction" in text and "Annex A – List of documents" in text
    assert "“acme.docx”" in meeting.ok("/clerk setup").text
    assert "now use Clerk's own layout" in meeting.ok("/clerk setup template=default").text
    assert drafted(meeting).styles["Normal"].font.name == "Times New Roman"


def test_a_file_that_is_not_a_docx_leaves_the_template_as_it_was(meeting, tmp_path):
    from commands.services.word_template import use_template

    use_template(meeting.router.work, ctx_of(meeting), "acme.docx", a_template(tmp_path))
    for name, content in (("notes.docx", b"not a zip"), ("acme.pdf", a_template(tmp_path))):
        reply = shown_use_template(meeting.router.work, ctx_of(meeting), name, content)
        assert not reply.ok and "is not a Word file (.docx)" in reply.text
    assert meeting.store.groups.template_name(1) == "acme.docx"


def test_only_chairs_set_the_template(meeting, tmp_path):

    reply = shown_use_template(
        meeting.router.work, ctx_of(meeting, "U0DELEGATE"), "a.docx", a_template(tmp_path)
    )
    assert not reply.ok and "Only" in reply.text
    assert meeting.store.groups.template_name(1) == ""
    assert "comes as a .docx file" in meeting.refused("/clerk setup template=mine.docx").text


def test_clerk_template_offline(meeting, tmp_path, monkeypatch, capsys):
    from bot.cli import main

    meeting.store.close()
    path = tmp_path / "acme.docx"
    path.write_bytes(a_template(tmp_path))
    db = str(tmp_path / "clerk.db")
    assert main(["template", "--db", db, "--channel", "TSAG RG-SOP", str(path)]) == 0
    assert "now start from acme.docx" in capsys.readouterr().out
    (tmp_path / "bad.docx").write_bytes(b"nope")
    assert (
        main(["template", "--db", db, "--channel", "TSAG RG-SOP", str(tmp_path / "bad.docx")]) == 2
    )
    assert "not a Word file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "profile, says", [("3gpp", "**TD S2-2405205**"), ("ietf", "# HTTPBIS — IETF 121 — Minutes")]
)
def test_clerk_demo_shows_the_other_profiles(profile, says, tmp_path):
    import io

    from bot.demo import run_demo

    out = io.StringIO()
    assert run_demo(tmp_path / "demo", out=out, profile=profile) == 0
    [md] = (tmp_path / "demo").glob("*.md")
    assert says in md.read_text()
    assert list((tmp_path / "demo").glob("*.docx"))
    assert "Recorded" in out.getvalue()


def test_ietf_minutes_name_the_chat_scribe_beside_the_note_takers(clerk, tmp_path):
    from commands.report import build_report
    from commands.report.render import render_markdown
    from commands.report.word import render_docx

    from .test_word import paragraphs

    clerk.ok('/clerk setup name="HTTPBIS" profile=ietf tz=UTC')
    clerk.ok('/clerk role note-taker name="Nia Notes"')
    clerk.ok('/clerk role chat-scribe name="Rae Relay"')
    clerk.ok('/meeting new "IETF 121" start="2024-11-04 09:30"')
    group = clerk.store.groups.get("T1", "C1")
    report = build_report(clerk.store, group, clerk.store.meetings.current(group))
    text = render_markdown(report)
    assert "**Note takers:** Nia Notes  \n**Chat scribe:** Rae Relay" in text
    assert "Chat scribe: Rae Relay" in paragraphs(render_docx(report))


def test_3gpp_and_ietf_drafts_come_as_html_pages_too(clerk):
    from commands.report import build_report
    from commands.report.render import render_html

    clerk.ok('/clerk setup name="WG" profile=ietf')
    clerk.ok('/meeting new "IETF 121" start="2024-11-05 09:30"')
    clerk.ok('/agenda add 1 "Drafts"')
    clerk.ok("/doc add draft-ietf-httpbis-resumable-upload-05 item=1")
    clerk.ok(
        '/note 1 "See **this** [list](https://example.org/x) and [that](javascript:alert(1)) '
        '<script>alert(2)</script>"'
    )
    group = clerk.store.groups.get("T1", "C1")
    report = build_report(clerk.store, group, clerk.store.meetings.current(group))
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>") and "<h1>WG — IETF 121 — Minutes</h1>" in page
    assert "<strong>this</strong>" in page and 'href="https://example.org/x"' in page
    assert "javascript:" not in page and "<script>" not in page
    clerk.ok("/clerk setup profile=3gpp")
    group = clerk.store.groups.get("T1", "C1")
    report = build_report(clerk.store, group, clerk.store.meetings.current(group))
    assert "<table>" in render_html(report)  # the TDoc status table
    assert "1 TDoc" in summary_of(report, [])


def test_answers_speak_each_bodys_language(group):
    itu = group.refused("/decision 1 noted", user="U0DELEGATE").text
    assert "Only the rapporteur, associate rapporteurs or secretariat" in itu
    group.ok("/clerk setup profile=ietf")
    ietf = group.refused('/meeting new "M"', user="U0DELEGATE").text
    assert "Only the chairs, vice-chairs or secretariat" in ietf and "apporteur" not in ietf
    roles = group.ok("/clerk role list").text
    assert "• Chair:" in roles and "• Vice-Chair:" in roles and "Rapporteur" not in roles
    assert "is now Vice-Chair of" in group.ok('/clerk role vice-chair name="V"').text


def test_meeting_new_takes_the_front_matter_too(group):
    group.ok('/meeting new "IETF 121" start="2024-11-05 09:30" report=S2-1 notes=https://n.example')
    m = group.store.meetings.latest(1)
    assert (m.report_number, m.notes_url) == ("S2-1", "https://n.example")
    from bot.forms import FORMS

    assert {"report", "notes"} <= {f.name for f in FORMS["meeting_new"].fields}


def test_help_speaks_each_bodys_language(group):
    assert "rapporteur only" in group.ok("/clerk help").text
    group.ok("/clerk setup profile=3gpp")
    text = group.ok("/clerk help").text
    assert "chair only" in text or "chairs only" in text
    prose = text.split("`")[::2]
    assert not any("apporteur" in p for p in prose)
    assert "`/clerk role rapporteur|chair|co-chair" in text  # what one may type stays
    assert "apporteur" not in "".join(group.ok("/agenda help").text.split("`")[::2])


SPEC_DOCS_LINE = (
    "/meeting set docs=https://www.3gpp.org/ftp/tsg_sa/WG2_Arch/TSGS2_162_Changsha/Docs/ "
    "version=0.1.0"
)


def test_spec_meeting_set_docs_links_every_tdoc_to_the_meetings_folder(tmp_path):
    """docs/SPEC.md §6, exactly as written: TDoc numbers link to NUMBER.zip in that folder."""
    import io

    import docx

    from bot.shell import Shell
    from commands.report import build_report
    from commands.report.render import render_markdown
    from commands.report.word import render_docx
    from storage import Store

    from .harness import FakeClock
    from .test_word import hyperlinks

    store = Store.open(tmp_path / "docs.db")
    shell = Shell(store, user="U0CHAIR", channel="wg", clock=FakeClock(), out=io.StringIO())
    lines = (DATA / "sa2-162.clerk").read_text().splitlines()
    assert shell.run_script([*lines, f"as U0CHAIR: {SPEC_DOCS_LINE}"]).failed == 0
    group = store.groups.all()[0]
    report = build_report(store, group, store.meetings.current(group))
    store.close()
    folder = "https://www.3gpp.org/ftp/tsg_sa/WG2_Arch/TSGS2_162_Changsha/Docs"
    assert f"**[TD S2-2405205]({folder}/S2-2405205.zip)**" in render_markdown(report)
    content = render_docx(report)
    assert hyperlinks(content)["TD S2-2405205"] == f"{folder}/S2-2405205.zip"
    header = docx.Document(io.BytesIO(content)).sections[0].header.paragraphs[0].text
    assert header.endswith(" | Version 0.1.0")


def shown_use_template(*args):
    from commands.services.word_template import use_template

    from .harness import shown

    return shown(use_template(*args))
