"""Commands: parse command text, act on the store, return a Reply. No Slack here.

`framework/` is how a command is declared, parsed, checked and answered; one module per slash
command (`clerk`, `meeting`, `agenda`, `doc`, `note`…, `report/`); `services/` is what is not
a command (reminders, live capture, the Home's query, export, calendar); `text/` renders
stored things as lines and sentences for every output.

This module is the front: everything bot/ may use of commands/ is exported here, and bot/
imports nothing else of this package (tests/test_layering.py).
"""

from commands.action import MarkDone, Reopen
from commands.agenda import TakeItem
from commands.catalog import families, make_router
from commands.clerk import Search
from commands.decision import Decide
from commands.framework.context import Caller, Context
from commands.framework.errors import UsageError
from commands.framework.grammar import tokenize
from commands.framework.incoming import people_in, speak, unesc, unwrap
from commands.framework.limits import MAX_FIELD
from commands.framework.ops import Op, decode, encode
from commands.framework.registry import Family
from commands.framework.reply import Attachment, Canvas, Choice, Listing, Queue, Reply
from commands.framework.rich import (
    Channel,
    Code,
    Em,
    Link,
    Mention,
    Part,
    Rich,
    Says,
    Strong,
    rich,
)
from commands.framework.router import Router
from commands.framework.work import Work, bookkeeping
from commands.report import compile_files
from commands.report.command import Draft
from commands.report.render import render_summary
from commands.services.actions import NoticeDue, notice_failed, notice_sent
from commands.services.capture import TAGS, capture, capture_delete, capture_edit
from commands.services.departures import (
    Purged,
    purge,
    purge_departed,
    workspace_back,
    workspace_left,
)
from commands.services.doclist import MAX_BYTES as MAX_LIST_BYTES
from commands.services.doclist import (
    ListError,
    asks_for_status,
    import_file,
    import_refusal,
    read_list,
)
from commands.services.export import export_csv, export_json
from commands.services.home import GroupHome
from commands.services.home import home as home_of
from commands.services.outbox import claim_outbox
from commands.services.reminders import Due, ReminderMessage
from commands.services.reminders import record_failure as reminder_failed
from commands.services.reminders import record_sent as reminder_sent
from commands.services.retry import STALE_CLAIM
from commands.services.scribe import MEETBOT
from commands.services.word_template import (
    MAX_TEMPLATE,
    UNCHANGED,
    readable_docx,
    template_refusal,
    use_template,
)
from commands.text.sentences import long_due

# The module whose import loads all a report's worker uses (see commands/report/preload.py).
REPORT_CODE = "commands.report.preload"

__all__ = [
    # Running commands
    "Caller",
    "Context",
    "Family",
    "Reply",
    "Router",
    "UsageError",
    "Work",
    "bookkeeping",
    "families",
    "make_router",
    "tokenize",
    # Typed calls: what buttons, menus and the Home run
    "Decide",
    "Draft",
    "MarkDone",
    "Op",
    "Reopen",
    "Search",
    "TakeItem",
    "decode",
    "encode",
    # What a reply carries
    "Attachment",
    "Canvas",
    "Choice",
    "Listing",
    "MAX_FIELD",
    "Queue",
    # What Clerk says: text with marks, rendered by bot/ for where it goes
    "Channel",
    "Code",
    "Em",
    "Link",
    "Mention",
    "Part",
    "Rich",
    "Says",
    "Strong",
    "rich",
    # Slack's markup in text as it arrives (read, never written)
    "people_in",
    "speak",
    "unesc",
    "unwrap",
    # Reports
    "REPORT_CODE",
    "compile_files",
    "render_summary",
    # Live capture
    "MEETBOT",
    "TAGS",
    "capture",
    "capture_delete",
    "capture_edit",
    # Files a shortcut brings: document lists and Word templates
    "ListError",
    "MAX_LIST_BYTES",
    "MAX_TEMPLATE",
    "UNCHANGED",
    "asks_for_status",
    "import_file",
    "import_refusal",
    "read_list",
    "readable_docx",
    "template_refusal",
    "use_template",
    # The Home
    "GroupHome",
    "home_of",
    "long_due",
    # Senders: meeting reminders and owners' DMs, from one outbox
    "claim_outbox",
    "Due",
    "NoticeDue",
    "ReminderMessage",
    "STALE_CLAIM",
    "notice_failed",
    "notice_sent",
    "reminder_failed",
    "reminder_sent",
    # Workspaces that leave, and a group's record deleted on request
    "Purged",
    "export_csv",
    "export_json",
    "purge",
    "purge_departed",
    "workspace_back",
    "workspace_left",
]
