"""Defects found by probing a running Clerk as an attacker and as real Slack traffic would
(issue 20), each through the Slack edge with the payload shapes Slack sends."""

from __future__ import annotations

import json
import time

import pytest
from slack_sdk import WebClient

from bot.listings import MENU
from storage import Store

from . import fakeslack
from .edge import TOKEN, changed, interaction_payload, message, view_submission

USERS = {
    "U0DELEGATE": {"display_name": "Ana", "real_name": "Ana Delegate"},
    # An admin of the other organisation of a Slack Connect channel.
    "U0THEIRADMIN": {"display_name": "Them", "is_admin": True, "team_id": "T9"},
    "U0OURADMIN": {"display_name": "Us", "is_owner": True},
    # Grid: an org admin whose home workspace is another one of the same org.
    "U0ORGADMIN": {"display_name": "Org", "is_admin": True, "team_id": "T7", "enterprise_id": "E1"},
}
FAKE_SLACK = {"users": USERS}


def setup(served, channel: str, *, open_: bool = False) -> None:
    steps = [
        ("/clerk", f'setup name="WG {channel}" tz=Europe/Zurich'),
        ("/meeting", 'new "Session" start="2024-08-01 14:30" end="15:45"'),
        ("/agenda", 'add 3.2 "Strategic plan"'),
        ("/doc", "add C103 item=3.2"),
        ("/agenda", "take 3.2"),
    ]
    if open_:
        steps.append(("/meeting", "open"))
    for command, text in steps:
        resp = served.command(command, text, channel=channel)
        assert resp.json()["response_type"] == "in_channel", resp.body


def live_entries(served, channel: str) -> list[tuple]:
    store = Store.open(served.db)
    try:
        group = store.groups.get("T1", channel)
        meeting = store.meetings.latest(group.id)
        return [(e.kind, e.target, e.text) for e in store.entries.of_meeting(meeting.id)]
    finally:
        store.close()


def now_ts(offset: float = 0.0) -> str:
    return f"{time.time() + offset:.6f}"


# 3. Only the installing organisation's admins are admins --------------------------------


def test_an_admin_of_the_other_connect_organisation_is_not_an_admin_here(served):
    setup(served, "C30")
    refused = served.command(
        "/clerk", "role rapporteur <@U0THEIRADMIN>", user="U0THEIRADMIN", channel="C30"
    )
    assert "Only the rapporteur" in refused.json()["text"]
    refused = served.command("/clerk", 'tor add "A term."', user="U0THEIRADMIN", channel="C30")
    assert "Only the rapporteur" in refused.json()["text"]
    allowed = served.command("/clerk", 'tor add "A term."', user="U0OURADMIN", channel="C30")
    assert "Term of reference 1 added" in allowed.json()["text"]


def test_a_grid_admin_from_another_workspace_is_not_admin_of_a_workspace_install(served):
    # Not an org-wide install: T1 alone; an E1 admin of another workspace is not T1's admin.
    setup(served, "C31")
    refused = served.command("/clerk", 'tor add "A term."', user="U0ORGADMIN", channel="C31")
    assert "Only the rapporteur" in refused.json()["text"]


def test_a_grid_org_admin_is_admin_of_an_org_wide_install():
    from bot.profiles import Profile

    org_admin = Profile("Org", "Org", admin=True, team_id="T7", enterprise_id="E1")
    assert org_admin.admin_of("E1") and org_admin.admin_of("T1", "E1")
    assert not org_admin.admin_of("T1") and not org_admin.admin_of("T2", "E2")
    assert not Profile("Them", "Them", admin=True, team_id="T9").admin_of("T1")


# 1. The bot token goes only to Slack's file hosts -----------------------------------------


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


@pytest.fixture(scope="module")
def elsewhere():
    """Another host: whatever reaches it (and with which token) is recorded."""
    with fakeslack.running() as other:
        other.downloads["t.docx"] = b"x"
        yield other


@pytest.fixture(scope="module")
def files_channel(served):
    setup(served, "C40")
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
    assert (
        served.interaction(file_shortcut(slack, "use_as_word_template", "host", [forged])).status
        == 200
    )
    assert "not on Slack's file servers" in told(slack, "host")
    assert elsewhere.calls_to("download") == []


