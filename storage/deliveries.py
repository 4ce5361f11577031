"""Slow work asked for in Slack (a report, an export), kept until it is delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ._base import Repo, stamp


@dataclass(frozen=True)
class Delivery:
    """A request whose answer is built and posted after the ack."""

    id: int
    team_id: str
    channel_id: str
    user_id: str
    response_url: str
    command: str
    text: str
    status: str
    worker: str  # the process delivering it: host:pid
    created_at: datetime


class Deliveries(Repo):
    def start(
        self,
        *,
        team_id: str,
        channel_id: str,
        user_id: str,
        response_url: str,
        command: str,
        text: str,
        now: datetime,
        worker: str,
    ) -> int:
        return self._insert(
            "deliveries",
            {
                "team_id": team_id,
                "channel_id": channel_id,
                "user_id": user_id,
                "response_url": response_url,
                "command": command,
                "text": text,
                "worker": worker,
                "created_at": stamp(now),
            },
        )

    def finish(self, delivery_id: int, status: str, *, now: datetime, note: str = "") -> None:
        self.db.execute(
            "UPDATE deliveries SET status = ?, note = ?, finished_at = ? WHERE id = ?",
            [status, note, stamp(now), delivery_id],
        )

    def interrupted(self) -> list[Delivery]:
        """What is being built or posted, or was when its process died (the caller tells
        which by the worker)."""
        rows = self._all(
            "SELECT id, team_id, channel_id, user_id, response_url, command, text, status, "
            "worker, created_at FROM deliveries WHERE status = 'running' ORDER BY id",
            [],
        )
        return [
            Delivery(**{**r, "created_at": datetime.fromisoformat(r["created_at"])}) for r in rows
        ]
