"""Live capture at the Slack edge (bot/capture_events.py): one entry per message, whatever
order Slack delivers its events in — retries after edits and deletions, deleted thread
parents, a decision delivered after the close — with the payload shapes Slack sends."""

from __future__ import annotations

import time

from .edge import changed, live_entries, message, now_ts, set_up_channel

FAKE_SLACK = {"users": {"U0DELEGATE": {"display_name": "Ana", "real_name": "Ana Delegate"}}}

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def test_a_retry_after_an_edit_does_not_make_a_second_comment(served):
    set_up_channel(served, "C50", open_=True)
    ts = now_ts(1)
    first = message("#comment C103 We support it.", ts, channel="C50")
    assert served.event(first, event_id="Ev50a").status == 200
    edit = changed("C50", ts, "#comment C103 We support it, with changes.", first["text"])
    assert served.event(edit, event_id="Ev50b").status == 200
    assert served.event(first, event_id="Ev50c", headers=RETRY).status == 200
    assert live_entries(served, "C50") == [("comment", "C103", "We support it, with changes.")]


def test_a_message_deleted_before_its_delivery_is_not_recorded(served):
    set_up_channel(served, "C51", open_=True)
    ts = now_ts(1)
    gone = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "C51",
        "hidden": True,
        "deleted_ts": ts,
        "ts": now_ts(2),
        "event_ts": now_ts(2),
    }
    assert served.event(gone, event_id="Ev51a").status == 200
    late = message("#note Take this back.", ts, channel="C51")
    assert served.event(late, event_id="Ev51b", headers=RETRY).status == 200
    # Recorded, deleted, then the retry of the original: still deleted.
    ts2 = now_ts(3)
    noted = message("#note Another.", ts2, channel="C51")
    served.event(noted, event_id="Ev51c")
    served.event({**gone, "deleted_ts": ts2}, event_id="Ev51d")
    served.event(noted, event_id="Ev51e", headers=RETRY)
    assert live_entries(served, "C51") == []


def test_a_decision_typed_during_the_meeting_and_delivered_after_close_is_kept(served):
    set_up_channel(served, "C52", open_=True)
    time.sleep(1.1)  # stored times have second precision
    ts = now_ts()
    time.sleep(1.1)  # the message is older than the close (Slack ts have second precision)
    assert served.command("/meeting", "close", channel="C52").status == 200
    typed = message("#decision C103 agreed", ts, channel="C52", user="U0CHAIR")
    assert served.event(typed, event_id="Ev52", headers=RETRY).status == 200
    assert [(k, t) for k, t, _ in live_entries(served, "C52")] == [("decision", "C103")]
    # One written after the close is not.
    after = message("#note Too late.", now_ts(5), channel="C52")
    served.event(after, event_id="Ev52b")
    assert len(live_entries(served, "C52")) == 1


def test_a_deleted_thread_parent_leaves_the_record(served):
    set_up_channel(served, "C53", open_=True)
    ts = now_ts(1)
    served.event(message("#note With replies.", ts, channel="C53"), event_id="Ev53a")
    assert live_entries(served, "C53") == [("note", "3.2", "With replies.")]
    tombstone = changed(
        "C53",
        ts,
        "This message was deleted.",
        "#note With replies.",
        user="USLACKBOT",
        subtype="tombstone",
        hidden=True,
        thread_ts=ts,
        reply_count=2,
    )
    assert served.event(tombstone, event_id="Ev53b").status == 200
    assert live_entries(served, "C53") == []


def test_an_edit_that_makes_another_entry_is_one_transaction(served, monkeypatch):
    from storage.entries import Entries

    set_up_channel(served, "C54", open_=True)
    ts = now_ts(1)
    served.event(
        message("#comment C103 Support.", ts, channel="C54", user="U0CHAIR"), event_id="Ev54a"
    )

    def crash(self, *args, **kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(Entries, "delete", crash)
    edit = changed("C54", ts, "#decision C103 agreed", "#comment C103 Support.", user="U0CHAIR")
    served.event(edit, event_id="Ev54b")
    monkeypatch.undo()
    assert live_entries(served, "C54") == [("comment", "C103", "Support.")]