def test_a_redirect_is_not_followed_with_the_token(served, slack, elsewhere, files_channel):
    slack.redirects["moved.docx"] = elsewhere.download_url("t.docx")
    moved = {
        "id": "F0M",
        "name": "moved.docx",
        "url_private_download": slack.download_url("moved.docx"),
    }
    assert (
        served.interaction(file_shortcut(slack, "use_as_word_template", "redir", [moved])).status
        == 200
    )
    assert "redirect" in told(slack, "redir")
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
    assert (
        served.interaction(file_shortcut(slack, "use_as_word_template", "big", [huge])).status
        == 200
    )
    assert "80.0 MB" in told(slack, "big")
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


# 12. Slack Connect files of the other organisation arrive as stubs -------------------------


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


# 2. Zip bombs are refused before they are parsed ------------------------------------------


def bomb_docx(paragraphs: int) -> bytes:
    """A Word file of `paragraphs` empty paragraphs: a few hundred KB, gigabytes parsed."""
    import io
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
    import io

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


# 5, 6, 8. One entry per message, whatever order Slack delivers in --------------------------

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def test_a_retry_after_an_edit_does_not_make_a_second_comment(served):
    setup(served, "C50", open_=True)
    ts = now_ts(1)
    first = message("#comment C103 We support it.", ts, channel="C50")
    assert served.event(first, event_id="Ev50a").status == 200
    edit = changed("C50", ts, "#comment C103 We support it, with changes.", first["text"])
    assert served.event(edit, event_id="Ev50b").status == 200
    assert served.event(first, event_id="Ev50c", headers=RETRY).status == 200
    assert live_entries(served, "C50") == [("comment", "C103", "We support it, with changes.")]


def test_a_message_deleted_before_its_delivery_is_not_recorded(served):
    setup(served, "C51", open_=True)
    ts = now_ts(1)
    gone = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "C51",
        "hidden": True,
        "deleted_ts": ts,
        "ts": now_ts(2),
        "event_ts": now_ts(2),
    }
    assert served.event(gone, event_id="Ev51a").status == 200
    late = message("#note Take this back.", ts, channel="C51")
    assert served.event(late, event_id="Ev51b", headers=RETRY).status == 200
    # Recorded, deleted, then the retry of the original: still deleted.
    ts2 = now_ts(3)
    noted = message("#note Another.", ts2, channel="C51")
    served.event(noted, event_id="Ev51c")
    served.event({**gone, "deleted_ts": ts2}, event_id="Ev51d")
    served.event(noted, event_id="Ev51e", headers=RETRY)
    assert live_entries(served, "C51") == []


def test_a_decision_typed_during_the_meeting_and_delivered_after_close_is_kept(served):
    setup(served, "C52", open_=True)
    time.sleep(1.1)  # stored times have second precision
    ts = now_ts()
    time.sleep(1.1)  # the message is older than the close (Slack ts have second precision)
    assert served.command("/meeting", "close", channel="C52").status == 200
    typed = message("#decision C103 agreed", ts, channel="C52", user="U0CHAIR")
    assert served.event(typed, event_id="Ev52", headers=RETRY).status == 200
    assert [(k, t) for k, t, _ in live_entries(served, "C52")] == [("decision", "C103")]
    # One written after the close is not.
    after = message("#note Too late.", now_ts(5), channel="C52")
    served.event(after, event_id="Ev52b")
    assert len(live_entries(served, "C52")) == 1


def test_a_deleted_thread_parent_leaves_the_record(served):
    setup(served, "C53", open_=True)
    ts = now_ts(1)
    served.event(message("#note With replies.", ts, channel="C53"), event_id="Ev53a")
    assert live_entries(served, "C53") == [("note", "3.2", "With replies.")]
    tombstone = changed(
        "C53",
        ts,
        "This message was deleted.",
        "#note With replies.",
        user="USLACKBOT",
        subtype="tombstone",
        hidden=True,
        thread_ts=ts,
        reply_count=2,
    )
    assert served.event(tombstone, event_id="Ev53b").status == 200
    assert live_entries(served, "C53") == []


