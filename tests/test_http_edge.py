"""The Slack edge end to end: signed requests to a running `clerk serve`, fake Slack Web API."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import UTC, datetime, timedelta

import docx
import pytest

from storage import Store

from .edge import message, sign

# The smoke tests: a real `clerk serve` process over HTTP.
SERVED = "process"
# The reminder test waits for a real clock: the scheduler looks five times a second.
SERVE_ENV = {"CLERK_REMINDER_INTERVAL": "0.2"}
FAKE_SLACK = {
    "users": {
        "U0DELEGATE": {"display_name": "Ana (Canada)"},
        "U0ADMIN": {"display_name": "Workspace admin", "is_admin": True},
    }
}


def records(served) -> dict:
    """What the server's database holds, read through the store."""
    store = Store.open(served.db)
    try:
        group = store.groups.get("T1", "C1")
        if group is None:
            return {"group": None, "docs": [], "entries": []}
        meeting = store.meetings.latest(group.id)
        return {
            "group": group.name,
            "docs": [d.number for d in store.documents.of_meeting(meeting.id)] if meeting else [],
            "entries": [
                (e.kind, e.target, e.attributed, e.text)
                for e in store.entries.of_meeting(meeting.id)
            ]
            if meeting
            else [],
        }
    finally:
        store.close()


def test_health_checks_the_database(served):
    resp = served.get("/healthz")
    assert resp.status == 200 and resp.json() == {"ok": True, "database": "ok"}


def test_recording_a_meeting_over_http(served, slack):
    steps = [
        ("/clerk", 'setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich'),
        ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30" end="15:45"'),
        ("/agenda", 'add 3.2 "Elements to consider for the ITU-T/TSAG input to CWG-SFP"'),
        (
            "/doc",
            'add C103 item=3.2 source="Ericsson Canada; Canada" title="Elements to '
            'consider for the ITU-T/TSAG input to CWG-SFP" category=Contribution',
        ),
        ("/doc", 'present C103 by="Ericsson Canada"'),
        ("/decision", "C103 noted"),
    ]
    for command, text in steps:
        resp = served.command(command, text)
        assert resp.status == 200, resp.body
        body = resp.json()
        assert body["response_type"] == "in_channel", body
        assert resp.seconds < 3.0  # inside Slack's window
    assert "Ericsson Canada presented C103." in served.command("/doc", "C103").json()["text"]
    got = records(served)
    assert got["docs"] == ["C103"]
    assert [e[0] for e in got["entries"]] == ["presented", "decision"]


