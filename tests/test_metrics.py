"""An operator's view: GET /metrics on a running `clerk serve`, counted after known traffic."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from . import fakeslack
from .edge import start_serve, stop

SERVE_ENV = {"CLERK_REMINDER_INTERVAL": "0.2", "CLERK_METRICS_TOKEN": "scrape-me"}


def scrape(served, token: str = "scrape-me") -> dict[tuple[str, tuple], float]:
    """Every sample, by name and its labels."""
    import urllib.request

    request = urllib.request.Request(
        f"{served.url}/metrics", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert resp.headers["Content-Type"].startswith("text/plain")
        text = resp.read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_what_happened_and_say_nothing_of_what_was_recorded(tmp_path):
    fake = fakeslack.FakeSlack()
    web = fakeslack.start(fake)
    served = start_serve(tmp_path, fake.api_url, env=SERVE_ENV)
    try:
        assert served.get("/metrics").status == 401  # the token is asked for
        start = datetime.now(UTC) + timedelta(hours=1, seconds=3)
        lines = [
            ("/clerk", 'setup name="Secret WG" tz=UTC'),
            ("/meeting", f'new "Interim" kind=interim start="{start:%Y-%m-%d %H:%M:%S}" remind=1h'),
            ("/agenda", 'add 1 "One"'),
            ("/note", '1 "a confidential remark"'),
            ("/note", "9.9"),  # refused: no such item, nothing typed
            ("/report", "md"),
        ]
        for command, text in lines:
            assert served.command(command, text).status == 200
        served.event(
            {"type": "app_home_opened", "user": "U0CHAIR", "tab": "home", "event_ts": "1.2"},
            event_id="Ev1",
        )
        fake.wait_for(lambda: fake.calls_to("files.completeUploadExternal"), timeout=30)
        fake.wait_for(
            lambda: [
                c
                for c in fake.calls_to("chat.postMessage")
                if c.args.get("text", "").startswith("Reminder:")
            ],
            timeout=30,
        )
        deadline = time.monotonic() + 10
        while True:  # the sent reminder and the report job are recorded just after
            samples = scrape(served)
            done = value(samples, "clerk_messages_total", kind="reminder", outcome="sent")
            jobs = value(samples, "clerk_report_jobs_total", outcome="ok")
            if (done and jobs) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    finally:
        stop(served)
        web.shutdown()
    assert value(samples, "clerk_commands_total", command="/note", outcome="ok") == 1
    assert value(samples, "clerk_commands_total", command="/note", outcome="refused") == 1
    assert value(samples, "clerk_commands_total", command="/clerk", outcome="ok") == 1
    assert value(samples, "clerk_slack_requests_total", kind="slash_command") == 6
    assert value(samples, "clerk_slack_requests_total", kind="app_home_opened") == 1
    assert value(samples, "clerk_answer_seconds_count") == 6
    assert value(samples, "clerk_messages_total", kind="reminder", outcome="sent") == 1
    assert value(samples, "clerk_message_lateness_seconds_count", kind="reminder") == 1
    assert value(samples, "clerk_report_jobs_total", outcome="ok") == 1
    assert value(samples, "clerk_report_seconds_count") == 1
    assert value(samples, "clerk_outbox_depth", kind="reminder") == 0
    assert value(samples, "clerk_database_bytes") > 0
    labels = {v for _, pairs in samples for _, v in pairs}
    assert not {"Secret WG", "C1", "T1", "U0CHAIR"} & labels  # nothing of who or where


def test_json_logs_name_the_workspace_channel_and_request_never_the_text_or_tokens(tmp_path):
    import json

    fake = fakeslack.FakeSlack()
    web = fakeslack.start(fake)
    served = start_serve(tmp_path, fake.api_url, env={"LOG_FORMAT": "json"})
    try:
        served.command("/clerk", 'setup name="WG" tz=UTC')
        served.command("/meeting", 'new "M" start="2024-08-01 14:30"')
        served.command("/agenda", 'add 1 "One"')
        served.command("/note", '1 "a confidential remark"')
        served.command("/note", '9.9 "another confidential remark"')  # refused
    finally:
        log = stop(served) or served.log.read_text()
        web.shutdown()
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]  # all JSON
    commands = [x for x in lines if x["message"].startswith("command=/note")]
    assert len(commands) == 2
    for line in commands:
        assert line["team"] == "T1" and line["channel"] == "C1" and line["request_id"]
        assert line["level"] == "INFO" and line["logger"] == "clerk.slack"
    assert "confidential" not in log
    assert "xoxb-test-token" not in log and "test-signing-secret" not in log
