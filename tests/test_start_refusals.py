"""The launcher refuses to start, naming what is missing, when a store it would write to
does not answer (real PostgreSQL and Redis on this machine, a closed port for a server
that is down); it never answers patients into a store that keeps nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

import pytest

from bot.settings import PROJECT_ROOT

CLOSED = "127.0.0.1:1"  # nothing listens on port 1


def launch(tmp_path: Path, settings: Dict[str, str]) -> subprocess.CompletedProcess:
    model = tmp_path / "model.tar.gz"
    model.touch()  # the model check passes; the launcher must stop before using it
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "LETSCHAT_VAR_DIR": str(tmp_path / "var"),
        "LETSCHAT_MODEL_PATH": str(model),
        "LETSCHAT_RASA_PORT": "5113",
        "LETSCHAT_ACTION_PORT": "5163",
        "LETSCHAT_WEB_PORT": "8113",
        **{f"LETSCHAT_{k}": v for k, v in settings.items()},
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.serve"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "settings, named",
    [
        (
            {"TRACKER_STORE_URL": f"postgresql://postgres@{CLOSED}/test"},
            f"tracker store (LETSCHAT_TRACKER_STORE_URL) at postgresql://postgres@{CLOSED}/test",
        ),
        (
            {"TRACKER_STORE_URL": "postgresql://postgres@127.0.0.1:5432/no_such_database"},
            "tracker store (LETSCHAT_TRACKER_STORE_URL) at postgresql://postgres@127.0.0.1:5432/",
        ),
        (
            {"DATABASE_URL": f"postgresql://letschat:s3cret-pw@{CLOSED}/test"},
            f"app database (LETSCHAT_DATABASE_URL) at postgresql://letschat:***@{CLOSED}/test",
        ),
        (
            {"LOCK_STORE_URL": f"redis://{CLOSED}/1"},
            f"lock store (LETSCHAT_LOCK_STORE_URL) at redis://{CLOSED}/1",
        ),
        (
            {"RATE_LIMIT_STORAGE_URL": f"redis://:s3cret-pw@{CLOSED}/2"},
            f"rate-limit storage (LETSCHAT_RATE_LIMIT_STORAGE_URL) at redis://:***@{CLOSED}/2",
        ),
        (
            {"DATABASE_URL": f"postgresql//letschat:s3cret-pw@{CLOSED}/test"},  # no ":"
            "app database (LETSCHAT_DATABASE_URL) is set to something that is not an address",
        ),
        (
            {"DATABASE_URL": f"postgresql://letschat@{CLOSED}/test?password=s3cret-pw"},
            f"app database (LETSCHAT_DATABASE_URL) at postgresql://letschat@{CLOSED}/test ",
        ),
    ],
    ids=[
        "tracker-down",
        "tracker-no-database",
        "app-db-down",
        "lock-store-down",
        "limits-down",
        "app-db-unreadable",
        "password-in-query",
    ],
)
def test_a_store_that_does_not_answer_stops_the_start(
    tmp_path: Path, settings: Dict[str, str], named: str
) -> None:
    done = launch(tmp_path, settings)
    assert done.returncode == 1
    assert f"cannot start: the {named}" in done.stderr, done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout  # the address, not its password
    assert "ready" not in done.stdout
    assert "[rasa]" not in done.stdout  # nothing was started


@pytest.mark.parametrize(
    "settings, named",
    [
        ({}, "2 Rasa servers need a shared PostgreSQL tracker store"),
        (
            {"TRACKER_STORE_URL": "postgresql://postgres@127.0.0.1:5432/test"},
            "2 Rasa servers need a shared Redis lock store",
        ),
    ],
    ids=["sqlite-tracker-store", "no-lock-store"],
)
def test_several_rasa_servers_need_shared_stores(
    tmp_path: Path, settings: Dict[str, str], named: str
) -> None:
    done = launch(tmp_path, {"RASA_SERVERS": "2", **settings})
    assert done.returncode == 1
    assert f"cannot start: {named}" in done.stderr, done.stderr
    assert "[rasa" not in done.stdout and "[balancer]" not in done.stdout


def test_the_real_servers_let_it_past_the_check(tmp_path: Path) -> None:
    """With PostgreSQL and Redis answering nothing is refused: the refusals above are
    about the stores that are down, not about the check."""
    from bot.preflight import problems
    from bot.settings import Settings

    settings = Settings(
        var_dir=tmp_path,
        tracker_store_url="postgresql://postgres@127.0.0.1:5432/test",
        lock_store_url="redis://127.0.0.1:6379/1",
        rate_limit_storage_url="redis://127.0.0.1:6379/2",
        rasa_servers=2,
    )
    assert problems(settings) == []


def test_a_launcher_without_a_model_says_what_to_do(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.serve"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "LETSCHAT_VAR_DIR": str(tmp_path),
            "LETSCHAT_MODEL_PATH": str(tmp_path / "missing.tar.gz"),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "no trained model" in done.stderr and "make train" in done.stderr


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("LETSCHAT_LIVE_HOURS", "weekdays 9 to 5", "Mon-Fri 08:00-17:00"),
        ("LETSCHAT_LIVE_TIMEZONE", "Eastern", "unknown time zone"),
        ("LETSCHAT_HOST", "0.0.0.0", "would expose Rasa"),  # noqa: S104 (refused, not bound)
    ],
)
def test_a_setting_written_wrong_stops_the_start_naming_it(
    tmp_path: Path, name: str, value: str, said: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.serve"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(PROJECT_ROOT),
            "LETSCHAT_VAR_DIR": str(tmp_path),
            name: value,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"cannot start: {name}: ") and said in done.stderr
    assert "Traceback" not in done.stderr


def test_an_app_database_without_the_page_stops_the_start(tmp_path: Path) -> None:
    """An upgrade (migration 0009 rebuilds the content tables) or a new database without
    `make build`: refused with what to run, rather than a Rasa that answers nothing."""
    empty = tmp_path / "empty.db"
    done = launch(tmp_path, {"DATABASE_URL": f"sqlite:///{empty}"})
    assert done.returncode == 1
    assert "cannot start: the content store is empty: run `make build`" in done.stderr
    assert "python -m bot.content build" in done.stderr and "Traceback" not in done.stderr


def test_a_generated_token_that_starts_with_a_dash_still_reaches_rasa(tmp_path: Path) -> None:
    """token_urlsafe can start with "-": Rasa's own argument parser must read it as the
    token, not as an option (seen once: "argument -t/--auth-token: expected one argument")."""
    from rasa.__main__ import create_argument_parser

    from bot.endpoints import TOKEN_FILE
    from bot.serve import rasa_server_command
    from bot.settings import Settings

    settings = Settings(var_dir=tmp_path)
    settings.secrets_dir.mkdir(parents=True)
    (settings.secrets_dir / TOKEN_FILE).write_text("-dash-first-token", encoding="utf-8")
    command = rasa_server_command(settings, tmp_path / "e.yml", tmp_path / "c.yml", 5005)
    arguments = create_argument_parser().parse_args(command[command.index("run") :])
    assert arguments.auth_token == "-dash-first-token"
