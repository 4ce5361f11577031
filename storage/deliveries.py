"""Slow work asked for in Slack (a report, an export), kept in the outbox until delivered."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ._base import stamp
from .claims import Claims, outcome_unknown
from .models import Row


@dataclass(frozen=True)
class Delivery:
    """A request whose answer is built and posted after the ack."""

    id: int
    group_id: int
    team_id: str
    channel_id: str
    user_id: str
    response_url: str
    command: str
    text: str
    worker: str  # the process delivering it: host:pid
    created_at: datetime
    files: tuple[str, ...]  # Slack's ids of its files, once handed out (before sharing)
    last_error: str = ""

    @property
    def unknown(self) -> bool:
        """Taken over from a process that died: its files may have been shared already."""
        return outcome_unknown(self.last_error)

    @classmethod
    def from_row(cls, r: Row) -> Delivery:
        return cls(
            id=int(r["id"]),
            group_id=int(r["group_id"]),
            team_id=str(r["team_id"]),
            channel_id=str(r["channel_id"]),
            user_id=str(r["user_id"]),
            response_url=str(r["response_url"]),
            command=str(r["command"]),
            text=str(r["text"]),
            worker=str(r["claimed_by"]),
            created_at=datetime.fromisoformat(str(r["created_at"])),
            files=tuple(json.loads(r["files"])) if r["files"] else (),
            last_error=str(r["last_error"]),
        )


class Deliveries(Claims):
    """The outbox's deliveries: each claimed by the process that builds and posts it."""

    what = "delivery"

    def start(
        self,
        *,
        group_id: int,
        team_id: str,
        channel_id: str,
        user_id: str,
        response_url: str,
        command: str,
        text: str,
        now: datetime,
        worker: str,
    ) -> int:
        """A delivery begun now by `worker`: claimed from the start, never waiting."""
        at = stamp(now)
        new = self._insert(
            "outbox",
            {
                "what": self.what,
                "group_id": group_id,
                "team_id": team_id,
                "channel_id": channel_id,
                "user_id": user_id,
                "response_url": response_url,
                "command": command,
                "text": text,
                "due_at": at,
                "next_attempt_at": at,
                "status": "claimed",
                "claimed_by": worker,
                "claimed_at": at,
                "created_at": at,
            },
        )
        self._update("outbox", new, {"key": f"delivery:{new}"})
        return new

    def files_handed_out(self, delivery_id: int, file_ids: list[str]) -> None:
        """Slack's ids of the files about to be shared: what to look for after a crash."""
        self._update("outbox", delivery_id, {"files": json.dumps(file_ids)})

    def finish(self, delivery_id: int, status: str, *, now: datetime, note: str = "") -> None:
        """Done ("sent"), told it failed ("failed"), or run again as another ("dropped")."""
        values: dict[str, object] = {"status": status, "last_error": note}
        if status == "sent":
            values["sent_at"] = stamp(now)
        self._update("outbox", delivery_id, values)

    def get(self, delivery_id: int) -> Delivery:
        return Delivery.from_row(self._row("SELECT * FROM outbox WHERE id = ?", [delivery_id]))

    def interrupted(self) -> list[Delivery]:
        """Deliveries being built or posted, or that were when their process died."""
        rows = self._all(
            "SELECT * FROM outbox WHERE what = 'delivery' AND status = 'claimed' ORDER BY id", []
        )
        return [Delivery.from_row(r) for r in rows]
