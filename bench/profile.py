"""`python -m bench.profile`: where one slash command's time goes, by pyinstrument.

Drives the real Bolt app in-process with signed /note requests (no network but the fake
Slack Web API for start-up), then the router alone with the same commands, and writes both
timings and both profiles to bench/results/profile-note.txt. The router runs on a pool
thread of its own behind Bolt (so Slack is answered within 3 s whatever the database does),
where a profile of the request's thread sees it only as a wait: hence the second profile.
"""

from __future__ import annotations

import hashlib
import hmac
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pyinstrument import Profiler
from slack_bolt.request import BoltRequest

from bot.config import Config
from bot.slack_app import create_app
from bot.stores import Stores
from commands import Caller, Context, make_router
from storage import Store
from tests import fakeslack

from .data import make_meeting

RESULTS = Path(__file__).parent / "results"
TEXT = '1 "A note logged during the meeting, {n}."'


def _request(n: int) -> BoltRequest:
    body = urlencode(
        {
            "team_id": "TBENCH",
            "channel_id": "CBENCH",
            "user_id": "UCHAIR",
            "user_name": "chair",
            "command": "/note",
            "text": TEXT.format(n=n),
            "trigger_id": f"profile.{n}",
            "response_url": "http://127.0.0.1:9/",
        }
    )
    ts = str(int(time.time()))
    sig = "v0=" + hmac.new(b"secret", f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return BoltRequest(
        body=body,
        headers={
            "content-type": ["application/x-www-form-urlencoded"],
            "x-slack-request-timestamp": [ts],
            "x-slack-signature": [sig],
        },
    )


def _timed(call: Callable[[Any], object], make: Callable[[int], Any], count: int):
    """Median ms of `call` over `count` arguments from `make` (after a warm-up), then a profile
    of `count` more. Each call gets an argument of its own: one seen before would be answered
    as Slack's retry of it, not run."""
    for n in range(100):  # warm caches (users.info, statements)
        call(make(n))
    timed = [make(n) for n in range(100, 100 + count)]
    times = []
    for a in timed:
        started = time.perf_counter()
        call(a)
        times.append(time.perf_counter() - started)
    profiled = [make(n) for n in range(100 + count, 100 + 2 * count)]
    profiler = Profiler(interval=0.0001)
    profiler.start()
    for a in profiled:
        call(a)
    profiler.stop()
    return statistics.median(times) * 1000, profiler


def main(count: int = 2000) -> None:
    fake = fakeslack.FakeSlack(team_id="TBENCH")
    web = fakeslack.start(fake)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "profile.db"
            make_meeting(db, 12)[0].close()
            config = Config.from_env(
                {
                    "SLACK_BOT_TOKEN": "xoxb-p",
                    "SLACK_SIGNING_SECRET": "secret",
                    "SLACK_API_URL": fake.api_url,
                    "CLERK_DB": str(db),
                    "CLERK_WARM_WORKER": "0",  # no report here
                }
            )
            app = create_app(config, Stores(str(db)))
            through_bolt, bolt_profile = _timed(app.dispatch, _request, count)
            store = Store.open(db)
            router = make_router(store)

            def note(n: int) -> object:
                caller = Caller("UCHAIR", fallback_name="chair", lookup=lambda: ("Chair", False))
                now = datetime.now(UTC)
                ctx = Context("TBENCH", "CBENCH", caller, now, request_id=f"router.{n}")
                return router.dispatch("/note", TEXT.format(n=n), ctx, escaped=True)

            router_alone, router_profile = _timed(note, lambda n: n, count)
            store.close()
    finally:
        web.shutdown()
    text = (
        f"{count} signed /note requests through the Bolt app in-process: "
        f"{through_bolt:.3f} ms each (median)\n"
        f"the router alone, the same commands: {router_alone:.3f} ms each (median)\n"
        f"so the Slack edge and the hand-over to the command's thread: "
        f"{through_bolt - router_alone:.3f} ms\n\n"
        "Through Bolt (the request's thread; the router shows as Future.result):\n"
        + bolt_profile.output_text(unicode=True)
        + "\nThe router alone:\n"
        + router_profile.output_text(unicode=True)
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "profile-note.txt").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
