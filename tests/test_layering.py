"""Imports flow one way (bot -> commands -> storage) and only bot/ reads the clock."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDGE_ONLY = ("slack_bolt", "slack_sdk", "apscheduler", "waitress", "bot")
FORBIDDEN = {
    "commands": EDGE_ONLY,
    "storage": (*EDGE_ONLY, "commands", "templates", "jinja2", "docx"),
}


@functools.cache
def parsed(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the tests here (they only read it)."""
    return ast.parse(path.read_text("utf-8"))


def imported_modules(path: Path) -> set[str]:
    tree = parsed(path)
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


# Modules that write the report's own formats (Markdown, HTML, Word): markup there is the
# document's, not Slack's.
REPORT_WRITERS = {
    "build.py",
    "inline.py",
    "lineage.py",
    "markdown.py",
    "model.py",
    "outline.py",
    "render.py",
    "safe_markdown.py",
    "tree.py",
    "word.py",
    "wording.py",
    "wordxml.py",
}
# Slack markup: mentions, channel links, broadcasts, and its escapes.
SLACK_MARKUP = re.compile(r"<[@#!]|&(?:lt|gt|amp);")
# Marks in our own words (*strong*, `code`, _emphasis_): read only by says()/marked().
MARKS = re.compile(r"`[^`]+`|\*[^*\s][^*]*\*|(?<!\w)_[^_\s][^_]*_(?!\w)")
READERS = {"says", "marked", "sub", "Family", "fail", "UsageError"}
# Regular expressions are patterns, not words anyone reads.
PATTERNS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "split"}


def _answer_modules():
    for path in sorted((ROOT / "commands").rglob("*.py")):
        if path.parent.name == "report" and path.name in REPORT_WRITERS:
            continue
        if path.name in ("incoming.py", "rich.py"):  # they read markup and marks; write none
            continue
        yield path


def _strings_outside(tree: ast.AST, readers: set[str]) -> list[ast.Constant]:
    """String constants that are not docstrings and not inside a call to one of `readers`."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", "") or getattr(node.func, "attr", "")
            if name in readers:
                inside.update(id(n) for n in ast.walk(node))
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docstrings
        and id(n) not in inside
    ]


def test_commands_write_no_slack_markup():
    """Answers are Rich values (text with marks); only bot/ renders them to mrkdwn, so commands/
    neither escapes nor writes mentions, links or broadcasts — and has no `esc` to call."""
    offenders = []
    for path in _answer_modules():
        tree = parsed(path)
        for node in _strings_outside(tree, PATTERNS):
            if SLACK_MARKUP.search(node.value):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:40]!r}")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("esc", "quote", "shorten"):
                offenders.append(f"{path.relative_to(ROOT)} defines {node.name}()")
            if isinstance(node, ast.Name) and node.id == "esc":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} calls esc")
    assert offenders == []


def test_marks_in_answers_are_read_only_by_says():
    """`*strong*` or `code` typed into a plain string would reach Slack as text the user
    cannot tell from markup; our marks are written in says()/marked() templates only."""
    offenders = []
    for path in _answer_modules():
        tree = parsed(path)
        for node in _strings_outside(tree, READERS | PATTERNS):
            if MARKS.search(node.value):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:50]!r}")
    assert offenders == []


def test_replies_carry_rich_text_not_markup():
    """What a command answers (its text, a list's rows, an error) is typed as Rich text."""
    import typing

    from commands.framework.reply import Reply, Row
    from commands.framework.rich import Rich
    from commands.services.actions import NoticeDue
    from commands.services.reminders import ReminderMessage

    for cls, name in (
        (Reply, "text"),
        (Row, "text"),
        (NoticeDue, "text"),
        (ReminderMessage, "text"),
        (ReminderMessage, "agenda"),
    ):
        assert typing.get_type_hints(cls)[name] is Rich, f"{cls.__name__}.{name}"
