"""Action items over HTTP to a running `clerk serve`: every form, owner DMs, the close button."""

from __future__ import annotations

import csv
import io
import json

import pytest

from storage import Store

from .edge import interaction_payload

SERVED = "process"
SERVE_ENV = {"CLERK_REMINDER_INTERVAL": "0.2"}  # the DM sender looks five times a second
FAKE_SLACK = {
    "users": {
        "U0DELEGATE": {"display_name": "dana", "real_name": "Dana Delegate"},
        "U0GONE": {"real_name": "Gone Delegate", "deleted": True},
        "U0BOT": {"real_name": "Minutes Bot", "is_bot": True},
    }
}
SETUP = [
    ("/clerk", 'setup name="TSAG RG-SOP" parent=TSAG tz=Europe/Zurich', {}),
    ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30" end="15:45"', {}),
    ("/agenda", 'add 4.2 "Operational plan"', {}),
    ("/doc", 'add TD625 item=4.2 title="Operational plan" source=TSB', {}),
    ("/action", '4.2 owner=<@U0DELEGATE|dana> "circulate the KPI comments" due=2030-03-20', {}),
    ("/action", '4.2 owner=TSB "report the responses"', {}),
    ("/clerk", 'setup name="Other group"', {"channel": "C2"}),
    ("/meeting", 'new "Other" start="2024-08-02 10:00"', {"channel": "C2"}),
    ("/agenda", 'add 1 "One"', {"channel": "C2"}),
    ("/action", '1 owner=X "the other channel\'s action"', {"channel": "C2"}),
]


def said(served, text: str, **kwargs) -> dict:
    resp = served.command("/action", text, **kwargs)
    assert resp.status == 200
    return resp.json()


def test_the_owner_is_a_person_and_gets_a_dm_when_assigned(served, slack):
    [opened] = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("conversations.open") if c.args.get("users") == "U0DELEGATE"
        ]
    )
    [dm] = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == "DU0DELEGATE"
        ]
    )
    assert "You have a new action item in <#C1>" in dm.args["text"]
    assert "circulate the KPI comments" in dm.args["text"] and "/action done 1" in dm.args["text"]
    # TSB is a plain name: nobody to write to.
    assert not [c for c in slack.calls_to("conversations.open") if c.args.get("users") == "TSB"]


@pytest.mark.parametrize(
    "text, says",
    [
        ("list", "*Dana Delegate*\n• #1 circulate the KPI comments — due 20 March 2030"),
        ("list mine", "You have no open action items"),
        ("done 99", "There is no action #99 in this channel."),
        ("done 3", "There is no action #3 in this channel."),  # #1 of C2's group
        ("set 2 due=11/09/2030", "11 September"),
    ],
)
def test_each_form_over_http(served, text, says):
    assert says in said(served, text)["text"]


def test_done_reopen_and_set_over_http(served, slack):
    answer = said(served, 'done 2 "sent as LS to SG13"')
    assert answer["response_type"] == "in_channel"
    assert answer["text"] == "Done: #2 TSB: report the responses — “sent as LS to SG13”"
    again = said(served, "done 2")
    assert again["response_type"] == "ephemeral" and "already done" in again["text"]
    assert said(served, "reopen 2")["text"].startswith("Reopened #2")
    moved = said(served, "set 2 due=2020-01-31")
    assert "is already past" in moved["text"]
    # The owner, though a participant, may mark their own action done.
    mine = said(served, "done 1", user="U0DELEGATE")
    assert mine["text"].startswith("Done: #1 Dana Delegate")
    refused = said(served, "reopen 2", user="U0DELEGATE")
    assert refused["text"].startswith("Only") and "Usage:" in refused["text"]


def test_list_file_is_posted_for_the_tracker(served, slack):
    answer = said(served, "list all file")
    assert answer["response_type"] == "in_channel"
    [upload] = slack.wait_for(
        lambda: [u for name, u in slack.uploads.items() if b"number,owner,action" in u]
    )
    rows = list(csv.reader(io.StringIO(upload.decode())))
    assert rows[0][:3] == ["number", "owner", "action"]


