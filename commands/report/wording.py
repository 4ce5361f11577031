"""What more than one body's layout says of a document: its outcome, where it is published."""

from __future__ import annotations

import re

from commands.report.model import Report, Said
from commands.text.sentences import short_outcome


def outcome(said: Said) -> str:
    """A decision in the short words of 3GPP reports and IETF minutes."""
    return short_outcome(said.keyword, said.ref, said.extra) or said.text


def tdoc_link(report: Report, number: str, *, zips: bool = False) -> str:
    """Where a document is published, or "": a draft, a GitHub issue or a specification at
    its own page; else in the meeting's documents (`/meeting set docs=URL`) — a pattern
    with `{number}`, `{kind}`, `{n}`, `{n4}` or `{rev}` filled in (ITU-T:
    `https://www.itu.int/md/T22-TSAG-{kind}-{n4}/en` for TD599), or with `zips` a folder
    holding each as NUMBER.zip (as 3GPP publishes its TDocs)."""
    if page := doc_link(number):
        return page
    folder = report.front.docs_url if report.front else ""
    if not folder.startswith(("https://", "http://")):
        return ""
    if "{" in folder:
        return _filled(folder, number)
    return f"{folder.rstrip('/')}/{number}.zip" if zips else ""


def _filled(pattern: str, number: str) -> str:
    """A URL pattern filled with a document number's parts; "" if it names one it lacks."""
    m = re.fullmatch(r"([A-Za-z]+)-?(\d+)(?:R(\d+))?", number)
    parts = {"number": number}
    if m:
        parts |= {"kind": m.group(1), "n": m.group(2), "n4": m.group(2).zfill(4)}
        parts["rev"] = m.group(3) or ""
    try:
        return pattern.format(**parts)
    except (KeyError, IndexError, ValueError):
        return ""


def doc_link(number: str) -> str:
    """A draft, RFC or slide deck's datatracker page, a GitHub issue's page; "" for other
    documents."""
    github = re.fullmatch(r"([\w.-]+/[\w.-]+)#(\d+)", number)
    if github:
        return f"https://github.com/{github.group(1)}/issues/{github.group(2)}"
    if number.startswith("w3c:"):
        return f"https://www.w3.org/TR/{number.removeprefix('w3c:')}/"
    if number.startswith("whatwg:"):
        return f"https://{number.removeprefix('whatwg:')}.spec.whatwg.org/"
    lowered = number.lower()
    if lowered.startswith(("draft-", "slides-")):
        return f"https://datatracker.ietf.org/doc/{lowered}/"
    if re.fullmatch(r"rfc\s?\d+", lowered):
        return f"https://datatracker.ietf.org/doc/{lowered.replace(' ', '')}/"
    return ""
