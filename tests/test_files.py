"""Files delegates share (bot/files.py): a Word template or a document list taken only from
Slack's file hosts, with the token never sent elsewhere, and refused in a sentence when it
would parse into gigabytes — through the Slack edge with the payload shapes Slack sends."""

from __future__ import annotations

import io
import time

import pytest
from slack_sdk import WebClient

from storage import Store

from . import fakeslack
from .edge import TOKEN, interaction_payload, now_ts, set_up_channel

FAKE_SLACK = {"users": {"U0DELEGATE": {"display_name": "Ana", "real_name": "Ana Delegate"}}}


# The bot token goes only to Slack's file hosts -------------------------------------------------


def file_shortcut(slack, callback: str, answer: str, files: list[dict], *, user="U0CHAIR"):
    return interaction_payload(
        "message_action",
        callback_id=callback,
        trigger_id=f"{time.time_ns()}.7",
        user=user,
        response_url=slack.response_url(answer),
        channel={"id": "C40", "name": "wg"},
        message={"type": "message", "user": "U0CHAIR", "ts": now_ts(), "text": "", "files": files},
    )


def told(slack, answer: str) -> str:
    [said] = slack.wait_for(lambda: slack.responses_to(answer))
    return said["text"]


def as_template(served, slack, answer: str, f: dict) -> str:
    """ "Use as Word template" on one file; what the user was then told."""
    payload = file_shortcut(slack, "use_as_word_template", answer, [f])
    assert served.interaction(payload).status == 200
    return told(slack, answer)


@pytest.fixture(scope="module")
def elsewhere():
    """Another host: whatever reaches it (and with which token) is recorded."""
    with fakeslack.running() as other:
        other.downloads["t.docx"] = b"x"
        yield other


@pytest.fixture(scope="module")
def files_channel(served):
    set_up_channel(served, "C40")
    served.command("/clerk", "role participant <@U0DELEGATE>", channel="C40")
    return "C40"


def test_a_remote_file_is_never_fetched_with_the_token(served, slack, elsewhere, files_channel):
    remote = {
        "id": "F0REMOTE",
        "name": "t.docx",
        "is_external": True,
        "mode": "external",
        "external_type": "gdrive",
        "url_private": elsewhere.download_url("t.docx"),
    }
    payload = file_shortcut(slack, "use_as_word_template", "ext", [remote])
    assert served.interaction(payload).status == 200
    assert "stored outside Slack" in told(slack, "ext")
    assert elsewhere.calls_to("download") == []


def test_a_file_url_on_another_host_is_not_fetched(served, slack, elsewhere, files_channel):
    forged = {
        "id": "F0X",
        "name": "t.docx",
        "url_private_download": elsewhere.download_url("t.docx"),
    }
    assert "not on Slack's file servers" in as_template(served, slack, "host", forged)
    assert elsewhere.calls_to("download") == []


def test_a_redirect_is_not_followed_with_the_token(served, slack, elsewhere, files_channel):
    slack.redirects["moved.docx"] = elsewhere.download_url("t.docx")
    moved = {
        "id": "F0M",
        "name": "moved.docx",
        "url_private_download": slack.download_url("moved.docx"),
    }
    assert "redirect" in as_template(served, slack, "redir", moved)
    assert elsewhere.calls_to("download") == []


def test_a_participant_cannot_make_clerk_fetch_anything(served, slack, files_channel):
    slack.downloads["list.csv"] = b"TDoc,Title\nC1,A\n"
    f = {"id": "F0L", "name": "list.csv", "url_private_download": slack.download_url("list.csv")}
    for callback, answer in (("use_as_word_template", "p-tpl"), ("import_document_list", "p-imp")):
        payload = file_shortcut(slack, callback, answer, [f], user="U0DELEGATE")
        assert served.interaction(payload).status == 200
        assert told(slack, answer).startswith("Only")
    assert slack.calls_to("download") == [] or all(
        c.args["name"] != "list.csv" for c in slack.calls_to("download")
    )


