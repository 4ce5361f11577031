"""`python -m bench.profile`: where one slash command's time goes, by pyinstrument.

Drives the real Bolt app in-process with signed /note requests (no network but the fake
Slack Web API for start-up), and writes the profile to bench/results/profile-note.txt.
"""

from __future__ import annotations

import hashlib
import hmac
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from pyinstrument import Profiler
from slack_bolt.request import BoltRequest

from bot.config import Config
from bot.slack_app import create_app
from bot.stores import Stores
from tests import fakeslack

from .data import make_meeting

RESULTS = Path(__file__).parent / "results"


def _request(n: int) -> BoltRequest:
    body = urlencode(
        {
            "team_id": "TBENCH",
            "channel_id": "CBENCH",
            "user_id": "UCHAIR",
            "user_name": "chair",
            "command": "/note",
            "text": f'1 "A note logged during the meeting, {n}."',
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
                }
            )
            app = create_app(config, Stores(str(db)))
            requests = [_request(n) for n in range(count + 100)]
            for r in requests[:100]:  # warm caches (users.info, statements)
                app.dispatch(r)
            profiler = Profiler(interval=0.0001)
            profiler.start()
            started = time.perf_counter()
            for r in requests[100:]:
                app.dispatch(r)
            elapsed = time.perf_counter() - started
            profiler.stop()
    finally:
        web.shutdown()
    text = (
        f"{count} signed /note requests through the Bolt app in-process: "
        f"{elapsed / count * 1000:.3f} ms each\n\n" + profiler.output_text(unicode=True)
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "profile-note.txt").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
