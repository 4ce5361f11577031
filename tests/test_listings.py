"""/agenda and /doc list as Block Kit with a menu per line: through the router, then end to
end over HTTP with Slack's slash-command and block_actions payload shapes."""

from __future__ import annotations

import json
import time

import pytest

from bot.forms import FORMS
from bot.listings import MAX_ROWS, MENU, blocks
from bot.render import mrkdwn
from commands import Decide, TakeItem, decode, encode
from commands.doc import doc_choices
from commands.framework.reply import Listing, Row
from storage import Outcome, Store

from .edge import interaction_payload, live_entries, now_ts, set_up_channel, view_submission

CHANNEL = "C30"


def test_agenda_list_offers_a_menu_per_item(meeting):
    meeting.ok('/agenda add 5 "Elements <draft>"')
    reply = meeting.ok("/agenda list")
    rows = {row.target: row for row in reply.listing.rows}
    assert list(rows)[:3] == ["1", "2", "2.1"] and "5" in rows
    assert "Elements &lt;draft&gt;" in mrkdwn(rows["5"].text)
    runs = [c.run or c.form for c in rows["5"].choices]
    assert runs == [TakeItem("5"), "comment", "note", Decide("5", Outcome.NOTED)]


def test_doc_list_offers_decide_comment_present(meeting):
    reply = meeting.ok("/doc list")
    targets = [row.target for row in reply.listing.rows]
    assert {"TD599", "C103", "TD667R1"} <= set(targets)
    first = reply.listing.rows[0]
    runs = [c.run or c.form for c in first.choices]
    assert runs[:2] == ["present", "comment"]
    assert Decide(first.target, Outcome.AGREED) in runs


def test_an_empty_list_has_no_menus(group):
    group.ok('/meeting new "Interim" start="2024-09-10 14:00"')
    assert group.ok("/doc list").listing is None


def test_blocks_are_one_section_per_line_with_an_overflow(meeting):
    listing = meeting.ok("/doc list").listing
    out = blocks(listing)
    assert out[0]["type"] == "section" and len(out) == len(listing.rows) + 1
    menu = next(b for b in out[1:] if "C103" in b["text"]["text"])["accessory"]
    assert menu["type"] == "overflow" and menu["action_id"] == MENU
    assert 2 <= len(menu["options"]) <= 5  # Slack's limits for an overflow menu
    values = [decode(o["value"]) for o in menu["options"]]
    assert Decide("C103", Outcome.NOTED) in values
    assert all(len(o["value"]) <= 150 for o in menu["options"])


def test_a_long_list_stays_within_slacks_block_limit(meeting):
    lines = "\n".join(f"TD{n}\tTitle {n}" for n in range(700, 760))
    meeting.ok(f"/doc import item=2\n{lines}")
    listing = meeting.ok("/doc list").listing
    out = blocks(listing)
    assert len(out) == MAX_ROWS + 3 <= 50  # title, rows, "Lines 1–45 of 65", Next button
    assert f"Lines 1–{MAX_ROWS} of {len(listing.rows)}" in out[-2]["elements"][0]["text"]
    [nxt] = out[-1]["elements"]
    assert nxt["text"]["text"] == "Next ▸"
    second = blocks(listing, page=1)
    assert len(second) == 1 + 20 + 2 and second[1]["text"]["text"] == mrkdwn(listing.rows[45].text)
    assert [b["text"]["text"] for b in second[-1]["elements"]] == ["◂ Previous"]


def test_a_target_too_long_for_a_menu_value_gets_no_menu():
    listing = Listing("Documents", (Row("x", "S2-" + "9" * 160, doc_choices("S2-" + "9" * 160)),))
    [_, row] = blocks(listing)
    assert "accessory" not in row


# --- over HTTP --------------------------------------------------------------------------------


FAKE_SLACK = {"users": {"U0CHAIR": {"display_name": "Víctor"}}}
SETUP = [
    (command, text, {"channel": CHANNEL})
    for command, text in [
        ("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich'),
        ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"'),
        ("/agenda", 'add 3.2 "Elements"'),
        ("/agenda", 'add 4 "AOB"'),
        ("/doc", "add C103 item=3.2 category=Contribution"),
    ]
]


def menu_click(op: str, target: str, *, user: str = "U0CHAIR", trigger: str = "5.5.5") -> dict:
    """A block_actions payload for a choice in a line's overflow menu, as Slack sends it, with
    the value of messages posted before typed calls (still answered)."""
    return menu_value(json.dumps({"op": op, "t": target}), user=user, trigger=trigger)


def menu_value(value: str, *, user: str = "U0CHAIR", trigger: str = "5.5.5") -> dict:
    """A block_actions payload for an overflow option carrying `value`."""
    return interaction_payload(
        "block_actions",
        user=user,
        container={"type": "message", "message_ts": "1722512600.0001", "is_ephemeral": True},
        trigger_id=trigger,
        channel={"id": CHANNEL, "name": "rg-sop"},
        response_url="http://127.0.0.1:9/unused",
        actions=[
            {
                "type": "overflow",
                "action_id": MENU,
                "block_id": "row0",
                "selected_option": {"text": {"type": "plain_text", "text": "…"}, "value": value},
                "action_ts": "1722512700.1",
            }
        ],
    )


def entries(served):
    store = Store.open(served.db)
    try:
        group = store.groups.get("T1", CHANNEL)
        meeting = store.meetings.by_id(group.current_meeting_id)
        return meeting, store.entries.of_meeting(meeting.id)
    finally:
        store.close()


def test_doc_list_answers_with_blocks(served):
    resp = served.command("/doc", "list", channel=CHANNEL)
    assert resp.status == 200 and resp.seconds < 3.0
    body = resp.json()
    assert "C103" in body["text"]  # the fallback for notifications
    menus = [b["accessory"] for b in body["blocks"] if "accessory" in b]
    assert [m["action_id"] for m in menus] == [MENU]


def test_agenda_answers_with_a_menu_per_item(served):
    body = served.command("/agenda", "", channel=CHANNEL).json()
    assert len([b for b in body["blocks"] if "accessory" in b]) == 2


def test_deciding_from_the_menu_records_it_and_says_so(served, slack):
    resp = served.interaction(menu_click("decide:noted", "C103"))
    assert resp.status == 200 and resp.seconds < 3.0
    [said] = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postMessage")
            if c.args.get("channel") == CHANNEL and "C103" in c.args.get("text", "")
        ]
    )
    assert said.args["text"].startswith("<@U0CHAIR>: ")
    _, logged = entries(served)
    assert (logged[-1].kind, logged[-1].target, logged[-1].keyword) == ("decision", "C103", "noted")


