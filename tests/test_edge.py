"""The Slack edge (bot/edge.py): each request's signature checked once, on the raw bytes."""

from __future__ import annotations

from .edge import message, now_ts


def test_each_request_is_verified_once_by_the_edge(served, monkeypatch):
    """The edge checks the signature; Bolt does not check it again."""
    import inspect

    from slack_sdk.signature import SignatureVerifier

    callers: list[str] = []
    real = SignatureVerifier.is_valid

    def counted(self, *args, **kwargs):
        callers.append(inspect.stack()[1].frame.f_globals.get("__name__", ""))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SignatureVerifier, "is_valid", counted)
    assert served.command("/clerk", "help", channel="C98").status == 200
    assert (
        served.event(message("just talk", now_ts(2), channel="C98"), event_id="Ev98").status == 200
    )
    assert callers == ["bot.edge", "bot.edge"]
