"""/clerk: group set-up, roles, terms of reference, undo, export and help."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any, ClassVar

from commands.framework.call import Call
from commands.framework.errors import UsageError
from commands.framework.grammar import Token, canonical_zone, parse_id, parse_leads, parse_mention
from commands.framework.ops import Op
from commands.framework.permissions import in_words_of, role_title
from commands.framework.registry import Family
from commands.framework.reply import Attachment, Reply
from commands.framework.rich import (
    Code,
    Mention,
    Rich,
    Says,
    marked,
    quoted,
    says,
    shortened,
    strong,
)
from commands.framework.suggest import nearest
from commands.services.export import actions_csv, export_csv, export_json
from commands.text.lines import long_date
from storage import GroupFields, ReportProfile, Store

ROLE_WORDS = {
    "rapporteur": "rapporteur",
    "chair": "rapporteur",
    "convenor": "rapporteur",
    "associate": "associate",
    "associate-rapporteur": "associate",
    "co-chair": "rapporteur",
    "vice-chair": "associate",
    "secretariat": "secretariat",
    "secretary": "secretariat",
    "note-taker": "secretariat",
    "scribe": "scribe",
    "chat-scribe": "chat_scribe",
    "jabber-scribe": "chat_scribe",
    "tsb": "secretariat",
}
PROFILES = {
    "itu": "ITU-T TD (rapporteur group report)",
    "3gpp": "3GPP working-group draft report",
    "ietf": "IETF working-group minutes",
    "w3c": "W3C working-group minutes",
}
REPO = re.compile(r"^[A-Za-z0-9][\w.-]{0,38}/[\w.-]{1,100}$")


def _profile(call: Call) -> ReportProfile:
    """profile= as one of the layouts Clerk knows; a typo gets the nearest."""
    word = call.opt("profile").lower().replace("-", "")
    if word in PROFILES:
        return ReportProfile(word)
    guess = nearest(word, list(PROFILES))
    hint = f" Did you mean {guess}?" if guess else ""
    raise call.fail(
        f"“{call.opt('profile')}” is not a report profile; use itu, 3gpp, ietf or w3c.{hint}",
        field="profile",
    )


def short_name(name: str, parent: str) -> str:
    """`TSAG RG-SOP` with parent `TSAG` -> `RG-SOP`, as the report calls the group."""
    if parent and name.lower().startswith(parent.lower() + " "):
        return name[len(parent) + 1 :].strip()
    return name


FAMILY = Family("clerk", "set up the group: name, roles, terms of reference; search; undo; export")


@FAMILY.sub(
    "setup",
    '/clerk setup name="Group name" [parent=…] [tz=Europe/Zurich] [short=…] [remind="7d 1d 1h"] '
    "[profile=itu|3gpp|ietf|w3c] [study-period=2022-2024] [repo=owner/name] [template=default]",
    "set up this channel as a group (the first person becomes rapporteur)",
    level="anyone",
    takes_group=False,
    keys=(
        "name",
        "parent",
        "tz",
        "short",
        "remind",
        "profile",
        "study_period",
        "repo",
        "template",
    ),
    examples=(
        '/clerk setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich',
        "/clerk setup profile=3gpp",
        "/clerk setup profile=w3c repo=w3c/json-ld-syntax",
        "/clerk setup study-period=2022-2024",
    ),
    aliases=("settings",),
)
def setup(call: Call) -> Reply:
    ctx = call.ctx
    group = call.store.groups.get(ctx.team_id, ctx.channel_id)
    settings: dict[str, Any] = {}
    if call.has("tz"):
        settings["tz"] = canonical_zone(call.opt("tz"))
    if call.has("remind"):
        from commands.framework.grammar import format_leads

        settings["default_remind"] = format_leads(parse_leads(call.opt("remind")))
    if call.has("parent"):
        settings["parent"] = call.opt("parent")
    if call.has("profile"):
        settings["profile"] = _profile(call)
    if call.has("repo"):
        repo = call.opt("repo").removeprefix("https://github.com/").strip("/")
        if not REPO.match(repo):
            raise call.fail(
                f"“{call.opt('repo')}” is not a GitHub repository; write it as owner/name, "
                "e.g. repo=w3c/json-ld-syntax.",
                field="repo",
            )
        settings["repo"] = repo
    if call.has("study_period"):
        settings["study_period"] = call.opt("study_period")
    if call.has("name"):
        if not call.opt("name"):
            raise call.fail("The group name cannot be empty.")
        settings["name"] = call.opt("name")
    if group is None:
        if "name" not in settings:
            raise call.fail('Give the group a name, e.g. name="TSAG RG-SOP".')
        parent = settings.get("parent", "")
        group = call.store.groups.create(
            ctx.team_id,
            ctx.channel_id,
            name=settings["name"],
            short_name=call.opt("short") or short_name(settings["name"], parent),
            parent=parent,
            tz=settings.get("tz", "UTC"),
            now=call.now,
            channel_name=ctx.channel_name,
        )
        extra = {
            k: settings[k]
            for k in ("default_remind", "profile", "study_period", "repo")
            if k in settings
        }
        if extra:
            group = call.store.groups.update(group.id, GroupFields(**extra))
        call.store.groups.set_role(
            group.id, "rapporteur", user_id=ctx.caller.user_id, name=ctx.caller.name, now=call.now
        )
        part_of = f", part of {group.parent}" if group.parent else ""
        return call.done(
            says(
                "Clerk is set up for *{name}* (short name {short}{part_of}; time zone {tz}). "
                "{you} is its rapporteur; add the others with `/clerk role`, "
                'then create a meeting with `/meeting new "Title" start="…"`.',
                name=group.name,
                short=group.short_name,
                part_of=part_of,
                tz=group.tz,
                you=Mention(ctx.caller.user_id),
            )
        )
    call.found_group = group
    call.require("chair", "change the group's settings")
    if call.has("template"):
        if call.opt("template").lower() != "default":
            raise call.fail(
                says(
                    'A template comes as a .docx file: use the message shortcut "Use as Word '
                    'template" on a message that carries it (or `clerk template` on the server); '
                    "template=default goes back to Clerk's own layout."
                ),
                field="template",
            )
        dropped = call.store.groups.drop_template(group.id)
        if not settings:
            said = "now use Clerk's own layout" if dropped else "already use Clerk's own layout"
            return call.done(says("Word drafts of *{name}* {said}.", name=group.name, said=said))
    if ctx.channel_name and ctx.channel_name != group.channel_name:
        settings["channel_name"] = ctx.channel_name  # channels get renamed
    if call.has("short"):
        settings["short_name"] = call.opt("short")
    elif "name" in settings:
        settings["short_name"] = short_name(settings["name"], settings.get("parent", group.parent))
    if not settings:
        return call.show(info_text(call))
    call.store.groups.update(group.id, GroupFields(**settings))
    call.found_group = call.store.groups.by_id(group.id)
    return call.done("Group settings updated.\n" + info_text(call))


def info_text(call: Call) -> Rich:
    g = call.group
    part_of = f", part of {g.parent}" if g.parent else ""
    lines: list[Says] = [
        Rich(strong(g.name), f" (short name {g.short_name}{part_of})"),
        f"Time zone: {g.tz} · interim reminders by default: {g.default_remind}",
        f"Report profile: {g.profile} ({PROFILES.get(g.profile, '')})"
        + (f" · study period {g.study_period}" if g.study_period else "")
        + (f" · GitHub repository {g.repo}" if g.repo else ""),
        "Word template: "
        + (
            f"“{name}”"
            if (name := call.store.groups.template_name(g.id))
            else "Clerk's own (give yours with the shortcut “Use as Word template”)"
        ),
    ]
    lines.extend(role_lines(call))
    return Rich("\n").join(lines)


def holder(name: str, user_id: str | None) -> Rich:
    """Who holds a role: the name, the Slack person, or both — `Ana Ruiz (@ana)`."""
    if not user_id:
        return Rich(name)
    return Rich(name, " (", Mention(user_id), ")") if name else Rich(Mention(user_id))


def role_lines(call: Call) -> list[Rich]:
    lines = []
    for role in call.store.groups.roles(call.group.id):
        contact = f" — {role.contact}" if role.contact else ""
        title = role_title(role.role, call.group.profile)
        who = holder(role.name, role.user_id)
        lines.append(Rich(f"• {title}: ", who, f"{contact} — id {role.id}"))
    return lines or [Rich("No roles yet.")]


@FAMILY.sub(
    "role",
    "/clerk role rapporteur|chair|co-chair|associate|vice-chair|secretariat|note-taker|scribe"
    "|chat-scribe "
    '[@person] [name="…"] [contact="…"] | list | remove ID|@person|name="…"',
    "give someone a role (rapporteur only; adding a chair removes nobody; a scribe's plain "
    "lines in the channel are read as minutes), or list the roles",
    keys=("name", "contact"),
    examples=(
        '/clerk role rapporteur @chair name="Mr … (Org, Country)" '
        'contact="Tel: +41 22 730 0000; E-mail: chair@example.org"',
        '/clerk role associate name="Mr Bruce Gracie (Ericsson Canada)"',
        "/clerk role co-chair @second",
        "/clerk role scribe @scribe",
    ),
    aliases=("roles",),
)
def role(call: Call) -> Reply:
    words = call.args.positionals
    if not words:
        raise call.fail("Say which role: rapporteur, associate or secretariat.")
    word = words[0].value.lower()
    if word == "list" and len(words) == 1:
        return call.show(Rich("\n").join(role_lines(call)))
    call.require("rapporteur", "change roles")
    if word == "remove":
        return remove_role(call, words[1:])
    role_name = ROLE_WORDS.get(word)
    if role_name is None:
        raise call.fail(
            f"“{words[0].value}” is not a role; use rapporteur (or chair, co-chair), "
            "associate (or vice-chair), secretariat (or secretary, note-taker), scribe or "
            "chat-scribe."
        )
    mention = None
    for tok in words[1:]:
        if not tok.mention:
            raise call.fail(
                f'“{tok.value}” is not a Slack mention; put a person\'s name in name="…".'
            )
        mention = parse_mention(tok.value)
    name = call.opt("name") or (mention.name if mention else "")
    if mention is None and not name:
        raise call.fail('Say who: a Slack mention like @name, or name="…", or both.')
    user_id = mention.user_id if mention else None
    held = call.store.groups.set_role(
        call.group.id,
        role_name,
        user_id=user_id,
        name=name,
        now=call.now,
        contact=call.opt("contact") if call.has("contact") else None,
    )
    group_name = call.group.short_name
    title = role_title(role_name, call.group.profile)
    text = holder(held.name, held.user_id) + f" is now {title} of {group_name} — role id {held.id}."
    if user_id is None:
        text += " (No Slack user is linked, so this role gives no permissions in Slack.)"
    return call.done(text)


def remove_role(call: Call, words: list[Token]) -> Reply:
    roles = call.store.groups.roles(call.group.id)
    key = words[0].value if words else call.opt("name")
    if not key:
        raise call.fail(
            'Say whose role to remove: a role id (see /clerk role list), a mention or name="…".'
        )
    mention = parse_mention(key) if words and words[0].mention else None
    matches = [
        r
        for r in roles
        if (parse_id(key) is not None and r.id == parse_id(key))
        or (mention and r.user_id == mention.user_id)
        or (not mention and r.name.lower() == key.lower())
    ]
    if not matches:
        raise call.fail(f"No role matches “{key}”; see /clerk role list.")
    gone_ids = {r.id for r in matches}
    if not any(r.role == "rapporteur" and r.user_id and r.id not in gone_ids for r in roles):
        raise call.fail(
            "That would leave the group without a rapporteur in Slack, and nobody could change "
            "roles any more; give the role to someone else first (/clerk role rapporteur @name)."
        )
    for r in matches:
        call.store.groups.remove_role(r.id)
    gone = Rich(", ").join(
        Rich(f"{role_title(r.role, call.group.profile)} ", r.name or Mention(str(r.user_id)))
        for r in matches
    )
    return call.done(Rich("Removed: ", gone, "."))


NICK = re.compile(r"^[A-Za-z][\w.-]{0,39}$")


@FAMILY.sub(
    "nick",
    '/clerk nick NICK @person | NICK name="…" | list | remove NICK',
    "a short name a scribe types for a person (`gkellogg: …`), for this group's meetings",
    keys=("name",),
    level="participant",
    examples=("/clerk nick gkellogg @gregg", '/clerk nick ivan name="Ivan Herman"'),
)
def nick(call: Call) -> Reply:
    words = call.args.positionals
    first = words[0].value if words else ""
    if not words or (first.lower() == "list" and len(words) == 1 and not call.has("name")):
        nicks = call.store.groups.nicks(call.group.id)
        if not nicks:
            return call.show(
                says('No nicks yet; map one with `/clerk nick gkellogg @person` or name="…".')
            )
        lines = [Rich(f"• {n.nick} — ", holder(n.name, n.user_id)) for n in nicks]
        return call.show(Rich("Nicks of this group:\n", Rich("\n").join(lines)))
    call.require("chair", "map nicks")
    if first.lower() == "remove":
        gone = words[1].value if len(words) > 1 else ""
        if not gone or not call.store.groups.remove_nick(call.group.id, gone):
            raise call.fail(f"There is no nick “{gone}” in this group; see /clerk nick list.")
        return call.done(f"Nick {gone} removed.")
    return call.done(map_nick(call, first, [t for t in words[1:]], call.opt("name")))


def map_nick(call: Call, given: str, people: list[Token], name: str) -> Rich:
    """Map nick `given` to the one person named (a mention, or name=); the answer."""
    if not NICK.match(given):
        raise call.fail(
            f"“{given}” is not a nick: a word of letters, digits, dots or dashes, "
            "starting with a letter."
        )
    if len(people) > 1 or (people and not people[0].mention):
        raise call.fail('Say who, once: a Slack mention like @name, or name="…".')
    mention = parse_mention(people[0].value) if people else None
    user_id = mention.user_id if mention else None
    if user_id:
        name = name or call.ctx.names.get(user_id, "") or (mention.name if mention else "")
    if not name and not user_id:
        raise call.fail('Say who: a Slack mention like @name, or name="…".')
    made = call.store.groups.set_nick(
        call.group.id, given, name=name or str(user_id), user_id=user_id, now=call.now
    )
    return Rich(f"Nick {made.nick} now means ", holder(made.name, made.user_id), ".")


@FAMILY.sub(
    "tor",
    '/clerk tor add "text" | list | clear',
    "the group's terms of reference (Annex B of the report)",
    examples=('/clerk tor add "Review of the annual ITU-T operational plans."',),
)
def tor(call: Call) -> Reply:
    words = call.args.positionals
    action = words[0].value.lower() if words and not words[0].quoted else "list"
    if action == "list":
        items = call.store.groups.tor(call.group.id)
        if not items:
            return call.show(says('No terms of reference yet; add them with `/clerk tor add "…"`.'))
        return call.show(
            "Terms of reference:\n" + "\n".join(f"{t.position}. {t.text}" for t in items)
        )
    call.require("chair", "change the terms of reference")
    if action == "add":
        text = call.args.rest_text(1)
        if not text:
            raise call.fail("Give the text of the term of reference in quotes.")
        item = call.store.groups.add_tor(call.group.id, text)
        return call.done(f"Term of reference {item.position} added: {quoted(item.text, 200)}")
    if action == "clear":
        n = call.store.groups.clear_tor(call.group.id)
        return call.done(f"Cleared the terms of reference ({n} removed).")
    raise call.fail(f"“{words[0].value}” is not a /clerk tor action; use add, list or clear.")


@FAMILY.sub(
    "undo",
    "/clerk undo",
    "take back your own last change here (an entry, a document, the agenda, a role, "
    "a meeting), whole",
    undoable=False,
)
def undo(call: Call) -> Reply:
    """Take back the caller's last change of any kind in this channel, whole."""
    journal = call.store.journal
    change = journal.last(call.group.id, call.ctx.caller.user_id)
    if change is None:
        raise UsageError("You have nothing to undo in this channel.", call.sub.usage)
    later = journal.overtaken(change)
    if later is not None:
        raise call.fail(
            says(
                "Your last change (`{mine}`) was changed since by {them} (`{theirs}`); "
                "change it back by hand, or ask them to undo theirs first.",
                mine=change.command,
                them=Mention(later.user_id),
                theirs=later.command,
            )
        )
    journal.undo(change, now=call.now)
    what = Rich.loads(change.summary).lines()[0]
    return call.done(
        says(
            "Undone, your last change (`{command}`): {what}",
            command=change.command,
            what=shortened(what, 500),
        )
    )


