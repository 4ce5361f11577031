"""The report model: one typed structure built from the store, rendered by every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from commands.services.actions import Reviewed
from storage import EntryKind, Outcome


@dataclass(frozen=True)
class DocRow:
    """A document as its table row shows it, and in Annex A."""

    number: str
    category: str
    source: str
    title: str
    summary: str
    action: str
    notes: str
    item: str
    status: str  # the latest decision keyword, or "" while open
    # The title under the group's own items: "RG-SOP: ITU's Strategic Plans" loses its
    # "RG-SOP: ", which only says which group the document was for (Annex A keeps it).
    item_title: str = ""
    # "Revision of TD667. Revised to TD667R2." when the other document is listed too.
    lineage: str = ""

    @property
    def notes_cell(self) -> str:
        """The ITU table's Notes cell: the notes, then how the document relates to others."""
        return "\n".join(x for x in (self.notes, self.lineage) if x)

    @property
    def heading(self) -> str:
        """`Source: Title` as the report's tables write it."""
        title = self.item_title or self.title
        if self.source and title:
            return f"{self.source}: {title}"
        return self.source or title


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text; a comment run is a lead-in with bullets."""

    text: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Said:
    """One logged line as minutes keep it: who, what, and what kind of line it is."""

    kind: EntryKind
    by: str  # the person or delegation (comments, actions, presentations)
    text: str  # the line's own words (a decision: its outcome sentence)
    keyword: Outcome | None = None  # a decision's outcome; None for free text
    ref: str = ""  # revised to / merged into / sent as
    extra: str = ""  # a decision's own words after its keyword


@dataclass(frozen=True)
class DocBlock:
    """A document with what was said on it, in logging order, and its outcome (3GPP style)."""

    row: DocRow
    said: tuple[Said, ...]
    outcomes: tuple[Said, ...]  # its decisions, in logging order (the last one stands)
    revision_of: str = ""  # TD667 for TD667R1
    revised_to: tuple[str, ...] = ()  # listed revisions of it

    @property
    def revised_to_unsaid(self) -> tuple[str, ...]:
        """Its revisions that no "revised to" decision already names (an imported list's)."""
        said = {o.ref for o in self.outcomes if o.keyword == "revised"}
        return tuple(n for n in self.revised_to if n not in said)


@dataclass(frozen=True)
class Section:
    """A numbered section: an agenda item, or one Clerk adds (future meetings, closure)."""

    number: str
    title: str
    depth: int
    documents: tuple[DocRow, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    # The same record for per-document layouts (3GPP) and minutes (IETF): each document
    # with its own lines, and the lines about the item itself.
    blocks: tuple[DocBlock, ...] = ()
    item_said: tuple[Said, ...] = ()
    generated: bool = False  # added by Clerk (future meetings, closure), not on the agenda
    # What Clerk writes into the section itself (the next meetings, the closing sentence), for
    # the layouts that do not print `paragraphs` (3GPP, IETF).
    added: tuple[Paragraph, ...] = ()
    convener: str = ""  # who chaired the item, when the agenda says (3GPP's TDoc list does)

    @property
    def heading(self) -> str:
        return f"{self.number}\t{self.title}" if self.number else self.title


@dataclass(frozen=True)
class ActionGroup:
    """The action items of one owner."""

    owner: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    agenda_items: int  # the meeting's agenda, not the sections Clerk adds (future, closure)
    documents: int
    decisions: int
    actions: int
    open_documents: tuple[str, ...]  # on an agenda item, with no decision yet


@dataclass(frozen=True)
class Contact:
    """A chair as the front matter names them: name (organisation, country) and contact."""

    name: str
    contact: str = ""


@dataclass(frozen=True)
class FrontMatter:
    """What a report's cover says besides its title (the ITU-T TD cover table)."""

    profile: str  # itu | 3gpp | ietf | w3c
    document: str  # the full document number: "TSAG-TD515" (parent + report number), or ""
    report_number: str  # "TD515"
    study_period: str  # "2022-2024"
    parent: str  # "TSAG": the body the report goes to
    place_dates: str  # "Geneva, 29 July – 2 August 2024"
    source: str  # "Rapporteur, RG-SOP"
    purpose: str
    keywords: str
    contacts: tuple[Contact, ...]
    author: str  # for the file's properties: the (first) rapporteur
    created: datetime | None  # when the draft was made (the file's properties)
    links: tuple[tuple[str, str], ...] = ()  # ("Meeting", url), ("Notes", url)…
    version: str = ""  # the draft's version, "0.1.0" (3GPP's running header)
    docs_url: str = ""  # where the meeting's documents are published (their links)


@dataclass(frozen=True)
class Report:
    """Everything a meeting report draft says, in order."""

    group: str
    meeting_number: int
    meeting_title: str
    date: str  # "1 August 2024"
    title: str
    abstract: str
    action_required: str
    introduction: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    actions: tuple[ActionGroup, ...]
    annex_a: tuple[DocRow, ...]
    annex_b_title: str
    annex_b: tuple[str, ...]
    counts: Counts
    front: FrontMatter | None = None
    secretariat: tuple[str, ...] = ()  # secretaries, note takers (IETF: "Note takers")
    # "Monday, 2024-11-04, 09:30–11:30 UTC" (IETF minutes give times in UTC), from the
    # recorded opening and closing where there are some, else the planned times.
    start_utc: str = ""
    start_local: str = ""  # "09:30–11:30 Europe/Dublin"
    place: str = ""  # where it met: the room
    # Said in /report preview when the recorded times differ from the planned ones.
    times_note: str = ""
    notes: tuple[str, ...] = field(default=())  # remarks about the draft itself
    # Actions of earlier meetings open when this one began, as it left them.
    review: tuple[Reviewed, ...] = ()
    # Minutes' attendance (W3C: Present, Regrets, Scribe(s)) and the day as ISO 8601.
    present: tuple[str, ...] = ()
    regrets: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    scribes: tuple[str, ...] = ()
    chat_scribes: tuple[str, ...] = ()  # who relayed the chat to the room (IETF)
    iso_date: str = ""
    repo: str = ""  # the group's GitHub repository: `#129` is its issue 129


# The headings of the report's two kinds of table, the same in every format.
DOC_COLUMNS = ("TD/C #", "Source: Title", "Summary", "Action required", "Notes")
ANNEX_COLUMNS = ("#", "Category", "TD/C #", "Source", "Title")