def test_an_edit_that_makes_another_entry_is_one_transaction(served, monkeypatch):
    from storage.entries import Entries

    setup(served, "C54", open_=True)
    ts = now_ts(1)
    served.event(
        message("#comment C103 Support.", ts, channel="C54", user="U0CHAIR"), event_id="Ev54a"
    )

    def crash(self, *args, **kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(Entries, "delete", crash)
    edit = changed("C54", ts, "#decision C103 agreed", "#comment C103 Support.", user="U0CHAIR")
    served.event(edit, event_id="Ev54b")
    monkeypatch.undo()
    assert live_entries(served, "C54") == [("comment", "C103", "Support.")]


# 7. An interaction delivered twice acts once ---------------------------------------------


def test_the_same_menu_click_twice_records_one_decision(served, slack):
    setup(served, "C60")
    value = json.dumps({"op": "decide:noted", "t": "C103"})
    click = interaction_payload(
        "block_actions",
        trigger_id=f"{time.time_ns()}.60",
        channel={"id": "C60", "name": "wg"},
        container={"type": "message", "message_ts": now_ts(), "is_ephemeral": True},
        response_url=slack.response_url("c60"),
        actions=[
            {
                "type": "overflow",
                "action_id": MENU,
                "block_id": "row0",
                "selected_option": {"text": {"type": "plain_text", "text": "n"}, "value": value},
                "action_ts": now_ts(),
            }
        ],
    )
    assert served.interaction(click).status == 200
    assert served.interaction(click).status == 200
    slack.wait_for(
        lambda: [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C60"]
    )
    time.sleep(0.3)
    assert [k for k, *_ in live_entries(served, "C60")] == ["decision"]
    assert len([c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C60"]) == 1


def test_the_same_form_submission_twice_records_one_comment(served):
    setup(served, "C61")
    submitted = view_submission("comment", {"target": "C103", "text": "We agree."}, channel="C61")
    assert served.interaction(submitted).status == 200
    assert served.interaction(submitted).status == 200
    assert live_entries(served, "C61") == [("comment", "C103", "We agree.")]


# 9. /clerk export answers at once and builds the file after --------------------------------


def test_export_is_acknowledged_before_the_file_is_built(served, slack, monkeypatch):
    import commands.clerk

    setup(served, "C70")
    real = commands.clerk.export_json

    def slow(*args, **kwargs):  # a 20-meeting register took 6.4 s here
        time.sleep(3.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(commands.clerk, "export_json", slow)
    resp = served.command("/clerk", "export json", channel="C70", channel_name="wg-c70")
    assert resp.status == 200 and resp.seconds < 2.0
    assert "Preparing the record" in resp.json()["text"]
    slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("files.completeUploadExternal")
            if "clerk-wg-c70-record.json" in str(c.args.get("initial_comment", ""))
        ],
        timeout=30,
    )


# 10. The Home's modals open within the trigger's 3 s, whatever uploads are in flight -------


def test_home_preview_and_search_open_while_reports_upload(served, slack):
    setup(served, "C80")
    slack.channels["C80"] = None  # everyone is a member: the Home shows the group
    store = Store.open(served.db)
    group_id = store.groups.get("T1", "C80").id
    store.close()
    slack.delays["files.getUploadURLExternal"] = 6.0
    try:
        for _ in range(4):  # every slow worker busy uploading a report
            assert served.command("/report", "md", channel="C80").status == 200
        time.sleep(1.5)  # the reports are compiled and their uploads under way

        def click(action: dict) -> str:
            trigger = f"{time.time_ns()}.{action['action_id']}"
            payload = interaction_payload(
                "block_actions",
                trigger_id=trigger,
                container={"type": "view", "view_id": "VHOME"},
                view={"id": "VHOME", "type": "home", "blocks": [], "state": {"values": {}}},
                actions=[{**action, "action_ts": now_ts()}],
            )
            assert served.interaction(payload).status == 200
            return trigger

        preview = click(
            {
                "action_id": "home_report_preview",
                "block_id": "b1",
                "type": "button",
                "value": json.dumps({"group": group_id, "meeting": 1}),
            }
        )
        search = click(
            {
                "action_id": "home_search",
                "block_id": f"search:{group_id}",
                "type": "plain_text_input",
                "value": "strategic",
            }
        )
        for trigger in (preview, search):
            [opened] = slack.wait_for(
                lambda t=trigger: [
                    c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == t
                ]
            )
            assert opened.at - int(trigger.split(".")[0]) / 1e9 < 3.0
        assert not [r for r in slack.responses if "expired_trigger_id" in str(r)]
    finally:
        slack.delays.clear()


# 11. "Add to report" keeps the whole message and who wrote it ------------------------------


def add_to_report(served, slack, channel: str, text: str, trigger: str) -> dict:
    """Run the shortcut on a delegate's message; the modal Slack was asked to open."""
    payload = interaction_payload(
        "message_action",
        callback_id="add_to_report",
        trigger_id=trigger,
        response_url=slack.response_url(trigger),
        channel={"id": channel, "name": "wg"},
        message={"type": "message", "user": "U0DELEGATE", "ts": now_ts(), "text": text},
    )
    assert served.interaction(payload).status == 200
    [opened] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == trigger]
    )
    view = opened.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def submitted_as_is(view: dict) -> dict:
    """The view_submission of a modal whose pre-filled values the user left as they were."""
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if element["type"] == "static_select":
            state[block["block_id"]] = {
                "v": {"type": "static_select", "selected_option": element["initial_option"]}
            }
        else:
            value = element.get("initial_value", "")
            state[block["block_id"]] = {"v": {"type": "plain_text_input", "value": value}}
    return interaction_payload(
        "view_submission",
        trigger_id=f"{time.time_ns()}.sub",
        view={**view, "id": "V9", "state": {"values": state}, "hash": "1.x"},
        response_urls=[],
    )


def attributed(served, channel: str) -> list[tuple]:
    store = Store.open(served.db)
    try:
        meeting = store.meetings.latest(store.groups.get("T1", channel).id)
        return [
            (e.kind, len(e.text), e.attributed, e.attributed_id)
            for e in store.entries.of_meeting(meeting.id)
        ]
    finally:
        store.close()


def test_a_long_message_is_added_whole_under_its_authors_name(served, slack):
    setup(served, "C90")
    sentence = "The delegate explained the position of the administration at length. "
    text = sentence * 64  # 4,480 characters: more than one input holds
    view = add_to_report(served, slack, "C90", text, f"{time.time_ns()}.90")
    parts = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("text")]
    assert len(parts) == 2 and all(len(p["element"]["initial_value"]) <= 3000 for p in parts)
    [by] = [b for b in view["blocks"] if b.get("block_id") == "by"]
    assert by["element"]["initial_value"] == "Ana Delegate"
    assert served.interaction(submitted_as_is(view)).status == 200
    assert attributed(served, "C90") == [
        ("comment", len(text.strip()), "Ana Delegate", "U0DELEGATE")
    ]


