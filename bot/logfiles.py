"""The servers' logs under ``var/logs``: scrubbed of PHI, private, rotated daily, purged.

Every line a server prints passes through ``scrub_log_line`` before it is written or
shown, so a phone number, an email or a chat session id in an error message never
reaches a file. Files rotate at midnight and are kept for the retention period.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from datetime import datetime
from pathlib import Path

from bot.redaction import scrub_log_line

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def make_private(root: Path) -> None:
    """``root`` and everything under it readable by this user only."""
    if not root.exists():
        return
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = PRIVATE_DIR if path.is_dir() else PRIVATE_FILE
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)


def server_log(logs: Path, name: str, keep_days: int) -> logging.Logger:
    """A logger writing ``logs/<name>.log`` as is, rotated daily, ``keep_days`` kept."""
    logs.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    logger = logging.getLogger(f"letschat.server.{name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        handler = logging.handlers.TimedRotatingFileHandler(
            logs / f"{name}.log", when="midnight", backupCount=keep_days, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


def write_line(logger: logging.Logger, line: str) -> str:
    """Log one line of a server's output, scrubbed; the scrubbed line."""
    clean = scrub_log_line(line.rstrip("\n"))
    logger.info(clean)
    return clean


def purge_logs(logs: Path, cutoff: datetime) -> int:
    """Remove log files last written before ``cutoff``; how many.

    A rotated file is deleted; a file a server may still hold open is emptied instead
    (it writes in append mode, so its next line lands at the start of the empty file).
    """
    if not logs.exists():
        return 0
    removed = 0
    for path in logs.glob("*.log*"):
        if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
            if path.suffix == ".log":
                path.write_bytes(b"")
            else:
                path.unlink()
            removed += 1
    return removed
