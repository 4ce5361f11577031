"""Deleting a group's whole record: every row of it, its undo journal and search index too."""

from __future__ import annotations

from sqlite_utils import Database

# Child tables first (no cascades in the schema): what refers to entries, to meetings, to
# groups. The search index follows entries and documents through their triggers.
_BY_GROUP = (
    ("outbox", "group_id IN ({g})"),
    ("action_events", "group_id IN ({g})"),
    ("change_rows", "change_id IN (SELECT id FROM changes WHERE group_id IN ({g}))"),
    ("changes", "group_id IN ({g})"),
    ("entries", "group_id IN ({g})"),
    ("documents", "meeting_id IN (SELECT id FROM meetings WHERE group_id IN ({g}))"),
    ("agenda_items", "meeting_id IN (SELECT id FROM meetings WHERE group_id IN ({g}))"),
    ("attendance", "meeting_id IN (SELECT id FROM meetings WHERE group_id IN ({g}))"),
    ("speakers", "meeting_id IN (SELECT id FROM meetings WHERE group_id IN ({g}))"),
    ("meetings", "group_id IN ({g})"),
    ("roles", "group_id IN ({g})"),
    ("nicks", "group_id IN ({g})"),
    ("tor_items", "group_id IN ({g})"),
    ("word_templates", "group_id IN ({g})"),
    ("groups", "id IN ({g})"),
)


def purge_groups(db: Database, group_ids: list[int]) -> dict[str, int]:
    """Delete these groups and everything recorded in them; rows deleted, by table. Run it
    in a transaction of its own, never journaled (it cannot be undone by design)."""
    if not group_ids:
        return {}
    marks = ", ".join("?" for _ in group_ids)
    counts: dict[str, int] = {}
    for table, where in _BY_GROUP:
        cur = db.execute(f"DELETE FROM {table} WHERE {where.format(g=marks)}", group_ids)
        counts[table] = int(cur.rowcount)
    return counts


def purge_requests(db: Database, team_id: str, channel_id: str = "") -> int:
    """The deliveries asked for in that workspace (or channel): they name commands typed."""
    sql = "DELETE FROM outbox WHERE what = 'delivery' AND team_id = ?"
    params = [team_id]
    if channel_id:
        sql += " AND channel_id = ?"
        params.append(channel_id)
    deleted = int(db.execute(sql, params).rowcount)
    if not channel_id:  # answers remembered for retried commands (kept a day anyway)
        db.execute(
            "DELETE FROM handled_requests WHERE key LIKE ? ESCAPE '\\'",
            [team_id.replace("%", "\\%").replace("_", "\\_") + ":%"],
        )
    return deleted
