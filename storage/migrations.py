"""Versioned schema migrations; each runs once per database, in order."""

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("clerk")


def script(db: Database, sql: str) -> None:
    """Run several statements inside the migration's transaction (sqlite3's executescript
    would commit first). A statement can only be complete at a semicolon, so the text is
    tested there alone; sqlite-utils' own splitter joined and tested it at every character,
    which took most of the 0.1 s a new database cost."""
    cursor, start, at = db.conn.cursor(), 0, 0
    while (at := sql.find(";", at) + 1) > 0:
        statement = sql[start:at].strip()
        if statement and sqlite3.complete_statement(statement):
            cursor.execute(statement)
            start = at
    rest = sql[start:].strip()
    if rest:
        cursor.execute(rest)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Groups, roles, terms of reference, meetings, agenda, documents, entries, attendance."""
    script(
        db,
        """
        CREATE TABLE groups (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL DEFAULT '',
            parent TEXT NOT NULL DEFAULT '',
            tz TEXT NOT NULL DEFAULT 'UTC',
            default_remind TEXT NOT NULL DEFAULT '7d 1d 1h',
            current_meeting_id INTEGER,
            created_at TEXT NOT NULL,
            UNIQUE (team_id, channel_id)
        );
        CREATE TABLE roles (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            role TEXT NOT NULL,
            user_id TEXT,
            name TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX roles_group ON roles(group_id);
        CREATE TABLE tor_items (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            number INTEGER NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'session',
            event TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            event_dates TEXT NOT NULL DEFAULT '',
            start TEXT,
            "end" TEXT,
            tz TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            remind TEXT NOT NULL DEFAULT '',
            opened_at TEXT,
            closed_at TEXT,
            cancelled_at TEXT,
            agenda_doc TEXT NOT NULL DEFAULT '',
            current_item TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            UNIQUE (group_id, number)
        );
        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            number TEXT NOT NULL,
            title TEXT NOT NULL,
            sort_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE UNIQUE INDEX agenda_live ON agenda_items(meeting_id, number)
            WHERE removed_at IS NULL;
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            number TEXT NOT NULL,
            base TEXT NOT NULL,
            revision TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            item TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE UNIQUE INDEX documents_live ON documents(meeting_id, number)
            WHERE removed_at IS NULL;
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            number INTEGER NOT NULL,
            kind TEXT NOT NULL,
            target_type TEXT NOT NULL,
            target TEXT NOT NULL,
            item TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            attributed TEXT NOT NULL DEFAULT '',
            keyword TEXT NOT NULL DEFAULT '',
            ref TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL DEFAULT '',
            author_id TEXT NOT NULL DEFAULT '',
            author_name TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            edited_at TEXT,
            deleted_at TEXT,
            UNIQUE (group_id, number)
        );
        CREATE INDEX entries_meeting ON entries(meeting_id, id);
        CREATE TABLE attendance (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            name TEXT NOT NULL,
            user_id TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (meeting_id, name)
        );
        """,
    )


@migrations(name="0002_channel_name")
def channel_name(db: Database) -> None:
    """The channel's name, so `clerk report --channel rg-sop` finds the group offline."""
    db.execute("ALTER TABLE groups ADD COLUMN channel_name TEXT NOT NULL DEFAULT ''")


@migrations(name="0003_reminders")
def reminders(db: Database) -> None:
    """Reminders as rows (the database decides what is due and what was sent); series."""
    script(
        db,
        """
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            lead_minutes INTEGER NOT NULL,
            due_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            next_attempt_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT NOT NULL DEFAULT '',
            claimed_at TEXT,
            sent_at TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX reminders_due ON reminders(status, next_attempt_at);
        CREATE INDEX reminders_meeting ON reminders(meeting_id);
        ALTER TABLE meetings ADD COLUMN series_id INTEGER;
        """,
    )


@migrations(name="0004_handled_requests")
def handled_requests(db: Database) -> None:
    """Requests already answered, so a repeated Slack request is answered again, not redone."""
    script(
        db,
        """
        CREATE TABLE handled_requests (
            key TEXT PRIMARY KEY,
            reply TEXT NOT NULL,
            visibility TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX handled_requests_age ON handled_requests(created_at);
        """,
    )


