"""`clerk demo`: record the reference meeting through the shell and show what was recorded."""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TextIO

from bot.render import plain
from commands import compile_files, render_summary
from storage import Store

from .clock import system_clock
from .shell import TEAM, Shell, slack_id

DEMO_CHANNEL = "rg-sop"
# The reference meeting's afternoon, so the record's timestamps read like the real day.
DEMO_CLOCK = datetime(2024, 8, 1, 12, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Demo:
    """A recorded meeting `clerk demo` replays: its transcript and what it is."""

    transcript: str  # in bot/data
    channel: str
    about: str


DEMOS = {
    "itu": Demo(
        "reference-meeting.clerk", DEMO_CHANNEL, "the TSAG RG-SOP meeting of 1 August 2024"
    ),
    "3gpp": Demo("sa2-162.clerk", "sa2", "agenda item 2 of SA WG2#162 (April 2024)"),
    "ietf": Demo("httpbis-121.clerk", "httpbis", "the HTTP WG session at IETF 121 (Dublin)"),
    "w3c": Demo("jsonld-cg-2022-07-06.clerk", "json-ld", "the JSON-LD CG call of 6 July 2022"),
}


def transcript(profile: str = "itu") -> list[str]:
    """A demo meeting as shell lines (the reference meeting is also the tests' fixture)."""
    name = DEMOS[profile].transcript
    return resources.files("bot").joinpath(f"data/{name}").read_text("utf-8").splitlines()


def record(store: Store, *, out: TextIO, files_dir: Path, profile: str = "itu") -> int:
    """Replay the transcript into `store`; returns the number of refused commands."""
    shell = Shell(
        store,
        user="U0CHAIR",
        channel=DEMOS[profile].channel,
        clock=lambda: DEMO_CLOCK,
        out=out,
        files_dir=files_dir,
    )
    return shell.run_script(transcript(profile), stop_on_error=True).failed


_AS_PREFIX = re.compile(r"^as\s+[^:\n]+:\s*")


def typed_for(lines: list[str]) -> str:
    """What people typed to record the meeting: every line but the group's set-up (`/clerk`:
    roles, nicks, settings, made once for all its meetings), `/report` and the transcript's
    own comments; each as its author typed it (the shell's `as NAME:` prefix says who)."""
    said = []
    for line in lines:
        text = _AS_PREFIX.sub("", line, count=1)
        if text.startswith(("/clerk", "/report", "# ")) or not text.strip():
            continue
        said.append(text)
    return "\n".join(said)


def typing_measure(lines: list[str], minutes: str) -> float:
    """Characters typed during the meeting per character of the minutes it made."""
    return len(typed_for(lines)) / max(len(minutes), 1)


def run_demo(
    out_dir: Path, *, out: TextIO = sys.stdout, verbose: bool = False, profile: str = "itu"
) -> int:
    """Record the meeting into OUT_DIR/clerk-demo.db and write its report draft beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "clerk-demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    store = Store.open(db_path)
    try:
        failed = record(
            store, out=out if verbose else io.StringIO(), files_dir=out_dir, profile=profile
        )
        if failed:
            print(
                "The demo transcript was refused part-way; run `clerk demo -v` to see where.",
                file=out,
            )
            return 1
        group = store.groups.get(TEAM, slack_id("C", DEMOS[profile].channel))
        meeting = store.meetings.latest(group.id) if group else None
        if group is None or meeting is None:
            print("The demo transcript recorded no meeting.", file=out)
            return 1
        report, files = compile_files(store, group, meeting, ["docx", "md"], now=system_clock())
    finally:
        store.close()
    commands = sum(1 for line in transcript(profile) if line.startswith("as "))
    demo = DEMOS[profile]
    typed = len(typed_for(transcript(profile)))
    minutes = next(f.content.decode("utf-8") for f in files if f.filename.endswith(".md"))
    print(
        f"Recorded {demo.about} with {commands} commands "
        f"(from bot/data/{demo.transcript}), then typed /report:\n",
        file=out,
    )
    print(plain(render_summary(report, [f.filename for f in files])), "\n", file=out)
    print(
        f"Typed to record it: {typed:,} characters for {len(minutes):,} characters of minutes "
        f"({typed / max(len(minutes), 1):.2f} per character; the group's set-up not counted).\n",
        file=out,
    )
    for f in files:
        path = out_dir / f.filename
        path.write_bytes(f.content)
        print(f"  wrote {path}", file=out)
    print(
        f"\nOpen the .docx in Word or LibreOffice. Explore the record with:\n"
        f"  clerk shell --db {db_path} --channel {demo.channel} --user U0CHAIR\n"
        "Then connect Clerk to Slack: see README, “Connect to Slack”.",
        file=out,
    )
    return 0
