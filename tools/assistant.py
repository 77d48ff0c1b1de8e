"""Start the servers as `make run` does (``python -m bot.serve``), for tests and the bench."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

from bot.serve import RASA_ENTRY
from bot.settings import PROJECT_ROOT

READY_SECONDS = 600  # the launcher: 300 s for the servers to listen, 240 s to warm up


@dataclass
class RunningAssistant:
    rasa_url: str
    tracker_url: str
    process: subprocess.Popen
    log: Path

    def send(self, sender: str, message: str, timeout: float = 30) -> List[Dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())


@contextmanager
def start_assistant(
    env_overrides: Dict[str, str], log: Path, rasa_port: int, tracker_url: str
) -> Iterator[RunningAssistant]:
    env = {**os.environ, **env_overrides, "PYTHONPATH": str(PROJECT_ROOT)}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = RunningAssistant(f"http://127.0.0.1:{rasa_port}", tracker_url, process, log)
    try:
        deadline = time.monotonic() + READY_SECONDS
        while "ready: REST channel" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"servers did not start:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as a person stops `make run`
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def customs(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [m["custom"] for m in messages if "custom" in m]


def texts(messages: List[Dict[str, Any]]) -> List[str]:
    return [m["text"] for m in messages if "text" in m]


def child_pids(pid: int) -> List[int]:
    """The processes ``pid`` started (the action server and the Rasa server)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")


def runs_module(pid: int, module: str) -> bool:
    """Whether process ``pid`` was started as ``python -m module ...``."""
    return f" -m {module} " in command_line(pid)


def is_rasa_server(pid: int) -> bool:
    return runs_module(pid, RASA_ENTRY)


@contextmanager
def web_app(env: Dict[str, str], port: int) -> Iterator[str]:
    """One more web app process (``python -m bot.web``) with ``env``'s settings on
    ``port``, until the block ends; its address once it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.web"],
        cwd=PROJECT_ROOT,
        env={**env, "LETSCHAT_WEB_PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/staff/login", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the web app did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
