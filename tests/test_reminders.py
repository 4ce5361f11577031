"""Reminders before interim meetings: sent exactly once, whatever happens. No test sleeps:
the dispatcher's clock is moved by hand."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from bot.reminders import Dispatcher, PostFailed, slack_poster
from commands.services.retry import MAX_ATTEMPTS
from storage import Store

from . import fakeslack
from .harness import Clerk

T0 = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)
INTERIM = (
    '/meeting new "RG-SOP interim e-meeting" kind=interim start="2024-08-20 13:00" '
    'duration=2h tz=UTC link=https://example.org/join remind="7d 1d 1h"'
)
DUE_7D = datetime(2024, 8, 13, 13, 0, tzinfo=UTC)
DUE_1D = datetime(2024, 8, 19, 13, 0, tzinfo=UTC)
DUE_1H = datetime(2024, 8, 20, 12, 0, tzinfo=UTC)


class Poster:
    """Records posts; raises the scripted failures first."""

    def __init__(self, *failures: Exception):
        self.failures = list(failures)
        self.posts: list[tuple[str, str, list]] = []
        self.lock = threading.Lock()

    def __call__(self, channel: str, text: str, blocks: list) -> None:
        with self.lock:
            if self.failures:
                raise self.failures.pop(0)
            self.posts.append((channel, text, blocks))


@pytest.fixture
def interim(group):
    """The group with one interim meeting (meeting 1) on 20 August 2024 13:00 UTC."""
    group.ok(INTERIM)
    group.ok('/agenda add 1 "Opening"')
    group.ok('/agenda add 2 "Operational plan"')
    group.ok('/doc add TD625 item=2 title="ITU-T draft operational plan"')
    return group


def dispatcher(store: Store, poster: Poster, worker: str = "w1") -> Dispatcher:
    return Dispatcher(lambda: store, poster, clock=lambda: T0, worker=worker, sleep=no_sleep)


def no_sleep(seconds: float) -> None:
    """Tests never wait: the channel spacing is checked by recording it instead."""


def test_a_reminder_is_sent_when_due_with_what_the_meeting_needs(interim):
    poster = Poster()
    d = dispatcher(interim.store, poster)
    assert d.tick(DUE_7D - timedelta(seconds=1)) == 0
    assert d.tick(DUE_7D) == 1
    [(channel, text, blocks)] = poster.posts
    assert channel == "C1"
    assert text.startswith(
        "Reminder: *RG-SOP interim e-meeting* starts in 7 days — Tue 20 Aug 2024 13:00–15:00 UTC"
    )
    assert "Duration: 2h" in text and "Join: https://example.org/join" in text
    assert "Agenda: 1 Opening; 2 Operational plan" in text
    assert "Documents so far: TD625" in text
    assert blocks[0] == {
        "type": "header",
        "text": {
            "type": "plain_text",
            "emoji": True,
            "text": "RG-SOP interim e-meeting — in 7 days",
        },
    }
    assert "*Agenda*\n1  Opening\n2  Operational plan" in blocks[2]["text"]["text"]


def test_each_reminder_is_sent_once_and_not_again_after_a_restart(interim):
    poster = Poster()
    d = dispatcher(interim.store, poster)
    for now in (DUE_7D, DUE_7D + timedelta(seconds=1), DUE_1D, DUE_1H, DUE_1H):
        d.tick(now)
    assert len(poster.posts) == 3
    restarted = Store.open(interim.store.db.conn.execute("PRAGMA database_list").fetchone()[2])
    d2 = Dispatcher(lambda: restarted, poster, clock=lambda: DUE_1H, worker="w2", sleep=no_sleep)
    assert d2.tick(DUE_1H + timedelta(minutes=1)) == 0
    assert len(poster.posts) == 3
    info = interim.ok("/meeting info 1").text
    assert info.count("sent Tue") + info.count("sent Mon") == 3


def test_a_reminder_missed_while_down_is_sent_on_start_marked_late(interim):
    poster = Poster()
    back_up = DUE_1D + timedelta(hours=2)  # both the 7d and the 1d times passed while down
    assert dispatcher(interim.store, poster).tick(back_up) == 1
    [(_, text, blocks)] = poster.posts
    assert text.startswith("(Late: Clerk was offline when this reminder was due.) Reminder:")
    assert "starts in 22 hours" in text
    assert blocks[1]["elements"][0]["text"].startswith("Late:")
    info = interim.ok("/meeting info 1").text
    assert "7d before — skipped: superseded by the 1d reminder" in info
    assert "1d before — sent Mon 19 Aug 2024 15:00 UTC (late)" in info


def test_nothing_is_sent_once_the_meeting_has_begun(interim):
    poster = Poster()
    assert dispatcher(interim.store, poster).tick(datetime(2024, 8, 20, 13, 5, tzinfo=UTC)) == 0
    assert poster.posts == []
    assert "skipped: the meeting had begun" in interim.ok("/meeting info 1").text


def test_a_cancelled_meetings_reminders_are_dropped(interim):
    interim.ok("/meeting cancel 1")
    poster = Poster()
    d = dispatcher(interim.store, poster)
    for now in (DUE_7D, DUE_1D, DUE_1H):
        d.tick(now)
    assert poster.posts == []


def test_a_moved_meetings_reminders_follow_it(interim):
    poster = Poster()
    d = dispatcher(interim.store, poster)
    d.tick(DUE_7D)  # the 7d reminder went out for the old date
    interim.clock.now = DUE_7D + timedelta(hours=1)
    interim.ok('/meeting move 1 start="2024-08-22 13:00"')
    assert d.tick(datetime(2024, 8, 15, 13, 0, tzinfo=UTC)) == 1  # a week before the new date
    assert d.tick(DUE_1D) == 0  # the old 1d time: nothing
    assert d.tick(datetime(2024, 8, 21, 13, 0, tzinfo=UTC)) == 1  # the new 1d time
    assert "Thu 22 Aug 2024 13:00–15:00 UTC" in poster.posts[-1][1]
    interim.ok('/meeting remind 1 "2h"')
    assert d.tick(datetime(2024, 8, 22, 11, 0, tzinfo=UTC)) == 1  # 2h before
    assert d.tick(datetime(2024, 8, 22, 12, 0, tzinfo=UTC)) == 0  # 1h was replaced by 2h


def test_a_series_each_occurrence_cancellable_on_its_own(group):
    reply = group.ok(
        '/meeting new "RG-SOP e-meeting" kind=interim start="2024-09-10 13:00" '
        'duration=2h tz=UTC repeat="every 4 weeks" count=3 remind=1d'
    )
    assert "Meetings 1–3 created (every 4 weeks, 3 meetings)" in reply.text
    starts = [m.start for m in group.store.meetings.of_group(1)]
    assert starts == [
        datetime(2024, 9, 10, 13, tzinfo=UTC),
        datetime(2024, 10, 8, 13, tzinfo=UTC),
        datetime(2024, 11, 5, 13, tzinfo=UTC),
    ]
    group.ok("/meeting cancel 2")
    poster = Poster()
    d = dispatcher(group.store, poster)
    for start in starts:
        d.tick(start - timedelta(days=1))
    assert len(poster.posts) == 2
    assert "Tue 10 Sep 2024 13:00" in poster.posts[0][1]
    assert "Tue 5 Nov 2024 13:00" in poster.posts[1][1]
    assert "Part of a series: meetings 1, 2, 3" in group.ok("/meeting info 3").text


def test_daylight_saving_between_booking_and_meeting(group):
    group.clock.now = datetime(2024, 10, 1, 9, 0, tzinfo=UTC)  # booked in summer time (CEST)
    group.ok(
        '/meeting new "RG-SOP e-meeting" kind=interim start="2024-10-29 13:00" duration=2h '
        'remind="7d 1d 1h"'
    )  # the group's zone, Europe/Zurich; winter time (CET) by then
    meeting = group.store.meetings.get(1, 1)
    assert meeting.start == datetime(2024, 10, 29, 12, 0, tzinfo=UTC)
    due = {r.lead_minutes: r.due_at for r in group.store.reminders.for_meeting(meeting.id)}
    assert due == {
        7 * 24 * 60: datetime(2024, 10, 22, 11, 0, tzinfo=UTC),  # 13:00 CEST, a week before
        24 * 60: datetime(2024, 10, 28, 12, 0, tzinfo=UTC),  # 13:00 CET, the day before
        60: datetime(2024, 10, 29, 11, 0, tzinfo=UTC),  # an hour before
    }
    poster = Poster()
    dispatcher(group.store, poster).tick(due[7 * 24 * 60])
    assert "Tue 29 Oct 2024 13:00–15:00 Europe/Zurich (12:00–14:00 UTC)" in poster.posts[0][1]
    group.ok('/meeting new "Weekly" kind=interim start="2024-10-22 13:00" repeat=weekly count=2')
    weekly = [m.start for m in group.store.meetings.of_group(1)][1:]
    assert weekly == [
        datetime(2024, 10, 22, 11, tzinfo=UTC),
        datetime(2024, 10, 29, 12, tzinfo=UTC),
    ]


def test_rate_limited_then_success_honours_retry_after(interim):
    poster = Poster(PostFailed("ratelimited", retry_after=30))
    d = dispatcher(interim.store, poster)
    assert d.tick(DUE_7D) == 0
    assert "retry 1: ratelimited" in interim.ok("/meeting info 1").text
    assert d.tick(DUE_7D + timedelta(seconds=29)) == 0
    assert d.tick(DUE_7D + timedelta(seconds=30)) == 1
    assert len(poster.posts) == 1
    assert "(late)" not in interim.ok("/meeting info 1").text


def test_a_permanent_failure_is_recorded_and_shown(interim):
    poster = Poster(PostFailed("channel_not_found", permanent=True))
    d = dispatcher(interim.store, poster)
    assert d.tick(DUE_7D) == 0
    assert d.tick(DUE_7D + timedelta(hours=1)) == 0
    info = interim.ok("/meeting info 1").text
    assert "7d before — *failed*: channel_not_found (after 1 attempts)" in info


def test_transient_failures_back_off_then_give_up(interim):
    poster = Poster(*[PostFailed("internal_error") for _ in range(MAX_ATTEMPTS)])
    d = dispatcher(interim.store, poster)
    now = DUE_7D
    for _ in range(MAX_ATTEMPTS + 2):
        d.tick(now)
        now += timedelta(minutes=10)
    assert poster.posts == []
    assert (
        f"*failed*: internal_error (after {MAX_ATTEMPTS} attempts)"
        in interim.ok("/meeting info 1").text
    )


def test_two_schedulers_on_one_database_send_each_reminder_once(interim, tmp_path):
    for n in range(2, 12):
        interim.ok(
            f'/meeting new "Interim {n}" kind=interim start="2024-08-20 13:{n:02d}" '
            "tz=UTC remind=1h"
        )
    path = interim.store.db.conn.execute("PRAGMA database_list").fetchone()[2]
    poster = Poster()
    stores = [Store.open(path), Store.open(path)]
    workers = [
        Dispatcher(lambda s=s: s, poster, worker=f"w{i}", sleep=no_sleep)
        for i, s in enumerate(stores)
    ]
    barrier = threading.Barrier(2)
    now = datetime(2024, 8, 20, 12, 30, tzinfo=UTC)  # all eleven 1h reminders are due

    def run(worker):
        barrier.wait()
        for _ in range(5):
            worker.tick(now)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    titles = [p[1].split("*")[1] for p in poster.posts]
    assert sorted(titles) == sorted(
        ["RG-SOP interim e-meeting"] + [f"Interim {n}" for n in range(2, 12)]
    )


TWO_PROCESS_SCRIPT = """
import sys
from datetime import datetime, UTC
from bot.reminders import Dispatcher
from storage import Store
store = Store.open(sys.argv[1])
out = open(sys.argv[2], "a")
def post(channel, text, blocks):
    out.write(text.split("*")[1] + "\\n"); out.flush()
