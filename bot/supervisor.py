"""Keeping the servers up: a server that stops is restarted after a pause, once the
stores it writes to answer, and warmed again before patients reach it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from typing import Dict, List, Set

from bot.balancer import rasa_names, set_in_rotation
from bot.preflight import problems
from bot.processes import READY_TIMEOUT_SECONDS, health_urls, start, wait_until_ready
from bot.readiness import Chain, record
from bot.settings import Settings
from bot.warmup import WARM_UP_SECONDS, warm_server, warm_up

RESTART_DELAY_SECONDS = 5
MAX_RESTARTS, RESTART_WINDOW = 5, 600.0  # more restarts than this in 10 minutes: give up


def stores_answer(settings: Settings, stopping: threading.Event) -> bool:
    """Wait while a store does not answer: a Rasa started then would keep conversations
    in memory, an action server would stop again at once. False when stopping."""
    said = False
    while found := problems(settings):
        if not said:
            print(f"not restarting yet: {found[0]}", file=sys.stderr, flush=True)
            said = True
        if stopping.wait(RESTART_DELAY_SECONDS):
            return False
    return True


def one_of_several(name: str, settings: Settings) -> bool:
    """A Rasa server behind the balancer: the others answer while it comes back."""
    return settings.rasa_servers > 1 and name in rasa_names(settings)


_warming: Set[str] = set()  # Rasa servers kept out of the balancer's rotation until warm
_warming_lock = threading.Lock()


def take_out(settings: Settings, name: str) -> None:
    with _warming_lock:
        _warming.add(name)
    for _ in range(5):
        if set_in_rotation(settings, name, serving=False):
            return
        time.sleep(0.5)
    print(
        f"the balancer did not take {name} out: patients may reach it while it warms",
        file=sys.stderr,
        flush=True,
    )


def put_back(settings: Settings, name: str) -> None:
    with _warming_lock:
        _warming.discard(name)
    if not set_in_rotation(settings, name, serving=True):
        print(f"the balancer did not take {name} back", file=sys.stderr, flush=True)


def keep_out_the_warming(settings: Settings) -> None:
    """A restarted balancer read its configuration, where every server is in."""
    with _warming_lock:
        names = sorted(_warming)
    for name in names:
        take_out(settings, name)


def warmed(name: str, settings: Settings, stopping: threading.Event) -> bool:
    """One of several Rasa servers is warmed on its own, then put back in the rotation;
    anything else, the whole chain."""
    if not one_of_several(name, settings):
        return warm_up(settings, stopping)
    url = health_urls(settings)[name].rstrip("/")
    if not warm_server(url, settings, stopping, time.monotonic() + WARM_UP_SECONDS):
        return False
    put_back(settings, name)
    return True


def warm_after_restart(
    name: str, process: subprocess.Popen, settings: Settings, stopping: threading.Event
) -> None:
    """A restarted server may listen before it is warm: patients reach it again (the
    chain is recorded ready, or the balancer takes it back) only once a warm-up question
    is answered. Tries for as long as the server runs (if it stops, supervise restarts
    it and starts anew). A restarted balancer has nothing to warm: it only leaves out
    the servers still warming."""
    url = health_urls(settings)[name]
    said = False
    while not stopping.is_set() and process.poll() is None:
        up = wait_until_ready([url], [process], READY_TIMEOUT_SECONDS, stopping)
        if up and name == "balancer":
            keep_out_the_warming(settings)
        if up and (name == "balancer" or warmed(name, settings, stopping)):
            print(f"{name} is back and answering", flush=True)
            return
        if not said and not stopping.is_set():
            print(f"{name} restarted but does not answer yet: trying again", file=sys.stderr)
            said = True
        stopping.wait(RESTART_DELAY_SECONDS)


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
            if one_of_several(name, settings):  # out of the rotation until warm again
                take_out(settings, name)
            elif name != "balancer":  # the servers behind it stay warm
                record(settings.var_dir, Chain.WARMING, name)
            if stopping.wait(RESTART_DELAY_SECONDS) or not stores_answer(settings, stopping):
                return False
            restarts[name] = recent + [time.monotonic()]
            processes[name] = start(name, commands[name], settings)
            threading.Thread(
                target=warm_after_restart,
                args=(name, processes[name], settings, stopping),
                daemon=True,
            ).start()
    return False
