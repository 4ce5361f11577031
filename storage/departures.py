"""Workspaces that have left: uninstalled Clerk or revoked its token."""

from __future__ import annotations

from datetime import datetime

from ._base import Repo, stamp

# The outbox rows of groups in departed workspaces (see Claims._claim, which skips them).
DEPARTED_GROUPS = "SELECT g.id FROM groups g JOIN departures d ON d.team_id = g.team_id"


class Departures(Repo):
    """Which workspaces left, when and why; their record stays until purged."""

    def mark(self, team_id: str, why: str, *, now: datetime) -> int:
        """The workspace left: remember it and drop what was waiting to be posted there.
        How many outbox messages were dropped."""
        self.db.execute(
            "INSERT INTO departures (team_id, at, why) VALUES (?, ?, ?) "
            "ON CONFLICT (team_id) DO NOTHING",
            [team_id, stamp(now), why],
        )
        cur = self.db.execute(
            "UPDATE outbox SET status = 'dropped', last_error = ? "
            "WHERE status IN ('pending', 'claimed') "
            "AND group_id IN (SELECT id FROM groups WHERE team_id = ?)",
            [f"the workspace left: {why}", team_id],
        )
        return int(cur.rowcount)

    def clear(self, team_id: str) -> bool:
        """The workspace is back (a request came from it): True when it had left."""
        cur = self.db.execute("DELETE FROM departures WHERE team_id = ?", [team_id])
        return int(cur.rowcount) > 0

    def teams(self) -> list[str]:
        return [r["team_id"] for r in self._all("SELECT team_id FROM departures ORDER BY at")]

    def before(self, cutoff: datetime) -> list[str]:
        """Workspaces that left before `cutoff` (their retention period is over)."""
        rows = self._all("SELECT team_id FROM departures WHERE at < ? ORDER BY at", [stamp(cutoff)])
        return [r["team_id"] for r in rows]
