"""Starting `clerk` processes for the tests without paying for Python's start each time.

A real `python -m bot.cli …` spends most of a second importing Bolt, slack_sdk, sqlite-utils
and Clerk before it does anything; the suite starts dozens of servers and CLI runs. So each
test worker keeps one *launcher*: a process, with no threads, that has imported those once
and forks a child for each run. The child is a real, separate `clerk` process — its own pid,
environment, working directory, files for stdin/stdout/stderr, its own SQLite connections —
that the tests reach over HTTP, signal and SIGKILL exactly as before; only the interpreter's
start and the imports are shared. `CLERK_TEST_EXEC=1` runs every one with exec instead, and
the packaging and container tests always run the installed `clerk` script.

Run as `python -m tests.launcher SOCKET` it is the launcher; imported, it is the client.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent

# What `clerk serve`, `clerk socket`, the shell, the demo and the offline commands import.
PRELOAD = (
    "bot.cli",
    "bot.logs",
    "bot.server",
    "bot.slack_app",
    "bot.durability",
    "bot.installations",
    "bot.reminders",
    "bot.workspaces",
    "bot.shell",
    "bot.demo",
    "bot.render",
    "commands",
    "storage.backup",
    "apscheduler.schedulers.background",
    "commands.report.preload",
)


# ---- the launcher process ---------------------------------------------------------------


def _launch_loop(listener: socket.socket) -> dict | None:
    """Accept run requests and fork a child for each; report each child's exit on the
    connection it was asked on. Returns the request in the child; None when told to stop."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes select through the pipe
    waiting: dict[int, socket.socket] = {}
    while True:
        readable, _, _ = select.select([listener, wake_r, sys.stdin], [], [])
        if sys.stdin in readable and not sys.stdin.buffer.read1(1):
            return None  # the test worker is gone (or done): so is its launcher
        if wake_r in readable:
            os.read(wake_r, 512)
        while waiting:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if not pid:
                break
            conn = waiting.pop(pid, None)
            if conn is not None:
                code = os.waitstatus_to_exitcode(status)
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
                conn.close()
        if listener in readable:
            conn, _ = listener.accept()
            request = json.loads(conn.makefile("rb").readline())
            pid = os.fork()
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                for fd in (wake_r, wake_w):
                    os.close(fd)
                listener.close()
                conn.close()
                for other in waiting.values():
                    other.close()
                return request
            waiting[pid] = conn
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _become(request: dict) -> None:
    """In the forked child: take the run's environment, directory and files."""
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.chdir(request["cwd"])
    for fd, (path, mode) in enumerate(
        [(request["stdin"], os.O_RDONLY)]
        + [(request[name], os.O_WRONLY | os.O_CREAT | os.O_APPEND) for name in ("stdout", "stderr")]
    ):
        opened = os.open(path, mode, 0o644)
        os.dup2(opened, fd)
        os.close(opened)
    sys.argv = [str(ROOT / "bot" / "cli.py"), *request["argv"]]


def _main() -> None:
    for name in PRELOAD:
        __import__(name)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sys.argv[1])
    listener.listen(64)
    print("ready", flush=True)
    request = _launch_loop(listener)
    if request is None:
        return
    _become(request)
    import bot.cli

    # As `python -m bot.cli` would have it: a report worker spawned by multiprocessing
    # prepares itself from __main__'s module name.
    sys.modules["__main__"] = bot.cli
    _exit_as_python_would(lambda: bot.cli.main(request["argv"]))


def _exit_as_python_would(main: Callable[[], object]) -> NoReturn:
    """Run `main`, then end as the interpreter would: the exit code it gives or raises, an
    uncaught exception's traceback, other threads joined, atexit handlers run, output
    flushed — all but tearing down the modules. In a child forked from the launcher that
    teardown writes to every page it shares with the launcher: 0.3 s a run, against 0.07 s
    for a whole `clerk shell` session."""
    try:
        code = main()
    except SystemExit as stop:
        code = stop.code
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code or 0)


# ---- the client, in the test worker -----------------------------------------------------


class Launched:
    """A child of the launcher, with the parts of subprocess.Popen the tests use."""

    def __init__(self, conn: socket.socket, args: list[str]):
        self.args = args
        self._conn = conn
        self._lines = conn.makefile("rb")
        self.pid: int = json.loads(self._lines.readline())["pid"]
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._conn], [], [], 0)[0]:
            self._read_exit()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self._conn], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self._read_exit()
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _read_exit(self) -> None:
        line = self._lines.readline()
        # A launcher that went away first cannot say how the child ended.
        self.returncode = json.loads(line)["exit"] if line else -signal.SIGKILL
        self._lines.close()
        self._conn.close()


class _Launcher:
    """This test worker's launcher, started on first use."""

    _lock = threading.Lock()
    _process: subprocess.Popen | None = None
    _socket = ""

    @classmethod
    def address(cls) -> str:
        with cls._lock:
            if cls._process is None or cls._process.poll() is not None:
                # A Unix socket's path has room for about 100 bytes: a long TMPDIR is not used.
                base = None if len(tempfile.gettempdir()) < 60 else "/tmp"
                folder = tempfile.mkdtemp(prefix="clerk-launcher-", dir=base)
                cls._socket = os.path.join(folder, "s")
                cls._process = subprocess.Popen(
                    [sys.executable, "-m", "tests.launcher", cls._socket],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    cwd=ROOT,
                )
                assert cls._process.stdout is not None
                if cls._process.stdout.readline() != b"ready\n":
                    raise RuntimeError("the test launcher did not start")
                atexit.register(cls._process.kill)
                atexit.register(shutil.rmtree, folder, True)
            return cls._socket


def launch(
    argv: list[str],
    *,
    env: dict[str, str],
    stdout: Path,
    stderr: Path | None = None,
    stdin: Path | None = None,
    cwd: Path | str | None = None,
) -> subprocess.Popen | Launched:
    """Start `python -m bot.cli ARGV` as its own process, its output to files."""
    if os.environ.get("CLERK_TEST_EXEC") == "1":
        with open(stdout, "ab") as out, open(stderr or stdout, "ab") as err:
            return subprocess.Popen(
                [sys.executable, "-m", "bot.cli", *argv],
                env=env,
                cwd=cwd,
                stdin=open(stdin) if stdin else subprocess.DEVNULL,  # noqa: SIM115
                stdout=out,
                stderr=err,
            )
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(_Launcher.address())
    request = {
        "argv": argv,
        "env": env,
        "cwd": str(cwd or os.getcwd()),
        "stdin": str(stdin or os.devnull),
        "stdout": str(stdout),
        "stderr": str(stderr or stdout),
    }
    conn.sendall(json.dumps(request).encode() + b"\n")
    return Launched(conn, [sys.executable, "-m", "bot.cli", *argv])


def run(
    argv: list[str],
    *,
    env: dict[str, str],
    input: str = "",
    cwd: Path | str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """Run `clerk ARGV` to its end, like subprocess.run(capture_output=True, text=True)."""
    with tempfile.TemporaryDirectory(prefix="clerk-run-") as folder:
        files = Path(folder)
        (files / "in").write_text(input)
        process = launch(
            argv,
            env=env,
            stdin=files / "in",
            stdout=files / "out",
            stderr=files / "err",
            cwd=cwd,
        )
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        out = (files / "out").read_text() if (files / "out").exists() else ""
        err = (files / "err").read_text() if (files / "err").exists() else ""
    return subprocess.CompletedProcess(process.args, code, out, err)


if __name__ == "__main__":
    _main()
