"""App Home: each delegate sees their groups, current meeting, agenda and what comes next."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from bot.home import home_view
from commands.services.home import home
from storage import Store

from .edge import interaction_payload, now_ts, set_up_channel


def test_home_lists_the_users_groups_with_meeting_agenda_and_open_items(meeting):
    meeting.ok("/decision TD599 noted")
    meeting.ok('/meeting new "RG-SOP interim" kind=interim start="2030-01-15 13:00" tz=UTC')
    meeting.ok("/meeting use 1")
    meeting.ok("/meeting open")
    [g] = home(meeting.store, "T1", "U0CHAIR", meeting.clock())
    assert g.group.name == "TSAG RG-SOP" and g.state == "open"
    items = {i.number: i for i in g.items}
    assert items["2.1"].documents == 1 and items["2.1"].open_documents == ()
    assert items["3.2"].open_documents == ("C103",)
    assert g.upcoming == ("RG-SOP interim — Tue 15 Jan 2030 13:00 UTC",)


def test_home_shows_only_groups_the_user_takes_part_in(meeting):
    assert home(meeting.store, "T1", "U0STRANGER", meeting.clock()) == []
    assert home(meeting.store, "T2", "U0CHAIR", meeting.clock()) == []  # another workspace
    meeting.ok('/comment C103 "Hello."', user="U0DELEGATE")
    assert [g.group.name for g in home(meeting.store, "T1", "U0DELEGATE", meeting.clock())] == [
        "TSAG RG-SOP"
    ]


def test_home_view_fits_slack_and_escapes(meeting):
    meeting.ok('/agenda add 9 "<!channel> & co"')
    view = home_view(home(meeting.store, "T1", "U0CHAIR", meeting.clock()))
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    text = json.dumps(view)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; co" in text
    empty = home_view([])
    assert "You are not in a Clerk group yet" in empty["blocks"][0]["text"]["text"]


FAKE_SLACK = {"channels": {"C30": None}}  # everyone is in C30
SETUP = [
    (command, text, {"channel": "C30"})
    for command, text in [
        ("/clerk", 'setup name="TSAG RG-SOP" tz=Europe/Zurich'),
        ("/meeting", 'new "RG-SOP meeting" start="2024-08-01 14:30"'),
        ("/agenda", 'add 3.2 "Elements"'),
        ("/doc", 'add C103 item=3.2 source="Ericsson Canada; Canada" title="Elements"'),
        ("/action", '3.2 owner=<@U0OWNER|bo> "send the LS to SG13" due=2030-05-01'),
    ]
]


def test_opening_app_home_publishes_the_view(served, slack):
    event = {
        "type": "app_home_opened",
        "user": "U0CHAIR",
        "channel": "D0HOME",
        "tab": "home",
        "event_ts": "1722512800.000100",
    }
    assert served.event(event, event_id="EvHome1").status == 200
    [published] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.publish") if c.args.get("user_id") == "U0CHAIR"]
    )
    view = published.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    assert view["blocks"][0]["text"]["text"] == "TSAG RG-SOP"
    assert "3.2  Elements (1 doc; open: C103)" in json.dumps(view, ensure_ascii=False)
    served.event({**event, "user": "U0STRANGER"}, event_id="EvHome2")
    [other] = slack.wait_for(
        lambda: [
            c for c in slack.calls_to("views.publish") if c.args.get("user_id") == "U0STRANGER"
        ]
    )
    assert "not in a Clerk group yet" in json.dumps(other.args["view"])


def test_preview_button_opens_the_report_preview(served, slack):
    payload = interaction_payload(
        "block_actions",
        trigger_id="5.6.7",
        container={"type": "view", "view_id": "VHOME"},
        view={"id": "VHOME", "type": "home", "blocks": []},
        actions=[
            {
                "action_id": "home_report_preview",
                "block_id": "b1",
                "type": "button",
                "value": json.dumps({"group": 1, "meeting": 1}),
                "action_ts": "1722512900.1",
            }
        ],
    )
    assert served.interaction(payload).status == 200
    slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == "5.6.7"]
    )
    [updated] = slack.wait_for(lambda: slack.calls_to("views.update"), timeout=30)
    text = json.dumps(updated.args["view"], ensure_ascii=False)
    assert "Preview of the report draft" in text and "3.2 Elements (C103)" in text
    # A group the user does not take part in is not previewed.
    payload["user"]["id"] = "U0STRANGER"
    payload["trigger_id"] = "5.6.8"
    served.interaction(payload)
    assert not [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == "5.6.8"]


def search_payload(words: str, *, group: int = 1, user: str = "U0CHAIR", trigger: str) -> dict:
    """What Slack sends when Enter is pressed in a Home search box (a dispatch_action input)."""
    return interaction_payload(
        "block_actions",
        user=user,
        trigger_id=trigger,
        container={"type": "view", "view_id": "VHOME"},
        view={"id": "VHOME", "type": "home", "blocks": [], "state": {"values": {}}},
        actions=[
            {
                "type": "plain_text_input",
                "action_id": "home_search",
                "block_id": f"search:{group}",
                "value": words,
                "action_ts": "1722512900.2",
            }
        ],
    )


def test_the_home_search_box_answers_as_clerk_search_does(served, slack):
    store = Store.open(served.db)
    view = home_view(home(store, "T1", "U0CHAIR", datetime(2024, 8, 1, tzinfo=UTC)))
    store.close()
    [box] = [b for b in view["blocks"] if b.get("block_id") == "search:1"]
    assert box["dispatch_action"] and box["element"]["action_id"] == "home_search"
    assert served.interaction(search_payload("elem*", trigger="8.1")).status == 200
    [opened] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == "8.1"]
    )
    text = json.dumps(opened.args["view"], ensure_ascii=False)
    assert "C103" in text and "Elements" in text
    # Someone outside the group, or a group id changed on the way, finds nothing.
    served.interaction(search_payload("elem*", user="U0STRANGER", trigger="8.2"))
    served.interaction(search_payload("elem*", group=99, trigger="8.3"))
    served.interaction(search_payload("elem*", trigger="8.4"))  # a later search, to wait for
    slack.wait_for(
        lambda: [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == "8.4"]
    )
    opened = {c.args.get("trigger_id") for c in slack.calls_to("views.open")}
    assert "8.2" not in opened and "8.3" not in opened


def test_my_actions_on_the_home_with_a_done_button(served, slack):
    """Someone who only owns an action (never typed in the channel) sees it on their Home."""
    event = {"type": "app_home_opened", "user": "U0OWNER", "tab": "home", "event_ts": "1.2"}
    served.event(event, event_id="EvHomeOwner")
    [published] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.publish") if c.args.get("user_id") == "U0OWNER"]
    )
    view = published.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["blocks"][0]["text"]["text"] == "My actions"
    [item] = [
        b for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "home_action_done"
    ]
    assert "#1 send the LS to SG13 — due 1 May 2030" in item["text"]["text"]

    def click(user: str, value: str) -> dict:
        return interaction_payload(
            "block_actions",
            user=user,
            trigger_id="7.7.7",
            container={"type": "view", "view_id": "VHOME"},
            view={"id": "VHOME", "type": "home", "blocks": []},
            actions=[
                {
                    "action_id": "home_action_done",
                    "block_id": "b",
                    "type": "button",
                    "value": value,
                    "action_ts": "1.3",
                }
            ],
        )

    # Someone else's click, and a group id changed on the way, change nothing.
    served.interaction(click("U0STRANGER", item["accessory"]["value"]))
    served.interaction(click("U0OWNER", json.dumps({"group": 99, "number": 1})))
    served.interaction(click("U0OWNER", item["accessory"]["value"]))
    [again] = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("views.publish")
            if c.args.get("user_id") == "U0OWNER" and "Done: #1" in json.dumps(c.args["view"])
        ]
    )
    assert "My actions" not in json.dumps(again.args["view"])
    store = Store.open(served.db)
    try:
        assert store.entries.get(1, 1).done_at is not None
    finally:
        store.close()
    assert not [
        c
        for c in slack.calls_to("views.publish")
        if c.args.get("user_id") == "U0STRANGER" and "Not done" in json.dumps(c.args["view"])
    ]


def test_what_is_typed_in_the_home_search_box_is_searched_for_not_parsed(served, slack):
    """`a=b` or a lone quote in the search box is a search, not a command option or a
    syntax error (the box's words were re-read as `/clerk search …` command text)."""
    for n, words in enumerate(("elements status=any", "“Elements", 'Elements"')):
        trigger = f"8.9.{n}"
        served.interaction(search_payload(words, trigger=trigger))
        [opened] = slack.wait_for(
            lambda t=trigger: [
                c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == t
            ]
        )
        text = json.dumps(opened.args["view"], ensure_ascii=False)
        assert "does not take" not in text and "never closed" not in text, text


# The Home's modals open within the trigger's 3 s, whatever uploads are in flight --------------


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
