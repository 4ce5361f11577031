"""Each body's report as one module: its words and one layout, the report model to a tree.

A layout returns a `tree.Document`; the Markdown, HTML and Word writers render it. Adding a
body is a module here (and its golden files); no writer changes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from commands.report.model import Report
from commands.report.tree import Document

from . import ietf, itu, threegpp, w3c
from .common import Words

Layout = Callable[[Report], Document]

# Every body's layout; a report without a profile is laid out as ITU's.
LAYOUTS: dict[str, Layout] = {
    "ietf": ietf.layout,
    "3gpp": threegpp.layout,
    "w3c": w3c.layout,
    "itu": itu.layout,
}


# Every body's words.
WORDS: dict[str, Words] = {
    "itu": itu.WORDS,
    "3gpp": threegpp.WORDS,
    "ietf": ietf.WORDS,
    "w3c": w3c.WORDS,
}


def words_of(profile: str) -> Words:
    """What the body of a report profile calls things (ITU-T's for an unknown one)."""
    return WORDS.get(profile, itu.WORDS)


def layout_of(report: Report) -> Layout:
    """The layout of the report's profile."""
    profile = report.front.profile if report.front else "itu"
    return LAYOUTS.get(profile, itu.layout)


# The last report laid out, and its tree: /report writes one report in several formats.
_LAST: tuple[weakref.ref[Report], Document] | None = None


def laid_out(report: Report) -> Document:
    """The report as its profile lays it out, laid out once for all its formats."""
    global _LAST
    last = _LAST
    if last is not None and last[0]() is report:
        return last[1]
    document = layout_of(report)(report)
    _LAST = (weakref.ref(report), document)
    return document
