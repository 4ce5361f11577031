"""Clerk's answers (Rich text) as each surface shows them: Slack mrkdwn or plain text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commands import Channel, Code, Em, Mention, Part, Says, Strong, rich


def esc(text: str) -> str:
    """Slack's three escapes, so `<!channel>` or `<@U1>` typed by a user stays literal text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Surface:
    """How one surface writes each kind of part (`text` applies to every plain string)."""

    text: Callable[[str], str]
    link: Callable[[str, str], str]
    person: str = "<@{}>"
    channel: str = "<#{}>"


def _slack_link(url: str, label: str) -> str:
    label = label.replace("|", "¦")  # Slack ends the label at the first bar
    return f"<{esc(url)}|{esc(label)}>" if label else f"<{esc(url)}>"


def _plain_link(url: str, label: str) -> str:
    return f"{label} ({url})" if label and label != url else url


# Slack: every plain string escaped once, marks as Slack writes them. Plain text (a terminal,
# a form's error line): the words as typed, the marks as a reader types them.
MRKDWN = Surface(text=esc, link=_slack_link)
PLAIN = Surface(text=lambda s: s, link=_plain_link)


def render(text: Says, surface: Surface) -> str:
    """Rich text written for `surface`."""
    return "".join(_part(p, surface) for p in rich(text).parts)


def _part(p: Part, surface: Surface) -> str:
    if isinstance(p, str):
        return surface.text(p)
    if isinstance(p, Strong):
        return f"*{render(p.text, surface)}*"
    if isinstance(p, Em):
        return f"_{render(p.text, surface)}_"
    if isinstance(p, Code):
        return f"`{surface.text(p.text)}`"
    if isinstance(p, Mention):
        return surface.person.format(p.user_id)
    if isinstance(p, Channel):
        return surface.channel.format(p.channel_id)
    return surface.link(p.url, p.label)


def mrkdwn(text: Says) -> str:
    """Slack mrkdwn."""
    return render(text, MRKDWN)


def plain(text: Says) -> str:
    """Plain text for a terminal: the words, marks as a reader types them."""
    return render(text, PLAIN)
