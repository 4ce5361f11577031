"""The grammar shared by every command (SPEC §2): tokens, options, targets, numbers, times."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from typing import cast
from zoneinfo import available_timezones

from dateutil import parser as dateparser
from dateutil import tz as dateutil_tz

from commands.framework.errors import UsageError
from commands.framework.incoming import speak, unesc
from storage import TargetKind

# Opening quote -> the quotes that close it. Slack clients turn "x" into “x”; some keyboards
# write ”x” (Swedish) or „x“ (German). A straight quote closes only a straight one, so
# "the “plan” text" keeps its inner curly quotes.
_CLOSERS = {
    '"': '"',
    "“": "”",
    "”": "”",
    "„": "“”",
    "'": "'",
    "‘": "’",
    "’": "’",
    "‚": "‘’",
}
# Curly pairs nest: “a “b” c” is one string.
_NESTS = {"“": ("“", "”"), "‘": ("‘", "’")}
_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)=")


@dataclass
class Token:
    """A word or quoted string of the command text, with where it stood."""

    value: str
    quoted: bool
    start: int
    end: int
    key: str | None = None  # set for key=value tokens (normalised: lower case, '-' -> '_')
    mention: bool = False  # a real Slack mention as Slack sent it, not text that looks like one


@dataclass
class Args:
    """A command's text split into positional tokens and key=value options."""

    text: str
    positionals: list[Token] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    escaped: bool = False  # the text came from Slack, with & < > as entities
    from_form: bool = False  # values a form already separated: never re-read as grammar
    # Options given again (`name="A" name="B"`): the second and later values, by key.
    repeated: dict[str, list[str]] = field(default_factory=dict)
    # Every value of each option as typed, before Slack's markup is spoken: a list of people
    # (`owner=<@U1|a>,<@U2|b>`) keeps its mentions (see Call.people).
    typed: dict[str, list[str]] = field(default_factory=dict)
    # Real names of people mentioned, for Slack markup inside free text (see tokenize).
    names: Mapping[str, str] = field(default_factory=dict)
    # The group's GitHub repository, asked only when a `#129` needs it (see parse_doc_number).
    repo: Callable[[], str] = field(default=lambda: "")

    def rest_text(self, start: int = 0) -> str:
        """The free text made by positionals from index `start` on."""
        toks = self.positionals[start:]
        if not toks:
            return ""
        if len(toks) == 1:
            return toks[0].value.strip()
        # Several unquoted words: keep the text as typed, line breaks included.
        raw = self.text[toks[0].start : toks[-1].end].strip()
        return unesc(speak(raw, self.names)) if self.escaped else raw


def normalise_key(key: str) -> str:
    return key.lower().replace("-", "_")


def _read_quoted(text: str, i: int) -> tuple[str, int] | None:
    """Read a quoted string starting at text[i]; None when it is not closed."""
    opener = text[i]
    closers = _CLOSERS[opener]
    inner_open, inner_close = _NESTS.get(opener, ("", ""))
    depth = 0
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\" and j + 1 < len(text) and text[j + 1] in _CLOSERS:
            j += 2  # \" is a literal quote inside the text
            continue
        at_word_end = j + 1 == len(text) or text[j + 1].isspace()
        if inner_open and ch == inner_open and (j == i + 1 or not text[j - 1].isalnum()):
            depth += 1
        elif depth and ch == inner_close and (at_word_end or not text[j + 1].isalnum()):
            depth -= 1
        # Straight quotes nest as a person writes them: `"if I set "foaf:knows" to it"` is one
        # text. A quote after a space and before a word opens an inner one; the next quote at
        # the end of a word closes it.
        elif opener == '"' and ch == '"' and text[j - 1].isspace() and not at_word_end:
            depth += 1
        elif opener == '"' and ch == '"' and depth and (at_word_end or not text[j + 1].isalnum()):
            depth -= 1
        # A closing quote counts only at the end of a word, so RG-SOP’s stays inside ‘x’.
        elif ch in closers and at_word_end:
            return _unescape_quotes(text[i + 1 : j]), j + 1
        j += 1
    return None


_ESCAPED_QUOTE = re.compile("\\\\([" + re.escape("".join(_CLOSERS)) + "])")


def _unescape_quotes(text: str) -> str:
    """`\\"` inside quoted text means a literal quote: keep the quote, drop the backslash."""
    return _ESCAPED_QUOTE.sub(r"\1", text)


