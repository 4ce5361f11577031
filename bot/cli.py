"""The `clerk` command line: serve, socket, shell, demo."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from storage import Store

from .config import Config, ConfigError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="clerk",
        description="Clerk: log a working-group meeting from Slack and draft its report.",
    )
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")

    p = sub.add_parser("serve", help="answer Slack over HTTP (POST /slack/events, GET /healthz)")
    p.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    p.add_argument("--port", type=int, default=None, help="default: $PORT or 3000")
    p.add_argument("--threads", type=int, default=8)

    sub.add_parser("socket", help="answer Slack over Socket Mode (no public URL needed)")

    p = sub.add_parser("shell", help="the same commands in a terminal, without Slack")
    p.add_argument("--user", default=os.environ.get("USER") or "me", help="who you are")
    p.add_argument("--channel", default="shell", help="the channel (group) to work in")
    p.add_argument("--db", default=None, help="SQLite file (default: $CLERK_DB or ./clerk.db)")
    p.add_argument("--strict", action="store_true", help="stop at the first refused command")

    p = sub.add_parser("demo", help="record the reference meeting and show the result")
    p.add_argument("--out", default="clerk-demo", help="folder for the demo's files")
    p.add_argument("-v", "--verbose", action="store_true", help="show every command's reply")

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
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


def cmd_serve(args, config: Config) -> int:
    config.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    _logging()
    from .server import make_wsgi, serve
    from .slack_app import create_app
    from .stores import Stores

    stores = Stores(config.db_path)
    app = create_app(config, stores)
    port = args.port if args.port is not None else config.port

    def ready(url: str) -> None:
        logging.getLogger("clerk").info("listening on %s/slack/events (db %s)", url, config.db_path)

    serve(make_wsgi(app, stores), args.host, port, threads=args.threads, on_ready=ready)
    return 0


def cmd_socket(args, config: Config) -> int:
    config.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    _logging()
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from .slack_app import create_app
    from .stores import Stores

    stores = Stores(config.db_path)
    app = create_app(config, stores, socket_mode=True)
    logging.getLogger("clerk").info("connecting over Socket Mode (db %s)", config.db_path)
    SocketModeHandler(app, config.app_token).start()
    return 0


def cmd_shell(args, config: Config) -> int:
    from .shell import Shell

    store = Store.open(args.db or config.db_path)
    shell = Shell(store, user=args.user, channel=args.channel)
    if sys.stdin.isatty():
        shell.interactive()
        return 0
    outcome = shell.run_script(sys.stdin, stop_on_error=args.strict)
    return 1 if outcome.failed else 0


def cmd_demo(args, config: Config) -> int:
    from .demo import run_demo

    return run_demo(Path(args.out), verbose=args.verbose)


COMMANDS = {"serve": cmd_serve, "socket": cmd_socket, "shell": cmd_shell, "demo": cmd_demo}

if __name__ == "__main__":
    sys.exit(main())
