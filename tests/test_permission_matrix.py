"""Who may do what, every way in: each subcommand, import line, list menu, form and Home action,
for each role and for someone from another channel (SPEC §1)."""

from __future__ import annotations

import json

import pytest

from commands.catalog import families as build_families
from storage import Store

from .edge import interaction_payload, view_submission
from .harness import GROUP_SETUP, MEETING_SETUP, Clerk, FakeClock, snapshot

ROLES = {
    "U0CHAIR": "rapporteur",
    "U0ASSOC2": "chair",  # associate rapporteur
    "U0TSB": "chair",  # secretariat
    "U0DELEGATE": "participant",
}
RANK = ["anyone", "participant", "chair", "rapporteur"]

# (lines the rapporteur runs first, the line, the weakest role that may run it). Objects
# made in the set-up belong to the rapporteur, so "change others' things" needs a chair.
MATRIX: list[tuple[tuple[str, ...], str, str]] = [
    ((), '/clerk setup tz=UTC name="G2"', "chair"),
    ((), '/clerk role associate <@U0NEW> name="New"', "rapporteur"),
    ((), "/clerk role remove <@U0ASSOC2>", "rapporteur"),
    ((), "/clerk role list", "participant"),
    ((), '/clerk tor add "A term."', "chair"),
    ((), "/clerk tor clear", "chair"),
    ((), "/clerk tor list", "participant"),
    ((), "/clerk export csv", "participant"),
    ((), "/clerk export csv deleted", "rapporteur"),
    ((), "/clerk help", "anyone"),
    ((), "/clerk info", "participant"),
    ((), '/clerk search "strategic plan"', "participant"),
    ((), '/clerk nick gkellogg name="Gregg Kellogg"', "chair"),
    ((), "/clerk nick list", "participant"),
    ((), '/meeting new "Another" start="2024-09-01 10:00"', "chair"),
    ((), "/meeting list", "participant"),
    ((), "/meeting use 1", "chair"),
    ((), "/meeting open", "chair"),
    ((), "/meeting close at=15:45", "chair"),
    ((), "/meeting attend", "participant"),
    ((), '/meeting absent name="Ana Ruiz"', "participant"),
    ((), '/meeting regrets name="Cy Diaz"', "participant"),
    ((), '/meeting guests name="Dee Ng"', "participant"),
    ((), '/meeting queue add "to ask about X"', "participant"),
    ((), '/meeting remind 1 "1d"', "chair"),
    ((), '/meeting move 1 start="2024-08-02 14:30"', "chair"),
    ((), "/meeting cancel 1", "chair"),
    ((), '/meeting set report=TD515 place="Geneva"', "chair"),
    ((), "/meeting ics", "participant"),
    ((), "/meeting info", "participant"),
    ((), '/agenda add 9 "New item"', "chair"),
    ((), "/agenda doc TD514", "chair"),
    ((), "/agenda approve", "chair"),
    ((), "/agenda take 2.1", "chair"),
    ((), '/agenda rename 1 "Opening"', "chair"),
    ((), "/agenda chair 1 Ana", "chair"),
    ((), "/agenda remove 1", "chair"),
    ((), "/agenda", "participant"),
    ((), '/doc add TD900 title="A delegate\'s document"', "participant"),
    ((), '/doc summary TD599 "A summary."', "chair"),
    ((), "/doc present C103", "participant"),
    ((), '/doc set TD599 title="x"', "chair"),
    ((), "/doc move TD599 item=3.2", "chair"),
    ((), "/doc remove TD599", "chair"),
    ((), "/doc list", "participant"),
    ((), "/doc C103", "participant"),
    ((), "/doc history C103", "participant"),
    ((), "/doc import\nTD901\tLS\tSG13\tNew liaison", "participant"),
    ((), "/doc import\nTD901\tLS\tSG13\tNew\nTD599\tLS\tx\ty", "chair"),  # 2nd line: others'
    ((), '/note 2.1 "A note."', "participant"),
    (('/note 2.1 "Chair note."',), '/note edit 1 "Changed."', "chair"),
    (('/note 2.1 "Chair note."',), "/note delete 1", "chair"),
    ((), '/comment C103 "A comment."', "participant"),
    (('/comment C103 "Chair comment."',), '/comment edit 1 "Changed."', "chair"),
    (('/comment C103 "Chair comment."',), "/comment delete 1", "chair"),
    ((), "/decision TD599 noted", "chair"),
    (("/decision TD599 noted",), "/decision edit 1 approved", "chair"),
    (("/decision TD599 noted",), "/decision delete 1", "chair"),
    ((), '/action 4.2 owner=TSB "Do it."', "chair"),
    (('/action 4.2 owner=TSB "Do it."',), '/action edit 1 "Do it now."', "chair"),
    (('/action 4.2 owner=TSB "Do it."',), "/action delete 1", "chair"),
    # Its owner (a plain name here) and whoever logged it may too: see test_actions.py.
    (('/action 4.2 owner=TSB "Do it."',), '/action done 1 "Done."', "chair"),
    (('/action 4.2 owner=TSB "Do it."', "/action done 1"), "/action reopen 1", "chair"),
    (('/action 4.2 owner=TSB "Do it."',), "/action set 1 due=2030-01-01", "chair"),
    ((), "/action list", "participant"),
    ((), "/report preview", "participant"),
    ((), "/report", "chair"),
]
# Covered elsewhere: /clerk undo acts on the caller's own changes (test_undo.py).
NOT_IN_MATRIX = {("clerk", "undo")}


