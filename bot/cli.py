"""The `clerk` command line: serve, socket, shell, demo."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from storage import Store

from .clock import system_clock
from .config import Config, ConfigError
from .stores import Stores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="clerk",
        description="Clerk: log a working-group meeting from Slack and draft its report.",
    )
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")

    p = sub.add_parser("serve", help="answer Slack over HTTP (POST /slack/events, GET /healthz)")
    p.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    p.add_argument("--port", type=int, default=None, help="default: $PORT or 3000")
    p.add_argument(
        "--threads",
        type=int,
        default=16,
        help="request threads (they wait on Slack look-ups, so more than cores)",
    )

    sub.add_parser("socket", help="answer Slack over Socket Mode (no public URL needed)")

    p = sub.add_parser("shell", help="the same commands in a terminal, without Slack")
    p.add_argument("--user", default=os.environ.get("USER") or "me", help="who you are")
    p.add_argument("--channel", default="shell", help="the channel (group) to work in")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")
    p.add_argument("--strict", action="store_true", help="stop at the first refused command")

    p = sub.add_parser("demo", help="record the reference meeting and show the result")
    p.add_argument("--out", default="clerk-demo", help="folder for the demo's files")
    p.add_argument("-v", "--verbose", action="store_true", help="show every command's reply")
    p.add_argument(
        "--profile",
        choices=("itu", "3gpp", "ietf", "w3c"),
        default="itu",
        help="which body's meeting: the ITU-T reference (default), a 3GPP WG, an IETF WG",
    )

    p = sub.add_parser("report", help="render a meeting's report draft offline, from the database")
    p.add_argument("--channel", required=True, help="channel id or name, or the group's name")
    p.add_argument("--meeting", type=int, default=None, help="meeting number (default: current)")
    p.add_argument("--format", choices=("docx", "md", "html"), default="docx")
    p.add_argument(
        "-o", "--output", default=None, help="file to write (default: a name per meeting)"
    )
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser("search", help="search a group's record offline, as /clerk search does")
    p.add_argument(
        "words", nargs="+", help='words, "a phrase" (quote it for the shell too), prefix*'
    )
    p.add_argument("--channel", required=True, help="channel id or name, or the group's name")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser(
        "template", help="give a group its own Word template (.docx): its drafts start from it"
    )
    p.add_argument("file", help="the .docx whose styles, page set-up, headers and footers to use")
    p.add_argument("--channel", required=True, help="channel id or name, or the group's name")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser(
        "import",
        help="import an official document list (.xlsx, .csv, .tsv) into a group's current meeting",
    )
    p.add_argument("file", help="3GPP's TDoc list export (.xlsx) or a CSV/TSV with a header row")
    p.add_argument("--channel", required=True, help="channel id or name, or the group's name")
    p.add_argument(
        "--status",
        action="store_true",
        help="record the list's status column (Noted, Agreed, Revised…) as decisions",
    )
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser(
        "purge",
        help="delete a workspace's or a channel's whole record, for good (a data request)",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--team", help="a workspace id (T…): every group in it")
    which.add_argument("--channel", help="a channel id or name, or the group's name")
    p.add_argument("--yes", action="store_true", help="delete; without it, say what would go")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser("export", help="a group's whole record as JSON or CSV (a data request)")
    p.add_argument("--channel", required=True, help="channel id or name, or the group's name")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("-o", "--output", default=None, help="file to write (default: by channel)")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser(
        "backup", help="copy the database, consistent, while the server keeps running"
    )
    p.add_argument("file", help="the new file to write (never overwritten)")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    p = sub.add_parser(
        "restore", help="put a backup in place of the database (with the server stopped)"
    )
    p.add_argument("file", help="a file `clerk backup` wrote")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")

    args = parser.parse_args(argv)
    if args.cmd is None:
        parser.print_help()
        return 2
    try:
        config = Config.from_env()
        return COMMANDS[args.cmd](args, config)
    except ConfigError as err:
        print(f"clerk {args.cmd}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _logging() -> None:
    from .logs import configure

    configure()


def cmd_serve(args, config: Config) -> int:
    config.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    _logging()
    from .server import make_wsgi, serve
    from .slack_app import create_app

    port = args.port if args.port is not None else config.port

    def ready(url: str) -> None:
        logging.getLogger("clerk").info("listening on %s/slack/events (db %s)", url, config.db_path)

    with _kept(config) as stores:
        dispatcher = _dispatcher(config, stores)
        app = create_app(config, stores, dispatcher=dispatcher)
        scheduler = _start_reminders(config, stores, dispatcher)
        try:
            serve(
                make_wsgi(app, stores, config.signing_secret),
                args.host,
                port,
                threads=args.threads,
                on_ready=ready,
            )
        finally:
            scheduler.shutdown(wait=False)
    return 0


@contextmanager
def _kept(config: Config) -> Iterator[Stores]:
    """The server's database while it runs: restored from its replica first if missing, then
    replicated; a warning when its disk will not outlast a restart; the mark `clerk restore`
    looks for."""
    from .durability import serving, start_replica, warn_if_volatile

    replica = start_replica(config.db_path)
    try:
        stores = _stores(config)
        warn_if_volatile(config.db_path, os.environ, replicated=replica is not None)
        with serving(config.db_path):
            yield stores
    finally:
        if replica is not None:
            replica.stop()


def _stores(config: Config) -> Stores:
    """The server's database, or one sentence on why it cannot be used (no traceback)."""
    import sqlite3

    try:
        return Stores(config.db_path)
    except sqlite3.Error as err:
        raise ConfigError(
            f"Clerk cannot use its database {config.db_path} (CLERK_DB): {err}. Make sure the "
            "file and its folder exist and are writable by this user, or set CLERK_DB to "
            "another file."
        ) from err