@FAMILY.sub(
    "export",
    "/clerk export json|csv [deleted]",
    "the record of this channel as a file, sent to you alone "
    "(deleted entries too, for a rapporteur, with `deleted`)",
)
def export(call: Call) -> Reply:
    words = [t.value.lower() for t in call.args.positionals]
    deleted = "deleted" in words
    words = [w for w in words if w != "deleted"]
    if len(words) > 1:
        raise call.fail(f"“{words[1]}” is not understood here; say json or csv.")
    fmt = words[0] if words else "json"
    if fmt not in ("json", "csv"):
        raise call.fail(f"“{fmt}” is not an export format; use json or csv.")
    if deleted:
        call.require("rapporteur", "export deleted entries")
    channel = call.ctx.channel_name or call.ctx.channel_id
    what = "with deleted entries" if deleted else "without deleted entries"
    # Built after the ack, in the job process: a large register takes seconds and tens of MB.
    return Reply(
        text=Rich(
            f"Preparing the record of this channel, {what}, as {fmt.upper()}; "
            "it comes to you alone, in your messages with Clerk."
        ),
        later=ExportJob(call.group.id, fmt, deleted, channel),
    )


@dataclass(frozen=True)
class ExportJob:
    """The export files, built after the ack (in a worker process: a small, picklable value)."""

    group_id: int
    fmt: str
    deleted: bool
    channel: str
    isolated: bool = True

    def __call__(self, store: Store) -> Reply:
        group = store.groups.by_id(self.group_id)
        if self.fmt == "json":
            data = export_json(store, group, deleted=self.deleted)
            mime = "application/json"
        else:
            data, mime = export_csv(store, group, deleted=self.deleted), "text/csv"
        name = f"clerk-{self.channel}-record.{self.fmt}".replace("#", "")
        what = "with deleted entries" if self.deleted else "without deleted entries"
        files = [Attachment(name, data, title=f"Clerk record of {group.name}", mimetype=mime)]
        shown = Rich(Code(name))
        if self.fmt == "csv":  # the action items as a sheet of their own, for the tracker
            sheet = f"clerk-{self.channel}-actions.csv".replace("#", "")
            actions = store.actions.of_group(group.id, done_too=True)
            data = actions_csv(store, group, actions)
            files.append(Attachment(sheet, data, title="Action items", mimetype="text/csv"))
            shown += Rich(" and ", Code(sheet))
        return Reply(
            text=says(
                "The record of this channel, {what}, as {fmt}: {shown}. "
                "It is sent to you alone, in your messages with Clerk.",
                what=what,
                fmt=self.fmt.upper(),
                shown=shown,
            ),
            files=files,
            files_to_caller=True,
        )


