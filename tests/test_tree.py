"""A body's report is a layout (a document tree); every writer renders any tree — so a new
body is a module of commands/report/profiles and no writer changes."""

from __future__ import annotations

import io

import docx

from commands import report as report_package
from commands.report import render, word
from commands.report.tree import (
    Column,
    Document,
    Heading,
    Medium,
    RunningHeader,
    Table,
    Text,
    only,
    para,
    plain,
)

from .test_word import hyperlinks, paragraphs

ACME = Document(
    (
        Heading(0, (plain("Acme WG — Notes"),)),
        only(Medium.PAGE, para(plain("On the page only."))),
        only(Medium.WORD, para(plain("In the Word file only."))),
        # An unlabelled column empty in every row is left out.
        Table((Column("", 2.0), Column("Item", 3.0)), (((), (plain("1. Intro"),)),)),
        para(
            Text("Resolution: ", bold=True, italic=True),
            Text("#34", bold=True, italic=True, link="https://example.org/34"),
        ),
    ),
    header=RunningHeader("Acme notes | Page "),
    font="Arial",
)


def _report(meeting):
    store = meeting.store
    group = store.groups.get("T1", "C1")
    return report_package.build_report(store, group, store.meetings.current(group))


def test_a_new_bodys_layout_is_written_by_every_writer(meeting, monkeypatch):
    monkeypatch.setattr(render, "laid_out", lambda _report: ACME)
    monkeypatch.setattr(word, "laid_out", lambda _report: ACME)
    report = _report(meeting)
    md = render.render_markdown(report)
    assert md.startswith("# Acme WG — Notes\n")
    assert "On the page only." in md and "In the Word file only." not in md
    assert "| Item |\n|---|\n| 1. Intro |" in md  # no empty column; no list in a cell
    assert "***Resolution: [#34](https://example.org/34)***" in md  # marked once, # kept
    assert '<a href="https://example.org/34">#34</a>' in render.render_html(report)
    content = word.render_docx(report)
    text = paragraphs(content)
    assert "In the Word file only." in text and "On the page only." not in text
    assert hyperlinks(content) == {"#34": "https://example.org/34"}
    document = docx.Document(io.BytesIO(content))
    header = document.sections[0].header.paragraphs[0]
    assert header.text == "Acme notes | Page " and 'w:instr="PAGE"' in header._p.xml
    assert document.styles["Normal"].font.name == "Arial"
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Item"]