def _dispatcher(config: Config, stores):
    """The one sender of the outbox (reminders, owners' DMs, deliveries left by a dead
    process); the database keeps every kind exactly-once."""
    from .installations import ClerkInstallationStore, TeamClients
    from .reminders import Dispatcher, slack_client, slack_dm_poster, slack_poster

    # One workspace's token, or each workspace's installation (OAuth).
    installations = (
        ClerkInstallationStore(stores.path, config.client_id, config.secret_key)
        if config.oauth
        else None
    )
    clients = TeamClients(
        lambda token: slack_client(token or config.bot_token, config.api_url, config.slack_timeout),
        installations,
    )
    return Dispatcher(
        stores.get,
        slack_poster(clients, config.recheck_seconds),
        dm=slack_dm_poster(clients, config.recheck_seconds),
        stale=timedelta(seconds=config.stale_claim),
    )


def _start_reminders(config: Config, stores, dispatcher):
    """The sender runs inside serve and socket: at once (what was missed while down), then
    every CLERK_REMINDER_INTERVAL seconds; beside it, the search index is caught up each
    minute."""
    from .indexing import index_in_background
    from .reminders import start_scheduler

    scheduler = start_scheduler(dispatcher, config.reminder_interval)
    index_in_background(scheduler, stores)
    if config.retention_days:
        from .workspaces import keep_for

        keep_for(scheduler, stores, timedelta(days=config.retention_days))
    return scheduler


def cmd_socket(args, config: Config) -> int:
    config.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    _logging()
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from .slack_app import create_app

    with _kept(config) as stores:
        dispatcher = _dispatcher(config, stores)
        app = create_app(config, stores, socket_mode=True, dispatcher=dispatcher)
        logging.getLogger("clerk").info("connecting over Socket Mode (db %s)", config.db_path)
        scheduler = _start_reminders(config, stores, dispatcher)
        try:
            SocketModeHandler(app, config.app_token).start()
        finally:
            scheduler.shutdown(wait=False)
    return 0


