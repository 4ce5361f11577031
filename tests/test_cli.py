"""The command line as a newcomer meets it: clerk demo, clerk shell, and missing settings."""

from __future__ import annotations

import io
import os

import pytest

from bot.shell import Shell, commands_of
from storage import Store

from .harness import FakeClock
from .launcher import run


def clerk(*args: str, stdin: str = "", env: dict | None = None, cwd=None):
    """Run the `clerk` CLI in a subprocess, as a user would."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    return run(list(args), input=stdin, env={**base, **(env or {})}, cwd=cwd)


def shell_on(tmp_path, name: str, **options) -> tuple[Shell, Store, io.StringIO]:
    """A shell as the chair on a new database file, its output kept to read."""
    out = io.StringIO()
    store = Store.open(tmp_path / name)
    options = {"user": "chair", **options}
    return Shell(store, clock=FakeClock(), out=out, **options), store, out


def test_demo_records_the_reference_meeting_and_writes_the_report(tmp_path):
    result = clerk("demo", cwd=tmp_path)  # default: ./clerk-demo/
    assert result.returncode == 0, result.stderr + result.stdout
    out = result.stdout
    assert "Recorded the TSAG RG-SOP meeting of 1 August 2024" in out
    assert "16 agenda items · 12 documents · 8 decisions · 0 action items" in out
    folder = tmp_path / "clerk-demo"
    for name in ("RG-SOP-meeting-1-report.docx", "RG-SOP-meeting-1-report.md"):
        assert (folder / name).stat().st_size > 10_000
        assert f"wrote clerk-demo/{name}" in out
    assert "Ericsson Canada presented C103." in (folder / "RG-SOP-meeting-1-report.md").read_text()


def test_report_renders_offline_from_the_database(tmp_path):
    assert clerk("demo", cwd=tmp_path).returncode == 0
    db = str(tmp_path / "clerk-demo" / "clerk-demo.db")
    result = clerk(
        "report",
        "--db",
        db,
        "--channel",
        "#rg-sop",
        "--format",
        "html",
        "-o",
        str(tmp_path / "r.html"),
    )
    assert result.returncode == 0, result.stderr
    assert "Ericsson Canada presented C103." in (tmp_path / "r.html").read_text()
    default = clerk(
        "report", "--db", db, "--channel", "TSAG RG-SOP", "--meeting", "1", cwd=tmp_path
    )
    assert (tmp_path / "RG-SOP-meeting-1-report.docx").exists(), default.stderr
    missing = clerk("report", "--db", db, "--channel", "nowhere")
    assert missing.returncode == 2 and "No group matches “nowhere”" in missing.stderr
    assert "rg-sop (TSAG RG-SOP)" in missing.stderr


def test_demo_twice_starts_afresh(tmp_path):
    for _ in range(2):
        result = clerk("demo", "--out", str(tmp_path / "d"), cwd=tmp_path)
        assert result.returncode == 0 and "12 documents" in result.stdout, result.stderr


def test_shell_reads_piped_lines_and_switches_users(tmp_path):
    script = "\n".join(
        [
            '/clerk setup name="TSAG RG-SOP" tz=Europe/Zurich',
            '/meeting new "RG-SOP meeting" start="2024-08-01 14:30"',
            '/agenda add 3.2 "Elements"',
            "/doc import",
            "C103\tContribution\tEricsson Canada; Canada\tElements to consider",
            '/note 3.2 "A note over',
            'two lines."',
            "as delegate: /decision C103 noted",
            'as delegate: /comment C103 "Support."',
        ]
    )
    result = clerk("shell", "--user", "chair", "--db", str(tmp_path / "s.db"), stdin=script)
    out = result.stdout
    assert "1 new (C103)" in out
    assert "#1 note on item 3.2 — A note over\ntwo lines." in out
    assert "✗ Only the rapporteur" in out  # the delegate may not record decisions
    assert "#2 comment on C103 — delegate: Support." in out
    assert result.returncode == 1  # one command was refused


def test_shell_strict_stops_at_the_first_refusal(tmp_path):
    script = "/doc list\n/clerk help\n"
    result = clerk("shell", "--strict", "--db", str(tmp_path / "s.db"), stdin=script)
    assert "not set up for Clerk yet" in result.stdout and "Clerk* logs" not in result.stdout


def test_shell_writes_files_it_is_given(tmp_path):
    store = Store.open(tmp_path / "s.db")
    out = io.StringIO()
    shell = Shell(store, user="chair", clock=FakeClock(), out=out, files_dir=tmp_path)
    shell.run_script(['/clerk setup name="G"', "/clerk export csv"])
    assert (tmp_path / "clerk-shell-record.csv").exists()
    assert f"file written: {tmp_path / 'clerk-shell-record.csv'}" in out.getvalue()


def test_a_line_goes_on_with_the_command_above_only_in_a_quote_or_a_pasted_list():
    lines = ["# comment", '/a "one', 'two"', "three", "as x: /doc import", "C1\tT", "/c"]
    assert [c.strip() for c in commands_of(lines)] == [
        '/a "one\ntwo"',
        "three",  # its own line: the shell refuses it, never glues it to /a
        "as x: /doc import\nC1\tT",
        "/c",
    ]


def test_a_plain_line_after_a_command_is_refused_not_glued_into_it(tmp_path):
    script = (
        '/clerk setup name="G"\n/clerk role chair @U0ANA\n'
        '/meeting new "M" start="2024-08-01 10:00"\n'
        '/agenda add 1 "One"\n/comment 1 "first comment" by="Ivan Herman"\n'
        "RESOLUTION: Close #37\n"
    )
    result = clerk("shell", "--db", str(tmp_path / "x.db"), "--user", "U0CHAIR", stdin=script)
    assert "#1 comment on item 1 — Ivan Herman: first comment\n" in result.stdout
    assert "Not a command, so not recorded: “RESOLUTION: Close #37”" in result.stdout
    assert "<@U0ANA> is now Rapporteur of G" in result.stdout  # @U… is a person here too
    assert "6 commands run, 1 refused (line 6)." in result.stderr


@pytest.mark.parametrize(
    "command, env, names",
    [
        ("serve", {}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        ("serve", {"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET"]),
        ("socket", {"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_APP_TOKEN"]),
    ],
)
def test_missing_tokens_get_a_clear_message(tmp_path, command, env, names):
    result = clerk(command, env={"CLERK_DB": str(tmp_path / "x.db"), **env})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for name in names:
        assert f"{name} is not set" in result.stderr
    assert "README" in result.stderr


def test_no_command_prints_help():
    result = clerk()
    assert result.returncode == 2 and "demo" in result.stdout and "serve" in result.stdout


def test_interactive_shell_prompts_and_reads_a_pasted_import(tmp_path):
    typed = "\n".join(
        [
            '/clerk setup name="G"',
            '/meeting new "M" start="2024-08-01 14:30"',
            "/doc import",
            "TD1\tAdmin\tTSB\tAgenda",
            "TD2\tReport\tTSB\tReport",
            "",
            'as bob: /comment TD1 "Fine."',
        ]
    )
    shell, store, out = shell_on(tmp_path, "i.db")
    shell.interactive(io.StringIO(typed + "\n"), pending=lambda: False)
    text = out.getvalue()
    assert text.startswith("Clerk shell — channel #shell, user chair.")
    assert "2 new (TD1, TD2)" in text
    assert "#1 comment on TD1 — bob: Fine." in text


def test_a_tagged_line_in_the_shell_is_stored_as_typed(tmp_path):
    """The shell's text is plain: `&`, `<` and quotes in a #tag line are stored as typed, with
    no escaping for the router to undo (issue 23.2)."""
    import io

    from bot.shell import Shell
    from storage import Store

    from .harness import GROUP_SETUP, MEETING_SETUP, FakeClock

    store = Store.open(tmp_path / "c.db")
    shell = Shell(store, user="U0CHAIR", channel="C1", clock=FakeClock(), out=io.StringIO())
    lines = [*GROUP_SETUP, *MEETING_SETUP, "/meeting open", "/agenda take 3.2"]
    assert shell.run_script(lines).failed == 0
    shell.run_script(['#note AT&T asked for <b>bold</b> & "quotes" &amp; more'])
    [note] = [e for e in store.entries.of_meeting(1) if e.kind == "note"][-1:]
    assert note.text == 'AT&T asked for <b>bold</b> & "quotes" &amp; more'
    store.close()


# The shell: pastes, piped scripts, tags -------------------------------------------------------


def test_a_paste_at_the_prompt_runs_as_it_would_piped(tmp_path):
    pasted = "\n".join(
        [
            '/clerk setup name="G"',
            '/meeting new "M" start="2024-08-01 14:30"',
            '/agenda add 1 "One"',
            '/note 1 "A note over',
            "as discussed: two lines",
            'and a third."',
            "/agenda",
        ]
    )
    shell, store, out = shell_on(tmp_path, "paste.db")
    shell.interactive(io.StringIO(pasted + "\n"), pending=lambda: True)
    text = out.getvalue()
    assert "never closed" not in text and "Commands start with /" not in text
    [note] = store.entries.of_meeting(1)
    assert note.text == "A note over\nas discussed: two lines\nand a third."
    assert note.author_id == "UCHAIR"


def test_a_piped_run_ends_with_a_summary_of_refusals(tmp_path):
    shell, store, out = shell_on(tmp_path, "piped.db")
    outcome = shell.run_script(
        [
            '/clerk setup name="G"',
            "/doc lsit",
            '/meeting new "M" start="2024-08-01"',
            "/agenda tkae 1",
        ]
    )
    assert outcome.summary() == "4 commands run, 2 refused (lines 2, 4)."


def test_tags_typed_in_the_shell_are_captured_while_the_meeting_is_open(tmp_path):
    shell, store, out = shell_on(tmp_path, "tags.db")
    outcome = shell.run_script(
        [
            '/clerk setup name="G"',
            '/meeting new "M" start="2024-08-01 13:00"',
            '/agenda add 1 "One"',
            "#note 1 Before the opening.",
            "/meeting open",
            "#note 1 During the meeting & after.",
            "# a plain comment line of the script",
        ]
    )
    assert outcome.failed == 1  # the #note before /meeting open
    assert [e.text for e in store.entries.of_meeting(1)] == ["During the meeting & after."]
