"""Evaluation tools must never print what they score."""

from __future__ import annotations

import logging


def silence_parse_logs() -> None:
    """Unconfigured, Rasa's structlog prints every parse at debug level, with its text:
    the held-out examples and scored phrasings themselves, which must never be shown
    (they would shape the next change)."""
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
