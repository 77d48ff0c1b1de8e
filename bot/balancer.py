"""HAProxy in front of several Rasa servers (``LETSCHAT_RASA_SERVERS=N``).

The web app names the conversation in a header on every call; HAProxy hashes it
consistently, so a conversation stays on one server while that server is up and moves
to a live one when it stops (health checks each second; a call that cannot connect is
sent to another server at once). HAProxy never sends again a call that reached a server
which then died: the web app does, and only if the tracker store does not hold the
patient's message (``bot/web/chat.py``); otherwise a second server would store it twice.

The launcher takes a restarted server out of the rotation (HAProxy's runtime API, a
Unix socket under ``var/``) until it has answered a warm-up question, so no patient
waits on a cold server.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import List

from bot.settings import Settings

CONVERSATION_HEADER = "X-Letschat-Conversation"
BACKEND = "rasa"
SOCKET = "haproxy.sock"
TURN_LIMIT_SECONDS = 125  # beyond the web app's own limit on a turn (bot/web/rasa_client.py)


def rasa_names(settings: Settings) -> List[str]:
    """The Rasa servers' names, as the launcher, its logs and HAProxy call them."""
    if settings.rasa_servers <= 1:
        return ["rasa"]
    return [f"rasa-{i}" for i in range(1, settings.rasa_servers + 1)]


def config(settings: Settings) -> str:
    servers = "\n".join(
        f"    server {name} {settings.host}:{port} check"
        for name, port in zip(rasa_names(settings), settings.rasa_ports, strict=True)
    )
    return f"""# Written by the launcher (bot/balancer.py) at each start; changes here are lost.
global
    maxconn 1024
    stats socket {settings.var_dir / SOCKET} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client {TURN_LIMIT_SECONDS}s
    timeout server {TURN_LIMIT_SECONDS}s
    timeout check 2s
    retries 3
    retry-on conn-failure
    option redispatch 1

frontend rasa_in
    bind {settings.host}:{settings.balancer_port}
    default_backend {BACKEND}

backend {BACKEND}
    balance hdr({CONVERSATION_HEADER})
    hash-type consistent
    option httpchk
    http-check send meth GET uri /
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
{servers}
"""


def command(settings: Settings, config_path: Path) -> List[str]:
    return [str(settings.haproxy_path), "-f", str(config_path), "-db"]  # -db: foreground


def set_in_rotation(settings: Settings, name: str, serving: bool) -> bool:
    """Put a Rasa server in or out of HAProxy's rotation; False if HAProxy did not hear."""
    verb = "enable" if serving else "disable"
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as runtime:
            runtime.settimeout(2)
            runtime.connect(str(settings.var_dir / SOCKET))
            runtime.sendall(f"{verb} server {BACKEND}/{name}\n".encode())
            answer = runtime.recv(4096).decode(errors="replace").strip()
    except OSError:
        return False
    return answer == ""  # the runtime API answers an accepted command with nothing