d = Dispatcher(lambda: store, post, worker=sys.argv[3], sleep=lambda s: None)
for _ in range(20):
    d.tick(datetime(2024, 8, 20, 12, 30, tzinfo=UTC))
"""


def test_two_processes_on_one_database_send_each_reminder_once(interim, tmp_path):
    for n in range(2, 21):
        interim.ok(
            f'/meeting new "Interim {n}" kind=interim start="2024-08-20 13:{n:02d}" '
            "tz=UTC remind=1h"
        )
    path = interim.store.db.conn.execute("PRAGMA database_list").fetchone()[2]
    sent = tmp_path / "sent.txt"
    procs = [
        subprocess.Popen([sys.executable, "-c", TWO_PROCESS_SCRIPT, path, str(sent), f"p{i}"])
        for i in range(2)
    ]
    for p in procs:
        assert p.wait(timeout=60) == 0
    lines = sent.read_text().splitlines()
    assert len(lines) == 20 and len(set(lines)) == 20


def test_the_slack_poster_turns_429_into_a_retry_after(interim):
    fake = fakeslack.FakeSlack(rate_limited={"chat.postMessage": 17})
    server = fakeslack.start(fake)
    try:
        from slack_sdk import WebClient

        post = slack_poster(WebClient(token="xoxb-1", base_url=fake.api_url)).send
        with pytest.raises(PostFailed) as err:
            post("C1", "hello", [], "k1")
        assert (err.value.code, err.value.retry_after) == ("ratelimited", 17.0)
        post("C1", "hello", [], "k1")  # the fake answers 429 once, like a passing limit
        [call] = [c for c in fake.calls_to("chat.postMessage") if c.args.get("text")]
        assert call.args["channel"] == "C1"
        fake.errors["chat.postMessage"] = "channel_not_found"
        with pytest.raises(PostFailed) as err:
            post("C1", "hello", [], "k1")
        assert err.value.permanent
    finally:
        server.shutdown()


def test_ics_has_the_right_utc_instant_and_time_zone(group):
    group.ok('/meeting new "RG-SOP e-meeting" kind=interim start="2024-10-29 13:00" duration=2h')
    [f] = group.ok("/meeting ics 1").files
    cal = icalendar.Calendar.from_ical(f.content)
    [event] = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Zurich" or "Zurich" in repr(start.tzinfo)
    assert start.astimezone(UTC) == datetime(2024, 10, 29, 12, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime(2024, 10, 29, 14, 0, tzinfo=UTC)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Zurich"]


def test_one_channel_gets_its_reminders_a_second_apart_others_in_parallel(group, tmp_path):
    for n in range(3):
        group.ok(
            f'/meeting new "Same channel {n}" kind=interim start="2024-08-20 13:0{n}" '
            "tz=UTC remind=1h"
        )
    other = Clerk(group.store, group.clock)
    other.ok('/clerk setup name="Other group"', channel="C2")
    other.ok(
        '/meeting new "Other channel" kind=interim start="2024-08-20 13:00" tz=UTC remind=1h',
        channel="C2",
    )
    waits: list[float] = []
    poster = Poster()
    d = Dispatcher(lambda: group.store, poster, worker="w", sleep=waits.append, workers=4)
    assert d.tick(datetime(2024, 8, 20, 12, 30, tzinfo=UTC)) == 4
    assert waits == [1.0, 1.0]  # between the three of C1; none for C2
    assert sorted(p[0] for p in poster.posts) == ["C1", "C1", "C1", "C2"]