def test_comment_defaults_to_the_slack_display_name(served, slack):
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich')
    served.command("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"')
    served.command("/agenda", 'add 4 "Operational plan"')
    resp = served.command("/comment", '4 "We support this."', user="U0DELEGATE")
    assert "Ana (Canada): We support this." in resp.json()["text"]
    assert any(c.args.get("user") == "U0DELEGATE" for c in slack.calls_to("users.info"))


def test_mentions_arrive_escaped_and_user_markup_stays_text(served):
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich')
    resp = served.command("/clerk", "role secretariat <@U0TSB|tsb> name=TSB")
    assert "TSB (<@U0TSB>) is now Secretariat" in resp.json()["text"]
    served.command("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"')
    served.command("/agenda", 'add 6 "AOB"')
    # Slack escapes what users type: a typed <!channel> arrives as &lt;!channel&gt;.
    resp = served.command("/note", '6 "Ping &lt;!channel&gt; &amp; &lt;@U0TSB&gt;"')
    text = resp.json()["text"]
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; &lt;@U0TSB&gt;" in text
    assert ("note", "6", "", "Ping <!channel> & <@U0TSB>") in records(served)["entries"]


def test_wrong_input_gets_one_sentence_and_usage_only_for_the_caller(served):
    before = records(served)
    resp = served.command("/doc", "add NOTADOC title=x")
    body = resp.json()
    assert body["response_type"] == "ephemeral"
    assert "is not a document number" in body["text"] and "Usage: `/doc add" in body["text"]
    assert records(served) == before


@pytest.mark.parametrize("case", ["bad signature", "stale timestamp", "no signature"])
def test_bad_or_stale_signature_is_401_and_stores_nothing(served, case):
    before = records(served)
    form = {
        "command": "/clerk",
        "text": 'setup name="Intruders"',
        "team_id": "T1",
        "channel_id": "C9",
        "user_id": "U666",
        "user_name": "x",
    }
    body = "&".join(f"{k}={v}" for k, v in form.items())
    if case == "bad signature":
        resp = served.post(form, signature=sign(body, int(time.time()), secret="wrong"))
    elif case == "stale timestamp":
        old = int(time.time()) - 6 * 60  # Slack's replay window is 5 minutes
        resp = served.post(form, timestamp=old, signature=None)
    else:
        resp = served.post(form, signature="")
    assert resp.status == 401
    assert records(served) == before
    store = Store.open(served.db)
    assert store.groups.get("T1", "C9") is None
    store.close()


def test_export_is_sent_to_the_caller_alone_after_the_ack(served, slack):
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich')
    resp = served.command("/clerk", "export json")
    assert resp.status == 200 and "record of this channel" in resp.json()["text"]
    [done] = slack.wait_for(
        lambda: [f for f in slack.files if f["filename"] == "clerk-rg-sop-record.json"]
    )
    assert done["channel"] == "DU0CHAIR"  # the bot's DM with the caller
    record = json.loads(slack.uploaded("clerk-rg-sop-record.json"))
    assert record["group"]["name"] == "TSAG RG-SOP"
    [url_call] = [
        c
        for c in slack.calls_to("files.getUploadURLExternal")
        if c.args["filename"] == "clerk-rg-sop-record.json"
    ]
    assert url_call.token == "xoxb-test-token"
    assert int(url_call.args["length"]) == len(slack.uploaded("clerk-rg-sop-record.json"))


def test_upload_failure_tells_the_user_how_to_fix_it(served, slack):
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich', channel="C2")
    slack.errors["files.completeUploadExternal"] = "not_in_channel"
    try:
        served.command(
            "/clerk", "export csv", channel="C2", response_url=slack.response_url("upload-c2")
        )
        [told] = slack.wait_for(lambda: slack.responses_to("upload-c2"))
    finally:
        slack.errors.clear()
    assert "/invite @Clerk" in told["text"] and told["response_type"] == "ephemeral"


def test_workspace_admin_counts_as_rapporteur(served):
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich', channel="C3")
    refused = served.command("/clerk", 'tor add "A term."', user="U0DELEGATE", channel="C3")
    assert "Only the rapporteur" in refused.json()["text"]
    allowed = served.command("/clerk", 'tor add "A term."', user="U0ADMIN", channel="C3")
    assert "Term of reference 1 added" in allowed.json()["text"]


def test_report_acks_at_once_then_posts_one_message_with_both_files(served, slack):
    channel = "C7"
    for command, text in [
        ("/clerk", 'setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich'),
        (
            "/meeting",
            'new "RG-SOP meeting" event="TSAG meeting" place=Geneva '
            'start="2024-08-01 14:30" end="15:45"',
        ),
        ("/agenda", 'add 3.2 "Elements to consider for the ITU-T/TSAG input to CWG-SFP"'),
        (
            "/doc",
            'add C103 item=3.2 source="Ericsson Canada; Canada" title="Elements" '
            "category=Contribution",
        ),
        ("/doc", 'present C103 by="Ericsson Canada"'),
    ]:
        assert served.command(command, text, channel=channel).status == 200
    resp = served.command("/report", "", channel=channel)
    assert resp.status == 200 and resp.seconds < 3.0
    body = resp.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith("Compiling the report draft of meeting 1")
    [done] = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("files.completeUploadExternal")
            if c.args.get("channel_id") == channel
        ]
    )
    message = done.args["initial_comment"]
    assert message.startswith("*Report draft — TSAG RG-SOP, meeting 1: RG-SOP meeting*")
    assert "Open items (no decision yet): C103" in message
    names = sorted(f["filename"] for f in slack.files if f["channel"] == channel)
    assert names == ["RG-SOP-meeting-1-report.docx", "RG-SOP-meeting-1-report.md"]
    markdown = slack.uploaded("RG-SOP-meeting-1-report.md").decode()
    assert "Ericsson Canada presented C103." in markdown
    word = docx.Document(io.BytesIO(slack.uploaded("RG-SOP-meeting-1-report.docx")))
    assert any("Ericsson Canada presented C103." in p.text for p in word.paragraphs)
    # Only one message in the channel: the files carry it; nothing else was posted there.
    assert not [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == channel]


