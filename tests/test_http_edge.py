"""The Slack edge end to end: signed requests to a running `clerk serve` and the fake Slack Web
API — the happy path, then the payload shapes and failures Slack really produces (edits,
thread replies, unfurls, retries, shared channels and Grid, Block Kit limits, slow answers)."""

from __future__ import annotations

import io
import json
import re
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import docx
import pytest

from storage import Store
from storage.db import writer_lock

from .edge import changed, interaction_payload, message, now_ts, set_up_channel, sign

# The smoke tests: a real `clerk serve` process over HTTP.
SERVED = "process"
# The reminder test waits for a real clock: the scheduler looks five times a second. Reports
# run in workers forked from the loaded fork server, as deployed.
SERVE_ENV = {"CLERK_REMINDER_INTERVAL": "0.2", "CLERK_WARM_WORKER": "1"}
FAKE_SLACK = {
    "users": {
        "U0DELEGATE": {"display_name": "Ana (Canada)", "real_name": "Ana Delegate"},
        "U0ADMIN": {"display_name": "Workspace admin", "is_admin": True},
        "U0ANA": {"display_name": "ana", "real_name": "Ana María Ruiz"},
        "U0OWNER": {"display_name": "bo", "real_name": "Bo Owner"},
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


# Real Slack, not the happy path ----------------------------------------------------------------


TODAY = datetime.now(ZoneInfo("Europe/Zurich")).date().isoformat()


def setup_channel(served, channel: str, *, meeting: bool = True, open_: bool = False) -> None:
    """A channel set up with today's session (opened now, if asked) and C103 and TD599."""
    set_up_channel(served, channel, open_=open_, meeting=meeting, day=TODAY, docs=("C103", "TD599"))


def entries(served, channel: str) -> list[tuple]:
    store = Store.open(served.db)
    try:
        group = store.groups.get("T1", channel)
        meeting = store.meetings.latest(group.id)
        return [
            (e.kind, e.target, e.text, e.attributed, e.attributed_id, e.keyword)
            for e in store.entries.of_meeting(meeting.id)
        ]
    finally:
        store.close()


# "payload" anywhere in a slash command ------------------------------------------------


@pytest.mark.parametrize(
    "text, extra",
    [
        ('add TD2 item=3.2 title="RTP payload format for VP9"', {}),
        ("add draft-ietf-avt-rtp-payload-13 item=3.2", {}),
        ("add TD3 item=3.2", {"channel_name": "payload-wg"}),
        ("add TD4 item=3.2", {"user_name": "payload.person"}),
    ],
)
def test_the_word_payload_in_a_slash_command_is_just_text(served, text, extra):
    setup_channel(served, "C101")
    resp = served.command("/doc", text, channel="C101", **extra)
    assert resp.status == 200, resp.body
    assert resp.json()["response_type"] == "in_channel"


# Profile look-ups never run inside the write lock --------------------------------------


def test_a_slow_users_info_holds_no_lock_and_is_asked_once(served, slack, tmp_path):
    setup_channel(served, "C102")
    slack.delays["users.info"] = 0.3
    try:
        users = [f"U0NEW{n:02d}" for n in range(12)]
        import concurrent.futures as cf

        def comment(user: str):
            return served.command(
                "/comment", f'C103 "Point from {user}."', user=user, channel="C102"
            )

        with cf.ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(comment, users))
        # Meanwhile nothing else waits: a command elsewhere answers while look-ups run.
        assert all(a.status == 200 for a in answers)
        assert all(a.seconds < 3.0 for a in answers), [a.seconds for a in answers]
        got = [e for e in entries(served, "C102") if e[0] == "comment"]
        assert len(got) == 12 and len({e[2] for e in got}) == 12  # one each, no duplicates
        # The second command of a known user asks Slack nothing.
        before = len(slack.calls_to("users.info"))
        served.command("/comment", 'C103 "Again."', user=users[0], channel="C102")
        assert len(slack.calls_to("users.info")) == before
    finally:
        slack.delays.pop("users.info", None)


def test_slack_look_ups_run_before_the_write_transaction(clerk, tmp_path):
    """A users.info call made while the write lock is held would stall every channel."""
    from commands import Caller, Context

    clerk.ok('/clerk setup name="WG"')
    clerk.ok('/meeting new "S" start="2024-08-01 14:30"')
    clerk.ok('/agenda add 1 "One"')
    seen = []

    def probe(*_):
        # Free only if this command holds neither Clerk's writer lock nor SQLite's.
        lock = writer_lock(tmp_path / "clerk.db")
        assert lock.acquire(blocking=False), "looked up inside the write lock"
        lock.release()
        other = Store.open(tmp_path / "clerk.db", migrate_schema=False)
        other.db.conn.execute("PRAGMA busy_timeout = 0")
        other.db.conn.execute("BEGIN IMMEDIATE")
        other.db.conn.execute("ROLLBACK")
        other.close()
        seen.append("free")
        return "Ana María Ruiz"

    ctx = Context(
        "T1",
        "C1",
        Caller("U0NEWBIE", lookup=lambda: (probe(), False)),
        clerk.clock(),
        directory=probe,
    )
    reply = clerk.router.dispatch("/comment", '1 "Hello." by=<@U0ANA|ana>', ctx, escaped=True)
    assert reply.ok, reply.text
    assert seen == ["free", "free"]


# Live capture follows only real edits by people -----------------------------------


def test_thread_reply_does_not_bring_back_a_deleted_comment(served, slack):
    setup_channel(served, "C103", open_=True)
    ts = now_ts()
    served.event(message("#comment C103 We support it.", ts, channel="C103"), event_id="Ev301")
    slack.wait_for(lambda: entries(served, "C103"))
    [(kind, *_)] = entries(served, "C103")
    store = Store.open(served.db)
    number = store.entries.by_source(store.groups.get("T1", "C103").id, ts).number
    store.close()
    assert served.command("/comment", f"delete {number}", channel="C103").status == 200
    assert entries(served, "C103") == []
    # Someone replies in the thread: Slack re-sends the parent, text unchanged.
    reply_parent = changed(
        "C103",
        ts,
        "#comment C103 We support it.",
        "#comment C103 We support it.",
        thread_ts=ts,
        reply_count=1,
        replies=[{"user": "U0OWNER", "ts": now_ts(1)}],
    )
    served.event(reply_parent, event_id="Ev302")
    # Even a real edit of it now stays deleted.
    served.event(
        changed(
            "C103", ts, "#comment C103 We support it strongly.", "#comment C103 We support it."
        ),
        event_id="Ev303",
    )
    time.sleep(0.2)
    assert entries(served, "C103") == []


def test_a_note_from_before_the_opening_is_not_recorded_when_it_unfurls(served):
    setup_channel(served, "C104")
    early = now_ts(-60)
    served.event(
        message("#note see <https://example.org>", early, channel="C104"), event_id="Ev401"
    )
    served.command("/meeting", "open", channel="C104")
    unfurl = changed(
        "C104",
        early,
        "#note see <https://example.org>",
        "#note see <https://example.org>",
        attachments=[{"from_url": "https://example.org", "title": "Example"}],
    )
    served.event(unfurl, event_id="Ev402")
    # Even a real edit of a message written before the opening is not taken for a new one.
    served.event(
        changed("C104", early, "#note see the example", "#note see <https://example.org>"),
        event_id="Ev403",
    )
    time.sleep(0.2)
    assert entries(served, "C104") == []


def test_an_edited_bot_message_is_not_captured(served):
    setup_channel(served, "C105", open_=True)
    ts = now_ts()
    bot_edit = changed("C105", ts, "#note 3.2 from a bot", "#note 3.2", bot_id="B0OTHER")
    served.event(bot_edit, event_id="Ev501")
    time.sleep(0.2)
    assert entries(served, "C105") == []


def test_an_edit_that_changes_the_document_moves_the_comment(served, slack):
    setup_channel(served, "C106", open_=True)
    ts = now_ts()
    served.event(message("#comment C103 We support it.", ts, channel="C106"), event_id="Ev601")
    slack.wait_for(lambda: entries(served, "C106"))
    served.event(
        changed("C106", ts, "#comment TD599 We support it.", "#comment C103 We support it."),
        event_id="Ev602",
    )
    got = slack.wait_for(lambda: [e for e in entries(served, "C106") if e[1] == "TD599"])
    assert [e[:3] for e in got] == [("comment", "TD599", "We support it.")]
    assert [e for e in entries(served, "C106") if e[1] == "C103"] == []


def test_agreed_edited_into_a_decision_on_a_document(served, slack):
    setup_channel(served, "C107", open_=True)
    ts = now_ts()
    served.event(message("#agreed", ts, channel="C107", user="U0CHAIR"), event_id="Ev701")
    slack.wait_for(lambda: entries(served, "C107"))
    served.event(
        changed("C107", ts, "#decision C103 noted", "#agreed", user="U0CHAIR"), event_id="Ev702"
    )
    got = slack.wait_for(lambda: [e for e in entries(served, "C107") if e[1] == "C103"])
    assert [(e[0], e[1], e[5]) for e in got] == [("decision", "C103", "noted")]
    assert [e for e in entries(served, "C107") if e[1] == "3.2"] == []


# Late answers go through response_url --------------------------------------------------


def response_name(resp_form_url: str) -> str:
    return resp_form_url.rsplit("/", 1)[1]


def command_with_url(served, slack, command, text, name, **kw):
    url = slack.response_url(name)
    return served.command(command, text, response_url=url, **kw)


def test_report_preview_answers_through_the_response_url(served, slack):
    setup_channel(served, "D0DM1")  # a DM: chat.postEphemeral fails there
    slack.not_in.add("D0DM1")
    resp = command_with_url(served, slack, "/report", "preview", "preview1", channel="D0DM1")
    assert resp.status == 200
    [told] = slack.wait_for(lambda: slack.responses_to("preview1"), timeout=30)
    assert told["response_type"] == "ephemeral" and "Session" in told["text"]


def test_upload_refused_in_the_channel_tells_the_user_how_to_fix_it(served, slack):
    setup_channel(served, "G0PRIV1")
    slack.not_in.add("G0PRIV1")
    resp = command_with_url(served, slack, "/report", "md", "report1", channel="G0PRIV1")
    assert resp.status == 200
    [told] = slack.wait_for(lambda: slack.responses_to("report1"), timeout=30)
    assert "not_in_channel" in told["text"] and "/invite @Clerk" in told["text"]


# Slow Slack never delays the HTTP answer -----------------------------------------------


def test_a_rate_limited_views_open_does_not_delay_the_answer(served, slack):
    setup_channel(served, "C108")
    slack.rate_limited["views.open"] = 4
    resp = served.command("/doc", "add", channel="C108")
    assert resp.status == 200 and resp.seconds < 2.0, resp.seconds
    slack.wait_for(lambda: len(slack.calls_to("views.open")) >= 1)


def test_an_expired_trigger_is_told_to_the_user(served, slack):
    setup_channel(served, "C109")
    slack.errors["views.open"] = "expired_trigger_id"
    try:
        resp = command_with_url(served, slack, "/doc", "add", "form1", channel="C109")
        assert resp.status == 200
        [told] = slack.wait_for(lambda: slack.responses_to("form1"))
        assert "expired_trigger_id" in told["text"] and "could not open the form" in told["text"]
    finally:
        slack.errors.pop("views.open")


# Slack markup becomes what the user meant ----------------------------------------------


def test_a_wrapped_link_is_stored_plain(served):
    setup_channel(served, "C110", meeting=False)
    resp = served.command(
        "/meeting",
        'new "Interim" kind=interim start="2030-01-10 14:00" '
        "link=<https://zoom.example/j/1?pwd=a&amp;b=c>",
        channel="C110",
    )
    assert resp.status == 200, resp.body
    store = Store.open(served.db)
    meeting = store.meetings.latest(store.groups.get("T1", "C110").id)
    store.close()
    assert meeting.link == "https://zoom.example/j/1?pwd=a&b=c"


def test_a_captured_link_with_a_label_keeps_both(served, slack):
    setup_channel(served, "C111", open_=True)
    served.event(
        message(
            "#note 3.2 Read <https://example.org/spec|the spec> first.", now_ts(), channel="C111"
        ),
        event_id="Ev1101",
    )
    got = slack.wait_for(lambda: entries(served, "C111"))
    assert got[0][2] == "Read the spec (https://example.org/spec) first."


def test_a_mention_in_by_is_a_person_with_their_real_name(served, slack):
    setup_channel(served, "C112")
    resp = served.command("/comment", 'C103 "We agree." by=<@U0ANA|ana>', channel="C112")
    assert resp.status == 200
    assert "<@U0ANA>" in resp.json()["text"]
    resp = served.command("/action", 'owner=<@U0OWNER|bo> "Send the LS."', channel="C112")
    assert "<@U0OWNER>" in resp.json()["text"]
    resp = served.command("/doc", "present C103 by=<@U0ANA|ana>", channel="C112")
    assert resp.json()["text"].startswith("#") and "<@U0ANA> presented C103" in resp.json()["text"]
    got = {(e[0], e[3], e[4]) for e in entries(served, "C112")}
    assert ("comment", "Ana María Ruiz", "U0ANA") in got
    assert ("action", "Bo Owner", "U0OWNER") in got
    assert ("presented", "Ana María Ruiz", "U0ANA") in got


# Shared channels and Grid --------------------------------------------------------------


def test_a_member_of_another_workspace_in_a_shared_channel_uses_the_same_group(served):
    setup_channel(served, "C113")
    resp = served.command(
        "/comment", 'C103 "From the other side."', channel="C113", team="T0OTHER", user="U0EXT"
    )
    assert resp.status == 200 and resp.json()["response_type"] == "in_channel", resp.body
    again = served.command(
        "/clerk", 'setup name="Parallel"', channel="C113", team="T0OTHER", user="U0EXT"
    )
    assert "Only the rapporteur" in again.json()["text"]  # the one group, not a second


def test_an_org_wide_interaction_with_team_null_is_answered(served, slack):
    setup_channel(served, "C114")
    payload = interaction_payload(
        "block_actions",
        actions=[
            {
                "action_id": "row_menu",
                "block_id": "row0",
                "selected_option": {"value": json.dumps({"op": "take", "t": "3.2"})},
            }
        ],
        channel={"id": "C114"},
        trigger_id="1.2.3",
        response_url=slack.response_url("grid1"),
        is_enterprise_install=True,
        enterprise={"id": "E0ORG"},
    )
    payload["team"] = None
    resp = served.interaction(payload)
    assert resp.status == 200
    slack.wait_for(
        lambda: [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == "C114"]
    )
    home_click = interaction_payload(
        "block_actions",
        actions=[{"action_id": "home_report_preview", "value": json.dumps({"group": 1})}],
        trigger_id="1.2.4",
        view={"id": "VHOME", "type": "home"},
    )
    home_click["team"] = None
    assert served.interaction(home_click).status == 200


# Block Kit limits -----------------------------------------------------------------------


def test_a_long_agenda_pages_and_every_item_is_reachable(served, slack):
    setup_channel(served, "C115", meeting=False)
    served.command("/meeting", 'new "Long one" start="2024-08-01 09:00"', channel="C115")
    for n in range(1, 123):
        assert served.command("/agenda", f'add {n} "Item number {n}"', channel="C115").status == 200
    body = served.command("/agenda", "", channel="C115").json()
    assert len(body["blocks"]) <= 50
    [buttons] = [b for b in body["blocks"] if b["type"] == "actions"]
    [nxt] = buttons["elements"]
    click = interaction_payload(
        "block_actions",
        actions=[{"action_id": "listing_page", "value": nxt["value"]}],
        channel={"id": "C115"},
        trigger_id="1.2.5",
        response_url=slack.response_url("page2"),
        container={"type": "message", "is_ephemeral": True},
    )
    assert served.interaction(click).status == 200
    [page] = slack.wait_for(lambda: slack.responses_to("page2"))
    assert page["replace_original"] is True
    texts = [b["text"]["text"] for b in page["blocks"] if b["type"] == "section"]
    assert any(t.startswith("46 ") for t in texts) and len(page["blocks"]) <= 50
    for p in range(3):  # every page reachable: 45 + 45 + 32
        value = json.dumps({"c": "/agenda", "t": "", "p": p})
        click["actions"][0]["value"] = value
        click["response_url"] = slack.response_url(f"pg{p}")
        served.interaction(click)
        [got] = slack.wait_for(lambda p=p: slack.responses_to(f"pg{p}"))
        assert "122" in json.dumps(got["blocks"])


def test_a_thousand_documents_fit_in_slacks_message_limits(served):
    setup_channel(served, "C116")
    lines = "\n".join(
        f"TD{n}\tContribution\tOrg {n}\tA title for document {n}" for n in range(1000, 2001)
    )
    assert served.command("/doc", f"import item=3.2\n{lines}", channel="C116").status == 200
    body = served.command("/doc", "list", channel="C116").json()
    assert len(body["text"]) <= 40000 and len(json.dumps(body)) < 200_000
    assert len(body["blocks"]) <= 50
    for block in body["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_a_long_title_is_cut_with_a_marker(served):
    setup_channel(served, "C117", meeting=False)
    served.command(
        "/meeting", f'new "{"Very long title " * 200}" start="2024-08-01"', channel="C117"
    )
    served.command("/agenda", 'add 1 "One"', channel="C117")
    body = served.command("/agenda", "", channel="C117").json()
    for block in body["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert "cut to fit Slack" in json.dumps(body["blocks"])


# Errors at the edge --------------------------------------------------------------------


def raw_post(served, body: bytes, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"{served.url}/slack/events", data=body, headers=headers, method="POST"
    )
    resp = served._send(request)
    return resp.status, resp.body


def test_bad_requests_get_400_or_401_and_leave_no_trace_of_their_body(served):
    secret_text = "Confidential meeting text"
    hook = "https://hooks.slack.com/commands/T1/123/SECRET"
    form = f"command=/note&text={secret_text}&response_url={hook}".encode()
    ts = str(int(time.time()))
    cases = [
        (form, {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"}, 401),
        (b'{"not json', {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=00"}, 401),
        (
            b'{"not json',
            {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sign('{"not json', int(ts))},
            400,
        ),
        (form, {"X-Slack-Request-Timestamp": str(int(ts) - 400), "X-Slack-Signature": "v0=1"}, 401),
    ]
    for body, headers, status in cases:
        got, text = raw_post(served, body, {"Content-Type": "application/json", **headers})
        assert got == status and b"Traceback" not in text
    log = served.log.read_text()
    assert secret_text not in log and "hooks.slack.com" not in log and "Traceback" not in log


# Retried events are answered once -------------------------------------------------------


def test_a_retried_refused_event_is_answered_once(served, slack):
    setup_channel(served, "C118", open_=True)
    ts = now_ts()
    event = message("#decision C103 noted", ts, channel="C118")  # a delegate may not decide
    served.event(event, event_id="Ev1801")
    served.event(event, event_id="Ev1801", headers={"X-Slack-Retry-Num": "1"})
    served.event(message("#doc C103", now_ts(), channel="C118"), event_id="Ev1802")
    served.event(
        message("#doc C103", now_ts(), channel="C118"),
        event_id="Ev1802",
        headers={"X-Slack-Retry-Num": "1"},
    )
    time.sleep(0.5)
    told = [c for c in slack.calls_to("chat.postEphemeral") if c.args.get("channel") == "C118"]
    assert len(told) == 2


# Long jobs never starve quick answers ---------------------------------------------------


def test_a_receipt_is_not_held_up_by_slow_uploads(served, slack):
    setup_channel(served, "C119", open_=True)
    slack.delays["files.completeUploadExternal"] = 2.5
    try:
        for _ in range(5):  # more uploads than the slow pool has workers
            served.command("/report", "md", channel="C119")
        ts = now_ts()
        started = time.monotonic()
        served.event(message("#note 3.2 Quick.", ts, channel="C119"), event_id="Ev1901")
        slack.wait_for(
            lambda: [c for c in slack.calls_to("reactions.add") if c.args.get("timestamp") == ts]
        )
        assert time.monotonic() - started < 2.0  # the uploads are still going
    finally:
        slack.delays.pop("files.completeUploadExternal", None)


def test_health_runs_the_full_check_at_most_once_a_minute():
    from bot.server import Health

    class Counting:
        checks = 0

        def healthy(self):
            Counting.checks += 1
            return True

        def answers(self):
            return True

    class Stores:
        def get(self):
            return Counting()

    health = Health(Stores())
    assert all(health.ok() for _ in range(50))
    assert Counting.checks == 1


# Capture only where Clerk is a member ---------------------------------------------------


def test_opening_a_meeting_where_clerk_is_not_a_member_says_so(served, slack):
    setup_channel(served, "C120")
    slack.not_in.add("C120")
    resp = command_with_url(served, slack, "/meeting", "open", "open1", channel="C120")
    assert resp.status == 200 and "opened" in resp.json()["text"]
    [told] = slack.wait_for(lambda: slack.responses_to("open1"))
    assert "not a member" in told["text"] and "/invite @Clerk" in told["text"]


# Export goes to the caller alone --------------------------------------------------------


def test_export_goes_to_the_caller_alone_without_deleted_entries(served, slack):
    setup_channel(served, "C121")
    served.command("/note", '3.2 "Kept."', channel="C121")
    served.command("/note", '3.2 "Taken back."', channel="C121")
    store = Store.open(served.db)
    gone = store.entries.of_meeting(store.meetings.latest(store.groups.get("T1", "C121").id).id)[-1]
    store.close()
    served.command("/note", f"delete {gone.number}", channel="C121")
    resp = served.command("/clerk", "export csv", channel="C121", user="U0DELEGATE")
    assert resp.status == 200 and resp.json()["response_type"] == "ephemeral"
    upload = slack.wait_for(  # built in a worker process: slow on a loaded machine
        lambda: [
            f
            for f in slack.files
            if f["filename"] == "clerk-rg-sop-record.csv" and f["channel"] == "DU0DELEGATE"
        ],
        timeout=30,
    )
    data = slack.uploads[upload[-1]["id"]].decode("utf-8-sig")
    assert "Kept." in data and "Taken back." not in data
    assert not [f for f in slack.files if f["channel"] == "C121"]
    refused = served.command("/clerk", "export csv deleted", channel="C121", user="U0DELEGATE")
    assert "Only the rapporteur" in refused.json()["text"]


# A scribe's plain lines, live over HTTP: read, retried once, edited, deleted ----------------


def test_a_scribes_plain_lines_are_minutes_followed_through_edits_and_deletions(served, slack):
    setup_channel(served, "C130", open_=True)
    for command, text in (
        ("/clerk", "role scribe <@U0OWNER>"),
        ("/clerk", "nick ana <@U0ANA>"),
    ):
        assert served.command(command, text, channel="C130").status == 200
    said, noted, typo = now_ts(), now_ts(1), now_ts(2)
    line = message("ana: we &amp; they agree", said, channel="C130", user="U0OWNER")
    served.event(line, event_id="Ev3001")
    served.event(line, event_id="Ev3001")  # Slack's retry
    slack.wait_for(lambda: entries(served, "C130"))
    served.event(
        message("Note: the editors will look", noted, channel="C130", user="U0OWNER"),
        event_id="Ev3002",
    )
    served.event(
        message("anna: a typo in the nick", typo, channel="C130", user="U0OWNER"),
        event_id="Ev3003",
    )
    told = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postEphemeral")
            if c.args.get("channel") == "C130" and "anna" in c.args.get("text", "")
        ]
    )
    assert "is not a person of this meeting" in told[0].args["text"]
    assert entries(served, "C130") == [
        ("comment", "3.2", "we & they agree", "Ana María Ruiz", "U0ANA", None)
    ]
    served.event(
        changed(
            "C130",
            said,
            "ana: we &amp; they agree fully",
            "ana: we &amp; they agree",
            user="U0OWNER",
        ),
        event_id="Ev3004",
    )
    slack.wait_for(lambda: entries(served, "C130")[0][2] == "we & they agree fully")
    served.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": "C130",
            "deleted_ts": said,
            "ts": now_ts(),
            "hidden": True,
        },
        event_id="Ev3005",
    )
    slack.wait_for(lambda: entries(served, "C130") == [])


def test_the_speaker_queue_is_one_message_kept_up_to_date(served, slack):
    setup_channel(served, "C131", open_=True)

    def queue_posts():
        return [
            c
            for c in slack.calls_to("chat.postMessage")
            if c.args.get("channel") == "C131" and "Speaker queue" in c.args.get("text", "")
        ]

    q = message("q+ to ask about scope", now_ts(), channel="C131", user="U0ANA")
    served.event(q, event_id="Ev3101")
    [first] = slack.wait_for(queue_posts)
    assert "1. ana — to ask about scope" in first.args["text"]  # the name Slack shows
    served.event(message("q+", now_ts(1), channel="C131", user="U0OWNER"), event_id="Ev3102")

    def updates():
        return [c for c in slack.calls_to("chat.update") if c.args.get("channel") == "C131"]

    slack.wait_for(lambda: [u for u in updates() if "2. bo" in u.args.get("text", "")])
    resp = served.command("/meeting", "queue ack ana", channel="C131")
    assert "ana has the floor" in resp.json()["text"]
    slack.wait_for(lambda: [u for u in updates() if u.args.get("text", "").endswith("1. bo")])
    assert len(queue_posts()) == 1  # one message, updated in place
    assert len({u.args["ts"] for u in updates()}) == 1


def test_every_scribe_convention_as_slack_message_events(served, slack):
    """The shell's batch of every convention (tests/test_scribe.py), as Slack delivers it:
    one message event each, in order, from the people who typed them."""
    from .test_scribe import EVERY_CONVENTION

    setup_channel(served, "C132", open_=True)
    for command, text in (
        ("/clerk", "nick sam <@U0SAM>"),
        ("/clerk", 'nick gkellogg name="Gregg Kellogg"'),
    ):
        assert served.command(command, text, channel="C132").status == 200
    for n, line in enumerate(EVERY_CONVENTION):
        user, _, text = line.removeprefix("as ").partition(": ")
        user = {"U0CHAIR": "U0CHAIR", "U0SAM": "U0SAM", "U0IVAN": "U0OWNER"}[user]
        text = text.replace("ack U0IVAN", "ack bo")
        served.event(
            message(text, now_ts(n / 100), channel="C132", user=user), event_id=f"Ev32{n:02d}"
        )
    said = [(kind, text, who) for kind, _, text, who, _, _ in entries(served, "C132")]
    assert said == [
        ("comment", "the draft is ready for review", "Gregg Kellogg"),
        ("note", "PROPOSAL: publish the draft", ""),
        ("comment", "+1", "Bo Owner"),
        ("decision", "publish the draft", ""),
        ("action", "publish it", "Gregg Kellogg"),
        ("note", "Call ends early.", ""),
    ]
