"""`python -m bench.minutes MINUTES.md OUT_DIR`: published IETF WG minutes, typed into Clerk.

Each line of the minutes becomes what a note taker would type in the channel (headings as
agenda items, a draft's heading as the draft presented, `- Name: text` as that person's
comment, any other line as a note), recorded through `clerk shell`'s router; the minutes Clerk
writes from it go to OUT_DIR. Compare them with the published ones to see what Clerk changes
of a note taker's words, and nothing else:

    ../shared/tools/retype-share MINUTES.md OUT_DIR/*.md

Written for the HTTP WG's layout (github.com/httpwg/wg-materials, `ietfNNN/minutes.md`):
`### Topic`, `#### [Title](datatracker link) -- Presenter`, `- Name: text`.
"""

from __future__ import annotations

import argparse
import calendar
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.shell import TEAM, Shell, slack_id
from commands import compile_files
from storage import Store

CHANNEL = "minutes"
MONTHS = tuple(calendar.month_name)[1:]
DAY = re.compile(r"^## \w+, (\d{1,2}) (\w+) (\d{4})", re.M)
SESSION = re.compile(r"^_(\d\d:\d\d) - (\d\d:\d\d)\s+(.*?) - (.*)_$", re.M)
DRAFT = re.compile(r"^#### \[(.*?)\]\(https://datatracker\.ietf\.org/doc/([^/)]+)/?\) -- (.*)$")
SPEAKER = re.compile(r"^([A-Z][\w\-]*(?: [A-Z][\w\-]*){0,2}): (.+)$")


@dataclass(frozen=True)
class Group:
    """The working group the minutes are of (what its set-up commands say once)."""

    name: str = "HTTPBIS"
    meeting: str = "IETF 121"
    chairs: tuple[str, ...] = ("Mark Nottingham", "Tommy Pauly")
    tz: str = "Europe/Dublin"
    city: str = "Dublin"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typed(minutes: str, group: Group = Group()) -> list[str]:
    """The shell lines (`as USER: /command …`) a note taker would type for these minutes."""
    day, session = DAY.search(minutes), SESSION.search(minutes)
    if day is None or session is None:
        raise ValueError("No '## Weekday, D Month YYYY' and '_HH:MM - HH:MM\tSession - Room_'.")
    date = f"{day[3]}-{MONTHS.index(day[2]) + 1:02d}-{int(day[1]):02d}"
    lines = [
        f"as U0CHAIR: /clerk setup name={quoted(group.name)} profile=ietf tz={group.tz}",
        f"as U0CHAIR: /clerk role chair <@U0CHAIR> name={quoted(group.chairs[0])}",
        *(f"as U0CHAIR: /clerk role co-chair name={quoted(name)}" for name in group.chairs[1:]),
        f"as U0CHAIR: /meeting new {quoted(group.meeting)} "
        f'place={quoted(f"{group.city}, {session[4]}")} start="{date} {session[1]}" '
        f'end="{session[2]}"',
    ]
    item, sub, target = 0, 0, ""
    for raw in minutes.splitlines():
        line = raw.strip()
        if not line or line.startswith(("# ", "## ", "_")):
            continue
        if line.startswith("### "):
            item, sub = item + 1, 0
            target = str(item)
            lines += [f"as U0CHAIR: /agenda add {item} {quoted(line[4:])}"]
            lines += [f"as U0CHAIR: /agenda take {item}"]
        elif draft := DRAFT.match(line):
            target = draft[2]
            who = draft[3].replace("_remote_", "").strip()
            lines += [f"as U0CHAIR: /doc add {target} item={item} title={quoted(draft[1])}"]
            lines += [f"as U0CHAIR: /doc present {target} by={quoted(who)}"]
        elif line.startswith("#### "):  # a topic without a draft: a sub-item of its own
            sub += 1
            target = f"{item}.{sub}"
            title = line[5:].replace(" -- ", " — ").replace("_remote_", "(remote)")
            lines += [f"as U0CHAIR: /agenda add {target} {quoted(title)}"]
            lines += [f"as U0CHAIR: /agenda take {target}"]
        else:
            text = line[2:] if line.startswith(("- ", "* ")) else line
            if said := SPEAKER.match(text):
                lines += [f"as U0NOTES: /comment {target} {quoted(said[2])} by={quoted(said[1])}"]
            else:
                lines += [f"as U0NOTES: /note {target} {quoted(text)}"]
    lines.append(f"as U0CHAIR: /meeting close at={session[2]}")
    return lines


def record(lines: list[str], out_dir: Path) -> list[Path]:
    """Record the lines into OUT_DIR/minutes.db; write the minutes (Markdown, Word) beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "minutes.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = Store.open(db)
    try:
        log = io.StringIO()
        shell = Shell(store, user="U0CHAIR", channel=CHANNEL, out=log, files_dir=out_dir)
        if shell.run_script(lines, stop_on_error=True).failed:
            raise SystemExit(f"A line was refused:\n{log.getvalue()[-1500:]}")
        group = store.groups.get(TEAM, slack_id("C", CHANNEL))
        assert group is not None
        meeting = store.meetings.latest(group.id)
        assert meeting is not None
        _, files = compile_files(store, group, meeting, ["md", "docx"], now=datetime.now(UTC))
    finally:
        store.close()
    written = []
    for f in files:
        (out_dir / f.filename).write_bytes(f.content)
        written.append(out_dir / f.filename)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.minutes", description=__doc__)
    parser.add_argument("minutes", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    lines = typed(args.minutes.read_text("utf-8"))
    (args.out_dir / "typed.clerk").parent.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "typed.clerk").write_text("\n".join(lines) + "\n", "utf-8")
    for path in record(lines, args.out_dir):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
