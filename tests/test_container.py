"""The container, tested by what it runs (no container daemon here): the build step from the
files it copies, the server it starts with its environment, and its health check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from . import fakeslack
from .edge import free_port, start_serve, stop

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    """The arguments of every `NAME …` instruction (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_the_image_runs_as_a_user_with_its_data_on_a_volume_and_checks_its_health():
    assert instructions("USER") == ["clerk"]
    assert instructions("VOLUME") == ['["/data"]']
    env = " ".join(instructions("ENV"))
    assert "CLERK_DB=/data/clerk.db" in env and "LOG_FORMAT=json" in env
    assert instructions("CMD") == ['["clerk", "serve"]']
    [check] = instructions("HEALTHCHECK")
    assert check.endswith('CMD ["python", "-m", "bot.healthcheck"]')


def test_the_build_step_makes_a_complete_wheel_from_the_copied_files_alone(tmp_path):
    """COPY … then `pip wheel .`: the package has its templates and demo transcripts."""
    build = tmp_path / "src"
    build.mkdir()
    for args in instructions("COPY"):
        if args.startswith("--from"):
            continue
        *sources, _dest = args.split()
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                shutil.copytree(path, build / source, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(path, build / source)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["--wheel-dir", str(tmp_path / "wheels"), str(build)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = (tmp_path / "wheels").glob("clerk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "templates/page.html.j2" in names and "bot/data/reference-meeting.clerk" in names
    assert "commands/report/profiles/itu.py" in names
    assert "bot/healthcheck.py" in names and "bot/cli.py" in names
    assert not [n for n in names if n.startswith("tests/")]


def test_the_health_check_passes_on_a_healthy_server_and_fails_when_it_is_gone(tmp_path):
    fake = fakeslack.FakeSlack()
    web = fakeslack.start(fake)
    # The image's environment, with its /data volume as a folder here.
    data = tmp_path / "data"
    data.mkdir()
    env = {"CLERK_DB": str(data / "clerk.db"), "LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1"}
    served = start_serve(tmp_path, fake.api_url, env=env)
    port = served.url.rsplit(":", 1)[1]
    try:
        healthy = subprocess.run(
            [sys.executable, "-m", "bot.healthcheck"],
            env={"PORT": port, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            timeout=30,
        )
    finally:
        log = stop(served) or served.log.read_text()
        web.shutdown()
    assert healthy.returncode == 0
    assert (data / "clerk.db").exists()
    assert all(json.loads(line) for line in log.splitlines() if line.strip())
    gone = subprocess.run(
        [sys.executable, "-m", "bot.healthcheck"],
        env={"PORT": str(free_port()), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert gone.returncode == 1 and "unhealthy" in gone.stderr


def test_compose_runs_clerk_from_this_image_with_its_replica_beside_it():
    compose = (ROOT / "compose.yaml").read_text()
    assert "build: ." in compose
    assert "- data:/data" in compose and "- replica:/replica" in compose
    assert "LITESTREAM_REPLICA_URL: file:///replica/clerk" in compose
    assert "env_file: .env" in compose
    assert "mkdir /data /replica" in DOCKERFILE  # the volumes start owned by the user
