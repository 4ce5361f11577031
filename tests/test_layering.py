"""Imports flow one way (bot -> commands -> storage) and only bot/ reads the clock."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDGE_ONLY = ("slack_bolt", "slack_sdk", "apscheduler", "waitress", "bot")
FORBIDDEN = {
    "commands": EDGE_ONLY,
    "storage": (*EDGE_ONLY, "commands", "templates", "jinja2", "docx"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_inner_layers_do_not_import_outer_ones(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_the_command_framework_imports_no_command():
    """commands/framework is how any command works; it knows no particular command."""
    offenders = []
    for path in sorted((ROOT / "commands" / "framework").rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith("commands") and not name.startswith("commands.framework"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_only_bot_builds_block_kit():
    """Layout for Slack (blocks, elements) is the edge's; commands answer with values."""
    block_kit = re.compile(r'"type":\s*"(section|header|context|actions|divider|mrkdwn|button)"')
    offenders = [
        str(p.relative_to(ROOT))
        for package in ("commands", "storage")
        for p in (ROOT / package).rglob("*.py")
        if block_kit.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_sql_and_table_names_live_only_in_storage():
    sql = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")
    offenders = [
        str(p.relative_to(ROOT))
        for package in ("bot", "commands")
        for p in (ROOT / package).rglob("*.py")
        if sql.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_only_bot_reads_the_clock():
    clock = re.compile(r"datetime\.(now|utcnow|today)\(|\btime\.time\(|date\.today\(")
    offenders = [
        str(p.relative_to(ROOT))
        for package in ("commands", "storage")
        for p in (ROOT / package).rglob("*.py")
        if clock.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_pure_subcommands_never_write(meeting):
    """A read runs on a snapshot that is rolled back; it must also answer the same."""
    from commands.catalog import families as build_families

    from .harness import snapshot

    pure = [
        (name, sub.name)
        for name, fam in build_families().items()
        for sub in fam.subs.values()
        if sub.pure
    ]
    assert len(pure) >= 7
    before = snapshot(meeting.store)
    for name, sub in pure:
        extra = {("doc", "show"): " C103", ("doc", "history"): " C103"}.get((name, sub), "")
        extra = " plan" if (name, sub) == ("clerk", "search") else extra
        assert meeting.ok(f"/{name} {sub}{extra}").visibility == "caller"
    assert snapshot(meeting.store) == before


def test_the_edge_uses_only_public_slack_apis():
    """No import of Bolt's or the SDK's internals: they change without notice."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] in ("slack_bolt", "slack_sdk")
        and any(part == "internals" or part.startswith("_") for part in name.split("."))
    ]
    assert offenders == []


def test_the_edge_uses_commands_through_their_front_only():
    """bot/ imports what commands/__init__ exports, nothing deeper: the front is the contract."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        for name in imported_modules(path)
        if name.startswith("commands.")
    ]
    assert offenders == []
