"""Slack's markup in text as it arrives (slash commands, messages): read here, never written."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Slack's mention and broadcast markup: people, user groups, @here/@channel, dates.
_PERSON = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!([a-z]+)(?:\^([^|<>]*))?(?:\|([^<>]*))?>")
# Slack's own markup in message and command text: links and channel references.
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|<>\s]+)(?:\|([^<>]*))?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^<>]*))?>")


def mention_of(user_id: str, label: str = "") -> str:
    """A person as command options take one: Slack's mention markup, read by the grammar;
    `label`, the name to use where Slack's directory cannot say it (the shell)."""
    label = re.sub(r"[|<>]", "", label).strip()
    return f"<@{user_id}|{label}>" if label else f"<@{user_id}>"


def is_mention(word: str) -> bool:
    """A whole word that is a Slack mention of a person."""
    return _PERSON.fullmatch(word) is not None


def unesc(text: str) -> str:
    """Undo `esc` and Slack's own escaping (slash-command text arrives escaped)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def unwrap(text: str) -> str:
    """Slack's link markup as plain text, still escaped: `<https://x|the spec>` -> `the spec
    (https://x)`, `<https://x>` -> `https://x`, `<mailto:a@b|a@b>` -> `a@b`, `<#C1|wg>` -> `#wg`.

    Only real markup is touched: a `<` the user typed arrives as `&lt;`.
    """

    def link(m: re.Match[str]) -> str:
        url, label = m.group(1), (m.group(2) or "").strip()
        plain = url.split(":", 1)[1] if url.startswith(("mailto:", "tel:")) else url
        if not label or label in (url, plain):
            return plain
        return f"{label} ({plain})"

    text = _LINK.sub(link, text)
    return _CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)


def people_in(text: str) -> list[str]:
    """User ids of the `<@U…>` mentions inside a text."""
    return [m.group(1) for m in _PERSON.finditer(text)]


def speak(text: str, names: Mapping[str, str]) -> str:
    """Mentions as a reader would say them, never live markup: `<@U0ANA|ana>` -> `@Ana Ruiz`
    (her real name where known), `<!here>` -> `@here`, `<!subteam^S1|@wg-chairs>` ->
    `@wg-chairs`, a `<!date^…|fallback>` -> its fallback."""

    def person(m: re.Match[str]) -> str:
        label = (m.group(2) or "").lstrip("@")
        return "@" + (names.get(m.group(1)) or label or m.group(1))

    def special(m: re.Match[str]) -> str:
        kind, label = m.group(1), (m.group(3) or "").strip()
        if kind == "date":
            return label
        if kind == "subteam":
            return "@" + (label.lstrip("@") or "group")
        return "@" + (label.lstrip("@") or kind)

    return _SPECIAL.sub(special, _PERSON.sub(person, text))
