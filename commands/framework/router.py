"""The router: command text in, a Reply out — the same for Slack, the shell and the tests."""

from __future__ import annotations

import logging

from commands.framework.call import Call
from commands.framework.context import Context
from commands.framework.errors import CommandError, UsageError
from commands.framework.grammar import Args, Token, parse_id, parse_mention, tokenize
from commands.framework.incoming import is_mention, people_in, unesc, unwrap
from commands.framework.limits import check_command, check_field
from commands.framework.ops import Op
from commands.framework.permissions import NOT_SET_UP, check, in_words_of
from commands.framework.registry import Family, Sub
from commands.framework.reply import Reply, as_visibility
from commands.framework.rich import Code, Rich, Says, marked, says, strong
from commands.framework.suggest import nearest
from commands.framework.work import Planner, Work
from storage import Store

log = logging.getLogger("clerk.router")


class Router:
    """Parses `/command text`, checks the group and role, runs the handler in a transaction."""

    def __init__(self, store: Store, families: dict[str, Family], planner: Planner | None = None):
        self.store = store
        self.families = families
        self.work = Work(store, planner)  # every write of every command, in one unit

    def dispatch(self, command: str, text: str, ctx: Context, *, escaped: bool = False) -> Reply:
        """Answer one slash command. `escaped`: the text is Slack-escaped (`&lt;` for `<`)."""
        name = command.strip().lstrip("/").lower()
        text = text or ""
        if escaped:
            text = unwrap(text)  # links and channel names as plain text, mentions kept
        # `/clerk report …` reaches /report, for workspaces where the short name is taken.
        if name == "clerk":
            first, _, rest = text.strip().partition(" ")
            if first.lower() in self.families and first.lower() != "clerk":
                name, text = first.lower(), rest
        family = self.families.get(name)
        if family is None:
            return Reply.error(f"Clerk has no command /{name}.", "/clerk help")
        try:
            check_command(text)
        except CommandError as err:
            return Reply.error(err.message, f"/{family.name} help")
        raw_sub = self._raw_sub(family, text)
        if raw_sub is not None:
            # Pasted data (/doc import) is read line by line by its handler, not tokenized.
            body = text.strip()[len(text.strip().split(None, 1)[0]) :]
            return self._run(family, raw_sub, Args(text=unesc(body) if escaped else body), ctx)
        if escaped:
            # People mentioned inside the text are named there: looked up now, before any
            # database lock (a slow users.info must not hold up other channels' writes).
            ctx.look_up(people_in(text))
        try:
            args = tokenize(text, escaped=escaped, names=ctx.names)
        except CommandError as err:
            return Reply.error(err.message, self._usage_of(family, text))
        try:
            sub, args = self._choose(family, args)
        except CommandError as err:
            return Reply.error(err.message, err.usage)
        if sub is None:
            group = self.store.groups.get(ctx.team_id, ctx.channel_id)
            said = help_text(family)
            return Reply(text=in_words_of(said, group.profile) if group else said)
        return self._run(family, sub, args, ctx)

    def perform(self, op: Op, ctx: Context) -> Reply:
        """Run a typed call (a button, a menu choice, the Home) through the same checks and
        unit of work as typed text; nothing in it is read as command grammar."""
        return self._run_values(op.command, op.sub, op.tokens(), op.options(), ctx)

    def dispatch_values(
        self,
        command: str,
        sub_name: str,
        words: list[str],
        text: str,
        options: dict[str, str],
        ctx: Context,
        *,
        people: bool = False,
    ) -> Reply:
        """Run a subcommand from values a form already separated (modals, shortcuts).

        `words` are command words (a target, a number); `text` is the free text, taken as
        is: nothing a delegate typed into a form is re-parsed as quotes or options. With
        `people`, a word that is a Slack mention (`<@U1>`) counts as one (Clerk's own words:
        a scribe's line read by commands/services/scribe.py)."""
        tokens = [
            Token(w, quoted=False, start=0, end=0, mention=people and is_mention(w))
            for w in words
            if w.strip()
        ]
        if text.strip():
            tokens.append(Token(text.strip(), quoted=True, start=0, end=0))
        return self._run_values(command, sub_name, tokens, options, ctx)

    def _run_values(
        self,
        command: str,
        sub_name: str,
        tokens: list[Token],
        options: dict[str, str],
        ctx: Context,
    ) -> Reply:
        """Run a subcommand on values already separated: no text is read as grammar."""
        family = self.families[command.lstrip("/")]
        sub = family.find(sub_name or family.default or "")
        if sub is None:
            raise KeyError(f"/{family.name} has no subcommand {sub_name!r}")
        given = {k: v for k, v in options.items() if v.strip()}
        args = Args(
            text="",
            positionals=tokens,
            options=given,
            from_form=True,
            typed={k: [v] for k, v in given.items()},
        )
        return self._run(family, sub, args, ctx)

    def _choose(self, family: Family, args: Args) -> tuple[Sub | None, Args]:
        """Pick the subcommand from the first word, or the family default."""
        words = args.positionals
        if words and not words[0].quoted:
            first = words[0].value.lower()
            if first == "help" and "help" not in family.subs:
                return None, args
            sub = family.find(first)
            if sub is not None and not _is_text(family, sub, args):
                args.positionals = words[1:]
                return sub, args
            if sub is None:
                self._refuse_near_miss(family, args)
        if family.default is not None:
            return family.subs[family.default], args
        if not words:
            return family.subs.get("help"), args
        raise UsageError(
            f"“{words[0].value}” is not a /{family.name} subcommand; it has {_names(family)}.",
            f"/{family.name} help",
        )

    def _refuse_near_miss(self, family: Family, args: Args) -> None:
        """`/agenda tkae 3`, `/doc lsit`: a typo of a subcommand is refused, not run as another.

        Where the default takes free text (`/note The plan…`), only a one-letter slip followed
        by an entry number (`/note delte 17`) counts: a note may well start with any word.
        """
        words = args.positionals
        first = words[0].value
        default = family.subs.get(family.default) if family.default else None
        names = [*family.subs, *family.aliases]
        if default is not None and default.free_text:
            guess = nearest(first, names, strict=True)
            follows_id = len(words) > 1 and parse_id(words[1].value) is not None
            if guess is None or not follows_id:
                return
        else:
            guess = nearest(first, names)
            if guess is None:
                return
        raise UsageError(
            says(
                "“{first}” is not a /{family} subcommand; did you mean `/{family} {guess}`? "
                "It has {names}.",
                first=first,
                family=family.name,
                guess=family.aliases.get(guess, guess),
                names=_names(family),
            ),
            _usage(family, guess),
        )

    def _raw_sub(self, family: Family, text: str) -> Sub | None:
        words = text.split(None, 1)
        sub = family.find(words[0]) if words else None
        return sub if sub is not None and sub.raw_text else None

    def _usage_of(self, family: Family, text: str) -> str:
        first = text.strip().split(" ", 1)[0].lower() if text.strip() else ""
        sub = family.find(first) or (family.subs.get(family.default) if family.default else None)
        return sub.usage if sub else f"/{family.name} help"

    def _run(self, family: Family, sub: Sub, args: Args, ctx: Context) -> Reply:
        try:
            for key, value in args.options.items():
                check_field(f"{key}=", value)
            for tok in args.positionals:
                check_field("The text", tok.value)
        except CommandError as err:
            return Reply.error(err.message, sub.usage)
        twice = sorted(set(args.repeated) - set(sub.many))
        if twice:
            return Reply.error(
                f"The option {twice[0].replace('_', '-')}= is given twice.",
                sub.usage,
                field=twice[0],
            )
        problem, key = _swallowed_option(args, sub) or _empty_option(args, sub) or ("", "")
        if problem:
            return Reply.error(problem, sub.usage, field=key)
        unknown = sorted(set(args.options) - set(sub.keys))
        if unknown:
            allowed = ", ".join(f"{k}=" for k in sub.keys) or "no options"
            return Reply.error(
                f"/{family.name} {sub.name} does not take {unknown[0]}=; it takes {allowed}.",
                sub.usage,
                field=unknown[0],
            )
        # Slack look-ups (the caller's profile, mentioned people) happen here, before any
        # database lock: a slow users.info must never hold up other channels' writes.
        ctx.caller.resolve()
        ctx.look_up(mentioned(args))
        try:
            if sub.pure:
                if sub.searches:
                    self.work.index_for_search()
                with self.store.reading():
                    return self._handle(family, self._call(sub, args, ctx))
            with self.work.write(ctx.now) as unit:
                key = f"{ctx.team_id}:{ctx.request_id}" if ctx.request_id else ""
                seen = self.store.requests.answered(key) if key else None
                if seen is not None:  # Slack sent this request again: same answer, no redo
                    return Reply(text=Rich.loads(seen[0]), visibility=as_visibility(seen[1]))
                call = self._call(sub, args, ctx)
                reply = self._handle(family, call)
                if sub.undoable:
                    # The group as it is now (a /clerk setup may just have made it).
                    group = call.found_group if sub.takes_group else None
                    group = group or self.store.groups.get(ctx.team_id, ctx.channel_id)
                    unit.label(
                        by=ctx.caller.user_id,
                        command=f"/{family.name} {sub.name}",
                        group_id=group.id if group else None,
                        summary=reply.text,
                    )
                if key and reply.ok:
                    self.store.requests.remember(
                        key, reply.text.dumps(), reply.visibility, now=ctx.now
                    )
                return reply
        except CommandError as err:
            # Every refusal carries a usage line: the error's own, else this subcommand's.
            return Reply.error(err.message, err.usage or sub.usage, field=err.field)
        except Exception:
            # Never a traceback to the user; the transaction was rolled back.
            log.exception("command failed: /%s %s", family.name, sub.name)
            return Reply.error(
                "Something went wrong inside Clerk, and nothing was stored. "
                "Please try again; if it happens again, tell your workspace admin.",
                sub.usage,
            )

    def _call(self, sub: Sub, args: Args, ctx: Context) -> Call:
        call = Call(ctx=ctx, store=self.store, args=args, sub=sub)
        args.repo = lambda: call.group.repo if sub.takes_group else ""  # for a `#129`
        return call

    def _handle(self, family: Family, call: Call) -> Reply:
        """Check the group and the caller's role, then run the handler."""
        sub, ctx = call.sub, call.ctx
        if sub.takes_group:
            call.found_group = self.store.groups.get(ctx.team_id, ctx.channel_id)
            if call.found_group is None:
                return Reply.error(NOT_SET_UP, sub.usage)
            # Anyone in the channel is a participant: only chair levels need the roles read.
            if sub.level not in ("anyone", "participant"):
                what = sub.what or f"run /{family.name} {sub.name}"
                call.role = check(self.store, call.found_group, ctx.caller, sub.level, what)
        return sub.handler(call)


