"""A Word draft never shows Markdown: links are hyperlinks, bold and code are runs."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from commands.report import compile_files

from .test_profiles import DATA, recorded_word_bytes

# What a reader would see as Markdown signs left in the text.
MARKDOWN = re.compile(
    r"\[[^\]\n]*\]\([^)\n]*\)"  # [label](url)
    r"|\*\*"  # **strong**
    r"|(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_[^_\s][^_\n]*_(?![\w_])"  # _emphasis_
    r"|`"  # `code`
    r"|\\[*_\[\]`]"  # an escaped sign
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(content: bytes) -> list[str]:
    """Every paragraph's text as Word shows it (runs and hyperlinks), body and tables."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def hyperlinks(content: bytes) -> dict[str, str]:
    """Each hyperlink's text and where it goes."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {
        "".join(t.text or "" for t in h.iter(f"{W}t")): targets[h.get(rid)]
        for h in root.iter(f"{W}hyperlink")
    }


MARKED_UP = (
    '/doc add C900 item=2.1 source="ACME **Corp**" '
    'title="Use of `@id` in [JSON-LD](https://www.w3.org/TR/json-ld11/)" '
    'summary="See https://example.org/a_b_c and **structured fields**."',
    '/doc present C900 by="Ann Lee"',
    '/comment C900 "Please use **structured fields**; see '
    '[RFC 8941](https://www.rfc-editor.org/rfc/rfc8941) _(remote)_" by="Darrel Miller"',
    '/note 2.1 "The chair said *why*: `Accept-Query` '
    'https://github.com/httpwg/http-extensions/issues/2896"',
    "/decision C900 agreed",
    '/action 2.1 owner=TSB "update '
    '[the tests](https://github.com/greenbytes/java-http-1xx-tests) by **Friday**"',
)


@pytest.mark.parametrize("profile", ["itu", "3gpp", "ietf"])
def test_no_word_draft_of_any_profile_shows_markdown_signs(meeting, profile):
    meeting.ok(f"/clerk setup profile={profile}")
    for line in MARKED_UP:
        meeting.ok(line)
    group = meeting.store.groups.get("T1", "C1")
    _, [file] = compile_files(meeting.store, group, meeting.store.meetings.current(group), ["docx"])
    text = paragraphs(file.content)
    assert not [p for p in text if MARKDOWN.search(p)]
    joined = "\n".join(text)
    assert "structured fields" in joined and "Accept-Query" in joined
    links = hyperlinks(file.content)
    assert links["RFC 8941"] == "https://www.rfc-editor.org/rfc/rfc8941"
    assert links["the tests"] == "https://github.com/greenbytes/java-http-1xx-tests"
    issue = "https://github.com/httpwg/http-extensions/issues/2896"
    assert links[issue] == issue


@pytest.mark.parametrize(
    "transcript",
    ["reference-meeting.clerk", "sa2-162.clerk", "httpbis-121.clerk", "jsonld-cg-2022-07-06.clerk"],
)
def test_the_demo_drafts_show_no_markdown_signs(transcript, tmp_path):
    content = recorded_word_bytes(transcript, tmp_path)
    assert not [p for p in paragraphs(content) if MARKDOWN.search(p)]


def test_w3c_minutes_link_issues_to_the_groups_repository(tmp_path):
    links = hyperlinks(recorded_word_bytes("jsonld-cg-2022-07-06.clerk", tmp_path))
    assert links["#34"] == "https://github.com/json-ld/yaml-ld/issues/34"
    assert links["#37"] == "https://github.com/json-ld/yaml-ld/issues/37"


def test_ietf_drafts_link_to_the_datatracker(tmp_path):
    links = hyperlinks(recorded_word_bytes("httpbis-121.clerk", tmp_path))
    assert (
        links["Resumable Uploads"]
        == "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/"
    )
    assert links["java-http-1xx-tests"].startswith("https://github.com/")
    assert (DATA / "httpbis-121.clerk").exists()


def test_ietf_minutes_in_word_as_wgs_write_them(tmp_path):
    """Unnumbered topic headings; a draft's heading its linked title and presenter; speakers
    as bullets; no rule under the title (Word's default Title style draws one)."""
    import docx

    content = recorded_word_bytes("httpbis-121.clerk", tmp_path)
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Active Drafts", "Resumable Uploads — Marius Kleidl"]
    assert "Cookie eviction — Yoav Weiss (remote)" in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Kazuho Oku: +1 to adopt." in bullets
    assert not [p for p in document.paragraphs if p.text.startswith("Presenter:")]
    assert b"w:pBdr" not in document.styles["Title"].element.xml.encode()
    actions = [b for b in bullets if b.startswith("Yoav Weiss — write")]
    assert actions == [
        "Yoav Weiss — write an Internet-Draft on cookie eviction — Cookie "
        "eviction — Yoav Weiss (remote)"
    ]  # its topic, never "item 2"
