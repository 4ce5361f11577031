"""How a meeting's documents revise each other, both ways, for /doc and every report profile."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from storage import Document, Entry, EntryKind, Outcome, TargetKind


@dataclass(frozen=True)
class Lineage:
    """Each document's predecessor and successors among one meeting's documents and decisions.

    Three sources, strongest first: an explicit "revision of" (typed, or from an imported list),
    a "revised to" decision, and the number itself (TD667R1 is a revision of TD667)."""

    revision_of: dict[str, str]
    revised_to: dict[str, tuple[str, ...]]
    listed: frozenset[str]

    @classmethod
    def of(cls, docs: list[Document], entries: list[Entry]) -> Lineage:
        before: dict[str, str] = {}
        for d in docs:
            if d.base != d.number:
                before[d.number] = d.base
        for e in entries:
            # "Revised to S2-2405205" on one document makes S2-2405205 a revision of it.
            if (
                e.kind == EntryKind.DECISION
                and e.keyword == Outcome.REVISED
                and e.target_type == TargetKind.DOC
                and e.ref
            ):
                before[e.ref] = e.target
        for d in docs:
            if d.revision_of:
                before[d.number] = d.revision_of
        after: dict[str, list[str]] = defaultdict(list)
        order = {d.number: n for n, d in enumerate(docs)}
        for number, previous in sorted(before.items(), key=lambda kv: order.get(kv[0], 1 << 30)):
            after[previous].append(number)
        return cls(
            revision_of=before,
            revised_to={k: tuple(v) for k, v in after.items()},
            listed=frozenset(order),
        )

    def previous(self, number: str) -> str:
        """The document `number` revises, or ""."""
        return self.revision_of.get(number, "")

    def next(self, number: str) -> tuple[str, ...]:
        """The documents that revise `number`, in listing order."""
        return self.revised_to.get(number, ())

    def sentence(self, number: str, *, listed_only: bool = False) -> str:
        """`Revision of TD667. Revised to TD667R2.` — `listed_only`: only documents this meeting
        lists (an ITU TD667R1 need not say it revises a TD667 nobody brought)."""
        previous = self.previous(number)
        nexts = self.next(number)
        if listed_only:
            previous = previous if previous in self.listed else ""
            nexts = tuple(n for n in nexts if n in self.listed)
        parts = []
        if previous:
            parts.append(f"Revision of {previous}.")
        if nexts:
            parts.append(f"Revised to {', '.join(nexts)}.")
        return " ".join(parts)