def _usage(family: Family, name: str) -> str:
    sub = family.find(name)
    return sub.usage if sub else f"/{family.name} help"


def _is_text(family: Family, sub: Sub, args: Args) -> bool:
    """`/note Edit the draft…`: a capitalised subcommand word with no entry number after it
    starts the text of a free-text default, where `/note edit 17 …` edits entry 17."""
    default = family.subs.get(family.default) if family.default else None
    if default is None or not default.free_text or sub is default:
        return False
    words = args.positionals
    first = words[0].value
    follows_id = len(words) > 1 and parse_id(words[1].value) is not None
    return first[:1].isupper() and not follows_id


def _swallowed_option(args: Args, sub: Sub) -> tuple[str, str] | None:
    """A quote left open swallows the options after it: `"Has anyone… by="A. Delegate"`."""
    if args.from_form:
        return None
    for tok in args.positionals:
        if not tok.quoted:
            continue
        for key in sub.keys:
            spelled = key.replace("_", "-")
            for form in {key, spelled}:
                at = _option_inside(tok.value, form)
                if at:
                    return (
                        f"The text “{tok.value[: at + len(form) + 1]}…” runs into "
                        f"{form}=: is a closing quote missing before {form}=?",
                        "text",
                    )
    return None


def _option_inside(text: str, key: str) -> int:
    """Where ` key="` (or a curly quote) stands inside a quoted text; 0 when it does not."""
    for quote in ('"', "“", "”", "'"):
        at = text.find(f" {key}={quote}")
        if at >= 0:
            return at + 1
    return 0


