"""The baseline: a Bolt app that only acks, on the same server stack as `clerk serve`.

Run as `python -m bench.bare_app PORT [DATABASE]`; it answers POST /slack/events and GET
/healthz. With DATABASE, each command also makes one fsync'd SQLite commit (WAL,
synchronous=FULL, as Clerk's store): the floor a recording command cannot go under.
"""

from __future__ import annotations

import sqlite3
import sys
import threading

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.config import Config
from bot.server import serve
from bot.slack_app import COMMANDS


def main() -> None:
    config = Config.from_env()
    app = App(
        client=WebClient(token=config.bot_token, base_url=config.api_url),
        signing_secret=config.signing_secret,
        process_before_response=True,
    )

    local = threading.local()
    path = sys.argv[2] if len(sys.argv) > 2 else ""

    def commit_one(text: str) -> None:
        if not hasattr(local, "db"):
            local.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            local.db.execute("PRAGMA journal_mode=WAL")
            local.db.execute("PRAGMA synchronous=FULL")
            local.db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text)")
        local.db.execute("BEGIN IMMEDIATE")
        local.db.execute("INSERT INTO notes (text) VALUES (?)", [text])
        local.db.execute("COMMIT")

    def ack_only(ack, command):
        if path:
            commit_one(command.get("text", ""))
        ack(text="ok", response_type="in_channel")

    for name in COMMANDS:
        app.command(name)(ack_only)
    bolt = SlackRequestHandler(app)

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"ok": true}']
        return bolt(environ, start_response)

    serve(wsgi, "127.0.0.1", int(sys.argv[1]), threads=8)


if __name__ == "__main__":
    main()
