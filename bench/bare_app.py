"""The baseline: a Bolt app that only acks, on the same server stack as `clerk serve`.

Run as `python -m bench.bare_app PORT`; it answers POST /slack/events and GET /healthz.
"""

from __future__ import annotations

import sys

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

    def ack_only(ack):
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
