"""`clerk socket` end to end: a slash command over a local Socket Mode WebSocket is answered."""

from __future__ import annotations

import json
import os
import queue
import threading

import pytest
from websockets.sync.server import serve as ws_serve

from storage import Store

from . import fakeslack
from .launcher import launch


def slash_envelope(envelope_id: str, command: str, text: str) -> dict:
    return {
        "envelope_id": envelope_id,
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "token": "deprecated",
            "team_id": "T1",
            "team_domain": "fake",
            "channel_id": "C1",
            "channel_name": "rg-sop",
            "user_id": "U0CHAIR",
            "user_name": "chair",
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"trigger-{envelope_id}",
        },
    }


@pytest.fixture
def socket_slack():
    """A fake Web API whose apps.connections.open points at a local WebSocket 'Slack'."""
    acks: queue.Queue = queue.Queue()
    commands = [
        slash_envelope("e1", "/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich'),
        slash_envelope("e2", "/doc", "add NOTADOC"),
    ]

    def handler(ws):
        ws.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {"host": "fake"},
                    "connection_info": {"app_id": "A1"},
                }
            )
        )
        for envelope in commands:  # one at a time: the second depends on the first
            ws.send(json.dumps(envelope))
            acks.put(json.loads(ws.recv(timeout=20)))

    server = ws_serve(handler, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake = fakeslack.FakeSlack(socket_url=f"ws://127.0.0.1:{server.socket.getsockname()[1]}/link")
    web = fakeslack.start(fake)
    yield fake, acks
    web.shutdown()
    server.shutdown()


def test_slash_command_over_socket_mode_is_acked_with_the_reply(socket_slack, tmp_path):
    fake, acks = socket_slack
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_API_URL": fake.api_url,
        "CLERK_DB": str(tmp_path / "socket.db"),
    }
    env.pop("SLACK_SIGNING_SECRET", None)
    proc = launch(["socket"], env=env, stdout=tmp_path / "socket.log")
    try:
        got = {}
        while len(got) < 2:
            ack = acks.get(timeout=20)
            got[ack["envelope_id"]] = ack.get("payload", {})
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "Clerk is set up for *TSAG RG-SOP*" in got["e1"]["text"]
    assert got["e1"]["response_type"] == "in_channel"
    assert "no meeting yet" in got["e2"]["text"] and "Usage: `/doc add" in got["e2"]["text"]
    assert got["e2"]["response_type"] == "ephemeral"
    store = Store.open(tmp_path / "socket.db")
    assert store.groups.get("T1", "C1").name == "TSAG RG-SOP"
    store.close()