def tokenize(text: str, *, escaped: bool = False, names: Mapping[str, str] | None = None) -> Args:
    """Split command text into positionals and options; raise UsageError on a bad quote.

    With `escaped` (Slack's slash-command text), entities are decoded in every value except
    real mentions, so a typed `<@U1>` is text while Slack's own `<@U1|name>` is a mention.
    Slack's markup inside a longer text (a mention in a note, `<!here>`) is spoken there,
    as a name (`names`: user id -> real name) or `@here`: stored text holds no markup.
    """
    args = Args(text=text, escaped=escaped, names=names or {})
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        key = None
        m = _KEY.match(text, i)
        if m:
            key = normalise_key(m.group(1))
            i = m.end()
        if i < n and text[i] in _CLOSERS:
            got = _read_quoted(text, i)
            if got is None:
                raise UsageError(f"A quote opened at “{text[i : i + 20]}…” is never closed.")
            value, i = got
            quoted = True
        else:
            j = i
            while j < n and not text[j].isspace():
                j += 1
            value, i, quoted = text[i:j], j, False
        mention = not quoted and bool(_MENTION.match(value))
        if key is not None:
            args.typed.setdefault(key, []).append(value)
        if escaped and not mention:
            value = unesc(speak(value, names or {}))
        if key is not None:
            if key in args.options:
                # Refused by the router unless the subcommand takes this option several times.
                args.repeated.setdefault(key, []).append(value)
            else:
                args.options[key] = value
        else:
            args.positionals.append(Token(value, quoted, start, i, mention=mention))
    return args


# Documents ---------------------------------------------------------------------------------