@migrations(name="0005_entry_source")
def entry_source(db: Database) -> None:
    """The Slack message an entry was captured from, so edits and deletions follow it."""
    script(
        db,
        """
        ALTER TABLE entries ADD COLUMN source_ts TEXT NOT NULL DEFAULT '';
        CREATE INDEX entries_source ON entries(group_id, source_ts) WHERE source_ts != '';
        """,
    )


@migrations(name="0006_meeting_canvas")
def meeting_canvas(db: Database) -> None:
    """The Slack canvas holding a meeting's report draft, updated on each /report canvas."""
    db.execute("ALTER TABLE meetings ADD COLUMN canvas_id TEXT NOT NULL DEFAULT ''")


@migrations(name="0007_entry_person")
def entry_person(db: Database) -> None:
    """The Slack user a comment, presentation or action is attributed to (by=/owner=@person)."""
    db.execute("ALTER TABLE entries ADD COLUMN attributed_id TEXT NOT NULL DEFAULT ''")


@migrations(name="0008_change_journal")
def change_journal(db: Database) -> None:
    """Each command's writes with the rows as they were, for /clerk undo (see journal.py)."""
    script(
        db,
        """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            group_id INTEGER,
            user_id TEXT NOT NULL,
            command TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            undone_at TEXT
        );
        CREATE INDEX changes_person ON changes(group_id, user_id, id);
        CREATE TABLE change_rows (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL,
            tbl TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            before TEXT
        );
        CREATE INDEX change_rows_change ON change_rows(change_id);
        CREATE INDEX change_rows_row ON change_rows(tbl, row_id);
        CREATE TABLE undo_state (change_id INTEGER);
        INSERT INTO undo_state VALUES (NULL);
        """,
    )


@migrations(name="0009_report_front_matter")
def report_front_matter(db: Database) -> None:
    """What a report's front matter needs: the group's report profile and study period, the
    chairs' contacts, and per meeting its report number, keywords, purpose and links."""
    script(
        db,
        """
        ALTER TABLE groups ADD COLUMN profile TEXT NOT NULL DEFAULT 'itu';
        ALTER TABLE groups ADD COLUMN study_period TEXT NOT NULL DEFAULT '';
        ALTER TABLE roles ADD COLUMN contact TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN report_number TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN notes_url TEXT NOT NULL DEFAULT '';
        ALTER TABLE meetings ADD COLUMN chat_url TEXT NOT NULL DEFAULT '';
        """,
    )


@migrations(name="0010_word_template")
def word_template(db: Database) -> None:
    """The group's own Word template: every later Word draft starts from it. A table of its
    own, so the file is read only when a draft is made, not with every command."""
    script(
        db,
        """
        CREATE TABLE word_templates (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL UNIQUE REFERENCES groups(id),
            name TEXT NOT NULL,
            content BLOB NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT ''
        );
        """,
    )


@migrations(name="0011_full_text_search")
def full_text_search(db: Database) -> None:
    """Full-text indexes of documents and entries (SQLite FTS5 through sqlite-utils), kept in
    step with their tables by triggers: /clerk search."""
    db.table("documents").enable_fts(
        ["number", "title", "source", "summary", "notes"], create_triggers=True, tokenize="porter"
    )
    db.table("entries").enable_fts(["text", "attributed"], create_triggers=True, tokenize="porter")


@migrations(name="0012_revision_of")
def revision_of(db: Database) -> None:
    """A document's predecessor when its number does not say it (3GPP's "Is revision of")."""
    db.execute("ALTER TABLE documents ADD COLUMN revision_of TEXT NOT NULL DEFAULT ''")


@migrations(name="0013_register_indexes")
def register_indexes(db: Database) -> None:
    """Indexes for a group with many meetings (20 × 1,000 documents, 80,000 entries):
    /doc history looks a document up by base and by target (40 ms → 1 ms); listing a document
    asks for the meeting's last position, which scanned every document of every meeting
    (4 ms per /doc add, 8 s for a 2,000-row import → 0.01 ms)."""
    script(
        db,
        """
        CREATE INDEX entries_target ON entries(group_id, target);
        CREATE INDEX documents_base ON documents(base);
        CREATE INDEX documents_position ON documents(meeting_id, position);
        """,
    )