def test_the_matrix_covers_every_subcommand():
    covered = set(NOT_IN_MATRIX)
    for family in build_families().values():
        for sub in family.subs.values():
            for _, line, _ in MATRIX:
                word, _, rest = line.partition(" ")
                if word.lstrip("/") != family.name:
                    continue
                first = rest.split(None, 1)[0].lower() if rest.strip() else ""
                if family.find(first) is sub or (
                    family.find(first) is None and sub.name == family.default
                ):
                    covered.add((family.name, sub.name))
    every = {(f.name, s.name) for f in build_families().values() for s in f.subs.values()}
    assert every - covered == set()


@pytest.mark.parametrize("user", [*ROLES, "U0OTHERCHANNEL"])
@pytest.mark.parametrize("prelude, line, level", MATRIX, ids=[m[1][:40] for m in MATRIX])
def test_each_role_may_do_exactly_what_spec_says(meeting_copy, user, prelude, line, level):
    store = Store.open(meeting_copy)
    try:
        clerk = Clerk(store, FakeClock())
        for first in prelude:
            clerk.ok(first)
        if user == "U0OTHERCHANNEL":
            # Someone whose group is another channel: what they type there never reaches C1.
            before = snapshot(store)
            reply = clerk(line, user=user, channel="C2")
            assert line == "/clerk help" or not reply.ok or line.startswith("/clerk setup")
            if not line.startswith("/clerk setup"):
                assert snapshot(store) == before
            return
        allowed = RANK.index(ROLES[user]) >= RANK.index(level)
        if allowed:
            clerk.ok(line, user=user)
        else:
            assert "Only" in clerk.refused(line, user=user).text
    finally:
        store.close()


# The same rules for what comes back from Slack: list menus, forms, Home ------------------------


FAKE_SLACK = {"channels": {"C1": set(ROLES), "C2": {"U0OUTSIDER"}}}
SETUP = [
    *((line.partition(" ")[0], line.partition(" ")[2], {"channel": "C1"}) for line in GROUP_SETUP),
    *(
        (line.partition(" ")[0], line.partition(" ")[2], {"channel": "C1"})
        for line in MEETING_SETUP
    ),
    ("/clerk", 'setup name="Other"', {"channel": "C2", "user": "U0OUTSIDER"}),
]


def decisions(served) -> list[tuple[str, str]]:
    store = Store.open(served.db)
    try:
        return [
            (e.target, e.author_id) for e in store.entries.of_meeting(1) if e.kind == "decision"
        ]
    finally:
        store.close()


@pytest.mark.parametrize("user", list(ROLES))
def test_a_list_menu_decision_follows_the_role(served, slack, user):
    target = {"U0CHAIR": "TD599", "U0ASSOC2": "C103", "U0TSB": "TD625", "U0DELEGATE": "TD667R1"}
    payload = interaction_payload(
        "block_actions",
        user=user,
        actions=[
            {
                "action_id": "row_menu",
                "block_id": "row0",
                "selected_option": {"value": json.dumps({"op": "decide:noted", "t": target[user]})},
            }
        ],
        channel={"id": "C1"},
        trigger_id="7.7.7",
        response_url=slack.response_url(f"menu-{user}"),
    )
    assert served.interaction(payload).status == 200
    if ROLES[user] == "participant":
        [told] = slack.wait_for(lambda: slack.responses_to(f"menu-{user}"))
        assert "Only" in told["text"]
        assert (target[user], user) not in decisions(served)
    else:
        slack.wait_for(lambda: (target[user], user) in decisions(served))


@pytest.mark.parametrize("user", list(ROLES))
def test_a_form_follows_the_role(served, slack, user):
    payload = view_submission(
        "doc_present", {"number": "C103", "by": "Ericsson Canada"}, user=user, channel="C1"
    )
    assert served.interaction(payload).status == 200  # any participant may record a presenter


def test_a_form_whose_channel_was_changed_is_not_run(served, slack):
    payload = view_submission("comment", {"target": "C103", "text": "Sneaky."}, channel="C2")
    meta = json.loads(payload["view"]["private_metadata"])
    meta["channel"] = "C1"  # sealed for C2, sent back claiming C1
    payload["view"]["private_metadata"] = json.dumps(meta)
    assert served.interaction(payload).status == 200
    store = Store.open(served.db)
    texts = [e.text for e in store.entries.of_meeting(1)]
    store.close()
    assert "Sneaky." not in texts


def test_home_shows_only_groups_whose_channel_the_user_is_in(served, slack):
    # An outsider recorded as attending C1's meeting by someone in C1.
    served.command("/meeting", "attend <@U0OUTSIDER|out>", channel="C1", user="U0DELEGATE")
    event = {"type": "app_home_opened", "user": "U0OUTSIDER", "tab": "home", "channel": "D1"}
    served.event(event, event_id="EvMatrixHome")
    [published] = slack.wait_for(
        lambda: [c for c in slack.calls_to("views.publish") if c.args["user_id"] == "U0OUTSIDER"]
    )
    text = json.dumps(published.args["view"])
    assert "Other" in text and "TSAG RG-SOP" not in text
    click = interaction_payload(
        "block_actions",
        user="U0OUTSIDER",
        actions=[{"action_id": "home_report_preview", "value": json.dumps({"group": 1})}],
        trigger_id="8.8.8",
        view={"id": "VHOME", "type": "home"},
    )
    served.interaction(click)
    for user in ROLES:  # every member of C1 may preview C1's meeting from their Home
        click["user"]["id"], click["trigger_id"] = user, f"8.8.{user}"
        served.interaction(click)
        slack.wait_for(
            lambda u=user: [
                c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == f"8.8.{u}"
            ]
        )
    assert not [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == "8.8.8"]