_DOC = re.compile(
    r"""^(?P<prefix>[A-Za-z]+)                                # TD, C, LS
        (?P<sep>[\s-]?)
        (?P<num>\d+)
        (?:\s*-?\s*(?:rev\.?|r)\s*(?P<rev>\d+))?$            # R1, Rev.1, -R1
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The letters a body's document numbers start with (ITU-T: temporary documents, contributions,
# COM and liaison statements, reports, delayed contributions, working documents; ISO/IEC: N):
# `syntax-129` or `issue-129` is no body's number, and is refused rather than stored.
DOC_PREFIXES = frozenset({"TD", "C", "COM", "LS", "R", "D", "WD", "N", "DOC"})
# 3GPP TDocs: S2-1903931, R1-2401234, C1-123456, SP-190123; revisions r01.
_TDOC = re.compile(r"^(?P<group>[A-Z]{1,2}\d?)-(?P<num>\d{6,7})(?:r(?P<rev>\d{1,2}))?$", re.I)
# ITU-T full identifiers: T22-TSAG-240729-TD-GEN-0515, and body-prefixed TSAG-TD515, SG17-C-0123.
_ITU_FULL = re.compile(r"^T\d{2}-[A-Z0-9]+-\d{6}-(?P<kind>TD|C)-[A-Z]+-0*(?P<num>\d+)$", re.I)
_ITU_BODY = re.compile(
    r"^(?:TSAG|SG\d{1,2}|FG[A-Z0-9-]*|JCA[A-Z0-9-]*)-(?P<kind>TD|C)-?0*(?P<num>\d+)"
    r"(?:\s*-?\s*(?:rev\.?|r)\s*(?P<rev>\d+))?$",
    re.I,
)
# IETF: Internet-Drafts (a final -NN is the version), RFCs, slide decks, datatracker pages.
_DRAFT = re.compile(r"^(?P<base>draft-[a-z0-9]+(?:-[a-z0-9]+)+?)(?:-(?P<ver>\d{2}))?$")
_DRAFT_REVISED = re.compile(r"^draft-[a-z0-9-]+-\d{2}\s*-?\s*(?:rev\.?|r)\s*\d+$")
_SLIDES = re.compile(r"^(?P<base>slides-\d+-[a-z0-9]+(?:-[a-z0-9]+)*?)(?:-(?P<ver>\d{2}))?$")
_RFC = re.compile(r"^rfc\s?0*(?P<num>\d{1,5})$", re.I)
# GitHub issues and pull requests: w3c/json-ld-syntax#129, their URLs, `#129` in a group with
# a repository (`/clerk setup repo=`).
_GITHUB = re.compile(r"^(?P<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)#(?P<num>\d{1,7})$")
_GITHUB_URL = re.compile(
    r"^https?://github\.com/(?P<repo>[\w.-]+/[\w.-]+)/(?:issues|pull)/(?P<num>\d{1,7})"
    r"/?(?:[?#].*)?$",
    re.I,
)
_SHORT_ISSUE = re.compile(r"^#(?P<num>\d{1,7})$")
# Specifications: W3C's Technical Reports (https://www.w3.org/TR/json-ld11/ -> w3c:json-ld11)
# and WHATWG's living standards (https://html.spec.whatwg.org/multipage/ -> whatwg:html).
_W3C_TR = re.compile(
    r"^(?:https?://www\.w3\.org/TR/|w3c:)(?P<name>[a-z0-9][a-z0-9.-]*)/?(?:[?#].*)?$", re.I
)
_WHATWG = re.compile(
    r"^(?:https?://(?P<host>[a-z0-9-]+)\.spec\.whatwg\.org(?:/[^\s]*)?|whatwg:(?P<name>[a-z0-9-]+))$",
    re.I,
)
_DATATRACKER = re.compile(
    r"^https?://datatracker\.ietf\.org/doc/(?:html/)?(?P<name>[A-Za-z0-9][\w.-]*?)/?(?:[?#].*)?$",
    re.I,
)


@dataclass(frozen=True)
class DocNumber:
    """A document number in canonical form: `TD667R1` is base `TD667`, revision `1`;
    `draft-ietf-httpbis-resumable-upload-05` is version `05` of its draft."""

    base: str
    revision: str
    # itu | 3gpp | ietf | github (also W3C and WHATWG specs): how a revision or version is
    # written (github: never).
    scheme: str = "itu"

    @property
    def number(self) -> str:
        if not self.revision:
            return self.base
        # ITU-T writes TD667R1; 3GPP S2-220012r01; the IETF draft-…-05.
        joiner = {"itu": "R", "3gpp": "r", "ietf": "-", "github": ""}[self.scheme]
        return f"{self.base}{joiner}{self.revision}"

    def __str__(self) -> str:
        return self.number


def parse_doc_number(text: str, repo: str | Callable[[], str] = "") -> DocNumber | None:
    """A document number as any of the bodies writes it, in canonical form; None for words
    that are no document number. `TD 667 Rev.1` -> TD667R1, `SG17-C-0123` -> C123,
    `s2-1903931R01` -> S2-1903931r01, `RFC 9110` -> RFC9110, a datatracker URL -> its draft,
    a GitHub issue or pull request URL -> `w3c/json-ld-syntax#129`, and `#129` -> that issue
    of `repo` (the group's repository; a function asked only then) when there is one.

    Raises UsageError for a form that looks like a document but cannot be one
    (`draft-…-05r1`: a draft's version has no revisions)."""
    t = text.strip()
    if m := _W3C_TR.match(t):
        return DocNumber(f"w3c:{m.group('name').lower()}", "", "github")
    if m := _WHATWG.match(t):
        return DocNumber(f"whatwg:{(m.group('host') or m.group('name')).lower()}", "", "github")
    if m := _GITHUB_URL.match(t) or _GITHUB.match(t):
        return DocNumber(f"{m.group('repo')}#{int(m.group('num'))}", "", "github")
    if m := _SHORT_ISSUE.match(t):
        where = repo() if callable(repo) else repo
        return DocNumber(f"{where}#{int(m.group('num'))}", "", "github") if where else None
    if m := _DATATRACKER.match(t):
        t = m.group("name")
    lowered = t.lower()
    if lowered.startswith("draft-"):
        if _DRAFT_REVISED.match(lowered):
            raise UsageError(
                f"“{t}” is not a document: an Internet-Draft has versions (-05, -06), "
                "not revisions; give the draft's name, with its version if you mean one."
            )
        if m := _DRAFT.match(lowered):
            return DocNumber(m.group("base"), m.group("ver") or "", "ietf")
        return None
    if lowered.startswith("slides-"):
        m = _SLIDES.match(lowered)
        return DocNumber(m.group("base"), m.group("ver") or "", "ietf") if m else None
    if m := _RFC.match(t):
        return DocNumber(f"RFC{int(m.group('num'))}", "", "ietf")
    if m := _TDOC.match(t):
        rev = m.group("rev") or ""
        return DocNumber(f"{m.group('group').upper()}-{m.group('num')}", rev, "3gpp")
    if m := _ITU_FULL.match(t):
        return DocNumber(f"{m.group('kind').upper()}{int(m.group('num'))}", "")
    if m := _ITU_BODY.match(t):
        return DocNumber(f"{m.group('kind').upper()}{int(m.group('num'))}", m.group("rev") or "")
    if (m := _DOC.match(t)) and m.group("prefix").upper() in DOC_PREFIXES:
        return DocNumber(f"{m.group('prefix').upper()}{m.group('num')}", m.group("rev") or "")
    return None


def take_doc_number(args: Args, index: int = 0) -> tuple[DocNumber | None, int]:
    """Read a document number at positional `index`, possibly spread over up to 3 words.

    Returns the number and how many positionals it used (0 when there is none).
    """
    toks = args.positionals[index:]
    for width in (3, 2, 1):
        if len(toks) < width or any(t.quoted for t in toks[:width]):
            continue
        doc = parse_doc_number(" ".join(t.value for t in toks[:width]), args.repo)
        # "TD 667" must not swallow a following free-text word: only a revision may join.
        if doc and (width == 1 or _joins(toks[:width])):
            return doc, width
    return None, 0


def _joins(toks: list[Token]) -> bool:
    """Words that make one number: `TD 667`, `TD 667 Rev.1`, `TD667 R1`."""
    first = toks[0].value
    if re.fullmatch(r"[A-Za-z]+", first) and len(toks) >= 2 and toks[1].value.isdigit():
        return len(toks) == 2 or bool(re.fullmatch(r"(?i)(rev\.?|r)\d+", toks[2].value))
    return len(toks) == 2 and bool(re.fullmatch(r"(?i)(rev\.?|r)\d+", toks[1].value))


# Ids -------------------------------------------------------------------------------------

_ID = re.compile(r"#?([0-9]{1,9})")


def parse_id(text: str) -> int | None:
    """A meeting, entry or role id: ASCII digits, optionally after #, of a sane size."""
    m = _ID.fullmatch(text.strip())
    return int(m.group(1)) if m else None


# Agenda numbers and targets ----------------------------------------------------------------

_AGENDA = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,4}$")


def parse_agenda_number(text: str) -> str | None:
    """`2`, `2.1`, `4.2.3` -> canonical (no leading zeros); None when not an agenda number."""
    text = text.strip().rstrip(".")
    if not _AGENDA.match(text):
        return None
    return ".".join(str(int(p)) for p in text.split("."))


@dataclass(frozen=True)
class Target:
    """What an entry is about: an agenda item or a document."""

    kind: TargetKind
    value: str

    def __str__(self) -> str:
        return self.value if self.kind == TargetKind.DOC else f"item {self.value}"


def take_target(args: Args, index: int = 0) -> tuple[Target | None, int]:
    """Read an optional target at positional `index`: agenda number or document number."""
    if len(args.positionals) <= index or args.positionals[index].quoted:
        return None, 0
    item = parse_agenda_number(args.positionals[index].value)
    if item:
        return Target(TargetKind.ITEM, item), 1
    doc, used = take_doc_number(args, index)
    if doc:
        return Target(TargetKind.DOC, doc.number), used
    return None, 0


# Users -------------------------------------------------------------------------------------

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")


@dataclass(frozen=True)
class UserRef:
    """A Slack user (`<@U123|name>`) or a plain name."""

    user_id: str | None
    name: str


def decoded(text: str, args: Args) -> str:
    """A piece of typed option text as stored: Slack's markup spoken, entities decoded."""
    return unesc(speak(text, args.names)) if args.escaped else text


def split_names(text: str, *, escaped: bool = False) -> list[str]:
    """`A, B; C` -> three names; a comma inside brackets stays: `Dao Tian (ZTE, China)`.

    A piece made of mentions only is one name each: `<@U1> <@U2>` -> two. `escaped`: Slack's
    text, where the `;` of `&amp;` ends an entity, not a name."""
    names, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "(["
        depth -= ch in ")]" and depth > 0
        entity = escaped and ch == ";" and re.search(r"&(amp|lt|gt)$", current)
        if ch in ",;" and depth == 0 and not entity:
            names.append(current)
            current = ""
        else:
            current += ch
    names.append(current)
    out: list[str] = []
    for name in (n.strip() for n in names):
        words = name.split()
        if len(words) > 1 and all(_MENTION.match(w) for w in words):
            out.extend(words)
        elif name:
            out.append(name)
    return out


def parse_mention(text: str) -> UserRef | None:
    m = _MENTION.match(text.strip())
    if not m:
        return None
    return UserRef(m.group(1), m.group(2) or "")


# Times -------------------------------------------------------------------------------------


@cache
def _zone_names() -> dict[str, str]:
    """IANA zone names by their lower-case form."""
    return {name.lower(): name for name in available_timezones() | {"UTC"}}


def canonical_zone(name: str) -> str:
    """`europe/zurich` -> `Europe/Zurich`; UsageError for anything not an IANA zone name.

    Checked against the list before any look-up, because dateutil reads a path such as
    /etc/passwd as if it were a zone file.
    """
    found = _zone_names().get(name.strip().lower())
    if found is None:
        raise UsageError(
            f"“{name[:60]}” is not a time zone I know; use a name like Europe/Zurich or UTC."
        )
    return found


def zone(name: str) -> tzinfo:
    """A tzinfo for an IANA zone name; UsageError when it is unknown."""
    canonical = canonical_zone(name)
    found = dateutil_tz.UTC if canonical == "UTC" else dateutil_tz.gettz(canonical)
    return cast(tzinfo, found)


def parse_when(text: str, *, tz_name: str, default: datetime) -> datetime:
    """Parse a date/time in the zone `tz_name`; the date not given comes from `default`.

    A part not typed is zero below the smallest unit given: `2026-11-27` is that day at
    00:00, `14:30` is 14:30:00 (never the seconds of the moment it was typed).
    """
    zone_info = zone(tz_name)
    local_default = default.astimezone(zone_info).replace(
        tzinfo=None, hour=0, minute=0, second=0, microsecond=0
    )
    refuse_ambiguous_date(text)
    try:
        # ISO dates are year-month-day; anything else reads day first (1/8 is 1 August).
        iso = bool(re.match(r"\s*\d{4}-", text))
        parsed = dateparser.parse(text, default=local_default, dayfirst=not iso, yearfirst=iso)
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"“{text}” is not a date and time I can read.") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone_info)
    return cast(datetime, parsed)


