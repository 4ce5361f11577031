"""Defects found by probing a running Clerk as an attacker and as real Slack traffic would
(issue 20), each through the Slack edge with the payload shapes Slack sends."""

from __future__ import annotations

import json
import time

from bot.listings import MENU
from storage import Store

from .edge import (
    changed,
    interaction_payload,
    live_entries,
    message,
    now_ts,
    set_up_channel,
    view_submission,
)

USERS = {
    "U0DELEGATE": {"display_name": "Ana", "real_name": "Ana Delegate"},
    # An admin of the other organisation of a Slack Connect channel.
    "U0THEIRADMIN": {"display_name": "Them", "is_admin": True, "team_id": "T9"},
    "U0OURADMIN": {"display_name": "Us", "is_owner": True},
    # Grid: an org admin whose home workspace is another one of the same org.
    "U0ORGADMIN": {"display_name": "Org", "is_admin": True, "team_id": "T7", "enterprise_id": "E1"},
}
FAKE_SLACK = {"users": USERS}


# 3. Only the installing organisation's admins are admins --------------------------------


def test_an_admin_of_the_other_connect_organisation_is_not_an_admin_here(served):
    set_up_channel(served, "C30")
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
    set_up_channel(served, "C31")
    refused = served.command("/clerk", 'tor add "A term."', user="U0ORGADMIN", channel="C31")
    assert "Only the rapporteur" in refused.json()["text"]


def test_a_grid_org_admin_is_admin_of_an_org_wide_install():
    from bot.profiles import Profile

    org_admin = Profile("Org", "Org", admin=True, team_id="T7", enterprise_id="E1")
    assert org_admin.admin_of("E1") and org_admin.admin_of("T1", "E1")
    assert not org_admin.admin_of("T1") and not org_admin.admin_of("T2", "E2")
    assert not Profile("Them", "Them", admin=True, team_id="T9").admin_of("T1")


# 5, 6, 8. One entry per message, whatever order Slack delivers in --------------------------

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def test_a_retry_after_an_edit_does_not_make_a_second_comment(served):
    set_up_channel(served, "C50", open_=True)
    ts = now_ts(1)
    first = message("#comment C103 We support it.", ts, channel="C50")
    assert served.event(first, event_id="Ev50a").status == 200
    edit = changed("C50", ts, "#comment C103 We support it, with changes.", first["text"])
    assert served.event(edit, event_id="Ev50b").status == 200
    assert served.event(first, event_id="Ev50c", headers=RETRY).status == 200
    assert live_entries(served, "C50") == [("comment", "C103", "We support it, with changes.")]


def test_a_message_deleted_before_its_delivery_is_not_recorded(served):
    set_up_channel(served, "C51", open_=True)
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
    set_up_channel(served, "C52", open_=True)
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
    set_up_channel(served, "C53", open_=True)
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

    set_up_channel(served, "C54", open_=True)
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
    set_up_channel(served, "C60")
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
    set_up_channel(served, "C61")
    submitted = view_submission("comment", {"target": "C103", "text": "We agree."}, channel="C61")
    assert served.interaction(submitted).status == 200
    assert served.interaction(submitted).status == 200
    assert live_entries(served, "C61") == [("comment", "C103", "We agree.")]


# 9. /clerk export answers at once and builds the file after --------------------------------


def test_export_is_acknowledged_before_the_file_is_built(served, slack, monkeypatch):
    import commands.clerk

    set_up_channel(served, "C70")
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
    set_up_channel(served, "C80")
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
    set_up_channel(served, "C90")
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
    set_up_channel(served, "C91")
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
    set_up_channel(served, "C95", open_=True)
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