def test_a_reminder_due_in_a_few_seconds_is_posted_exactly_once(served, slack):
    channel = "C8"
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich', channel=channel)
    # Its 1h reminder 3 s from now: the start is typed to the second, and a reminder whose
    # time has passed when the meeting is booked is skipped, not sent.
    start = datetime.now(UTC) + timedelta(hours=1, seconds=3)
    resp = served.command(
        "/meeting",
        f'new "RG-SOP interim e-meeting" kind=interim '
        f'start="{start:%Y-%m-%d %H:%M:%S}" tz=UTC duration=1h remind=1h',
        channel=channel,
    )
    assert "Reminders before it: 1h." in resp.json()["text"]

    def reminders():
        return [
            c
            for c in slack.calls_to("chat.postMessage")
            if c.args.get("channel") == channel and c.args["text"].startswith("Reminder:")
        ]

    [first] = slack.wait_for(reminders, timeout=15)
    assert "*RG-SOP interim e-meeting* starts in 1 hour" in first.args["text"]
    assert first.args["blocks"][0]["type"] == "header"
    time.sleep(0.8)  # four more ticks of the scheduler: time to (wrongly) send it again
    assert len(reminders()) == 1
    info = served.command("/meeting", "info", channel=channel).json()["text"]
    assert "1h before — sent" in info


def test_a_repeated_request_is_answered_again_but_stored_once(served, slack):
    channel = "C9"
    served.command("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich', channel=channel)
    served.command("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"', channel=channel)
    served.command("/agenda", 'add 6 "AOB"', channel=channel)
    first = served.command("/note", '6 "Said once."', channel=channel, trigger_id="t-once")
    again = served.command(
        "/note",
        '6 "Said once."',
        channel=channel,
        trigger_id="t-once",
        headers={"X-Slack-Retry-Num": "1"},
    )
    assert first.json() == again.json()
    store = Store.open(served.db)
    group = store.groups.get("T1", channel)
    notes = [e.text for e in store.entries.of_meeting(store.meetings.latest(group.id).id)]
    store.close()
    assert notes == ["Said once."]


def test_export_repeated_uploads_once(served, slack):
    channel = "C10"
    served.command("/clerk", 'setup name="G"', channel=channel)
    for _ in range(2):
        served.command(
            "/clerk", "export json", channel=channel, trigger_id="t-export", user="U0EXP10"
        )
    slack.wait_for(lambda: [f for f in slack.files if f["channel"] == "DU0EXP10"])
    time.sleep(0.5)  # give a (wrong) second upload time to arrive
    assert len([f for f in slack.files if f["channel"] == "DU0EXP10"]) == 1


def test_web_api_rate_limits_are_retried_for_uploads(served, slack):
    channel = "C11"
    served.command("/clerk", 'setup name="G"', channel=channel)
    slack.rate_limited["files.completeUploadExternal"] = 1
    served.command("/clerk", "export csv", channel=channel, user="U0EXP11")
    done = slack.wait_for(
        lambda: [f for f in slack.files if f["channel"] == "DU0EXP11"][1:] and slack.files
    )
    names = sorted(f["filename"] for f in done if f["channel"] == "DU0EXP11")
    assert names == ["clerk-rg-sop-actions.csv", "clerk-rg-sop-record.csv"]


def test_one_structured_log_line_per_request_without_secrets_or_text(served):
    served.command("/clerk", 'setup name="G"', channel="C12")
    served.command("/clerk", 'tor add "SECRET-MEETING-TEXT"', channel="C12", user="U0CHAIR")
    served.command("/doc", "add NOTADOC", channel="C12")
    time.sleep(0.2)
    log = served.log.read_text()
    lines = [line for line in log.splitlines() if "channel=C12" in line]
    assert len(lines) == 3
    assert re.search(r"command=/clerk team=T1 channel=C12 user=U0CHAIR outcome=ok ms=\d+", lines[0])
    assert "command=/doc" in lines[2] and "outcome=refused" in lines[2]
    assert "SECRET-MEETING-TEXT" not in log
    assert "xoxb-test-token" not in log and "test-signing-secret" not in log


def test_live_capture_over_the_events_api(served, slack):
    channel = "C13"
    for command, text in [
        ("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich'),
        ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"'),
        ("/agenda", 'add 3.2 "Elements"'),
        ("/doc", "add C103 item=3.2 category=Contribution"),
        ("/meeting", "open"),
        ("/agenda", "take 3.2"),
    ]:
        assert served.command(command, text, channel=channel).status == 200

    def entries():
        store = Store.open(served.db)
        group = store.groups.get("T1", channel)
        got = [
            (e.kind, e.target, e.text)
            for e in store.entries.of_meeting(store.meetings.latest(group.id).id)
        ]
        store.close()
        return got

    ts = f"{time.time() + 1:.6f}"  # written after the opening
    resp = served.event(
        message("#comment C103 We support &lt;this&gt;.", ts, channel=channel, user="U0DELEGATE"),
        event_id="Ev100",
    )
    assert resp.status == 200 and resp.seconds < 3.0
    [receipt] = slack.wait_for(
        lambda: [c for c in slack.calls_to("reactions.add") if c.args.get("channel") == channel]
    )
    assert (receipt.args["timestamp"], receipt.args["name"]) == (ts, "white_check_mark")
    assert entries() == [("comment", "C103", "We support <this>.")]

    # Slack retries an event it thinks was lost: same event_id, X-Slack-Retry-Num set.
    served.event(
        message("#comment C103 We support &lt;this&gt;.", ts, channel=channel, user="U0DELEGATE"),
        event_id="Ev100",
        headers={"X-Slack-Retry-Num": "1"},
    )
    assert len(entries()) == 1

    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": channel,
        "hidden": True,
        "ts": "1722512399.000200",
        "event_ts": "1722512399.000200",
        "message": {
            "type": "message",
            "user": "U0DELEGATE",
            "ts": ts,
            "text": "#comment C103 We strongly support it.",
            "edited": {"user": "U0DELEGATE", "ts": "1722512399.000000"},
        },
        "previous_message": {
            "type": "message",
            "user": "U0DELEGATE",
            "ts": ts,
            "text": "#comment C103 We support &lt;this&gt;.",
        },
    }
    served.event(edited, event_id="Ev101")
    assert entries() == [("comment", "C103", "We strongly support it.")]

    resp = served.event(
        message(
            "#decision C103 noted", f"{time.time() + 2:.6f}", channel=channel, user="U0DELEGATE"
        ),
        event_id="Ev102",
    )
    [told] = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("chat.postEphemeral") if c.args.get("channel") == channel
        ]
    )
    assert told.args["user"] == "U0DELEGATE" and "Only the rapporteur" in told.args["text"]

    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": channel,
        "hidden": True,
        "deleted_ts": ts,
        "ts": "1722512500.000400",
        "event_ts": "1722512500.000400",
        "previous_message": {
            "type": "message",
            "user": "U0DELEGATE",
            "ts": ts,
            "text": "#comment C103 We strongly support it.",
        },
    }
    served.event(deleted, event_id="Ev103")
    assert entries() == []

    served.event(
        message(
            "#note 3.2 from a bot",
            "1722512600.000500",
            channel=channel,
            user="U0CHAIR",
            bot_id="B1",
            subtype="bot_message",
        ),
        event_id="Ev104",
    )
    served.event(
        message("Just chatting about #notes", "1722512601.000600", channel=channel, user="U0CHAIR"),
        event_id="Ev105",
    )
    time.sleep(0.3)
    assert entries() == []


