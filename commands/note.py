"""/note: a note under an agenda item or a document (the current item by default)."""

from __future__ import annotations

from commands.entries import Kind, entry_family, text_changes, text_values

NOTE = Kind(
    "note",
    "a note under an agenda item or document (current item by default)",
    '/note [ITEM|DOCUMENT] "text"',
    (),
    "participant",
    "add notes",
    ('/note 2.2 "The Rapporteur explained that TD667R1 has been developed by RG-IEM."',),
)

FAMILY = entry_family(NOTE, text_values, text_changes)