@migrations(name="0014_actions")
def actions(db: Database) -> None:
    """Action items that get done: an action's state, what happened to it (for the review at
    the next meeting) and the direct messages to its owner (sent once, like reminders)."""
    script(
        db,
        """
        ALTER TABLE entries ADD COLUMN done_at TEXT;
        ALTER TABLE entries ADD COLUMN done_note TEXT NOT NULL DEFAULT '';
        CREATE TABLE action_events (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            entry_id INTEGER NOT NULL REFERENCES entries(id),
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            by_id TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            owner_id TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX action_events_entry ON action_events(entry_id, at);
        CREATE TABLE action_notices (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            entry_id INTEGER NOT NULL REFERENCES entries(id),
            kind TEXT NOT NULL,
            user_id TEXT NOT NULL,
            due_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            next_attempt_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT NOT NULL DEFAULT '',
            claimed_at TEXT,
            sent_at TEXT,
            last_error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX action_notices_due ON action_notices(status, next_attempt_at);
        CREATE INDEX action_notices_entry ON action_notices(entry_id);
        CREATE INDEX entries_actions ON entries(group_id, kind) WHERE kind = 'action';
        """,
    )


@migrations(name="0015_revision_lookups")
def revision_lookups(db: Database) -> None:
    """/doc finds what was logged on a document, and its revision chain, without reading the
    meeting's whole record (3 ms each on 20,000 entries, growing with the meeting)."""
    script(
        db,
        """
        CREATE INDEX entries_revised ON entries(meeting_id, ref)
            WHERE kind = 'decision' AND keyword = 'revised';
        CREATE INDEX entries_meeting_target ON entries(meeting_id, target);
        CREATE INDEX documents_revision_of ON documents(meeting_id, revision_of)
            WHERE revision_of != '';
        """,
    )


