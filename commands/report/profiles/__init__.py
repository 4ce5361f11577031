"""Each body's report as one module: its words and one layout, the report model to a tree.

A layout returns a `tree.Document`; the Markdown, HTML and Word writers render it. Adding a
body is a module here (and its golden files); no writer changes.
"""

from __future__ import annotations

from collections.abc import Callable

from commands.report.model import Report
from commands.report.tree import Document

from . import ietf, threegpp, w3c

Layout = Callable[[Report], Document]

# The profiles laid out as trees (the others still have their own templates and Word code).
LAYOUTS: dict[str, Layout] = {
    "ietf": ietf.layout,
    "3gpp": threegpp.layout,
    "w3c": w3c.layout,
}


def layout_of(report: Report) -> Layout | None:
    """The report's profile's layout, when it is written as one."""
    profile = report.front.profile if report.front else "itu"
    return LAYOUTS.get(profile)
