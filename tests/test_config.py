"""Settings from the environment (bot/config.py): defaults, and one sentence for a bad value."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.config import Config, ConfigError


def test_the_defaults_are_those_the_readme_gives():
    config = Config.from_env({})
    assert (config.ack_seconds, config.warm_worker, config.slack_timeout) == (2.5, True, 10)
    assert config.stale_claim == 600.0 and config.db_path == "./clerk.db"
    assert config.recheck_seconds == 5.0


def test_the_look_after_a_lost_answer_is_a_setting_the_sends_and_shares_follow():
    from bot import delivery
    from bot.reminders import slack_poster

    config = Config.from_env({"CLERK_RECHECK_SECONDS": "1"})
    assert slack_poster(WebClient(token="xoxb-1"), config.recheck_seconds).recheck == 1.0
    before = delivery.SHARE_CHECKS
    try:
        delivery.configure_rechecks(config.recheck_seconds)
        assert delivery.SHARE_CHECKS == (0.2, 0.4, 0.8)
    finally:
        delivery.SHARE_CHECKS = before


def test_settings_are_read_and_a_worker_need_not_wait_loaded():
    config = Config.from_env({"CLERK_ACK_SECONDS": "0.5", "CLERK_WARM_WORKER": "0"})
    assert (config.ack_seconds, config.warm_worker) == (0.5, False)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("CLERK_WARM_WORKER", "yes", "CLERK_WARM_WORKER must be 1 (on) or 0 (off), not “yes”."),
        ("CLERK_ACK_SECONDS", "3", "CLERK_ACK_SECONDS must be seconds from 0.1 to 2.9, not “3”."),
        ("CLERK_SLACK_TIMEOUT", "soon", "CLERK_SLACK_TIMEOUT must be seconds from 1 to 120"),
        ("PORT", "http", "PORT must be a number, not “http”."),
        ("CLERK_RECHECK_SECONDS", "0", "CLERK_RECHECK_SECONDS must be seconds from 0.1 to 300"),
    ],
)
def test_a_bad_setting_is_one_sentence_naming_it(name, value, said):
    with pytest.raises(ConfigError) as err:
        Config.from_env({name: value})
    assert said in str(err.value)
