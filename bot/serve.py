"""``python -m bot.serve``: start the action server, Rasa and the web app, until Ctrl-C.

What ``make run`` runs once content and model are built. Rasa and the action server
bind to ``settings.host`` (a loopback or private address); the web app, which patients
reach, to ``settings.web_host``. Everything under ``var/`` is private to this user
(umask 077). Each server's output is scrubbed of PHI, shown with a prefix and kept
under ``var/logs`` (rotated daily; bot/processes.py). Nothing starts while a store
does not answer (bot/preflight.py). "ready" is printed once a warm-up question has been
answered through the whole chain (bot/warmup.py). A server that stops is restarted
and warmed again before patients reach it (bot/supervisor.py, bot/readiness.py); one
that keeps stopping ends the run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Dict, List

from pydantic import ValidationError

from bot.balancer import command as balancer_command
from bot.balancer import config as balancer_config
from bot.balancer import rasa_names
from bot.endpoints import api_token, credentials_config, endpoints_config, write_yaml
from bot.logfiles import make_private
from bot.preflight import content_problem, migrate, problems
from bot.processes import READY_TIMEOUT_SECONDS, health_urls, start, stop, wait_until_ready
from bot.readiness import Chain, clear, record
from bot.settings import Settings, get_settings
from bot.supervisor import supervise
from bot.warmup import warm_up

RASA_ENTRY = "bot.rasa_server"


def action_server_command(settings: Settings) -> List[str]:
    return [
        sys.executable,
        "-m",
        "actions",  # warms the knowledge base, then runs rasa-sdk's server
        "--actions",
        "actions",
        "--port",
        str(settings.action_port),
    ]


def web_app_command() -> List[str]:
    return [sys.executable, "-m", "bot.web"]


def rasa_server_command(
    settings: Settings, endpoints: Path, credentials: Path, port: int
) -> List[str]:
    command = [
        sys.executable,
        "-m",
        RASA_ENTRY,  # Rasa's command line, minus JAX (65 MB)
        "run",
        "--model",
        str(settings.model_path),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--interface",
        settings.host,
        "--port",
        str(port),
        # the web app's live chat pauses, writes into and resumes conversations
        "--enable-api",
        # one argument: a generated token may start with "-", which argparse would
        # otherwise read as an option ("expected one argument")
        f"--auth-token={api_token(settings)}",
    ]
    return command


def serve(settings: Settings) -> int:
    if not settings.model_path.exists():
        print(f"no trained model at {settings.model_path}: run `make train`", file=sys.stderr)
        return 1
    os.umask(0o077)  # databases, logs and rendered configs: this user only
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    make_private(settings.var_dir)  # files an older version left readable
    refusals = problems(settings)
    for refusal in refusals:
        print(f"cannot start: {refusal}", file=sys.stderr)
    if refusals:
        return 1
    migrate(settings)  # before any server starts; never inside a request
    no_content = content_problem(settings)
    if no_content:
        print(f"cannot start: {no_content}", file=sys.stderr)
        return 1
    endpoints = write_yaml(settings.var_dir / "endpoints.yml", endpoints_config(settings))
    credentials = write_yaml(settings.var_dir / "credentials.yml", credentials_config(settings))
    commands = {"actions": action_server_command(settings)}
    for name, port in zip(rasa_names(settings), settings.rasa_ports, strict=True):
        commands[name] = rasa_server_command(settings, endpoints, credentials, port)
    if settings.rasa_servers > 1:
        balancer = settings.var_dir / "haproxy.cfg"
        balancer.write_text(balancer_config(settings))
        commands["balancer"] = balancer_command(settings, balancer)
    commands["web"] = web_app_command()
    stopping = threading.Event()

    def on_signal(signum: int, _frame: object | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    record(settings.var_dir, Chain.STARTING)  # the web app keeps patients off a cold Rasa
    processes: Dict[str, subprocess.Popen] = {}
    ready = failed = False
    try:
        for name, command in commands.items():
            processes[name] = start(name, command, settings)
        urls = list(health_urls(settings).values())
        ready = wait_until_ready(urls, list(processes.values()), READY_TIMEOUT_SECONDS, stopping)
        ready = ready and warm_up(settings, stopping)
        if ready:
            print(
                f"ready: REST channel at {settings.rasa_url}"
                f"/webhooks/rest/webhook, patient page with the chat widget at "
                f"{settings.local_web_url}/, staff console at "
                f"{settings.local_web_url}/staff/login (Ctrl-C stops)",
                flush=True,
            )
        elif not stopping.is_set():
            failed = True
            stopping.set()
            print(
                "a server did not start or answer a first question: see var/logs/",
                file=sys.stderr,
            )
        failed = supervise(processes, commands, settings, stopping) or failed
    finally:
        clear(settings.var_dir)
        stop(list(processes.values()))
    return 1 if failed else 0


def main() -> int:
    try:
        settings = get_settings()
    except ValidationError as error:  # a setting the hospital wrote wrong: say which
        for problem in error.errors():
            field = "LETSCHAT_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(f"cannot start: {field}: {problem['msg']}", file=sys.stderr)
        return 1
    return serve(settings)


if __name__ == "__main__":
    sys.exit(main())
