"""Failover at full scale: ``python -m tools.failover_bench``.

Starts the scaled profile as ``make run`` does with two Rasa servers behind HAProxy
(PostgreSQL tracker store, Redis lock store), lets 40 patients talk through the web app
(15 messages each), first with nothing killed (the baseline), then again with one Rasa
server SIGKILLed once 40% of the messages are sent. Prints what patients got and what
the tracker store kept, beside the targets (no real reply missing, none stored twice,
at most 2% "try again").
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, Tuple

import sqlalchemy as sa

from bot.content.__main__ import build as build_content
from bot.settings import Settings
from tools.assistant import child_pids, command_line, is_rasa_server, start_assistant
from tools.failover import Outcome, check, talk_while_killing

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "letschat_failover_bench"
POSTGRES_URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
RASA_PORT, BALANCER_PORT, ACTION_PORT, WEB_PORT = 5240, 5239, 5290, 8240
PATIENTS, MESSAGES = 40, 15


def fresh_database() -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()


def rasa_pid(launcher: int, port: int) -> int:
    return next(
        pid
        for pid in child_pids(launcher)
        if is_rasa_server(pid) and f"--port {port}" in command_line(pid)
    )


def timed(run: Callable[[], Outcome]) -> Tuple[Outcome, float]:
    began = time.perf_counter()
    outcome = run()
    return outcome, time.perf_counter() - began


def main() -> None:
    fresh_database()
    defaults = Settings()
    build_content(defaults.content_source, POSTGRES_URL, defaults.spacy_pipeline_dir)
    env = {
        "LETSCHAT_RASA_SERVERS": "2",
        "LETSCHAT_RASA_PORT": str(RASA_PORT),
        "LETSCHAT_BALANCER_PORT": str(BALANCER_PORT),
        "LETSCHAT_ACTION_PORT": str(ACTION_PORT),
        "LETSCHAT_WEB_PORT": str(WEB_PORT),
        "LETSCHAT_DATABASE_URL": POSTGRES_URL,
        "LETSCHAT_TRACKER_STORE_URL": POSTGRES_URL,
        "LETSCHAT_LOCK_STORE_URL": "redis://127.0.0.1:6379/9",
        "LETSCHAT_RATE_LIMIT_STORAGE_URL": "redis://127.0.0.1:6379/10",
        "LETSCHAT_CHAT_ADDRESS_LIMIT": "100000",  # every patient here is 127.0.0.1
    }
    web = f"http://127.0.0.1:{WEB_PORT}"
    print("[failover] starting two Rasa servers behind HAProxy ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="letschat-failover-") as var:
        env["LETSCHAT_VAR_DIR"] = var
        with start_assistant(env, Path(var) / "serve.log", BALANCER_PORT, POSTGRES_URL) as runner:
            print(f"[failover] {PATIENTS} patients, nothing killed ...", flush=True)
            calm, calm_s = timed(
                lambda: talk_while_killing(web, PATIENTS, MESSAGES, lambda: None, kill_after=2)
            )
            victim = rasa_pid(runner.process.pid, RASA_PORT + 1)
            print(f"[failover] {PATIENTS} patients, one Rasa server killed ...", flush=True)
            killed, killed_s = timed(
                lambda: talk_while_killing(
                    web, PATIENTS, MESSAGES, lambda: os.kill(victim, signal.SIGKILL)
                )
            )
            figures: Dict[str, Dict[str, int]] = {
                "nothing killed": check(POSTGRES_URL, calm),
                "one server killed": check(POSTGRES_URL, killed),
            }
    print()
    print(
        f"failover: {PATIENTS} patients x {MESSAGES} messages through the web app, 2 Rasa servers"
    )
    print(f"{'':22} {'nothing killed':>15} {'one killed':>11}  target")
    targets = {
        "replied but missing": "0",
        "answer never followed": "0",
        "stored twice": "0",
        "try again": "<= 2%",
    }
    for key in figures["nothing killed"]:
        calm_n, killed_n = figures["nothing killed"][key], figures["one server killed"][key]
        print(f"{key:22} {calm_n:>15} {killed_n:>11}  {targets.get(key, '')}")
    share = figures["one server killed"]["try again"] / max(1, figures["one server killed"]["sent"])
    print(f"{'try again share':22} {'':>15} {share:>11.1%}  {'ok' if share <= 0.02 else 'MISSED'}")
    print(f"{'messages per second':22} {calm.sent / calm_s:>15.1f} {killed.sent / killed_s:>11.1f}")


if __name__ == "__main__":
    main()