@FAMILY.sub("help", "/clerk help", "all commands", level="anyone", takes_group=False, pure=True)
def help_all(call: Call) -> Reply:
    from commands.catalog import families as build_families
    from commands.framework.router import help_text

    lines: list[Says] = [says("*Clerk* logs your meeting and drafts its report. Commands:")]
    for fam in build_families().values():
        lines.append(
            says(
                "• `/{name}` — {summary} (`/{name} help`)",
                name=fam.name,
                summary=marked(fam.summary),
            )
        )
    lines.append(says("Every command also works as `/clerk <command> …`.\n"))
    lines.append(help_text(build_families()["clerk"]))
    group = call.store.groups.get(call.ctx.team_id, call.ctx.channel_id)
    text = Rich("\n").join(lines)
    return call.show(in_words_of(text, group.profile) if group else text)


@FAMILY.sub("info", "/clerk info", "the group's settings and roles", pure=True)
def _info_sub(c: Call) -> Reply:
    return c.show(info_text(c))


@FAMILY.sub(
    "search",
    '/clerk search words | "a phrase" | prefix*',
    "search this group's record: documents, notes, comments, decisions and actions of every "
    "meeting, best matches first",
    pure=True,
    searches=True,
    examples=('/clerk search "strategic plan"', "/clerk search strateg*"),
)
def search(call: Call) -> Reply:
    words = call.args.positionals
    if not words:
        raise call.fail('Say what to look for: words, "a phrase" in quotes, or a prefix*.')
    query = fts_query(words)
    if not query:
        raise call.fail("Search for words or numbers; punctuation alone finds nothing.")
    try:
        hits = call.store.search.hits(call.group.id, query, limit=SEARCH_LIMIT)
    except sqlite3.OperationalError as err:
        raise call.fail(
            'That search could not be read; use words, "a phrase" in quotes, or a prefix*.'
        ) from err
    typed = " ".join(t.value for t in words)
    if not hits:
        return call.show(f"Nothing in this group's record matches “{typed}”.")
    meetings = {m.id: m for m in call.store.meetings.of_group(call.group.id)}
    lines: list[Says] = [
        f"{len(hits)} match{'es' if len(hits) != 1 else ''} for “{typed}”, best first:"
    ]
    for hit in hits:
        m = meetings.get(hit.meeting_id)
        where = f"meeting {m.number}" if m else "a meeting"
        if m is not None and m.start is not None:
            where += f", {long_date(m.start, m.zone_name(call.group))}"
        if hit.item:
            where += f", item {hit.item}"
        what = Rich(
            strong(hit.number) if hit.kind == "document" else f"#{hit.entry_number} {hit.kind}"
        )
        if hit.kind != "document" and hit.number:
            what += f" on {hit.number}"
        lines.append(Rich("• ", what, f" ({where}): ", shortened(Rich(hit.text), 200)))
    return call.show(Rich("\n").join(lines))


