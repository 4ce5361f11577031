"""Synthetic meetings of realistic shape for the benchmarks (3GPP-sized at the top end)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import DocumentFields, Group, Meeting, MeetingFields, NewEntry, Store

WORDS = (
    "the",
    "proposal",
    "study",
    "item",
    "network",
    "slicing",
    "energy",
    "efficiency",
    "security",
    "architecture",
    "mobility",
    "management",
    "session",
    "procedure",
    "stage",
    "contribution",
    "liaison",
    "statement",
    "working",
    "group",
    "agreement",
    "clarification",
    "requirement",
    "solution",
    "evaluation",
    "conclusion",
    "normative",
    "work",
    "impact",
    "specification",
    "terminal",
    "core",
    "access",
    "radio",
    "service",
    "operator",
    "vendor",
)
SOURCES = (
    "Ericsson",
    "Nokia",
    "Huawei, HiSilicon",
    "Qualcomm Incorporated",
    "ZTE",
    "Samsung",
    "NTT DOCOMO",
    "Orange",
    "Deutsche Telekom",
    "China Mobile",
)
DECISIONS = ("noted", "approved", "agreed", "postponed", "withdrawn", "")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_meeting(path: Path, documents: int, *, seed: int = 1) -> tuple[Store, Group, Meeting]:
    """A meeting with `documents` documents over ~documents/30 items, ~4 entries each."""
    rng = random.Random(seed)
    now = datetime(2024, 8, 1, 9, 0, tzinfo=UTC)
    store = Store.open(path)
    with store.transaction():
        group = store.groups.create(
            "TBENCH",
            "CBENCH",
            name="3GPP TSG SA WG2",
            short_name="SA2",
            parent="TSG SA",
            tz="Europe/Paris",
            now=now,
        )
        store.groups.set_role(group.id, "rapporteur", user_id="UCHAIR", name="The Chair", now=now)
        meeting = store.meetings.create(
            group.id,
            MeetingFields(
                title="SA2#164",
                event="SA2#164",
                place="Maastricht",
                start=now,
                end=now + timedelta(days=5),
            ),
            now=now,
        )
        items = max(3, documents // 30)
        for n in range(1, items + 1):
            store.agenda.add(
                meeting.id,
                f"{n // 10 + 1}.{n % 10 + 1}" if n > 9 else str(n),
                sentence(rng, 5),
                now=now,
            )
        numbers = [i.number for i in store.agenda.of_meeting(meeting.id)]
        for n in range(documents):
            number = f"S2-24{n:05d}"
            item = rng.choice(numbers)
            store.documents.add(
                meeting.id,
                number,
                number,
                "",
                now=now,
                values=DocumentFields(
                    item=item,
                    source=rng.choice(SOURCES),
                    title=sentence(rng, 9),
                    category=rng.choice(("CR", "pCR", "discussion", "LS in")),
                    summary=sentence(rng, 40),
                    action="Approval",
                    notes=sentence(rng, 6),
                ),
            )
            for kind in ("presented", "comment", "comment", "decision"):
                keyword = rng.choice(DECISIONS) if kind == "decision" else ""
                if kind == "decision" and not keyword:
                    continue
                store.entries.add(
                    NewEntry(
                        group_id=group.id,
                        meeting_id=meeting.id,
                        kind=kind,
                        target_type="doc",
                        target=number,
                        item=item,
                        text="" if kind != "comment" else sentence(rng, 25),
                        attributed=rng.choice(SOURCES),
                        keyword=keyword,
                    ),
                    now=now,
                )
    return store, store.groups.by_id(group.id), store.meetings.by_id(meeting.id)
