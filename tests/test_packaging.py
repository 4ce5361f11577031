"""What ops and Slack admins rely on: the manifest, the Procfile, the health check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.server import make_wsgi
from bot.slack_app import COMMANDS
from commands.catalog import families as build_families

ROOT = Path(__file__).resolve().parent.parent


def manifest_commands() -> list[dict]:
    """The slash_commands entries of manifest.yml (a flat YAML list, read without a parser)."""
    text = (ROOT / "manifest.yml").read_text()
    blocks = re.split(
        r"\n\s*- command: ", text.split("slash_commands:")[1].split("oauth_config")[0]
    )
    out = []
    for block in blocks[1:]:
        lines = block.splitlines()
        entry = {"command": lines[0].strip()}
        for line in lines[1:]:
            key, _, value = line.strip().partition(": ")
            entry[key] = value.strip().strip("'\"")
        out.append(entry)
    return out


def test_manifest_declares_every_command_with_escaping_and_hints():
    entries = manifest_commands()
    assert [e["command"] for e in entries] == list(COMMANDS)
    assert {f"/{name}" for name in build_families()} == set(COMMANDS)
    for e in entries:
        assert e["should_escape"] == "true"
        assert e["usage_hint"] and e["description"] and len(e["description"]) <= 100
        assert e["url"].endswith("/slack/events")


def test_the_manifest_and_the_readme_say_what_the_declarations_say():
    """Slash commands, descriptions and usage hints in manifest.yml and the README's command
    reference are written from the code (`python -m bot.published`): none has drifted."""
    from bot.published import MANIFEST, README, updated, with_reference

    assert MANIFEST.read_text() == updated(MANIFEST.read_text())
    assert README.read_text() == with_reference(README.read_text())


def test_manifest_scopes_and_settings():
    text = (ROOT / "manifest.yml").read_text()
    for scope in (
        "commands",
        "chat:write",
        "files:write",
        "users:read",
        "channels:history",
        "groups:history",
        "reactions:write",
        "canvases:write",
        "im:write",  # DMs: exports, action owners
        "files:read",  # a template or a document list from a message
    ):
        assert f"- {scope} " in text or f"- {scope}\n" in text
    assert "socket_mode_enabled: true" in text and "interactivity:" in text
    from bot.forms import IMPORT_SHORTCUT, SHORTCUT, TEMPLATE_SHORTCUT

    for callback in (SHORTCUT, TEMPLATE_SHORTCUT, IMPORT_SHORTCUT):
        assert f"callback_id: {callback}" in text  # every shortcut Clerk answers is declared
    assert "type: message" in text
    events = text.split("bot_events:")[1].split("interactivity:")[0]
    assert "- message.channels" in events and "- message.groups" in events
    assert "- app_home_opened" in events and "home_tab_enabled: true" in text


def test_readme_names_every_scope_and_event_the_manifest_asks_for():
    """An admin approving the app reads the README: it must not hide a permission."""
    manifest = (ROOT / "manifest.yml").read_text()
    readme = (ROOT / "README.md").read_text()
    bot = manifest.split("bot:")[1].split("settings:")[0]
    events = manifest.split("bot_events:")[1].split("interactivity:")[0]
    asked = re.findall(r"^\s+- ([\w:.]+)", bot + events, flags=re.M)
    assert len(asked) >= 12
    assert [name for name in asked if f"`{name}`" not in readme] == []


def test_procfile_runs_the_server_on_port_and_socket_mode():
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines())
    assert lines["web"] == "clerk serve --port $PORT"
    assert lines["worker"] == "clerk socket"


def test_readme_commands_are_the_ci_commands():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "clerk demo" in readme and ".venv/bin/pytest" in readme
    assert ".venv/bin/pytest" in ci and ".venv/bin/ruff check ." in ci
    assert ".venv/bin/mypy" in ci and ".venv/bin/mypy" in readme
    assert "pip install --quiet -e '.[test]'" in ci and "pip install -e '.[test]'" in readme


class BrokenStores:
    def get(self):
        raise OSError("disk gone")


def test_health_check_reports_a_broken_database_as_503():
    seen = {}

    def start_response(status, headers):
        seen["status"] = status

    body = b"".join(
        make_wsgi(app=None, stores=BrokenStores())(
            {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET"}, start_response
        )
    )
    assert seen["status"].startswith("503")
    assert json.loads(body) == {"ok": False, "database": "error"}


@pytest.mark.bench
def test_the_benchmark_suite_runs(tmp_path):
    """python -m bench --quick: keeps the benchmarks from rotting (times are not asserted)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for heading in (
        "1. Slash commands",
        "2. /report compile time",
        "3. Reminders",
        "4. Memory of clerk serve",
        "6. The group's register",
    ):
        assert heading in result.stdout
    assert "| 50 | 50 | 0 |" in result.stdout  # 50 reminders, 50 posted, no duplicates


def test_an_installation_asks_for_the_scopes_the_manifest_declares():
    """OAuth installs ask for BOT_SCOPES; an admin approves manifest.yml's: the same list."""
    from bot.slack_app import BOT_SCOPES

    bot = (ROOT / "manifest.yml").read_text().split("bot:")[1].split("settings:")[0]
    assert tuple(re.findall(r"^\s+- ([\w:.]+)", bot, flags=re.M)) == BOT_SCOPES
