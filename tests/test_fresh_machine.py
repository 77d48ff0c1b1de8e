"""What a new machine needs for `make test` is installed by it, or named with the command
that installs it (and the run fails: a skipped browser test is not a pass)."""

from __future__ import annotations

import os
import subprocess

from bot.settings import PROJECT_ROOT

ENSURE_CHROMIUM = PROJECT_ROOT / "scripts" / "ensure-chromium"


def as_someone_else(command: list[str]) -> list[str]:
    """Not root: the case where the script may not install anything itself."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]


def test_without_chromium_or_root_it_says_how_to_install_it() -> None:
    done = subprocess.run(
        as_someone_else([str(ENSURE_CHROMIUM)]),
        env={"PATH": os.environ["PATH"], "LETSCHAT_CHROMIUM": "/nonexistent/chromium"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "sudo apt-get install -y chromium" in done.stderr
    assert "/nonexistent/chromium" in done.stderr


def test_with_chromium_in_place_it_does_nothing() -> None:
    done = subprocess.run(
        [str(ENSURE_CHROMIUM)], capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # no install when the browser is already there
