"""What a rapporteur should look at in the draft's outline before posting it (/report preview)."""

from __future__ import annotations

from commands.report.model import Report, Section


def outline_problems(report: Report) -> list[str]:
    """Numbering gaps, sub-items without their parent, empty headings, documents with no
    outcome: one plain sentence each, in outline order."""
    agenda = [s for s in report.sections if not s.generated and _numbered(s.number)]
    numbers = {s.number for s in agenda}
    problems: list[str] = []
    seen: dict[str, int] = {}  # parent -> the last child number seen under it
    for s in agenda:
        parent, _, last = s.number.rpartition(".")
        orphan = bool(parent) and parent not in numbers
        if orphan:
            problems.append(f"{s.number} {s.title} has no item {parent} above it.")
        before = seen.get(parent, 0)
        if int(last) > before + 1 and not orphan:
            missing = _numbers_between(parent, before, int(last))
            problems.append(f"The numbering skips {missing} before {s.number}.")
        seen[parent] = max(before, int(last))
        if _empty(s, report.sections):
            problems.append(f"{s.number} {s.title} is empty: nothing was logged under it.")
    if report.counts.open_documents:
        problems.append(
            "No outcome yet for "
            + ", ".join(report.counts.open_documents)
            + " (/decision NUMBER noted, agreed, …)."
        )
    return problems


def _numbered(number: str) -> bool:
    return bool(number) and all(part.isdigit() for part in number.split("."))


def _numbers_between(parent: str, low: int, high: int) -> str:
    prefix = f"{parent}." if parent else ""
    names = [f"{prefix}{n}" for n in range(low + 1, high)]
    return names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"


def _empty(section: Section, sections: tuple[Section, ...]) -> bool:
    """No documents, lines or sub-items: a heading alone."""
    if section.documents or section.paragraphs or section.blocks or section.item_said:
        return False
    return not any(s.number.startswith(section.number + ".") for s in sections)
