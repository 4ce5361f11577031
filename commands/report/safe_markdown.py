"""Markdown to HTML for the report page, with links only to the web or to mail, no images."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# The schemes a report's link may use; anything else (javascript:, data:, file:) is text.
SAFE_LINK = re.compile(r"^\s*(https?://|mailto:|#)", re.IGNORECASE)


class _Sanitise(Treeprocessor):  # type: ignore[misc]  # Markdown ships no types
    """After every inline form (inline, reference, autolink) is resolved: unsafe links lose
    their target, and images become their alt text (a remote image would track readers)."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a" and not SAFE_LINK.match(child.get("href", "")):
                    child.attrib.pop("href", None)
                    child.tag = "span"
                elif child.tag == "img":
                    text = ET.Element("span")
                    text.text = child.get("alt", "")
                    text.tail = child.tail
                    parent[list(parent).index(child)] = text


class _SanitiseExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        # Priority below "inline" (20): runs once links and images exist as elements.
        md.treeprocessors.register(_Sanitise(md), "clerk_sanitise", 1)


def to_html(text: str) -> str:
    """The Markdown draft as HTML: tables, safe links only, no images."""
    return str(markdown.markdown(text, extensions=["tables", _SanitiseExtension()]))
