"""Each body's report as one module: its words and one layout, the report model to a tree.

A layout returns a `tree.Document`; the Markdown, HTML and Word writers render it. Adding a
body is a module here (and its golden files); no writer changes.
"""

from __future__ import annotations

from collections.abc import Callable

from commands.report.model import Report
from commands.report.tree import Document

from . import ietf, itu, threegpp, w3c

Layout = Callable[[Report], Document]

# Every body's layout; a report without a profile is laid out as ITU's.
LAYOUTS: dict[str, Layout] = {
    "ietf": ietf.layout,
    "3gpp": threegpp.layout,
    "w3c": w3c.layout,
    "itu": itu.layout,
}


def layout_of(report: Report) -> Layout:
    """The layout of the report's profile."""
    profile = report.front.profile if report.front else "itu"
    return LAYOUTS.get(profile, itu.layout)
