"""Secrets generated on first run and kept in private files, never in the repo."""

from __future__ import annotations

import secrets
from pathlib import Path


def generated_secret(directory: Path, name: str, nbytes: int = 32) -> str:
    """The secret stored as ``directory/name`` (mode 0600), made on first use."""
    path = directory / name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(nbytes), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()
