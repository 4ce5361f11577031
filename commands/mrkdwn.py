"""Escaping user text for Slack mrkdwn, so it is shown and never acted on."""

from __future__ import annotations


def esc(text: object) -> str:
    """Escape `& < >` so `<!channel>` or `<@U1>` typed by a user stays literal text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unesc(text: str) -> str:
    """Undo `esc` and Slack's own escaping (slash-command text arrives escaped)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def quote(text: object, limit: int = 0) -> str:
    """A user value in curly quotes, escaped, optionally shortened."""
    s = str(text)
    if limit and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return f"“{esc(s)}”"