def test_taking_an_item_from_the_menu_makes_it_current(served, slack):
    served.interaction(menu_click("take", "4"))
    slack.wait_for(
        lambda: [c for c in slack.calls_to("chat.postMessage") if "4" in c.args.get("text", "")]
    )
    meeting, _ = entries(served)
    assert meeting.current_item == "4"


@pytest.mark.parametrize(
    "op, target, form, field",
    [
        ("comment", "C103", "comment", "target"),
        ("note", "3.2", "note", "target"),
        ("present", "C103", "doc_present", "number"),
    ],
)
def test_a_choice_that_needs_words_opens_its_form(served, slack, op, target, form, field):
    trigger = f"6.{op}.1"
    served.interaction(menu_click(op, target, trigger=trigger))
    [opened] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == trigger]
    )
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    meta = json.loads(view["private_metadata"])
    assert (meta["form"], meta["channel"]) == (form, CHANNEL) and meta["sig"]
    assert [b["block_id"] for b in view["blocks"]] == [f.name for f in FORMS[form].fields]
    prefilled = next(b for b in view["blocks"] if b["block_id"] == field)
    assert prefilled["element"]["initial_value"] == target


def test_the_presented_by_form_records_the_presenter(served):
    values = {"number": "C103", "by": "Ericsson Canada"}
    payload = view_submission("doc_present", values, channel=CHANNEL)
    assert served.interaction(payload).status == 200
    _, logged = entries(served)
    assert (logged[-1].kind, logged[-1].target, logged[-1].attributed) == (
        "presented",
        "C103",
        "Ericsson Canada",
    )


def test_a_garbled_menu_value_is_ignored(served, slack):
    payload = menu_click("decide:noted", "C103")
    payload["actions"][0]["selected_option"]["value"] = "{not json"
    _, before = entries(served)
    assert served.interaction(payload).status == 200
    assert entries(served)[1] == before


def test_a_participant_is_told_privately_that_deciding_is_for_the_chair(served, slack):
    _, before = entries(served)
    served.interaction(menu_click("decide:agreed", "C103", user="U0DELEGATE"))
    [told] = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postEphemeral")
            if c.args.get("user") == "U0DELEGATE" and c.args.get("channel") == CHANNEL
        ]
    )
    assert "rapporteur" in told.args["text"].lower() and "Usage" not in told.args["text"]
    _, after = entries(served)
    assert after == before


# Typed calls (issue 23.2) ----------------------------------------------------------------------


def test_a_menu_runs_the_typed_call_its_own_listing_carries(served, slack):
    """The value the listing put in the menu is what the click runs: no command text between."""
    body = served.command("/agenda", "", channel=CHANNEL).json()
    menu = next(b["accessory"] for b in body["blocks"] if "4" in b["text"]["text"].split()[0:2])
    [take] = [o for o in menu["options"] if o["text"]["text"] == "Make current item"]
    assert decode(take["value"]) == TakeItem("4")
    served.interaction(menu_value(take["value"], trigger="7.1"))
    slack.wait_for(
        lambda: [c for c in slack.calls_to("chat.postMessage") if "4" in c.args.get("text", "")]
    )
    meeting, _ = entries(served)
    assert meeting.current_item == "4"


@pytest.mark.parametrize(
    "value",
    [
        '{"run":"Purge","group":1}',  # no such call
        '{"run":"Decide","target":"C103","outcome":"burned"}',  # no such outcome
        '{"run":"MarkDone","number":"1; DROP"}',  # a number that is not one
        '{"run":"Decide","target":"C103"}',  # a field missing
    ],
)
def test_a_forged_typed_value_runs_nothing(served, value):
    _, before = entries(served)
    assert served.interaction(menu_value(value)).status == 200
    assert entries(served)[1] == before


def test_typed_calls_travel_as_small_values_and_come_back_equal():
    from commands import Draft, MarkDone, Search

    for op in (
        MarkDone(12, 'sent as "LS" to SG13'),
        Decide("S2-2405205", Outcome.NOT_TREATED),
        Draft(2),
        Draft(preview=True),
        Search('status=approved "strategic plan'),
    ):
        assert decode(encode(op)) == op and len(encode(op)) <= 150


# Counts agree; an empty answer says what is empty ---------------------------------------------


def test_counts_agree_and_an_empty_filter_says_what_is_empty(meeting):
    meeting.ok("/meeting close at=15:45")  # makes the report add a closure section
    info = meeting.ok("/meeting info").text
    preview = meeting.ok("/report preview")
    summary = preview.later(meeting.store).text
    assert "8 agenda items" in info and "8 agenda items" in summary
    reply = meeting.ok("/doc list item=1")
    assert "No documents on item 1" in reply.text and "5 documents are listed" in reply.text


# The same menu click delivered twice acts once ------------------------------------------------


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
