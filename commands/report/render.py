"""Rendering the report model: Markdown and HTML with the Jinja2 templates, the chat summary."""

from __future__ import annotations

import re
from functools import cache, partial
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

import templates
from commands.framework.rich import Code, Rich, Says, strong
from commands.report import markdown
from commands.report.inline import as_html
from commands.report.markdown import cell, inline, keep, md
from commands.report.model import ANNEX_COLUMNS, DOC_COLUMNS, Report
from commands.report.profiles import layout_of
from commands.report.safe_markdown import to_html
from commands.report.wording import (
    review_line,
    tdoc_link,
)
from commands.text.lines import plural

# Open items named in the Slack summary; the rest are counted, the full list is in the files.
SUMMARY_OPEN_ITEMS = 15


def doc_cell(report: Report, number: str) -> str:
    """A document number in a table cell: a link where it is published."""
    url = tdoc_link(report, number)
    return f"[{cell(number)}]({url})" if url else cell(number)


def doc_html(report: Report, number: str) -> Markup:
    """A document number on the HTML page: a link where it is published."""
    url = tdoc_link(report, number)
    text = escape(number)
    return Markup(f'<a href="{escape(url)}">{text}</a>') if url else Markup(text)


@cache
def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(templates.__file__).parent),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md,
        cell=cell,
        keep=keep,
        inline=inline,
        inline_html=as_html,
    )
    env.globals["plural"] = plural
    return env


# Table headings come from the model, so Word, Markdown and HTML say the same.
COLUMNS = {"doc_columns": DOC_COLUMNS, "annex_columns": ANNEX_COLUMNS}


def render_markdown(report: Report) -> str:
    """The draft as Markdown, in the layout of the group's report profile."""
    laid_out = layout_of(report)
    if laid_out is not None:
        return markdown.write(laid_out(report))
    text = (
        _env(False)
        .get_template("report.md.j2")
        .render(r=report, review=_review(report, "itu"), doc=partial(doc_cell, report), **COLUMNS)
    )
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(report: Report) -> str:
    """The draft as one HTML page, in the layout of the group's report profile."""
    profile = report.front.profile if report.front else "itu"
    if profile in ("3gpp", "ietf", "w3c"):
        # Those layouts are written once, as Markdown; Python-Markdown makes the page. User
        # text there is escaped already, and raw HTML in it is text (escaped, never parsed).
        body = to_html(render_markdown(report))
        return _env(True).get_template("page.html.j2").render(title=report.title, body=Markup(body))
    return (
        _env(True)
        .get_template("report.html.j2")
        .render(r=report, review=_review(report, "itu"), doc=partial(doc_html, report), **COLUMNS)
    )


def _review(report: Report, profile: str) -> list[str]:
    """The review of earlier actions, a line each, in the profile's words."""
    return [review_line(r, profile) for r in report.review]


def render_summary(report: Report, filenames: list[str], heading: str = "Report draft") -> Rich:
    """The short channel message: meeting, counts, open items, the attached files."""
    r, counts = report, report.counts
    # What each body calls its documents.
    profile = r.front.profile if r.front else ""
    doc_noun = {"3gpp": "TDoc", "ietf": "document"}.get(profile, "document")
    date = f" ({r.date})" if r.date else ""
    lines: list[Says] = [
        Rich(strong(f"{heading} — {r.group}, meeting {r.meeting_number}: {r.meeting_title}"), date),
        " · ".join(
            (
                plural(counts.agenda_items, "agenda item"),
                plural(counts.documents, doc_noun),
                plural(counts.decisions, "decision"),
                plural(counts.actions, "action item"),
            )
        ),
    ]
    open_docs = counts.open_documents
    if open_docs:
        more = len(open_docs) - SUMMARY_OPEN_ITEMS
        named = ", ".join(open_docs[:SUMMARY_OPEN_ITEMS]) + (
            f" and {more} more" if more > 0 else ""
        )
        lines.append(f"Open items (no decision yet): {named}")
    elif counts.documents:
        lines.append("Every document on the agenda has a decision.")
    if filenames:
        lines.append(
            Rich("The full draft is attached: ", Rich(" and ").join(map(Code, filenames)), ".")
        )
    return Rich("\n").join(lines)
