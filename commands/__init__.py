"""Commands: parse command text, act on the store, return a Reply. No Slack here.

`framework/` is how a command is declared, parsed, checked and answered; one module per slash
command (`clerk`, `meeting`, `agenda`, `doc`, `note`…, `report/`); `services/` is what is not
a command (reminders, live capture, the Home's query, export, calendar); `text/` renders
stored things as lines and sentences for every output.
"""

from commands.catalog import families, make_router
from commands.framework.context import Caller, Context
from commands.framework.registry import Family
from commands.framework.reply import Attachment, Reply
from commands.framework.router import Router
from commands.framework.work import Work, bookkeeping

__all__ = [
    "Attachment",
    "Caller",
    "Context",
    "Family",
    "Reply",
    "Router",
    "Work",
    "bookkeeping",
    "families",
    "make_router",
]
