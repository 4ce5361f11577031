"""The group's register: /doc history and /clerk search over many meetings; a TDoc list import."""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl

from bot.render import mrkdwn
from commands import Caller, Context, make_router
from commands.report import build_report
from commands.services.doclist import import_file
from storage import DocumentFields, MeetingFields, NewEntry, Store

from .data import DECISIONS, SOURCES, sentence

QUERIES = (
    "history S2-2400007",
    "history S2-2400500",
    "search network slicing",
    'search "energy efficiency"',
    "search archit*",
    "search S2-2400042",
)


def make_group(path: Path, meetings: int, documents: int, *, seed: int = 7) -> Store:
    """`meetings` meetings of one group, `documents` documents each with ~4 entries; a tenth of
    each meeting's documents come back at the next one (as revisions, as groups do)."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 16, 9, 0, tzinfo=UTC)
    store = Store.open(path)
    with store.transaction():
        group = store.groups.create(
            "TBENCH",
            "CBENCH",
            name="3GPP TSG SA WG2",
            short_name="SA2",
            parent="TSG SA",
            tz="UTC",
            now=start,
        )
        store.groups.set_role(group.id, "rapporteur", user_id="UCHAIR", name="Chair", now=start)
        for m in range(meetings):
            now = start + timedelta(weeks=6 * m)
            meeting = store.meetings.create(
                group.id,
                MeetingFields(title=f"SA2#{150 + m}", start=now, end=now + timedelta(days=5)),
                now=now,
            )
            for n in range(1, 31):
                store.agenda.add(meeting.id, str(n), sentence(rng, 4), now=now)
            for n in range(documents):
                carried = n < documents // 10 and m > 0
                number = f"S2-24{n:05d}r{m:02d}" if carried else f"S2-{23 + m:02d}{n:05d}"
                base = f"S2-24{n:05d}" if carried else number
                revision = f"r{m:02d}" if carried else ""
                item = str(rng.randint(1, 30))
                store.documents.add(
                    meeting.id,
                    number,
                    base,
                    revision,
                    now=now,
                    values=DocumentFields(
                        item=item,
                        source=rng.choice(SOURCES),
                        title=sentence(rng, 9),
                        summary=sentence(rng, 30),
                    ),
                )
                for kind in ("presented", "comment", "comment", "decision"):
                    store.entries.add(
                        NewEntry(
                            group_id=group.id,
                            meeting_id=meeting.id,
                            kind=kind,
                            target_type="doc",
                            target=number,
                            item=item,
                            text=sentence(rng, 20) if kind == "comment" else "",
                            attributed=rng.choice(SOURCES),
                            keyword=rng.choice(DECISIONS[:-1]) if kind == "decision" else "",
                        ),
                        now=now,
                    )
    return store


def _tdoc_list(rows: int) -> bytes:
    rng = random.Random(3)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "TDoc_List"
    ws.append(
        [
            "TDoc",
            "Title",
            "Source",
            "Type",
            "For",
            "Abstract",
            "Agenda item",
            "Agenda item description",
            "TDoc Status",
        ]
    )
    for n in range(rows):
        ws.append(
            [
                f"S2-25{n:05d}",
                sentence(rng, 9),
                rng.choice(SOURCES),
                "CR",
                "Approval",
                sentence(rng, 30),
                str(rng.randint(1, 40)),
                sentence(rng, 4),
                "noted",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(meetings: int = 20, documents: int = 1000, rows: int = 2000, repeat: int = 30) -> dict:
    """Median and worst answer time per query; import time of a `rows`-row .xlsx, twice."""
    with tempfile.TemporaryDirectory() as tmp:
        built = time.perf_counter()
        store = make_group(Path(tmp) / "register.db", meetings, documents)
        built = time.perf_counter() - built
        router = make_router(store)
        ctx = Context("TBENCH", "CBENCH", Caller("UCHAIR"), datetime(2026, 1, 1, tzinfo=UTC))
        # Entries are indexed by the first search after they were logged (storage/search.py):
        # here every entry of every meeting waits, the most one search can meet.
        t = time.perf_counter()
        assert router.dispatch("/clerk", "search network slicing", ctx).ok
        first_search = time.perf_counter() - t
        queries = []
        for q in QUERIES:
            family, text = ("/doc", q) if q.startswith("history") else ("/clerk", q)
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                reply = router.dispatch(family, text, ctx)
                times.append((time.perf_counter() - t) * 1000)
                assert reply.ok, reply.text
            queries.append(
                {
                    "query": f"{family} {q}",
                    "median_ms": statistics.median(times),
                    "max_ms": max(times),
                }
            )
        # The last meeting's report model, with the group's history behind it ("presented at
        # an earlier meeting" notes read from every meeting before it).
        group = store.groups.all()[0]
        last = store.meetings.latest(group.id)
        assert last is not None
        model = []
        for _ in range(3):
            t = time.perf_counter()
            build_report(store, group, last)
            model.append(time.perf_counter() - t)
        content = _tdoc_list(rows)
        imports = []
        for label in ("first import", "re-import (unchanged)"):
            t = time.perf_counter()
            work = make_router(store).work
            reply = import_file(work, ctx, "TDoc_List.xlsx", content, status=True)
            imports.append(
                {
                    "run": label,
                    "seconds": time.perf_counter() - t,
                    "answer": mrkdwn(reply.text).splitlines()[0],
                }
            )
        store.close()
    return {
        "meetings": meetings,
        "documents": documents,
        "entries": meetings * documents * 4,
        "build_s": built,
        "queries": queries,
        "model_s": statistics.median(model),
        "first_search_s": first_search,
        "rows": rows,
        "imports": imports,
    }


def table(result: dict) -> str:
    head = (
        f"{result['meetings']} meetings × {result['documents']:,} documents × 4 entries "
        f"({result['entries']:,} entries; built in {result['build_s']:.0f} s)\n\n"
        "| query | median ms | worst ms |\n|---|---|---|\n"
    )
    lines = [
        f"| `{q['query']}` | {q['median_ms']:.1f} | {q['max_ms']:.1f} |" for q in result["queries"]
    ]
    lines.append(f"| the last meeting's report model | {result['model_s'] * 1000:.0f} | |")
    lines.append(
        f"| the first search, indexing all {result['entries']:,} entries first "
        f"| {result['first_search_s'] * 1000:.0f} | |"
    )
    imp = "\n".join(
        f"| {i['run']} | {i['seconds']:.2f} | {i['answer']} |" for i in result["imports"]
    )
    return (
        head
        + "\n".join(lines)
        + f"\n\nImporting a {result['rows']:,}-row TDoc list (.xlsx, status=yes):\n\n"
        "| run | seconds | answer |\n|---|---|---|\n" + imp
    )
