"""Clerk's answers (Rich text) as each surface shows them: Slack mrkdwn or plain text."""

from __future__ import annotations

from commands import Channel, Code, Em, Mention, Part, Says, Strong, rich


def esc(text: str) -> str:
    """Slack's three escapes, so `<!channel>` or `<@U1>` typed by a user stays literal text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: Says) -> str:
    """Slack mrkdwn: every plain string escaped, marks as Slack writes them."""
    return "".join(_mrkdwn(p) for p in rich(text).parts)


def _mrkdwn(p: Part) -> str:
    if isinstance(p, str):
        return esc(p)
    if isinstance(p, Strong):
        return f"*{mrkdwn(p.text)}*"
    if isinstance(p, Em):
        return f"_{mrkdwn(p.text)}_"
    if isinstance(p, Code):
        return f"`{esc(p.text)}`"
    if isinstance(p, Mention):
        return f"<@{p.user_id}>"
    if isinstance(p, Channel):
        return f"<#{p.channel_id}>"
    label = p.label.replace("|", "¦")  # Slack ends the label at the first bar
    return f"<{esc(p.url)}|{esc(label)}>" if label else f"<{esc(p.url)}>"


def plain(text: Says) -> str:
    """Plain text for a terminal or a form's error line: the words, marks as a reader types."""
    return "".join(_plain(p) for p in rich(text).parts)


def _plain(p: Part) -> str:
    if isinstance(p, str):
        return p
    if isinstance(p, Strong):
        return f"*{plain(p.text)}*"
    if isinstance(p, Em):
        return f"_{plain(p.text)}_"
    if isinstance(p, Code):
        return f"`{p.text}`"
    if isinstance(p, Mention):
        return f"<@{p.user_id}>"
    if isinstance(p, Channel):
        return f"<#{p.channel_id}>"
    return f"{p.label} ({p.url})" if p.label and p.label != p.url else p.url