@migrations(name="0016_deliveries")
def deliveries(db: Database) -> None:
    """Slow work asked for in Slack (a report, an export) kept until it is delivered: a
    restart resumes what a crash interrupted and tells the requester, never silently drops."""
    script(
        db,
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            response_url TEXT NOT NULL DEFAULT '',
            command TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'done', 'failed', 'resumed')),
            worker TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE INDEX deliveries_running ON deliveries(status) WHERE status = 'running';
        """,
    )


@migrations(name="0017_close_recorded")
def close_recorded(db: Database) -> None:
    """When a meeting's close was recorded (the clock, not the time typed with at=): the
    review of actions judges by the order things were recorded."""
    script(db, "ALTER TABLE meetings ADD COLUMN close_recorded_at TEXT;")


@migrations(name="0018_more_owners")
def more_owners(db: Database) -> None:
    """An action may have several owners: the first stays in `attributed`/`attributed_id`,
    the others are kept in order as JSON `[[name, user id], …]` (see models.Owner)."""
    script(db, "ALTER TABLE entries ADD COLUMN more_owners TEXT NOT NULL DEFAULT '[]';")


@migrations(name="0019_journal_opens_on_insert")
def journal_opens_on_insert(db: Database) -> None:
    """A new change is the open one as it is inserted: one statement to begin, not two."""
    script(
        db,
        """
        CREATE TRIGGER changes_open AFTER INSERT ON changes BEGIN
            UPDATE undo_state SET change_id = NEW.id;
        END;
        """,
    )


# The fixed sets of values each column may hold, as of this migration (models.py has their
# enums; a test checks the two agree). SQLite cannot add a CHECK to a table that exists, so
# triggers refuse anything else, on insert and on update alike.
_ALLOWED_0020 = {
    ("entries", "kind"): ("note", "comment", "decision", "action", "presented", "agenda"),
    ("entries", "target_type"): ("item", "doc"),
    ("entries", "keyword"): (
        "",
        "noted",
        "approved",
        "agreed",
        "endorsed",
        "accepted",
        "rejected",
        "postponed",
        "withdrawn",
        "revised",
        "merged",
        "not treated",
        "sent",
    ),
    ("meetings", "kind"): ("session", "interim"),
    ("roles", "role"): ("rapporteur", "associate", "secretariat"),
    ("groups", "profile"): ("itu", "3gpp", "ietf"),
    ("reminders", "status"): ("pending", "claimed", "sent", "failed", "dropped", "skipped"),
    ("action_notices", "status"): ("pending", "claimed", "sent", "failed", "dropped", "skipped"),
    ("action_notices", "kind"): ("assigned", "day_before", "due_day"),
    ("action_events", "kind"): ("assigned", "done", "reopened", "reassigned", "due"),
}


@migrations(name="0020_fixed_values")
def fixed_values(db: Database) -> None:
    """Each column of a fixed set of values refuses any other (a CHECK, as triggers)."""
    for (table, column), allowed in _ALLOWED_0020.items():
        _allow(db, table, column, allowed)


@migrations(name="0021_outbox")
def outbox(db: Database) -> None:
    """One outbox for everything Clerk posts on its own: meeting reminders to the channel and
    action owners' DMs were two tables with the same claim-send-record life; now one, with
    `what` saying which. Rows keep their Slack metadata key (`reminder:7`, `notice:3`), so a
    send whose outcome was unknown at the upgrade is still found, not posted again. Journal
    rows of the old tables are dropped: an undo re-plans reminders and DMs from what it puts
    back (commands/services/replan.py)."""
    script(
        db,
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            what TEXT NOT NULL,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            meeting_id INTEGER REFERENCES meetings(id),
            lead_minutes INTEGER NOT NULL DEFAULT 0,
            entry_id INTEGER REFERENCES entries(id),
            kind TEXT NOT NULL DEFAULT '',
            user_id TEXT NOT NULL DEFAULT '',
            key TEXT NOT NULL DEFAULT '',
            due_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            next_attempt_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT NOT NULL DEFAULT '',
            claimed_at TEXT,
            sent_at TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        INSERT INTO outbox (what, group_id, meeting_id, lead_minutes, key, due_at, status,
            next_attempt_at, attempts, claimed_by, claimed_at, sent_at, late, last_error,
            created_at)
        SELECT 'reminder', m.group_id, r.meeting_id, r.lead_minutes, 'reminder:' || r.id,
            r.due_at, r.status, r.next_attempt_at, r.attempts, r.claimed_by, r.claimed_at,
            r.sent_at, r.late, r.last_error, r.created_at
        FROM reminders r JOIN meetings m ON m.id = r.meeting_id ORDER BY r.id;
        INSERT INTO outbox (what, group_id, entry_id, kind, user_id, key, due_at, status,
            next_attempt_at, attempts, claimed_by, claimed_at, sent_at, last_error, created_at)
        SELECT 'dm', n.group_id, n.entry_id, n.kind, n.user_id, 'notice:' || n.id, n.due_at,
            n.status, n.next_attempt_at, n.attempts, n.claimed_by, n.claimed_at, n.sent_at,
            n.last_error, n.created_at
        FROM action_notices n ORDER BY n.id;
        DELETE FROM change_rows WHERE tbl IN ('reminders', 'action_notices');
        DROP TABLE reminders;
        DROP TABLE action_notices;
        CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
        CREATE INDEX outbox_meeting ON outbox(meeting_id) WHERE meeting_id IS NOT NULL;
        CREATE INDEX outbox_entry ON outbox(entry_id) WHERE entry_id IS NOT NULL;
        """,
    )
    allowed = {
        "what": ("reminder", "dm"),
        "status": _ALLOWED_0020[("reminders", "status")],
        "kind": ("", *_ALLOWED_0020[("action_notices", "kind")]),
    }
    for column, values in allowed.items():
        _allow(db, "outbox", column, values)


@migrations(name="0022_draft_version")
def draft_version(db: Database) -> None:
    """The version a report draft carries (3GPP: "Version 0.1.0" in its running header)."""
    script(db, "ALTER TABLE meetings ADD COLUMN version TEXT NOT NULL DEFAULT '';")


