"""Errors a command raises to answer the user; the router turns them into replies."""

from __future__ import annotations


class CommandError(Exception):
    """A user-facing refusal: one clear sentence; nothing was stored."""

    def __init__(self, message: str, usage: str = "", *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.usage = usage
        # The option or word at fault (`start`, `number`…), so a form can mark that field.
        self.field = field


class UsageError(CommandError):
    """The input does not fit the command's grammar or refers to something that is not there."""


class NotAllowed(CommandError):
    """The caller's role does not allow this command."""
