"""An outage is logged when it starts and when it ends, not on every patient message in
between: a busy page would write the same line thousands of times and bury the start."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

logger = logging.getLogger("bot.web")  # the web app's own logger (Flask names it so)


@dataclass
class Outage:
    started: str  # logged as an error at the first failure; %s: the patient reference
    ended: str  # logged as a warning at the first success after it
    failing: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def saw(self, ok: bool, reference: str, reason: str = "") -> None:
        with self._lock:
            if ok != self.failing:
                return  # no change
            self.failing = not ok
        if ok:
            logger.warning(self.ended)
        else:
            logger.error(self.started, reference + (f": {reason}" if reason else ""))


NOT_KEPT = Outage(
    "chat: a turn was not kept in the tracker store (%s); patients get the phone line "
    "until it is (logged once)",
    "chat: the tracker store keeps conversations again",
)
NO_REPLY = Outage(
    "chat: empty reply (%s); patients get the phone line until Rasa replies again (logged once)",
    "chat: Rasa replies again",
)