def cmd_shell(args, config: Config) -> int:
    from .shell import Shell

    store = Store.open(args.db or config.db_path)
    shell = Shell(store, user=args.user, channel=args.channel)
    if sys.stdin.isatty():
        shell.interactive()
        return 0
    outcome = shell.run_script(sys.stdin, stop_on_error=args.strict)
    sys.stdout.flush()  # the last answer is out before the summary, on a line of its own
    print(f"\n{outcome.summary()}", file=sys.stderr if outcome.failed else sys.stdout)
    return 1 if outcome.failed else 0


def cmd_demo(args, config: Config) -> int:
    from .demo import run_demo

    return run_demo(Path(args.out), verbose=args.verbose, profile=args.profile)


def cmd_report(args, config: Config) -> int:
    from commands import compile_files

    db = _existing_database(args, config)
    store = Store.open(db)
    try:
        group = _one_group(store, args.channel, db)
        if args.meeting is not None:
            meeting = store.meetings.get(group.id, args.meeting)
        else:
            meeting = store.meetings.current(group)
        if meeting is None:
            raise ConfigError(f"{group.name} has no meeting {args.meeting or ''}".strip() + ".")
        _, [file] = compile_files(store, group, meeting, [args.format], now=system_clock())
    finally:
        store.close()
    path = Path(args.output or file.filename)
    path.write_bytes(file.content)
    print(f"Wrote the report draft of meeting {meeting.number} ({meeting.title}) to {path}")
    return 0


def _existing_database(args, config: Config) -> Path:
    """--db, else $CLERK_DB: a database that must already exist (offline commands)."""
    db = Path(args.db or config.db_path)
    if not db.exists():
        raise ConfigError(f"There is no database at {db}; give --db or set CLERK_DB.")
    return db


def _one_group(store: Store, channel: str, db: Path):
    """The one group a --channel names, or a clear error listing the groups there are."""
    groups = store.groups.find(channel)
    if len(groups) != 1:
        known = (
            ", ".join(f"{g.channel_name or g.channel_id} ({g.name})" for g in store.groups.all())
            or "none"
        )
        what = "No group matches" if not groups else "Several groups match"
        raise ConfigError(f"{what} “{channel}”. Groups in {db}: {known}.")
    return groups[0]


def cmd_search(args, config: Config) -> int:
    """`/clerk search` from the server's shell: the same answer, as plain text."""
    from commands import Caller, Context, make_router

    db = _existing_database(args, config)
    store = Store.open(db)
    try:
        group = _one_group(store, args.channel, db)
        ctx = Context(group.team_id, group.channel_id, Caller("offline"), system_clock())
        words = " ".join(f'"{w}"' if " " in w else w for w in args.words)
        reply = make_router(store).dispatch("/clerk", f"search {words}", ctx)
    finally:
        store.close()
    from .render import plain

    print(plain(reply.full), file=sys.stdout if reply.ok else sys.stderr)
    return 0 if reply.ok else 1


def cmd_template(args, config: Config) -> int:
    """As the shortcut "Use as Word template" does, from the server's shell (by its operator)."""
    from commands import make_router, readable_docx

    db = _existing_database(args, config)
    path = Path(args.file)
    if not path.is_file():
        raise ConfigError(f"There is no file {path}.")
    content = path.read_bytes()
    if path.suffix.lower() != ".docx" or not readable_docx(content):
        raise ConfigError(f"{path} is not a Word file (.docx) Clerk can open; nothing changed.")
    store = Store.open(db)
    try:
        group = _one_group(store, args.channel, db)
        with make_router(store).work.write(system_clock()):
            store.groups.set_template(group.id, path.name, content, now=system_clock(), by="")
    finally:
        store.close()
    print(f"Word drafts of {group.name} now start from {path.name}.")
    return 0


