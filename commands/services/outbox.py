"""One outbox, one claim: everything Clerk posts on its own or after the fact (meeting
reminders to the channel, action owners' DMs, report and export deliveries), claimed together by
one sender, oldest due first. A delivery is claimed by the process that runs it right after the
ack; the sender sees one only when that process died with it (to look, and run it again).

Each kind keeps what only it knows — a cancelled meeting's reminder is dropped, a done
action's DM too, of several due at once only the latest goes — in `reminders_due` and
`notices_due`; claiming, and the exactly-once bookkeeping around the send, are written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commands.framework.work import bookkeeping
from commands.services.actions import NoticeDue, notices_due
from commands.services.reminders import Due, reminders_due
from commands.services.retry import STALE_CLAIM, STALE_DELIVERY
from storage import ActionNotice, Delivery, Reminder, Store


@dataclass(frozen=True)
class Claimed:
    """One claim of the outbox: the reminders and DMs it holds, ready to send, and the
    deliveries dead processes left."""

    reminders: list[Due]
    notices: list[NoticeDue]
    rows: int  # how many rows were claimed (a full batch means: claim again)
    deliveries: list[Delivery] = field(default_factory=list)


def claim_outbox(
    store: Store,
    now: datetime,
    worker: str,
    *,
    limit: int = 200,
    stale: timedelta = STALE_CLAIM,
    dead: Sequence[str] = (),
    deliveries: bool = True,
) -> Claimed:
    """Claim up to `limit` messages due now, of every kind, for `worker` alone; claims older
    than `stale`, or held by `dead` workers, are taken over (their send is checked first).
    Without `deliveries`, the deliveries dead processes left are left for a sender that can
    run them."""
    kinds = () if deliveries else ("reminder", "dm")
    with bookkeeping(store):
        rows = store.outbox.claim_all(
            now,
            worker,
            stale_before=now - stale,
            limit=limit,
            dead=dead,
            kinds=kinds,
            delivery_stale_before=now - STALE_DELIVERY,
        )
        reminders = [Reminder.from_row(r) for r in rows if r["what"] == "reminder"]
        notices = [ActionNotice.from_row(r) for r in rows if r["what"] == "dm"]
        left = [Delivery.from_row(r) for r in rows if r["what"] == "delivery"]
        return Claimed(
            reminders_due(store, reminders, now), notices_due(store, notices, now), len(rows), left
        )
