"""Installed in many workspaces: Bolt's OAuth flow end to end against the fake Web API, each
workspace answered with its own token, a workspace that never installed refused."""

from __future__ import annotations

import re
import sqlite3
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from . import fakeslack
from .edge import Served, start_serve, stop

OAUTH_ENV = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": "111.222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "CLERK_SECRET_KEY": "a key only the operator knows",
    "CLERK_REMINDER_INTERVAL": "0.2",
}


def get(served: Served, path: str, cookie: str = "") -> tuple[int, str, dict]:
    request = urllib.request.Request(
        served.url + path, headers={"Cookie": cookie} if cookie else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def install(served: Served, slack: fakeslack.FakeSlack, team: str) -> None:
    """Add to Slack, then Allow in `team`: Slack redirects back with a code."""
    status, page, headers = get(served, "/slack/install")
    assert status == 200 and "slack.com/oauth/v2/authorize" in page
    state = re.search(r"state=([\w-]+)", page).group(1)
    cookie = headers["Set-Cookie"].split(";")[0]
    code = f"code-{team}"
    slack.oauth_codes[code] = team
    status, page, _ = get(served, f"/slack/oauth_redirect?code={code}&state={state}", cookie)
    assert status == 200, page


@pytest.fixture
def oauth(tmp_path):
    slack = fakeslack.FakeSlack()
    web = fakeslack.start(slack)
    served = start_serve(tmp_path, slack.api_url, env=OAUTH_ENV)
    yield served, slack
    stop(served)
    web.shutdown()


def test_two_workspaces_install_and_each_is_answered_with_its_own_token(oauth):
    served, slack = oauth
    install(served, slack, "T1")
    install(served, slack, "T2")
    # Due in 3 s: both meetings are booked before then (a reminder due before its meeting is
    # booked is skipped, as it should be).
    start = datetime.now(UTC) + timedelta(hours=1, seconds=3)
    for team in ("T1", "T2"):
        channel = f"C{team}"
        assert (
            served.command("/clerk", f'setup name="WG {team}"', team=team, channel=channel).status
            == 200
        )
        resp = served.command(
            "/meeting",
            f'new "Interim" kind=interim start="{start:%Y-%m-%d %H:%M:%S}" tz=UTC remind=1h',
            team=team,
            channel=channel,
        )
        assert "Reminders before it: 1h." in resp.json()["text"]
    posts = slack.wait_for(
        lambda: (
            [
                c
                for c in slack.calls_to("chat.postMessage")
                if c.args.get("text", "").startswith("Reminder:")
            ]
            if len(slack.calls_to("chat.postMessage")) >= 2
            else None
        ),
        timeout=20,
    )
    tokens = {c.args["channel"]: c.token for c in posts}
    assert tokens == {"CT1": "xoxb-T1-token", "CT2": "xoxb-T2-token"}
    lookups = {c.token for c in slack.calls_to("users.info")}
    assert lookups <= {"xoxb-T1-token", "xoxb-T2-token"} and lookups
    # Tokens are sealed at rest with CLERK_SECRET_KEY, and never logged.
    with sqlite3.connect(served.db) as db:
        stored = " ".join(str(r) for r in db.execute("SELECT * FROM slack_bots"))
    assert "xoxb-T1-token" not in stored and "enc:" in stored
    time.sleep(0.1)
    assert "xoxb-T1-token" not in served.log.read_text()


def test_a_workspace_that_never_installed_is_refused_and_nothing_is_stored(oauth):
    served, slack = oauth
    install(served, slack, "T1")
    resp = served.command("/clerk", 'setup name="Stranger WG"', team="T9", channel="C9")
    assert resp.status in (200, 401)
    assert "Stranger" not in resp.body.decode()
    with sqlite3.connect(served.db) as db:
        assert db.execute("SELECT count(*) FROM groups").fetchone()[0] == 0


def test_a_state_not_issued_here_is_refused(oauth):
    served, slack = oauth
    slack.oauth_codes["forged"] = "T7"
    status, _, _ = get(served, "/slack/oauth_redirect?code=forged&state=made-up")
    assert status >= 400
    with sqlite3.connect(served.db) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        if "slack_bots" in tables:
            assert db.execute("SELECT count(*) FROM slack_bots").fetchone()[0] == 0


def test_an_uninstalled_workspace_loses_its_tokens_and_is_refused(oauth):
    served, slack = oauth
    install(served, slack, "T1")
    assert served.command("/clerk", 'setup name="WG"').status == 200
    assert (
        served.event({"type": "app_uninstalled", "event_ts": "1.2"}, event_id="EvU").status == 200
    )
    with sqlite3.connect(served.db) as db:
        assert db.execute("SELECT count(*) FROM slack_bots").fetchone()[0] == 0
        assert db.execute("SELECT team_id FROM departures").fetchall() == [("T1",)]
    served.command("/meeting", 'new "After" start="2024-08-01 14:30"')
    with sqlite3.connect(served.db) as db:
        assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_an_enterprise_grid_org_wide_install_answers_and_reminds_with_the_orgs_token(oauth):
    served, slack = oauth
    install(served, slack, "E1")
    grid = {"enterprise_id": "E1", "enterprise_name": "Org", "is_enterprise_install": "true"}
    start = datetime.now(UTC) + timedelta(hours=1, seconds=3)
    for command, text in (
        ("/clerk", 'setup name="Org WG" tz=UTC'),
        ("/meeting", f'new "Interim" kind=interim start="{start:%Y-%m-%d %H:%M:%S}" remind=1h'),
    ):
        resp = served.command(command, text, team="T5", channel="C5", **grid)
        assert resp.status == 200 and resp.json()["response_type"] == "in_channel", resp.body
    [post] = slack.wait_for(
        lambda: [
            c
            for c in slack.calls_to("chat.postMessage")
            if c.args.get("text", "").startswith("Reminder:")
        ],
        timeout=20,
    )
    assert post.token == "xoxb-E1-token" and post.args["channel"] == "C5"
    # The org uninstalls: its token goes, and nothing more is posted for its groups.
    resp = served.event(
        {"type": "app_uninstalled", "event_ts": "1.2"},
        event_id="EvOrg",
        team="T5",
        enterprise_id="E1",
        is_enterprise_install=True,
    )
    assert resp.status == 200
    with sqlite3.connect(served.db) as db:
        assert db.execute("SELECT count(*) FROM slack_bots").fetchone()[0] == 0
        assert db.execute("SELECT team_id FROM departures").fetchall() == [("E1",)]
