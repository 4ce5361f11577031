"""The benchmarks' tools (bench/): published minutes typed into Clerk and written again."""

from __future__ import annotations

from pathlib import Path

from bench.minutes import record, typed

SAMPLE = Path(__file__).parent / "data" / "wg-minutes-sample.md"


def test_published_minutes_typed_into_clerk_come_back_as_they_were_written(tmp_path):
    """Every speaker's words, heading and draft of the minutes reach Clerk's own minutes."""
    lines = typed(SAMPLE.read_text("utf-8"))
    assert 'as U0NOTES: /comment draft-ietf-example-widgets "Agreed, next revision." by="Ana"' in (
        lines
    )
    md = next(p for p in record(lines, tmp_path) if p.suffix == ".md").read_text("utf-8")
    for text in (
        "## Active Drafts",
        "### [Widget Fields](https://datatracker.ietf.org/doc/draft-ietf-example-widgets/)"
        " — Ana Author",
        '- Bo Reviewer: I would like "widget" to be a structured field.',
        "- Ana: Agreed, next revision.",
        "## Other Topics",
        "Cookie crumbs — Cy Speaker (remote)",
        "[#42](https://github.com/example/widgets/issues/42) Crumb size",
        "- Cy Speaker: Smaller crumbs, fewer bugs.",
    ):
        assert text in md, text
