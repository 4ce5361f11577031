"""Minutes as scribes already take them: W3C's conventions and MeetBot's commands, read from
plain lines in the channel while a meeting is open.

Each line that is a convention becomes the command it equals, run on typed values (nothing
the scribe wrote is read again as command grammar) through the same router, unit of work,
permissions and undo as the slash command:

    present+ / present+ Ana Ruiz, Bo Li    /meeting attend name="…"        anyone
    present- / regrets+ Cy Diaz             /meeting absent / regrets       anyone
    +1 / -1 / +0 [words]                    /comment "+1 …" by=the voter    anyone
    q+ [to ask about X] / q- / q?           /meeting queue add "…" / remove anyone
    ack Ana Ruiz                            /meeting queue ack Ana Ruiz     chairs
    Topic: Defining terms                   /agenda take "Defining terms"   scribe, chair
    gkellogg: I think… / … more             /comment "I think… more" by=…   scribe
    s/old/new/ , s/old/new/g                corrects the scribe's last line scribe
    PROPOSAL: … / PROPOSED: …               /note "PROPOSAL: …"             scribe, chair
    RESOLUTION: … / RESOLVED: …             /decision "…"                   scribe, chair
    ACTION: gkellogg to … [due DATE]        /action owner=… "…" due=…       scribe, chair
    Scribe: Name / scribenick: nick         /clerk role scribe …            chair
    gkellogg = Gregg Kellogg                /clerk nick gkellogg name="…"   scribe, chair
    #startmeeting / #endmeeting             /meeting open / close           chair
    #info … / #link URL … / #undo           /note … / /note "URL …" / /clerk undo

A line that matches nothing is no convention and stays out of the record; one that is, but
cannot be read (an unknown speaker), is answered with one sentence to its author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commands.framework.context import Context
from commands.framework.errors import UsageError
from commands.framework.grammar import parse_mention, split_names
from commands.framework.incoming import mention_of
from commands.framework.permissions import role_of
from storage import Entry, EntryKind, Group, Meeting, RoleName, Store

# Words before a colon that are the scribe's own labels, never a speaker.
NOT_SPEAKERS = frozenset(
    (
        "note",
        "notes",
        "link",
        "links",
        "topic",
        "subtopic",
        "agenda",
        "chair",
        "chairs",
        "scribe",
        "scribenick",
        "present",
        "regrets",
        "guests",
        "proposal",
        "proposed",
        "resolution",
        "resolved",
        "action",
        "actions",
        "summary",
        "info",
        "question",
        "answer",
        "issue",
        "issues",
        "pr",
        "url",
        "see",
        "fyi",
        "todo",
        "update",
        "status",
        "minutes",
        "meeting",
        "date",
        "time",
        "draft",
        "example",
        "eg",
        "ie",
        "http",
        "https",
        "mailto",
        "re",
    )
)

_SUBST = re.compile(r"^s/((?:[^/\\]|\\.)+)/((?:[^/\\]|\\.)*)/(g?)\s*$")
_LABEL = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s+(.+)$", re.DOTALL)
_DUE = re.compile(
    r"\s*[\[(]?\s*(?:-\s*)?due\s*:?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\s+\w+\s+\d{4})\s*[\])]?\s*$",
    re.IGNORECASE,
)
_QUEUE = re.compile(r"^q\s*([+?-])(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_ACK = re.compile(r"^ack\s+(\S.*)$", re.IGNORECASE)
_VOTE = re.compile(r"^[+-][01](?:\s.*)?$", re.DOTALL)
# MeetBot's commands (besides the #tags capture.py knows): read as conventions.
MEETBOT = ("startmeeting", "endmeeting", "info", "link", "undo", "topic", "item", "action", "chair")
_MEETBOT = re.compile(r"^\s*#(" + "|".join(MEETBOT) + r")\b:?\s*(.*)$", re.I | re.S)


@dataclass(frozen=True)
class Line:
    """What a convention line asks for: a subcommand run on typed values."""

    command: str
    sub: str = ""
    words: tuple[str, ...] = ()
    text: str = ""
    options: dict[str, str] = field(default_factory=dict)
    convention: str = ""  # its name, for logs and answers: "present+", "speaker", "topic"…
    entry: bool = False  # it makes an entry, which then follows the message's edits


def read(store: Store, group: Group, meeting: Meeting, ctx: Context, text: str) -> Line | None:
    """The command a plain line of the open meeting equals, or None if it is no convention.
    `text` is plain (Slack's markup already read); raises UsageError for a convention line
    that cannot be read (said to its author alone)."""
    line = text.strip()
    low = line.lower()
    # From anyone: attendance.
    for sign, sub in (
        ("present+", "attend"),
        ("present-", "absent"),
        ("regrets+", "regrets"),
        ("guests+", "guests"),
    ):
        if low == sign or low.startswith(sign + " "):
            names = _names(store, group, line[len(sign) :])
            return Line("/meeting", sub, options={"name": names} if names else {}, convention=sign)
    queued = _QUEUE.match(line)
    if queued:  # the speaker queue, Zakim's way: q+ [to …], q-, q?
        sign, note = queued.group(1), (queued.group(2) or "").strip()
        verb = {"+": "add", "-": "remove", "?": ""}[sign]
        words = (verb,) if verb else ()
        return Line("/meeting", "queue", words, note if sign == "+" else "", convention="q")
    vote = _VOTE.match(line)
    if vote:  # +1 / -1 / +0 on the proposal: minuted as the voter's own line, counted there
        who = mention_of(ctx.caller.user_id, _name_of(store, group, ctx))
        return Line("/comment", "", (), line, {"by": who}, convention="vote", entry=True)
    role = role_of(store, group, ctx.caller)
    scribe = role == RoleName.SCRIBE
    chair = role in (RoleName.RAPPORTEUR, RoleName.ASSOCIATE, RoleName.SECRETARIAT)
    if not (scribe or chair):
        return None
    acked = _ACK.match(line)
    if acked and chair:  # the chair gives the floor (a nick names its person)
        said = acked.group(1).strip()
        nick = store.groups.nick(group.id, said)
        who = nick.name if nick else said
        return Line("/meeting", "queue", ("ack",), who, convention="ack")
    meetbot = _MEETBOT.match(line)
    if meetbot:
        command, rest = meetbot.group(1).lower(), meetbot.group(2).strip()
        if command in ("topic", "item") and rest:
            return Line("/agenda", "take", (), rest, convention="#topic")
        if command == "action" and rest:
            return _action(store, group, rest if " to " in rest else rest.replace(" ", " to ", 1))
        if command == "chair" and rest:
            return _chair(store, group, rest)
        return _meetbot(command, rest)
    if scribe:
        fix = _SUBST.match(line)
        if fix:
            return _correction(store, meeting, ctx, fix)
        if line.startswith(("…", "...")):
            return _continued(store, meeting, ctx, line.lstrip(".…").strip())
        mapped = re.match(r"^([A-Za-z][\w.-]{0,39})\s*=\s*(\S.*)$", line)
        if mapped:
            name = mapped.group(2).strip()
            return Line("/clerk", "nick", (mapped.group(1),), "", {"name": name})
    labelled = _LABEL.match(line)
    if labelled is None:
        return None
    label, said = labelled.group(1).strip(), labelled.group(2).strip()
    word = label.lower()
    if word == "topic":
        return Line("/agenda", "take", (), said, convention="topic")
    if word in ("proposal", "proposed"):
        return Line("/note", "", (), f"PROPOSAL: {said}", convention="proposal", entry=True)
    if word in ("resolution", "resolved"):
        return Line("/decision", "", (), said, convention="resolution", entry=True)
    if word == "action":
        return _action(store, group, said)
    if word in ("scribe", "scribenick") and chair:
        return _scribe(store, group, said)
    if not scribe or word in NOT_SPEAKERS:
        return None
    return _speaker(store, group, meeting, label, said)


def starts_meeting(text: str) -> bool:
    """MeetBot's `#startmeeting`: read even before the meeting is open (it opens it)."""
    found = _MEETBOT.match(text or "")
    return found is not None and found.group(1).lower() == "startmeeting"


def _name_of(store: Store, group: Group, ctx: Context) -> str:
    """The caller's name as the group knows it (a nick or a role given to their Slack user),
    for where Slack's directory cannot say it (the shell); else the name Slack gave."""
    me = ctx.caller.user_id
    for nick in store.groups.nicks(group.id):
        if nick.user_id == me and nick.name:
            return nick.name
    for role in store.groups.roles(group.id):
        if role.user_id == me and role.name:
            return role.name
    return ctx.caller.name


def _meetbot(command: str, rest: str) -> Line:
    if command == "startmeeting":
        return Line("/meeting", "open", convention="#startmeeting")
    if command == "endmeeting":
        return Line("/meeting", "close", convention="#endmeeting")
    if command == "undo":
        return Line("/clerk", "undo", convention="#undo")
    if not rest:
        raise UsageError(f"#{command} needs some text after it.")
    return Line("/note", "", (), rest, convention=f"#{command}", entry=True)


def _speaker(store: Store, group: Group, meeting: Meeting, label: str, said: str) -> Line:
    """`gkellogg: I think…` — a comment by a person the meeting knows."""
    who = person(store, group, meeting, label)
    if who is None:
        raise UsageError(
            f"“{label}” is not a person of this meeting, so the line was not recorded: map the "
            f"nick with /clerk nick {label.split()[0]} @person, or add them with present+ "
            "Full Name, then type the line again."
        )
    return Line("/comment", "", (), said, {"by": who}, convention="speaker", entry=True)


def person(store: Store, group: Group, meeting: Meeting, label: str) -> str | None:
    """Who a scribe's label names, as `by=` takes it (a mention, or a name); None if nobody.

    A mention, a nick of the group, or the full name of someone attending, holding a role or
    mapped by a nick (any case)."""
    label = " ".join(label.split())
    named = _named(store, group, label)
    if named is not None:
        return _as_option(*named)
    known = [a.name for a in store.meetings.attendees(meeting.id)]
    known += [r.name for r in store.groups.roles(group.id)]
    known += [n.name for n in store.groups.nicks(group.id)]
    for name in known:
        if name and name.casefold() == label.casefold():
            return name
    return None


def _named(store: Store, group: Group, label: str) -> tuple[str | None, str] | None:
    """(Slack user id, name) of a label that is a mention or a nick of the group; None if
    it is neither. A mention's name is left to Slack's directory ("")."""
    mention = parse_mention(label)
    if mention and mention.user_id:
        return mention.user_id, ""
    nick = store.groups.nick(group.id, label)
    return (nick.user_id, nick.name) if nick is not None else None


def _as_option(user_id: str | None, name: str) -> str:
    """A person as `by=` and `owner=` take one: a mention (named, for the shell), or a name."""
    return mention_of(user_id, name) if user_id else name


def _names(store: Store, group: Group, text: str) -> str:
    """`present+ gkellogg, Ana Ruiz`: nicks as their full names, the rest as typed."""
    out = []
    for name in split_names(text):
        nick = store.groups.nick(group.id, name.strip())
        out.append(nick.name if nick else name.strip())
    return ", ".join(n for n in out if n)


def _last_line(store: Store, meeting: Meeting, ctx: Context, what: str) -> Entry:
    """The scribe's last entry of this meeting: what a correction or continuation changes."""
    mine = [
        e
        for e in store.entries.of_meeting(meeting.id)
        if e.author_id == ctx.caller.user_id
        and e.kind in (EntryKind.COMMENT, EntryKind.NOTE, EntryKind.DECISION, EntryKind.ACTION)
    ]
    if not mine:
        raise UsageError(f"You have no line in this meeting yet to {what}.")
    return mine[-1]


def _correction(store: Store, meeting: Meeting, ctx: Context, fix: re.Match[str]) -> Line:
    """`s/old/new/` (first) or `s/old/new/g` (every): the scribe's last line, corrected."""
    last = _last_line(store, meeting, ctx, "correct")
    old, new = (re.sub(r"\\(.)", r"\1", s) for s in (fix.group(1), fix.group(2)))
    if old not in last.text:
        raise UsageError(f"“{old}” is not in your last line (#{last.number}); nothing changed.")
    fixed = last.text.replace(old, new) if fix.group(3) else last.text.replace(old, new, 1)
    return Line(f"/{last.kind}", "edit", (str(last.number),), fixed, convention="s///")


def _continued(store: Store, meeting: Meeting, ctx: Context, more: str) -> Line:
    """`… more`: the scribe's last line goes on."""
    if not more:
        raise UsageError("Say how the last line goes on after the “…”.")
    last = _last_line(store, meeting, ctx, "continue")
    return Line(f"/{last.kind}", "edit", (str(last.number),), f"{last.text} {more}", convention="…")


def _action(store: Store, group: Group, said: str) -> Line:
    """`ACTION: gkellogg to update the draft [due 2019-05-03]`."""
    due = _DUE.search(said)
    if due:
        said = said[: due.start()].rstrip()
    owners, sep, task = said.partition(" to ")
    if not sep or not owners.strip() or not task.strip():
        raise UsageError("Write an action as “ACTION: name to do something [due 2026-12-01]”.")
    named = []
    for name in re.split(r",\s*|\s+and\s+", owners.strip()):
        who = _named(store, group, name)
        named.append(_as_option(*who) if who is not None else name)
    options = {"owner": ", ".join(named)}
    if due:
        options["due"] = due.group(1)
    return Line("/action", "", (), task.strip(), options, convention="action", entry=True)


def _chair(store: Store, group: Group, said: str) -> Line:
    """MeetBot's `#chair nick`: that person chairs the group too (a chair removes nobody)."""
    label = said.strip()
    user_id, name = _named(store, group, label) or (None, label)
    words = ("chair", mention_of(user_id)) if user_id else ("chair",)
    return Line("/clerk", "role", words, "", {"name": name} if name else {}, convention="#chair")


def _scribe(store: Store, group: Group, said: str) -> Line:
    """`Scribe: Name` or `scribenick: nick`, typed by a chair: that person scribes."""
    label = said.strip()
    user_id, _ = _named(store, group, label) or (None, "")
    if user_id:
        who = mention_of(user_id)
    else:
        holders = [r for r in store.groups.roles(group.id) if r.name.casefold() == label.casefold()]
        linked = [r.user_id for r in holders if r.user_id]
        if not linked:
            raise UsageError(
                f"Clerk cannot tell which Slack user “{label}” is, so their lines cannot be "
                f"read as minutes: map a nick first (/clerk nick {label.split()[0]} @person) "
                "or say Scribe: @person."
            )
        who = mention_of(linked[0])
    return Line("/clerk", "role", ("scribe", who), convention="scribe")
