"""The servers as processes: started with their output scrubbed and kept, checked, and
stopped; they end with the launcher however it ends.
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
from typing import Callable, Dict, Sequence

from bot.balancer import rasa_names
from bot.logfiles import server_log, write_line
from bot.settings import Settings

READY_TIMEOUT_SECONDS = 300  # for a server to listen; the warm-up has its own
STOP_TIMEOUT_SECONDS = 15
PR_SET_PDEATHSIG = 1  # linux/prctl.h


MALLOC_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value


def child_env(settings: Settings) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(settings.project_root),
        SANIC_HOST=settings.host,  # rasa-sdk reads its bind address only from here
        RASA_TELEMETRY_ENABLED="false",  # a hospital deployment phones nobody
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TICKET_LOCK_LIFETIME=str(settings.rasa_lock_lifetime_seconds),
    )
    # glibc raises its mmap threshold as large blocks are freed, then keeps TensorFlow's
    # and JSON's freed buffers in the heap for good; a fixed threshold returns them:
    # the Rasa server's memory 801 -> 749 MB after the same load (README "Benchmark").
    for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        env.setdefault(name, str(MALLOC_THRESHOLD_BYTES))
    return env


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
    urls = {"actions": f"http://{settings.host}:{settings.action_port}/health"}
    for name, port in zip(rasa_names(settings), settings.rasa_ports, strict=True):
        urls[name] = f"http://{settings.host}:{port}/"
    if settings.rasa_servers > 1:
        urls["balancer"] = f"{settings.rasa_url}/"  # answers once a Rasa server behind it does
    urls["web"] = f"{settings.local_web_url}/staff/login"
    return urls
