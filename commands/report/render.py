"""Rendering the report: the profile's layout as Markdown and as an HTML page; the chat summary."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import templates
from commands.framework.rich import Code, Rich, Says, strong
from commands.report import markdown
from commands.report.model import Report
from commands.report.profiles import laid_out, words_of
from commands.text.lines import plural

# Open items named in the Slack summary; the rest are counted, the full list is in the files.
SUMMARY_OPEN_ITEMS = 15


if TYPE_CHECKING:
    import jinja2


@cache
def page_template() -> jinja2.Template:
    """The HTML page around a report's body (templates/page.html.j2), autoescaping."""
    import jinja2  # with the HTML page only: commands load without it

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(templates.__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("page.html.j2")


def render_markdown(report: Report) -> str:
    """The draft as Markdown, in the layout of the group's report profile."""
    return markdown.write(laid_out(report))


def render_html(report: Report) -> str:
    """The draft as one HTML page: the profile's layout written as HTML (every user text
    escaped, links only to the web or to mail), in the page template."""
    from commands.report import html  # with Python-Markdown, for the HTML page only

    body = html.page_body(laid_out(report))
    return page_template().render(title=report.title, body=body)


def render_summary(report: Report, filenames: list[str], heading: str = "Report draft") -> Rich:
    """The short channel message: meeting, counts, open items, the attached files."""
    r, counts = report, report.counts
    # What each body calls its documents.
    profile = r.front.profile if r.front else ""
    doc_noun = words_of(profile).document
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