def cmd_import(args, config: Config) -> int:
    """As the shortcut "Import document list" does, from the server's shell (by its operator)."""
    from commands import Caller, Context, import_file, make_router

    db = _existing_database(args, config)
    path = Path(args.file)
    if not path.is_file():
        raise ConfigError(f"There is no file {path}.")
    store = Store.open(db)
    try:
        group = _one_group(store, args.channel, db)
        ctx = Context(group.team_id, group.channel_id, Caller("offline"), system_clock())
        reply = import_file(
            make_router(store).work,
            ctx,
            path.name,
            path.read_bytes(),
            status=args.status,
            operator=True,
        )
    finally:
        store.close()
    from .render import plain

    print(plain(reply.full), file=sys.stdout if reply.ok else sys.stderr)
    return 0 if reply.ok else 1


def cmd_purge(args, config: Config) -> int:
    """Delete a workspace's or a channel's record for good; says what first, unless --yes."""
    from commands import Work, purge

    db = _existing_database(args, config)
    store = Store.open(db)
    try:
        if args.team:
            groups = [g for g in store.groups.all() if g.team_id == args.team]
            team, channel = args.team, ""
        else:
            group = _one_group(store, args.channel, db)
            groups, team, channel = [group], group.team_id, group.channel_id
        names = ", ".join(g.name for g in groups) or "no group"
        if not args.yes:
            print(
                f"Would delete for good the whole record of {names} "
                f"({'workspace ' + team if not channel else 'channel ' + channel}): meetings, "
                "documents, entries, actions, their undo history and search index. Run again "
                "with --yes to delete; take a `clerk backup` first if in doubt."
            )
            return 1
        done = purge(Work(store), groups, team, channel)
    finally:
        store.close()
    print(f"Deleted the record of {names}: {done.total} rows. This cannot be undone.")
    return 0


def cmd_export(args, config: Config) -> int:
    """A group's record as the /clerk export files, from the server's shell."""
    from commands import export_csv, export_json

    db = _existing_database(args, config)
    store = Store.open(db)
    try:
        group = _one_group(store, args.channel, db)
        with store.reading():
            content = (export_json if args.format == "json" else export_csv)(store, group)
    finally:
        store.close()
    path = Path(args.output or f"{group.short_name or 'group'}-record.{args.format}")
    path.write_bytes(content)
    print(f"Wrote the record of {group.name} to {path}.")
    return 0


def cmd_backup(args, config: Config) -> int:
    """A consistent copy of the live database; the server goes on answering."""
    from storage.backup import BackupError, backup

    db = _existing_database(args, config)
    try:
        copied = backup(db, args.file)
    except BackupError as err:
        raise ConfigError(str(err)) from err
    print(
        f"Backed up {db} to {copied.path}: {copied.groups} groups, {copied.entries} entries, "
        "integrity check passed."
    )
    return 0


def cmd_restore(args, config: Config) -> int:
    """Put a backup in place; never under a running server, and the replaced file kept."""
    from storage.backup import BackupError, backup, restore

    from .durability import served_now

    db = Path(args.db or config.db_path)
    if served_now(db):
        raise ConfigError(
            f"A Clerk server is running on {db}: stop it first (clerk serve / clerk socket), "
            "then restore. Nothing changed."
        )
    kept = None
    try:
        if db.exists():
            kept = db.with_name(f"{db.name}.before-restore-{system_clock():%Y%m%dT%H%M%S}")
            backup(db, kept)
        copied = restore(args.file, db)
    except BackupError as err:
        raise ConfigError(str(err)) from err
    print(
        f"Restored {db} from {args.file}: {copied.groups} groups, {copied.entries} entries."
        + (f" The database it replaced is kept as {kept}." if kept else "")
    )
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "socket": cmd_socket,
    "shell": cmd_shell,
    "demo": cmd_demo,
    "report": cmd_report,
    "template": cmd_template,
    "search": cmd_search,
    "import": cmd_import,
    "purge": cmd_purge,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
}

if __name__ == "__main__":
    sys.exit(main())
