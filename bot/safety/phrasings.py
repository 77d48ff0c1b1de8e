"""Labelled safety phrasings (``data/safety/`` trains, ``tests/safety/`` scores)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

import yaml

from bot.safety.rules import CRISIS, EMERGENCY

ORDINARY = "ordinary"
LABELS = (EMERGENCY, CRISIS, ORDINARY)
LANGS = ("en", "es")


@dataclass(frozen=True)
class Phrasing:
    text: str
    label: str  # emergency, crisis or ordinary
    lang: str  # en or es


def load_phrasings(paths: Sequence[Path]) -> List[Phrasing]:
    """Every phrasing in ``paths``; a bad label or language names the file and item."""
    phrasings: List[Phrasing] = []
    for path in paths:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["phrasings"]:
            phrasing = Phrasing(str(item["text"]), item["label"], item["lang"])
            if phrasing.label not in LABELS or phrasing.lang not in LANGS:
                raise ValueError(f"{path}: bad label or lang in {item!r}")
            phrasings.append(phrasing)
    return phrasings
