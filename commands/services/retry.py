"""How Clerk's timed messages (meeting reminders, action owners' DMs) retry and hand over."""

from __future__ import annotations

from datetime import timedelta

# A message sent this long after its time was missed (Clerk was down) is marked late.
LATE_AFTER = timedelta(minutes=5)
# A claim this old belongs to a process that died mid-send; another process takes it over.
STALE_CLAIM = timedelta(minutes=10)
# A delivery (a report being built and uploaded) is its process's while that process lives:
# taken over when the process is known dead, or — another machine's — once it is older than
# any report job may take (bot/jobs.py JOB_TIMEOUT, 10 minutes) with its upload.
STALE_DELIVERY = timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_BACKOFF = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s … after the n-th failed attempt, at most MAX_BACKOFF."""
    return min(timedelta(seconds=10 * 2 ** (attempts - 1)), MAX_BACKOFF)
