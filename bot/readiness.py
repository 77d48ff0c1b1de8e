"""Whether the assistant's chain has answered a real question since its last (re)start.

The launcher knows: it warms the chain before it prints "ready" and again after it
restarts a server, and it records the outcome here (``var/chain-state``). The web app
reads it for ``/healthz`` and to keep patients off a Rasa server that is still cold.
Without a launcher there is no record: patients are forwarded as they come, but
``/healthz`` does not call the chain healthy.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

STATE_FILE = "chain-state"


class Chain(str, Enum):
    STARTING = "starting"  # servers starting, or the first warm-up not yet answered
    READY = "ready"  # a real question went through the whole chain in time
    WARMING = "warming"  # a restarted server is up but has not answered yet


@dataclass(frozen=True)
class ChainState:
    state: Chain
    server: str = ""  # the restarted server, while WARMING
    since: str = ""
    recorded: bool = True  # False: no launcher wrote a state (servers run some other way)

    @property
    def rasa_is_cold(self) -> bool:
        """A cold Rasa would spend a patient's wait warming up: keep patients off it.
        A restarted action server needs no such care: it listens only once warm."""
        return self.recorded and (
            self.state is Chain.STARTING or (self.state is Chain.WARMING and self.server == "rasa")
        )


_writing = threading.Lock()  # the launcher's main thread and its warm-up threads


def record(var_dir: Path, state: Chain, server: str = "") -> None:
    """Write the state atomically (the web app may read it at any moment). A cold Rasa
    keeps patients away, so another server's restart never overwrites it."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with _writing:
        current = read(var_dir)
        if state is Chain.WARMING and current.rasa_is_cold and server != "rasa":
            return
        handle, partial = tempfile.mkstemp(dir=var_dir, prefix=f".{STATE_FILE}-")
        with os.fdopen(handle, "w") as out:
            out.write(json.dumps({"state": state.value, "server": server, "since": now}))
        os.replace(partial, var_dir / STATE_FILE)


def read(var_dir: Path) -> ChainState:
    try:
        raw = json.loads((var_dir / STATE_FILE).read_text())
        return ChainState(Chain(raw["state"]), str(raw.get("server", "")), str(raw["since"]))
    except FileNotFoundError:
        return ChainState(Chain.STARTING, recorded=False)
    except (OSError, ValueError, KeyError, TypeError):
        return ChainState(Chain.STARTING)


def clear(var_dir: Path) -> None:
    """The launcher is stopping: nothing answers any more."""
    (var_dir / STATE_FILE).unlink(missing_ok=True)
