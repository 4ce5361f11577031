"""Errors a command raises to answer the user; the router turns them into replies."""

from __future__ import annotations

from commands.framework.rich import Rich, Says, rich


class CommandError(Exception):
    """A user-facing refusal: one clear sentence; nothing was stored."""

    def __init__(self, message: Says, usage: str = "", *, field: str = ""):
        self.message: Rich = rich(message)
        super().__init__(self.message.words())
        self.usage = usage
        # The option or word at fault (`start`, `number`…), so a form can mark that field.
        self.field = field


class UsageError(CommandError):
    """The input does not fit the command's grammar or refers to something that is not there."""


class NotAllowed(CommandError):
    """The caller's role does not allow this command."""