def parse_date(text: str) -> date:
    """A calendar date as typed: ISO is year-month-day (`2024-07-01` is 1 July), anything else
    day first (`1/8/2024`, `1 August 2024`); a day and month that could swap are refused."""
    refuse_ambiguous_date(text)
    iso = bool(re.match(r"\s*\d{4}-", text))
    try:
        parsed = cast(datetime, dateparser.parse(text, dayfirst=not iso, yearfirst=iso))
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"“{text}” is not a date like 2024-10-31.") from exc
    return parsed.date()


_NUMERIC_DATE = re.compile(r"(?<![\d-])(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?(?![\d])")


def refuse_ambiguous_date(text: str) -> None:
    """`11/09/2023` is 11 September to some chairs and 9 November to others: ask for ISO."""
    m = _NUMERIC_DATE.search(text)
    if m is None:
        return
    first, second = int(m.group(1)), int(m.group(2))
    if first > 12 or second > 12 or first == second or first == 0 or second == 0:
        return
    year = m.group(3) or ""
    if len(year) == 2:
        year = "20" + year
    months = [
        *("January", "February", "March", "April", "May", "June"),
        *("July", "August", "September", "October", "November", "December"),
    ]
    as_dm = f"{first} {months[second - 1]}"
    as_md = f"{second} {months[first - 1]}"
    iso = f"{year or 'YYYY'}-{second:02d}-{first:02d}"
    other = f"{year or 'YYYY'}-{first:02d}-{second:02d}"
    raise UsageError(
        f"“{m.group(0)}” could be {as_dm} or {as_md}; write the date as "
        f"{iso} ({as_dm}) or {other} ({as_md})."
    )


