"""Where a workspace's installation lives: slack_sdk's SQLite installation and OAuth-state
stores, in Clerk's own database file, tokens encrypted at rest when CLERK_SECRET_KEY is set.

Bolt's OAuth flow saves an installation per workspace (or per Enterprise Grid org for an
org-wide install) and finds the bot token of each request's workspace through it.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Callable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore

# A state is good for ten minutes: long enough to click Allow, short enough to be no use later.
STATE_SECONDS = 600
# Marks an encrypted token, so a database written before the key was set still reads.
SEALED = "enc:"
_TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


class Sealer:
    """Tokens encrypted with a key derived from CLERK_SECRET_KEY (Fernet: AES and an HMAC)."""

    def __init__(self, secret: str) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())
        self.fernet = Fernet(key) if secret else None

    def seal(self, token: str | None) -> str | None:
        if not token or self.fernet is None or token.startswith(SEALED):
            return token
        return SEALED + self.fernet.encrypt(token.encode()).decode()

    def open(self, token: str | None) -> str | None:
        if not token or not token.startswith(SEALED):
            return token
        if self.fernet is None:
            raise InvalidToken("a sealed token, and CLERK_SECRET_KEY is not set")
        return self.fernet.decrypt(token[len(SEALED) :].encode()).decode()


class ClerkInstallationStore(InstallationStore):
    """slack_sdk's SQLite store, with every token sealed on the way in and opened on the way
    out; nothing of a token is ever logged."""

    def __init__(self, database: str, client_id: str, secret: str) -> None:
        self.inner = SQLite3InstallationStore(database=database, client_id=client_id)
        self.sealer = Sealer(secret)

    @property
    def logger(self) -> Any:
        return self.inner.logger

    def save(self, installation: Installation) -> None:
        self.inner.save(self._sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        self.inner.save_bot(self._sealed_bot(bot))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = self.inner.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened_bot(bot) if bot is not None else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self.inner.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._opened(found) if found is not None else None

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.inner.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )

    def _sealed(self, i: Installation) -> Installation:
        sealed = copy.copy(i)
        for name in _TOKEN_FIELDS:
            setattr(sealed, name, self.sealer.seal(getattr(i, name)))
        return sealed

    def _opened(self, i: Installation) -> Installation:
        for name in _TOKEN_FIELDS:
            setattr(i, name, self.sealer.open(getattr(i, name)))
        return i

    def _sealed_bot(self, bot: Bot) -> Bot:
        sealed = copy.copy(bot)
        sealed.bot_token = self.sealer.seal(bot.bot_token) or ""
        sealed.bot_refresh_token = self.sealer.seal(bot.bot_refresh_token)
        return sealed

    def _opened_bot(self, bot: Bot) -> Bot:
        bot.bot_token = self.sealer.open(bot.bot_token) or ""
        bot.bot_refresh_token = self.sealer.open(bot.bot_refresh_token)
        return bot


def state_store(database: str) -> SQLite3OAuthStateStore:
    """OAuth states in Clerk's database, so any of several servers can finish an install."""
    return SQLite3OAuthStateStore(database=database, expiration_seconds=STATE_SECONDS)


class TeamClients:
    """A workspace's Web API client for work no request brings (reminders, DMs, resumed
    reports): its installation's bot token with OAuth, else the one client."""

    def __init__(
        self, make: Callable[[str | None], WebClient], store: InstallationStore | None = None
    ) -> None:
        self.make = make
        self.store = store
        self._one = make(None) if store is None else None
        self._by_token: dict[str, WebClient] = {}

    def __call__(self, team_id: str) -> WebClient:
        """LookupError when the workspace has no installation (uninstalled)."""
        if self._one is not None:
            return self._one
        assert self.store is not None
        if team_id.startswith("E"):
            # A group of an Enterprise Grid org-wide install is keyed on the org (see
            # interactions.installation): the org's installation posts for it.
            bot = self.store.find_bot(
                enterprise_id=team_id, team_id=None, is_enterprise_install=True
            )
        else:
            bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise LookupError(f"no installation for workspace {team_id}")
        if bot.bot_token not in self._by_token:
            self._by_token[bot.bot_token] = self.make(bot.bot_token)
        return self._by_token[bot.bot_token]
