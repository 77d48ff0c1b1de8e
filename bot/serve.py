"""``python -m bot.serve``: start the action server, Rasa and the web app, until Ctrl-C.

What ``make run`` runs once content and model are built. Rasa and the action server
bind to ``settings.host`` (a loopback or private address); the web app, which patients
reach, to ``settings.web_host``. Everything under ``var/`` is private to this user
(umask 077). Each server's output is scrubbed of PHI, shown with a prefix and kept
under ``var/logs`` (rotated daily). "ready" is printed once a warm-up question has been
answered through the whole chain (bot/warmup.py). A server that stops is restarted
after a pause and warmed again before patients reach it (bot/readiness.py); one that
keeps stopping ends the run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List, Sequence

from bot.endpoints import api_token, credentials_config, endpoints_config, write_yaml
from bot.logfiles import make_private, server_log, write_line
from bot.preflight import migrate, problems
from bot.readiness import Chain, clear, record
from bot.settings import Settings, get_settings
from bot.warmup import warm_up

READY_TIMEOUT_SECONDS = 300  # for the servers to listen; the warm-up has its own
STOP_TIMEOUT_SECONDS = 15
RESTART_DELAY_SECONDS = 5
PR_SET_PDEATHSIG = 1  # linux/prctl.h
MAX_RESTARTS, RESTART_WINDOW = 5, 600.0  # more restarts than this in 10 minutes: give up


def child_env(settings: Settings) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(settings.project_root),
        SANIC_HOST=settings.host,  # rasa-sdk reads its bind address only from here
        RASA_TELEMETRY_ENABLED="false",  # a hospital deployment phones nobody
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    return env


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


def rasa_server_command(settings: Settings, endpoints: Path, credentials: Path) -> List[str]:
    command = [
        sys.executable,
        "-m",
        "rasa",
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
        str(settings.rasa_port),
    ]
    if settings.rasa_enable_api:
        command += ["--enable-api", "--auth-token", api_token(settings)]
    return command


def _pump(name: str, stream, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    log = server_log(settings.var_dir / "logs", name, settings.retention_days)
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"[{name}] {write_line(log, line)}\n")
        sys.stdout.flush()


def ends_with_launcher() -> Callable[[], None] | None:
    """Run in each server before it starts: the kernel sends it SIGTERM when the launcher
    ends, however it ends (SIGKILL included), so no server is left holding its port.
    Each server runs in its own session, so a terminal's Ctrl-C reaches the launcher
    only, which stops them in order."""
    if not sys.platform.startswith("linux"):
        return None
    # Looked up before the fork: the child only calls it (no loading, no locks).
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    launcher = os.getpid()

    def in_child() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != launcher:  # the launcher ended before prctl took effect
            os._exit(1)

    return in_child


def start(name: str, command: Sequence[str], settings: Settings) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: PLW1509 (preexec_fn: one prctl call, no locks)
        command,
        cwd=settings.project_root,
        env=child_env(settings),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=ends_with_launcher(),
    )
    threading.Thread(target=_pump, args=(name, process.stdout, settings), daemon=True).start()
    return process


def is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (localhost)
            return bool(response.status == 200)
    except OSError:
        return False


def wait_until_ready(
    urls: Sequence[str],
    processes: Sequence[subprocess.Popen],
    timeout: float,
    stopping: threading.Event,
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not stopping.is_set():
        if any(p.poll() is not None for p in processes):
            return False
        if all(is_up(u) for u in urls):
            return True
        stopping.wait(0.5)
    return False


def stop(processes: Sequence[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def health_urls(settings: Settings) -> Dict[str, str]:
    """Where each server says it is up (the action server only once it is warm)."""
    return {
        "actions": f"http://{settings.host}:{settings.action_port}/health",
        "rasa": f"http://{settings.host}:{settings.rasa_port}/",
        "web": f"{settings.local_web_url}/staff/login",
    }


def warm_after_restart(
    name: str, process: subprocess.Popen, settings: Settings, stopping: threading.Event
) -> None:
    """A restarted server may listen before it is warm: the chain is recorded ready (and
    patients reach Rasa again) only once a warm-up question is answered. Tries for as
    long as the server runs (if it stops, supervise restarts it and starts anew)."""
    url = health_urls(settings)[name]
    said = False
    while not stopping.is_set() and process.poll() is None:
        up = wait_until_ready([url], [process], READY_TIMEOUT_SECONDS, stopping)
        if up and warm_up(settings, stopping):
            print(f"{name} is back and answering", flush=True)
            return
        if not said and not stopping.is_set():
            print(f"{name} restarted but does not answer yet: trying again", file=sys.stderr)
            said = True
        stopping.wait(RESTART_DELAY_SECONDS)


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
    endpoints = write_yaml(settings.var_dir / "endpoints.yml", endpoints_config(settings))
    credentials = write_yaml(settings.var_dir / "credentials.yml", credentials_config(settings))
    commands = {
        "actions": action_server_command(settings),
        "rasa": rasa_server_command(settings, endpoints, credentials),
        "web": web_app_command(),
    }
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
                f"ready: REST channel at http://{settings.host}:{settings.rasa_port}"
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


def supervise(
    processes: Dict[str, subprocess.Popen],
    commands: Dict[str, List[str]],
    settings: Settings,
    stopping: threading.Event,
) -> bool:
    """Restart a server that dies (Rasa keeps answering emergencies while the action
    server comes back); give up, and report failure, after too many restarts."""
    restarts: Dict[str, List[float]] = {name: [] for name in processes}
    while not stopping.wait(0.5):
        for name, process in processes.items():
            if process.poll() is None:
                continue
            recent = [t for t in restarts[name] if t > time.monotonic() - RESTART_WINDOW]
            if len(recent) >= MAX_RESTARTS:
                print(
                    f"{name} keeps stopping: giving up (see var/logs/{name}.log)",
                    file=sys.stderr,
                    flush=True,
                )
                return True
            print(
                f"{name} stopped (exit {process.returncode}); restarting in "
                f"{RESTART_DELAY_SECONDS} s",
                file=sys.stderr,
                flush=True,
            )
            record(settings.var_dir, Chain.WARMING, name)
            if stopping.wait(RESTART_DELAY_SECONDS):
                return False
            restarts[name] = recent + [time.monotonic()]
            processes[name] = start(name, commands[name], settings)
            threading.Thread(
                target=warm_after_restart,
                args=(name, processes[name], settings, stopping),
                daemon=True,
            ).start()
    return False


if __name__ == "__main__":
    sys.exit(serve(get_settings()))
