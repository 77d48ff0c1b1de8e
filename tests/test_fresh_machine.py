"""What a new machine needs for `make test` is installed by it, or named with the command
that installs it (and the run fails: a skipped browser test is not a pass)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bot.settings import PROJECT_ROOT

ENSURE_CHROMIUM = PROJECT_ROOT / "scripts" / "ensure-chromium"
ENSURE_HAPROXY = PROJECT_ROOT / "scripts" / "ensure-haproxy"


def as_someone_else(script: Path, folder: Path) -> list[str]:
    """Not root: the case where the script may not install anything itself. A copy in
    a folder anyone may read, since the checkout may be under /root."""
    if os.geteuid() != 0:
        return [str(script)]
    folder.chmod(0o755)
    copy = folder / script.name
    shutil.copy(script, copy)
    copy.chmod(0o755)
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(copy)]


def run_as_someone_else(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        as_someone_else(ENSURE_CHROMIUM, folder),
        env={"PATH": os.environ["PATH"], "LETSCHAT_CHROMIUM": "/nonexistent/chromium"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_chromium_or_root_it_says_how_to_install_it() -> None:
    with tempfile.TemporaryDirectory() as folder:
        done = run_as_someone_else(Path(folder))
    assert done.returncode == 1
    assert "sudo apt-get install -y chromium" in done.stderr
    assert "/nonexistent/chromium" in done.stderr


def test_with_chromium_in_place_it_does_nothing() -> None:
    done = subprocess.run(
        [str(ENSURE_CHROMIUM)], capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # no install when the browser is already there


def test_without_haproxy_or_root_it_says_how_to_install_it() -> None:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            as_someone_else(ENSURE_HAPROXY, Path(folder)),
            env={"PATH": os.environ["PATH"], "LETSCHAT_HAPROXY_PATH": "/nonexistent/haproxy"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert "sudo apt-get install -y haproxy" in done.stderr
    assert "/nonexistent/haproxy" in done.stderr


def test_with_haproxy_in_place_it_does_nothing() -> None:
    done = subprocess.run(
        [str(ENSURE_HAPROXY)], capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
