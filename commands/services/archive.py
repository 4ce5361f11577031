"""Office files (.docx, .xlsx) are zip archives: checked before any parser opens them.

A 0.12 MB .docx can hold ten million empty paragraphs (gigabytes once parsed), and a 1.7 MB
.xlsx two thousand rows of 16,384 cells (minutes of CPU). What each member would unpack to is
written in the archive's directory, so a bomb is refused before a byte is inflated, and the
parts a parser walks are counted (paragraphs, cells) before they are parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from commands.framework.errors import CommandError

# A member that unpacks to more than this many times its packed size is not an office file.
MAX_RATIO = 100
# Small members (styles, settings) may compress far better without harm.
RATIO_FROM = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What an archive of one kind may unpack to."""

    total: int  # bytes, all members
    members: int  # entries in the archive
    # Members a parser walks element by element: (member or folder/, pattern counted, most
    # allowed, the refusal after the file's name).
    counted: tuple[tuple[str, bytes, int, str], ...] = ()


DOCX = Limits(
    total=64 * 1024 * 1024,
    members=2_000,
    counted=(
        (
            "word/document.xml",
            b"<w:p[ >/]",
            100_000,
            "has more than 100,000 paragraphs; a template is far shorter",
        ),
    ),
)
XLSX = Limits(
    total=128 * 1024 * 1024,
    members=2_000,
    counted=(
        # A document list has a few dozen columns; none goes past ZZ (702).
        (
            "xl/worksheets/",
            b'<c r="[A-Z]{3}',
            0,
            "has cells past column ZZ; a document list has a few dozen columns",
        ),
        (
            "xl/worksheets/",
            b"<c[ >/]",
            1_500_000,
            "has more than 1,500,000 cells; import the list in parts",
        ),
    ),
)


class ArchiveRefused(CommandError):
    """The file would unpack to more than Clerk reads; the message says so in one sentence."""


class NotAnArchive(ArchiveRefused):
    """Not a zip archive at all, or a damaged one."""


def check_archive(name: str, content: bytes, limits: Limits) -> None:
    """Raise ArchiveRefused when `content` is not a zip or would unpack beyond `limits`."""
    too_big = ArchiveRefused(
        f"“{name}” unpacks to far more than an office file of its size holds; "
        "Clerk does not open it."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise NotAnArchive(f"“{name}” is not an office file Clerk can open.") from err
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise too_big
        if sum(i.file_size for i in infos) > limits.total:
            raise too_big
        for info in infos:
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise too_big
        for prefix, pattern, most, refusal in limits.counted:
            found = 0
            for info in infos:
                if info.filename == prefix or (
                    prefix.endswith("/") and info.filename.startswith(prefix)
                ):
                    found += _count(archive, info, pattern, most - found)
                    if found > most:
                        raise ArchiveRefused(f"“{name}” {refusal}.")


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: bytes, most: int) -> int:
    """Occurrences of `pattern` in a member, read in pieces; stops once past `most`."""
    regex = re.compile(pattern)
    found, tail = 0, b""
    try:
        with archive.open(info) as member:
            while piece := member.read(1024 * 1024):
                block = tail + piece
                found += len(regex.findall(block))
                # Keep a few bytes so a tag cut between pieces is counted once, in the next.
                cut = block.rfind(b"<")
                tail = block[cut:] if cut >= len(block) - 8 else b""
                if tail:
                    found -= len(regex.findall(tail))
                if found > most:
                    break
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as err:
        raise NotAnArchive("A damaged office file: Clerk cannot open it.") from err
    return found