def test_report_canvas_is_created_then_replaced(served, slack):
    channel = "C15"
    for command, text in [
        ("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich'),
        ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"'),
        ("/agenda", 'add 3.2 "Elements"'),
        ("/doc", "add C103 item=3.2 category=Contribution"),
    ]:
        served.command(command, text, channel=channel)

    def creates():
        return [c for c in slack.calls_to("canvases.create") if c.args["channel_id"] == channel]

    resp = served.command("/report", "canvas", channel=channel)
    assert resp.status == 200 and resp.seconds < 3.0
    [created] = slack.wait_for(creates, timeout=30)
    canvas_id = slack.wait_for(lambda: [k for k, v in slack.canvases.items() if "C103" in v])[0]
    slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postMessage")
            if c.args.get("channel") == channel and "canvas" in c.args.get("text", "")
        ]
    )
    served.command("/doc", 'present C103 by="Ericsson Canada"', channel=channel)
    served.command("/report", "canvas", channel=channel)
    [edit] = slack.wait_for(
        lambda: [c for c in slack.calls_to("canvases.edit") if c.args["canvas_id"] == canvas_id],
        timeout=30,
    )
    assert edit.args["changes"][0]["operation"] == "replace"
    assert "Ericsson Canada presented C103." in slack.canvases[canvas_id]
    assert len(creates()) == 1
    del slack.canvases[canvas_id]  # someone deleted the canvas: the next run makes a new one
    served.command("/report", "canvas", channel=channel)
    slack.wait_for(lambda: len(creates()) == 2, timeout=30)
