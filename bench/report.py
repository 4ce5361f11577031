"""/report compile time by meeting size: model build, layout (the profile's tree, made once
for all of a report's formats), then each writer: Markdown, Word, HTML — each timed as the
report worker runs it, with the cycle collector paused (bot.jobs.collector_off)."""

from __future__ import annotations

import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from bot.jobs import collector_off
from commands.report import build_report
from commands.report.profiles import layout_of
from commands.report.render import render_html, render_markdown
from commands.report.word import render_docx
from storage import GroupFields, ReportProfile

from .data import make_meeting

SIZES = (12, 100, 900, 1000, 3000)


def _time(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        with collector_off():
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def run(sizes=SIZES, repeat: int = 3) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            store, group, meeting = make_meeting(Path(tmp) / f"m{size}.db", size)
            report = build_report(store, group, meeting)
            rows.append(
                {
                    "documents": size,
                    "entries": len(store.entries.of_meeting(meeting.id)),
                    "model_s": _time(partial(build_report, store, group, meeting), repeat),
                    "layout_s": _time(partial(_layout, report), repeat),
                    "markdown_s": _time(partial(render_markdown, report), repeat),
                    "word_s": _time(partial(render_docx, report), repeat),
                    "html_s": _time(partial(render_html, report), repeat),
                }
            )
            store.close()
    return rows


def _layout(report) -> None:
    """The profile's tree, made afresh (/report makes it once and every writer reads it)."""
    layout_of(report)(report)


def table(rows: list[dict]) -> str:
    lines = [
        "| documents | entries | model (s) | layout (s) | Markdown (s) | Word (s) | HTML (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['documents']} | {r['entries']} | {r['model_s']:.3f} | {r['layout_s']:.3f} | "
            f"{r['markdown_s']:.3f} | {r['word_s']:.3f} | {r['html_s']:.3f} |"
        )
    return "\n".join(lines)


def run_profiles(size: int = 3000, repeat: int = 3) -> list[dict]:
    """Word and Markdown for one large meeting in each report profile."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store, group, meeting = make_meeting(Path(tmp) / "profiles.db", size)
        for profile in ("itu", "3gpp", "ietf", "w3c"):
            with store.transaction():
                group = store.groups.update(group.id, GroupFields(profile=ReportProfile(profile)))
            report = build_report(store, group, meeting)
            rows.append(
                {
                    "profile": profile,
                    "documents": size,
                    "layout_s": _time(partial(_layout, report), repeat),
                    "markdown_s": _time(partial(render_markdown, report), repeat),
                    "word_s": _time(partial(render_docx, report), repeat),
                    "html_s": _time(partial(render_html, report), repeat),
                }
            )
        store.close()
    return rows


def profiles_table(rows: list[dict]) -> str:
    lines = [
        "| profile | documents | layout (s) | Markdown (s) | Word (s) | HTML (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['profile']} | {r['documents']} | {r['layout_s']:.3f} | "
            f"{r['markdown_s']:.3f} | {r['word_s']:.3f} | {r['html_s']:.3f} |"
        )
    return "\n".join(lines)
