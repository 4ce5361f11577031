"""Defects found by probing a running Clerk as an attacker and as real Slack traffic would
(issue 20), each through the Slack edge with the payload shapes Slack sends."""

from __future__ import annotations

import time

from storage import Store

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