def test_a_file_slack_says_is_too_big_is_not_fetched(served, slack, files_channel):
    huge = {
        "id": "F0BIG",
        "name": "huge.docx",
        "size": 80 * 1024 * 1024,
        "url_private_download": slack.download_url("huge.docx"),
    }
    assert "80.0 MB" in as_template(served, slack, "big", huge)
    assert all(c.args["name"] != "huge.docx" for c in slack.calls_to("download"))


def test_a_trickling_download_is_given_up_in_time(served, slack, files_channel, monkeypatch):
    import bot.files

    monkeypatch.setattr(bot.files, "READ_TIMEOUT", 0.3)
    slow = object.__new__(bot.files.SlackFiles)
    object.__setattr__(slow, "api_url", slack.api_url)
    object.__setattr__(slow, "fetch_seconds", 1.0)
    slack.downloads["slow.csv"] = b"TDoc,Title\n" + b"C1,A\n" * 50
    slack.trickle["slow.csv"] = 0.1
    f = {"id": "F0S", "name": "slow.csv", "url_private_download": slack.download_url("slow.csv")}
    started = time.monotonic()
    with pytest.raises(bot.files.FileRefused, match="too long"):
        slow.fetch(WebClient(token=TOKEN), f, 10_000)
    assert time.monotonic() - started < 2.5


# Slack Connect files of the other organisation arrive as stubs --------------------------------


def test_a_connect_file_stub_is_looked_up_with_files_info(served, slack, files_channel):
    slack.downloads["theirs.csv"] = b"TDoc,Title,Agenda item\nC777,From the other org,3.2\n"
    slack.file_records["F0STUB"] = {
        "id": "F0STUB",
        "name": "theirs.csv",
        "size": 60,
        "url_private_download": slack.download_url("theirs.csv"),
    }
    stub = {"id": "F0STUB", "mode": "file_access", "file_access": "check_file_info"}
    assert (
        served.interaction(file_shortcut(slack, "import_document_list", "stub", [stub])).status
        == 200
    )
    posted = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("chat.postMessage") if "theirs.csv" in c.args.get("text", "")
        ]
    )
    assert "1 new" in posted[0].args["text"]
    assert [c.args["file"] for c in slack.calls_to("files.info")] == ["F0STUB"]


# Zip bombs are refused before they are parsed -------------------------------------------------


def bomb_docx(paragraphs: int) -> bytes:
    """A Word file of `paragraphs` empty paragraphs: a few hundred KB, gigabytes parsed."""
    import zipfile

    import docx

    plain = io.BytesIO()
    docx.Document().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * paragraphs, 1)
            dst.writestr(info.filename, data)
    return out.getvalue()


def test_a_docx_bomb_is_refused_without_parsing_it(served, slack, files_channel):
    content = bomb_docx(10_000_000)
    assert len(content) < 1024 * 1024
    slack.downloads["bomb.docx"] = content
    f = {
        "id": "F0B",
        "name": "bomb.docx",
        "size": len(content),
        "url_private_download": slack.download_url("bomb.docx"),
    }
    assert (
        served.interaction(file_shortcut(slack, "use_as_word_template", "bomb", [f])).status == 200
    )
    assert "is not a Word file (.docx) Clerk can open" in told(slack, "bomb")
    store = Store.open(served.db)
    try:
        assert not store.groups.template_name(store.groups.get("T1", "C40").id)
    finally:
        store.close()


def test_a_sheet_of_sixteen_thousand_columns_is_refused_in_a_sentence(served, slack, files_channel):

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("TDoc_List")
    sheet.append(["TDoc", "Title"])
    sheet.append(["C1", "T", *([""] * 16_380), "x"])  # one row is as wide as the sheet
    raw = io.BytesIO()
    book.save(raw)
    slack.downloads["wide.xlsx"] = raw.getvalue()
    f = {"id": "F0W", "name": "wide.xlsx", "url_private_download": slack.download_url("wide.xlsx")}
    assert (
        served.interaction(file_shortcut(slack, "import_document_list", "wide", [f])).status == 200
    )
    assert "has cells past column ZZ" in told(slack, "wide")
