"""Commands: parse command text, act on the store, return a Reply. No Slack here."""

from .context import Caller, Context
from .reply import Attachment, Reply
from .router import Router

__all__ = ["Attachment", "Caller", "Context", "Reply", "Router"]