def test_closing_the_meeting_counts_whats_open_and_offers_the_report(served, slack):
    resp = served.command("/meeting", "close at=15:45")
    answer = resp.json()
    assert answer["response_type"] == "in_channel"
    assert "1 document on the agenda without a decision (TD625)" in answer["text"]
    assert "open action item" in answer["text"]
    [section, actions] = answer["blocks"]
    [button] = actions["elements"]
    assert button["text"]["text"] == "Post the report draft"
    click = interaction_payload(
        "block_actions",
        trigger_id="9.9.9",
        channel={"id": "C1", "name": "rg-sop"},
        container={"type": "message", "channel_id": "C1", "is_ephemeral": False},
        response_url=slack.response_url("close-report"),
        actions=[
            {
                "action_id": button["action_id"],
                "block_id": actions.get("block_id", "b"),
                "type": "button",
                "value": button["value"],
                "action_ts": "1722520000.1",
            }
        ],
    )
    assert served.interaction(click).status == 200
    slack.wait_for(lambda: [u for u in slack.uploads.values() if u[:2] == b"PK"], timeout=30)
    # A button whose value was changed on the way runs nothing else.
    forged = json.loads(json.dumps(click))
    forged["actions"][0]["value"] = json.dumps({"c": "/clerk", "t": "role remove <@U0CHAIR>"})
    assert served.interaction(forged).status == 200
    store = Store.open(served.db)
    try:
        assert any(r.user_id == "U0CHAIR" for r in store.groups.roles(1))
    finally:
        store.close()


def test_action_list_has_a_menu_per_line_to_mark_it_done(served, slack):
    answer = served.command("/action", "list").json()
    rows = [b for b in answer["blocks"] if b.get("accessory", {}).get("type") == "overflow"]
    [tsb] = [b for b in rows if "report the responses" in b["text"]["text"]]
    assert tsb["text"]["text"].startswith("*TSB* #2 report the responses")
    [option] = tsb["accessory"]["options"]
    assert option["text"]["text"] == "Done"
    pick = interaction_payload(
        "block_actions",
        trigger_id="6.6.6",
        container={"type": "message", "message_ts": "1722512600.0001", "is_ephemeral": True},
        channel={"id": "C1", "name": "rg-sop"},
        response_url=slack.response_url("menu-done"),
        actions=[
            {
                "type": "overflow",
                "action_id": tsb["accessory"]["action_id"],
                "block_id": tsb["block_id"],
                "selected_option": option,
                "action_ts": "1722512700.1",
            }
        ],
    )
    assert served.interaction(pick).status == 200
    slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postMessage")
            if "Done: #2 TSB" in c.args.get("text", "")
        ]
    )
    again = served.command("/action", "list all").json()
    reopen = [
        b for b in again["blocks"] if "report the responses" in b.get("text", {}).get("text", "")
    ]
    assert reopen[0]["accessory"]["options"][0]["text"]["text"] == "Reopen"


def test_an_owner_slack_cannot_message_is_said_at_once_and_once(served, slack):
    import time

    for user, code in (("U0GONE", "user_disabled"), ("U0BOT", "cannot_dm_bot")):
        answer = said(served, f'4.2 owner=<@{user}> "hand over the archive"')
        assert "cannot get direct messages in Slack" in answer["text"]
        [told] = slack.wait_for(
            lambda code=code: [
                c
                for c in slack.calls_to("chat.postMessage")
                if c.args.get("channel") == "DU0CHAIR"
                and "could not tell" in c.args["text"]
                and code in c.args["text"]
            ]
        )
        assert "Give it another owner" in told.args["text"]
    time.sleep(1.5)  # the sender looks five times a second: a retry would have come
    for user in ("U0GONE", "U0BOT"):
        opened = [c for c in slack.calls_to("conversations.open") if c.args["users"] == user]
        assert len(opened) == 1  # permanent: not tried five times
    listed = said(served, "list")["text"]
    assert "Gone Delegate could not be told (user_disabled)" in listed
    assert "Minutes Bot could not be told (cannot_dm_bot)" in listed