@migrations(name="0023_departures")
def departures(db: Database) -> None:
    """Workspaces that uninstalled Clerk (or revoked its token): nothing is posted there, and
    their record is kept until an operator purges it or the retention period ends."""
    script(
        db,
        """
        CREATE TABLE departures (
            team_id TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            why TEXT NOT NULL
        );
        """,
    )


@migrations(name="0024_docs_url")
def docs_url(db: Database) -> None:
    """Where the meeting's documents are published (3GPP: the meeting's Docs folder): TDoc
    numbers in the draft link there."""
    script(db, "ALTER TABLE meetings ADD COLUMN docs_url TEXT NOT NULL DEFAULT '';")


@migrations(name="0025_deliveries_in_outbox")
def deliveries_in_outbox(db: Database) -> None:
    """Report and export deliveries join the outbox: one claim and one sender for everything
    Clerk posts after the fact. A delivery row keeps the request that made it (to run it again
    after a crash) and the ids of its files once Slack handed them out (to look for them before
    sharing again). Deliveries in flight at the upgrade move over still claimed by their
    process; finished ones were history nobody reads, and go."""
    for column in ("team_id", "channel_id", "response_url", "command", "text", "files"):
        db.execute(f"ALTER TABLE outbox ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    script(
        db,
        """
        DROP TRIGGER check_outbox_what_insert;
        DROP TRIGGER check_outbox_what_update;
        INSERT INTO outbox (what, group_id, user_id, key, due_at, status, next_attempt_at,
            claimed_by, claimed_at, team_id, channel_id, response_url, command, text,
            created_at)
        SELECT 'delivery', g.id, d.user_id, 'delivery:' || d.id, d.created_at, 'claimed',
            d.created_at, d.worker, d.created_at, d.team_id, d.channel_id, d.response_url,
            d.command, d.text, d.created_at
        FROM deliveries d JOIN groups g ON g.team_id = d.team_id AND g.channel_id = d.channel_id
        WHERE d.status = 'running' ORDER BY d.id;
        DROP TABLE deliveries;
        """,
    )
    _allow(db, "outbox", "what", ("reminder", "dm", "delivery"))


@migrations(name="0026_scribes")
def scribes(db: Database) -> None:
    """Minutes as scribes take them: a scribe role (whose plain lines in the channel are read
    as minutes), the short names (nicks) a scribe types for people, and regrets beside
    attendance."""
    script(
        db,
        """
        DROP TRIGGER check_roles_role_insert;
        DROP TRIGGER check_roles_role_update;
        CREATE TABLE nicks (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id),
            nick TEXT NOT NULL COLLATE NOCASE,
            name TEXT NOT NULL,
            user_id TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (group_id, nick)
        );
        ALTER TABLE attendance ADD COLUMN regrets INTEGER NOT NULL DEFAULT 0;
        """,
    )
    _allow(db, "roles", "role", ("rapporteur", "associate", "secretariat", "scribe"))
    _allow(db, "attendance", "regrets", (0, 1))


@migrations(name="0027_w3c")
def w3c(db: Database) -> None:
    """W3C minutes as a report profile, and a group's GitHub repository (`#129` in its
    minutes is that repository's issue 129)."""
    script(
        db,
        """
        DROP TRIGGER check_groups_profile_insert;
        DROP TRIGGER check_groups_profile_update;
        ALTER TABLE groups ADD COLUMN repo TEXT NOT NULL DEFAULT '';
        """,
    )
    _allow(db, "groups", "profile", ("itu", "3gpp", "ietf", "w3c"))


@migrations(name="0028_speaker_queue")
def speaker_queue(db: Database) -> None:
    """The speaker queue of a meeting (W3C's q+ / q- / ack), and the one Slack message Clerk
    keeps up to date with it."""
    script(
        db,
        """
        CREATE TABLE speakers (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            name TEXT NOT NULL,
            user_id TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (meeting_id, name)
        );
        ALTER TABLE meetings ADD COLUMN queue_ts TEXT NOT NULL DEFAULT '';
        """,
    )