def _empty_option(args: Args, sub: Sub) -> tuple[str, str] | None:
    """`name=""` stores nothing useful: refused, except where empty means something."""
    for key, value in args.options.items():
        if not value.strip() and key not in sub.may_be_empty and key in sub.keys:
            spelled = key.replace("_", "-")
            return f"{spelled}= is empty; give it a value, or leave it out.", key
    return None


def _names(family: Family) -> str:
    """`add, list, take…`: a family's subcommands for a refusal."""
    return ", ".join(family.subs)


def mentioned(args: Args) -> list[str]:
    """User ids of the Slack mentions among a command's options (repeated ones and lists
    like `owner=<@U1>,<@U2>` too) and words."""
    repeated = [v for values in args.repeated.values() for v in values]
    ids = []
    for value in [*args.options.values(), *repeated]:
        ids.extend(people_in(value))
    for t in args.positionals:
        ref = parse_mention(t.value) if t.mention else None
        if ref is not None and ref.user_id:
            ids.append(ref.user_id)
    return ids


def help_text(family: Family) -> Rich:
    """`/<command> help`: what it does, each subcommand's usage and the examples."""
    lines: list[Says] = [Rich(strong(f"/{family.name}"), " — ", marked(family.summary))]
    for sub in family.subs.values():
        lines.append(Rich("• ", Code(sub.usage), " — ", marked(sub.summary)))
    examples = [ex for sub in family.subs.values() for ex in sub.examples]
    if examples:
        lines.append("Examples:")
        lines.extend(Code(ex) for ex in examples)
    return Rich("\n").join(lines)