_DURATION = re.compile(r"(\d+)\s*([wdhm])", re.IGNORECASE)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_duration(text: str) -> timedelta:
    """`90m`, `2h`, `1h30m`, `2d`, `1w` -> timedelta; UsageError otherwise."""
    compact = text.strip().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not compact or "".join(n + u for n, u in parts).lower() != compact.lower():
        raise UsageError(f"“{text}” is not a duration; write it like 90m, 2h, 1h30m, 2d or 1w.")
    delta = timedelta()
    for number, unit in parts:
        delta += timedelta(**{_UNITS[unit.lower()]: int(number)})
    if delta <= timedelta(0):
        raise UsageError(f"“{text}” is not a duration longer than zero.")
    return delta


def parse_leads(text: str) -> list[timedelta]:
    """`"7d 1d 1h"` -> lead times, longest first; `none` -> []."""
    if text.strip().lower() in ("none", "off", ""):
        return []
    leads = {parse_duration(part) for part in re.split(r"[\s,]+", text.strip()) if part}
    return sorted(leads, reverse=True)


def format_duration(delta: timedelta) -> str:
    """timedelta -> `1h30m`, `2d`, `1w` (the inverse of parse_duration)."""
    minutes = int(delta.total_seconds() // 60)
    out = []
    for unit, size in (("d", 24 * 60), ("h", 60), ("m", 1)):
        if minutes >= size:
            out.append(f"{minutes // size}{unit}")
            minutes %= size
    return "".join(out) or "0m"


def format_leads(leads: list[timedelta]) -> str:
    return " ".join(format_duration(d) for d in leads) if leads else "none"