@dataclass(frozen=True)
class Search(Op):
    """`/clerk search …` from a search box: words, "phrases" and prefix* only — what was typed
    is never read as command grammar (`a=b` and a lone quote are searched for, not refused)."""

    command: ClassVar[str] = "/clerk"
    sub: ClassVar[str] = "search"
    terms: str

    def tokens(self) -> list[Token]:
        return search_tokens(self.terms)


def search_tokens(terms: str) -> list[Token]:
    """Words, and "quoted phrases" (straight or curly quotes; an unclosed one runs to the end)."""
    out: list[Token] = []
    for m in re.finditer(r'["“”]([^"“”]*)["“”]?|(\S+)', terms):
        phrase, single = m.group(1), m.group(2)
        value = phrase if phrase is not None else single
        if value and value.strip():
            out.append(
                Token(value.strip(), quoted=phrase is not None, start=m.start(), end=m.end())
            )
    return out


SEARCH_LIMIT = 20
# Letters and digits of any script, and the joiners document numbers use (TD667R1, S2-1903931).
_SEARCH_WORD = re.compile(r"[\w.-]+\*?")


def fts_query(words: list[Token]) -> str:
    """An FTS5 query from what was typed: each word or "quoted phrase" must appear (quoted
    for FTS5, so its operators and punctuation are only text); a trailing * is a prefix."""
    parts = []
    for tok in words:
        if tok.quoted:
            inner = " ".join(w.rstrip("*") for w in _SEARCH_WORD.findall(tok.value))
            if inner:
                parts.append('"' + inner.replace('"', "") + '"')
            continue
        for word in _SEARCH_WORD.findall(tok.value):
            prefix = word.endswith("*")
            word = word.rstrip("*").strip(".-")
            if word:
                parts.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(parts)
