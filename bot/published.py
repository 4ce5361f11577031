"""The commands as published outside the code, written from their own declarations: the
Slack app manifest's slash commands and the README's command reference.

`python -m bot.published` rewrites both (manifest.yml's slash_commands section, the README
between its reference markers); a test checks that the files say what the declarations say.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from commands import Family, families

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "manifest.yml"
README = ROOT / "README.md"
BEGIN = "<!-- command reference: written by `python -m bot.published` -->"
END = "<!-- end of the command reference -->"
URL = "https://clerk.example.org/slack/events"
# Slack's limits for a slash command's description and usage hint.
MAX_DESCRIPTION = 100
MAX_HINT = 1000
# Subcommands every entry command has: left out of the hint, shown by `help`.
NOT_HINTED = {"help", "edit", "delete"}


def description(family: Family) -> str:
    """The family's summary as a sentence, cut at a comma to fit Slack's 100 characters."""
    text = family.summary[:1].upper() + family.summary[1:]
    while len(text) > MAX_DESCRIPTION:
        text = text[: text.rstrip(", …").rfind(",")] + ", …"
    return text


def hint(family: Family) -> str:
    """What follows the command: its default form, then the other subcommands' names."""
    default = family.subs.get(family.default) if family.default else None
    words = [default.usage.removeprefix(f"/{family.name}").strip()] if default else []
    words += [name for name in family.subs if name != family.default and name not in NOT_HINTED]
    return " | ".join(w for w in words if w)[:MAX_HINT]


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def slash_commands(url: str = URL) -> str:
    """The manifest's `slash_commands:` section, every command in declaration order."""
    lines = ["  slash_commands:"]
    for family in families().values():
        lines += [
            f"    - command: /{family.name}",
            f"      url: {url}",
            f'      description: "{description(family)}"',
            f"      usage_hint: {_quoted(hint(family))}",
            "      should_escape: true",
        ]
    return "\n".join(lines) + "\n"


def updated(manifest: str) -> str:
    """The manifest with its slash_commands section written anew (the rest kept)."""
    return re.sub(
        r"(?ms)^  slash_commands:\n.*?(?=^\S)", lambda _: slash_commands(), manifest, count=1
    )


def reference() -> str:
    """Every command and subcommand with its usage and what it does, as `help` says them."""
    out = []
    for family in families().values():
        out += ["", f"**/{family.name}** — {family.summary}", ""]
        out += [f"- `{sub.usage}` — {sub.summary}" for sub in family.subs.values()]
    return "\n".join(out[1:])


def with_reference(readme: str) -> str:
    """The README with its command reference written anew between the markers."""
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{reference()}\n{END}{tail}"


if __name__ == "__main__":
    MANIFEST.write_text(updated(MANIFEST.read_text()))
    README.write_text(with_reference(README.read_text()))
    sys.stdout.write("manifest.yml and the README's command reference written from the code\n")
