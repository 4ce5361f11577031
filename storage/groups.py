"""Groups (one per Slack channel), their chair roles and terms of reference."""

from __future__ import annotations

from datetime import datetime

from ._base import Repo, stamp
from .models import Group, GroupFields, Nick, Role, TorItem


class Groups(Repo):
    """Channel-scoped groups; every other record hangs off one of these."""

    def get(self, team_id: str, channel_id: str) -> Group | None:
        row = self._one(
            "SELECT * FROM groups WHERE team_id = ? AND channel_id = ?", [team_id, channel_id]
        )
        return Group.from_row(row) if row else None

    def for_user(self, team_id: str, user_id: str) -> list[Group]:
        """Groups of a workspace a user takes part in: holds a role, logged, or attended.

        Not every group of the workspace: a private channel's group stays out of sight of
        people who are not in it.
        """
        rows = self._all(
            "SELECT * FROM groups WHERE team_id = ? AND id IN ("
            " SELECT group_id FROM roles WHERE user_id = ?"
            " UNION SELECT group_id FROM entries WHERE author_id = ?"
            " UNION SELECT m.group_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id"
            "  WHERE a.user_id = ?) ORDER BY name",
            [team_id, user_id, user_id, user_id],
        )
        return [Group.from_row(r) for r in rows]

    def by_id(self, group_id: int) -> Group:
        return Group.from_row(self._row("SELECT * FROM groups WHERE id = ?", [group_id]))

    def by_id_or_none(self, group_id: int) -> Group | None:
        """A group by row id, None when there is none (an undone set-up)."""
        row = self._one("SELECT * FROM groups WHERE id = ?", [group_id])
        return Group.from_row(row) if row else None

    def all(self) -> list[Group]:
        return [Group.from_row(r) for r in self._all("SELECT * FROM groups ORDER BY id")]

    def find(self, channel: str) -> list[Group]:
        """Groups whose channel id, channel name or group name is `channel` (offline CLI)."""
        name = channel.lstrip("#")
        rows = self._all(
            "SELECT * FROM groups WHERE channel_id = ? OR lower(channel_name) = lower(?) "
            "OR lower(name) = lower(?) ORDER BY id",
            [name, name, name],
        )
        return [Group.from_row(r) for r in rows]

    def create(
        self,
        team_id: str,
        channel_id: str,
        *,
        name: str,
        short_name: str,
        parent: str,
        tz: str,
        now: datetime,
        channel_name: str = "",
    ) -> Group:
        gid = self._insert(
            "groups",
            {
                "team_id": team_id,
                "channel_id": channel_id,
                "name": name,
                "short_name": short_name,
                "parent": parent,
                "tz": tz,
                "created_at": stamp(now),
                "channel_name": channel_name,
            },
        )
        return self.by_id(gid)

    def update(self, group_id: int, values: GroupFields) -> Group:
        self._update("groups", group_id, values.given())
        return self.by_id(group_id)

    # Roles ---------------------------------------------------------------------------------

    def roles(self, group_id: int) -> list[Role]:
        rows = self._all("SELECT * FROM roles WHERE group_id = ? ORDER BY id", [group_id])
        return [Role.from_row(r) for r in rows]

    def set_role(
        self,
        group_id: int,
        role: str,
        *,
        user_id: str | None,
        name: str,
        now: datetime,
        contact: str | None = None,
    ) -> Role:
        """Give a person a role; every role is a list (a group may have several chairs)."""
        # The same person named again takes over their old line instead of doubling it.
        same = self._one(
            "SELECT id FROM roles WHERE group_id = ? AND role = ? AND "
            "((? IS NOT NULL AND user_id = ?) OR (? != '' AND lower(name) = lower(?)))",
            [group_id, role, user_id, user_id, name, name],
        )
        kept = {} if contact is None else {"contact": contact}  # None: leave it as it is
        if same:
            self._update("roles", same["id"], {"user_id": user_id, "name": name, **kept})
            rid = int(same["id"])
        else:
            rid = self._insert(
                "roles",
                {
                    "group_id": group_id,
                    "role": role,
                    "user_id": user_id,
                    "name": name,
                    "created_at": stamp(now),
                    **kept,
                },
            )
        return Role.from_row(self._row("SELECT * FROM roles WHERE id = ?", [rid]))

    # Nicks: the short names a scribe types --------------------------------------------------

    def nicks(self, group_id: int) -> list[Nick]:
        rows = self._all("SELECT * FROM nicks WHERE group_id = ? ORDER BY nick", [group_id])
        return [Nick.from_row(r) for r in rows]

    def nick(self, group_id: int, nick: str) -> Nick | None:
        """The person a nick names (any case), or None."""
        row = self._one("SELECT * FROM nicks WHERE group_id = ? AND nick = ?", [group_id, nick])
        return Nick.from_row(row) if row else None

    def set_nick(
        self, group_id: int, nick: str, *, name: str, user_id: str | None, now: datetime
    ) -> Nick:
        """Map `nick` to a person for the group's meetings from now on (replacing any)."""
        self.db.execute(
            "INSERT INTO nicks (group_id, nick, name, user_id, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (group_id, nick) DO UPDATE SET name = excluded.name, "
            "user_id = excluded.user_id",
            [group_id, nick, name, user_id, stamp(now)],
        )
        found = self.nick(group_id, nick)
        assert found is not None
        return found

    def remove_nick(self, group_id: int, nick: str) -> bool:
        cur = self.db.execute("DELETE FROM nicks WHERE group_id = ? AND nick = ?", [group_id, nick])
        return cur.rowcount == 1

    def remove_role(self, role_id: int) -> None:
        self.db.execute("DELETE FROM roles WHERE id = ?", [role_id])

    # The group's own Word template ----------------------------------------------------------

    def template(self, group_id: int) -> tuple[str, bytes] | None:
        """(file name, content) of the group's Word template, if it has one."""
        row = self._one("SELECT name, content FROM word_templates WHERE group_id = ?", [group_id])
        return (str(row["name"]), bytes(row["content"])) if row else None

    def template_name(self, group_id: int) -> str:
        row = self._one("SELECT name FROM word_templates WHERE group_id = ?", [group_id])
        return str(row["name"]) if row else ""

    def set_template(
        self, group_id: int, name: str, content: bytes, *, now: datetime, by: str
    ) -> None:
        """Use this .docx for the group's Word drafts from now on (replacing any before)."""
        self.db.execute("DELETE FROM word_templates WHERE group_id = ?", [group_id])
        self._insert(
            "word_templates",
            {
                "group_id": group_id,
                "name": name,
                "content": content,
                "created_at": stamp(now),
                "created_by": by,
            },
        )

    def drop_template(self, group_id: int) -> bool:
        """Back to Clerk's own layout; True if there was a template."""
        return bool(
            self.db.execute("DELETE FROM word_templates WHERE group_id = ?", [group_id]).rowcount
        )

    # Terms of reference -------------------------------------------------------------------

    def tor(self, group_id: int) -> list[TorItem]:
        rows = self._all("SELECT * FROM tor_items WHERE group_id = ? ORDER BY position", [group_id])
        return [TorItem.from_row(r) for r in rows]

    def add_tor(self, group_id: int, text: str) -> TorItem:
        pos = self._row(
            "SELECT coalesce(max(position), 0) + 1 AS p FROM tor_items WHERE group_id = ?",
            [group_id],
        )["p"]
        tid = self._insert("tor_items", {"group_id": group_id, "position": pos, "text": text})
        return TorItem.from_row(self._row("SELECT * FROM tor_items WHERE id = ?", [tid]))

    def clear_tor(self, group_id: int) -> int:
        return self.db.execute("DELETE FROM tor_items WHERE group_id = ?", [group_id]).rowcount
