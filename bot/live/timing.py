"""How long live-chat states last (from settings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Timing:
    wait: timedelta  # in line before the patient is offered a call back
    navigator_seen: timedelta  # a navigator's live page unheard of longer is not on duty
    patient_gone: timedelta  # a waiting patient's widget unheard of longer has left
