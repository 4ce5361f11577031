"""/report: the compiled meeting-report draft, posted to the channel or previewed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from commands.framework.call import Call
from commands.framework.grammar import Token, parse_id
from commands.framework.ops import Op, word
from commands.framework.registry import Family
from commands.framework.reply import Attachment, Canvas, Reply
from commands.framework.rich import Rich, Says, says, shortened, strong
from commands.framework.suggest import nearest
from commands.report.build import build_report
from commands.report.model import Report
from commands.report.outline import outline_problems
from commands.report.render import render_html, render_markdown, render_summary
from storage import Group, Meeting, Store

FORMATS = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "md": ("md", "text/markdown"),
    "html": ("html", "text/html"),
}
WORDS = {"word": "docx", "docx": "docx", "md": "md", "markdown": "md", "html": "html"}
# Slack shows about this much of a message before "Show more"; a preview stays under it.
PREVIEW_LIMIT = 3500


def base_name(group: Group, meeting: Meeting) -> str:
    """`RG-SOP-meeting-1-report`: safe on every file system."""
    short = re.sub(r"[^A-Za-z0-9]+", "-", group.short_name).strip("-") or "group"
    return f"{short}-meeting-{meeting.number}-report"


def compile_files(
    store: Store,
    group: Group,
    meeting: Meeting,
    formats: list[str],
    *,
    now: datetime | None = None,
) -> tuple[Report, list[Attachment]]:
    """The report model and its files in the asked formats (`now`: the files' date)."""
    with store.reading():  # the model and the template from one snapshot
        report = build_report(store, group, meeting, now=now)
        template = store.groups.template(group.id)
    # python-docx and lxml load here, not with the commands: a server or a `clerk` run that
    # makes no report never loads them (a report's worker has them loaded already).
    from commands.report.word import render_docx

    name = base_name(group, meeting)
    render = {
        "docx": lambda: render_docx(report, template[1] if template else None),
        "md": lambda: render_markdown(report).encode(),
        "html": lambda: render_html(report).encode(),
    }
    files = [
        Attachment(
            f"{name}.{FORMATS[f][0]}", render[f](), title=report.title, mimetype=FORMATS[f][1]
        )
        for f in formats
    ]
    return report, files


def _parse(call: Call) -> tuple[bool, bool, list[str], str | None]:
    """preview?, canvas?, formats, meeting number."""
    preview, canvas, formats, number = False, False, [], None
    for tok in call.args.positionals:
        word = tok.value.lower()
        if word == "preview":
            preview = True
        elif word == "canvas":
            canvas = True
        elif word in WORDS:
            formats.append(WORDS[word])
        elif parse_id(word) is not None and number is None:
            number = word
        else:
            guess = nearest(word, ["preview", "canvas", *WORDS])
            hint = says(" did you mean `/report {guess}`?", guess=guess) if guess else ""
            raise call.fail(
                Rich(
                    f"“{tok.value}” is not a /report option;",
                    hint,
                    " It has preview, canvas, docx, md, html or a meeting number.",
                )
            )
    return preview, canvas, formats or ["docx", "md"], number


@dataclass(frozen=True)
class ReportJob:
    """Compiling a report after the ack: a small value, so the edge may run it in another
    process (a 3,000-document Word file takes seconds of CPU and ~100 MB while it is built)."""

    group_id: int
    meeting_id: int
    formats: tuple[str, ...]
    preview: bool
    canvas: bool = False
    now: datetime | None = None  # when it was asked for: the files' creation date
    isolated: bool = True  # worth a process of its own

    def __call__(self, store: Store) -> Reply:
        # Dozens of reads, one snapshot: a report never mixes before and after a write.
        with store.reading():
            return self._compiled(store)

    def _compiled(self, store: Store) -> Reply:
        group = store.groups.by_id(self.group_id)
        meeting = store.meetings.by_id(self.meeting_id)
        if self.preview:
            rep = build_report(store, group, meeting)
            return Reply(text=_preview(rep), visibility="caller")
        if self.canvas:
            rep = build_report(store, group, meeting)
            # Canvases know headings h1 to h3 only.
            markdown = re.sub(r"(?m)^#{4,} ", "### ", render_markdown(rep))
            summary = render_summary(rep, [])
            return Reply(
                text=summary + "\nThe full draft is in this channel's canvas.",
                visibility="channel",
                canvas=Canvas(meeting.id, rep.title[:250], markdown, meeting.canvas_id),
            )
        rep, files = compile_files(store, group, meeting, list(self.formats), now=self.now)
        summary = render_summary(rep, [f.filename for f in files])
        return Reply(text=summary, visibility="channel", files=files)


@dataclass(frozen=True)
class Draft(Op):
    """`/report [preview] [MEETING]`, as a button or the Home's Preview asks for it."""

    command: ClassVar[str] = "/report"
    sub: ClassVar[str] = ""
    meeting: int | None = None
    preview: bool = False

    def tokens(self) -> list[Token]:
        said = [word("preview")] if self.preview else []
        return said + ([word(self.meeting)] if self.meeting is not None else [])


FAMILY = Family("report", "the meeting report draft, as Word and Markdown", default="draft")


@FAMILY.sub(
    "draft",
    "/report [preview | canvas] [docx|md|html] [MEETING]",
    "compile the report draft of the current (or given) meeting and post it with its files",
    examples=("/report", "/report preview", "/report canvas", "/report docx", "/report 2"),
)
def report(call: Call) -> Reply:
    preview, canvas, formats, number = _parse(call)
    meeting = call.meeting(number)
    if not preview:
        call.require("chair", "post the report to the channel (anyone may use /report preview)")
    what = "a preview of" if preview else "the"
    return Reply(
        text=Rich(f"Compiling {what} report draft of meeting {meeting.number} ({meeting.title})…"),
        visibility="caller",
        later=ReportJob(call.group.id, meeting.id, tuple(formats), preview, canvas, call.now),
    )


def _preview(rep: Report) -> Rich:
    """The summary and the outline; the full text is only in the files (/report)."""
    summary = render_summary(rep, [], heading="Preview of the report draft")
    # The open items are said once, among the checks below.
    lines: list[Says] = [line for line in summary.lines() if not line.startswith("Open items")]
    if rep.times_note:
        lines.append(rep.times_note)
    problems = outline_problems(rep)
    if problems:
        lines += ["", strong("Check before posting:"), *(f"• {p}" for p in problems)]
    outline = ["", "Outline:"]
    for s in rep.sections:
        indent = "    " * (s.depth - 1)
        docs = f" ({', '.join(d.number for d in s.documents)})" if s.documents else ""
        outline.append(f"{indent}{s.number} {s.title}{docs}")
    text = Rich("\n").join([*lines, *outline])
    if len(text.words()) > PREVIEW_LIMIT:
        kept = shortened(text, PREVIEW_LIMIT - 60).lines()[:-1]
        text = Rich("\n").join([*kept, "… (outline shortened)"])
    return text + says("\nRun `/report` to post the full draft (.docx and .md) to the channel.")
