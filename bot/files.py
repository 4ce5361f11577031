"""Files delegates shared in Slack, fetched with the bot's token from Slack's own hosts only.

A message's file may be a remote file (`is_external`), whose `url_private` names any host:
the bot token must never go there (Slack's files.remote docs; slack-go GHSA-3q3v-34v2-g88f).
Redirects are not followed (urllib would carry the Authorization header along), the size
Slack states is checked before anything is fetched, and the whole download has a deadline,
so a host that trickles bytes cannot hold a worker.
"""

from __future__ import annotations

import logging
import time
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("clerk.files")

# Where Slack serves url_private downloads (commercial and GovSlack).
SLACK_FILE_HOSTS = frozenset({"files.slack.com", "files.slack-gov.com"})
# Seconds a single read may wait; the whole download has its own deadline (a setting).
READ_TIMEOUT = 5.0
CHUNK = 64 * 1024


class FileRefused(Exception):
    """The file cannot be taken; the message is one sentence for the user."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FileRefused("Slack answered with a redirect to another address")


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass(frozen=True)
class SlackFiles:
    """Takes a message's file: its full record, then its bytes, within limits."""

    # The Web API's address: in tests and on-premise proxies its host serves files too.
    api_url: str
    # The whole download's deadline.
    fetch_seconds: float = 30.0

    def trusted(self, url: str) -> bool:
        """An https URL on Slack's file hosts, or on the configured Web API's own host."""
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.hostname in SLACK_FILE_HOSTS:
            return True
        api = urlsplit(self.api_url)
        return bool(parts.scheme and parts.netloc) and (parts.scheme, parts.netloc) == (
            api.scheme,
            api.netloc,
        )

    def record(self, client: WebClient, found: dict[str, Any]) -> dict[str, Any]:
        """The file's full record: a Slack Connect file from the other organisation arrives
        as a stub (mode file_access, no name or URL) until files.info is asked."""
        if found.get("file_access") == "check_file_info" or found.get("mode") == "file_access":
            try:
                return dict(client.files_info(file=str(found.get("id", "")))["file"])
            except SlackApiError as err:
                log.warning("files.info failed: %s", err.response.get("error"))
                raise FileRefused("Slack did not let Clerk see that file") from err
        return found

    def fetch(self, client: WebClient, found: dict[str, Any], limit: int) -> bytes:
        """The file's bytes; FileRefused (with a sentence) when it may not or cannot be taken."""
        if found.get("is_external") or found.get("mode") == "external":
            raise FileRefused("that file is stored outside Slack; upload the file itself")
        size = found.get("size")
        if isinstance(size, int) and size > limit:
            raise FileRefused(
                f"that file is {size / 1024 / 1024:.1f} MB; at most {limit // 1024 // 1024} MB"
            )
        url = str(found.get("url_private_download") or found.get("url_private") or "")
        if not self.trusted(url):
            log.warning("file URL not on Slack's file hosts; not fetched")
            raise FileRefused("that file is not on Slack's file servers")
        deadline = time.monotonic() + self.fetch_seconds
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
        try:
            with _OPENER.open(request, timeout=min(READ_TIMEOUT, self.fetch_seconds)) as resp:
                chunks: list[bytes] = []
                got = 0
                while True:
                    chunk = resp.read1(CHUNK)
                    if not chunk:
                        return b"".join(chunks)
                    got += len(chunk)
                    if got > limit:
                        raise FileRefused(f"that file is over {limit // 1024 // 1024} MB")
                    if time.monotonic() > deadline:
                        raise FileRefused("Slack took too long to send that file")
                    chunks.append(chunk)
        except FileRefused:
            raise
        except (OSError, ValueError) as err:
            log.warning("file download failed: %s", type(err).__name__)
            raise FileRefused(
                "Clerk could not fetch that file from Slack (it needs the files:read "
                "permission: reinstall the app from manifest.yml)"
            ) from err
