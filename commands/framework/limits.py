"""How much one command may carry: limits with a clear message, not a slow failure."""

from __future__ import annotations

from commands.framework.errors import UsageError

# One field (a note, a summary, a title…). The longest note of the reference meeting is
# 1,100 characters; ten times that still reads as a report paragraph.
MAX_FIELD = 12_000
# One /doc import: a 3GPP meeting lists about 1,000 documents.
MAX_IMPORT_LINES = 3_000
# The whole command text, pasted lists included.
MAX_COMMAND = 1_000_000


def check_field(name: str, value: str) -> None:
    if len(value) > MAX_FIELD:
        raise UsageError(
            f"{name} is {len(value):,} characters long; one field holds at most {MAX_FIELD:,}."
        )


def check_command(text: str) -> None:
    if len(text) > MAX_COMMAND:
        raise UsageError(
            f"That command is {len(text):,} characters long; Clerk takes at most {MAX_COMMAND:,} "
            "at once. Split it."
        )