def _allow(db: Database, table: str, column: str, values: tuple[str | int, ...]) -> None:
    """A CHECK on a column of a table that exists, as triggers (SQLite cannot add one): it
    refuses, on insert and on update, any value but `values`."""
    listed = ", ".join(
        str(v) if isinstance(v, int) else "'" + v.replace("'", "''") + "'" for v in values
    )
    for op in ("INSERT", "UPDATE"):
        db.execute(
            f"CREATE TRIGGER check_{table}_{column}_{op.lower()} BEFORE {op} ON {table} "
            f"WHEN NEW.{column} NOT IN ({listed}) BEGIN "
            f"SELECT RAISE(ABORT, '{table}.{column}: not one of the allowed values'); END"
        )


@migrations(name="0029_agenda_link_and_guests")
def agenda_link_and_guests(db: Database) -> None:
    """Where a meeting's agenda is published (W3C minutes: "See also the Agenda"), and guests
    beside attendance (W3C's "Guests" list)."""
    script(
        db,
        """
        ALTER TABLE meetings ADD COLUMN agenda_url TEXT NOT NULL DEFAULT '';
        ALTER TABLE attendance ADD COLUMN guest INTEGER NOT NULL DEFAULT 0;
        """,
    )
    _allow(db, "attendance", "guest", (0, 1))


@migrations(name="0030_attendance_source")
def attendance_source(db: Database) -> None:
    """The Slack message a `present+` (or `regrets+`, `guests+`) line came from, so that
    editing or deleting the message changes the attendance it recorded."""
    script(db, "ALTER TABLE attendance ADD COLUMN source_ts TEXT NOT NULL DEFAULT '';")


@migrations(name="0031_agenda_convener")
def agenda_convener(db: Database) -> None:
    """Who chairs an agenda item's session (3GPP's TDoc list names one per item)."""
    script(db, "ALTER TABLE agenda_items ADD COLUMN convener TEXT NOT NULL DEFAULT '';")


@migrations(name="0032_chat_scribe")
def chat_scribe(db: Database) -> None:
    """A chat scribe role (IETF minutes: who relayed the chat to the room)."""
    script(
        db,
        """
        DROP TRIGGER check_roles_role_insert;
        DROP TRIGGER check_roles_role_update;
        """,
    )
    _allow(db, "roles", "role", ("rapporteur", "associate", "secretariat", "scribe", "chat_scribe"))


@migrations(name="0033_entries_indexed_when_searched")
def entries_indexed_when_searched(db: Database) -> None:
    """A logged entry is put in the search index by the next search, not by the command that
    logs it: tokenising its text and writing the index's pages was an eighth of a /note.

    `entries_fts_pending` lists the entries not yet indexed (Search.catch_up indexes them).
    The index must be told to delete exactly what it holds — an external-content FTS5 index
    told to delete a row it never indexed is corrupted — so deletes and edits of a pending
    entry leave the index alone, and an edit of an indexed one takes it out and makes it
    pending again. Only edits of the indexed columns touch it at all (an action's status
    changing used to re-index its text)."""
    script(
        db,
        """
        CREATE TABLE entries_fts_pending (id INTEGER PRIMARY KEY);
        DROP TRIGGER entries_ai;
        DROP TRIGGER entries_ad;
        DROP TRIGGER entries_au;
        CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
          INSERT INTO entries_fts_pending (id) VALUES (new.id);
        END;
        CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
          INSERT INTO entries_fts (entries_fts, rowid, text, attributed)
            SELECT 'delete', old.id, old.text, old.attributed
            WHERE NOT EXISTS (SELECT 1 FROM entries_fts_pending WHERE id = old.id);
          DELETE FROM entries_fts_pending WHERE id = old.id;
        END;
        CREATE TRIGGER entries_au AFTER UPDATE OF text, attributed ON entries BEGIN
          INSERT INTO entries_fts (entries_fts, rowid, text, attributed)
            SELECT 'delete', old.id, old.text, old.attributed
            WHERE NOT EXISTS (SELECT 1 FROM entries_fts_pending WHERE id = old.id);
          INSERT OR IGNORE INTO entries_fts_pending (id) VALUES (new.id);
        END;
        """,
    )