def test_a_message_longer_than_an_entry_is_recorded_in_consecutive_entries(served, slack):
    setup(served, "C91")
    text = "Word " * 4000  # 20,000 characters; one entry holds 12,000
    view = add_to_report(served, slack, "C91", text, f"{time.time_ns()}.91")
    assert served.interaction(submitted_as_is(view)).status == 200
    got = attributed(served, "C91")
    assert [k for k, *_ in got] == ["comment", "comment"]
    assert sum(n for _, n, *_ in got) >= len(text.strip()) - 2
    said = slack.wait_for(
        lambda: [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == "C91"]
    )
    assert "recorded whole in 2 consecutive entries" in said[0].args["text"]
    # One change: one /clerk undo takes the whole message back, not only its last part.
    undone = served.command("/clerk", "undo", channel="C91")
    assert undone.status == 200
    assert attributed(served, "C91") == []


# 13. Mentions inside free text are names, never markup -------------------------------------


def test_mentions_in_a_captured_comment_and_an_added_message_are_names(served, slack):
    setup(served, "C95", open_=True)
    said = "#comment C103 <@U0DELEGATE> asked <!subteam^S0CH|@wg-chairs> and <!here> to review."
    served.event(message(said, now_ts(1), channel="C95", user="U0CHAIR"), event_id="Ev95")
    view = add_to_report(
        served, slack, "C95", "Thanks <@U0DELEGATE|ana>! <!channel>", f"{time.time_ns()}.95"
    )
    assert served.interaction(submitted_as_is(view)).status == 200
    assert [t for _, _, t in live_entries(served, "C95")] == [
        "@Ana Delegate asked @wg-chairs and @here to review.",
        "Thanks @Ana Delegate! @channel",
    ]


# Bolt does Bolt's work once (issue 23.7) ---------------------------------------------------


def test_each_request_is_verified_once_by_the_edge(served, monkeypatch):
    """The edge checks the signature on the raw bytes; Bolt does not check it again."""
    import inspect

    from slack_sdk.signature import SignatureVerifier

    callers: list[str] = []
    real = SignatureVerifier.is_valid

    def counted(self, *args, **kwargs):
        callers.append(inspect.stack()[1].frame.f_globals.get("__name__", ""))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SignatureVerifier, "is_valid", counted)
    assert served.command("/clerk", "help", channel="C98").status == 200
    assert (
        served.event(message("just talk", now_ts(2), channel="C98"), event_id="Ev98").status == 200
    )
    assert callers == ["bot.edge", "bot.edge"]
