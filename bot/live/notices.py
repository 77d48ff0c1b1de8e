"""What a live chat adds to the conversation: the navigator's words and the handover
notices, as Rasa events (the web app stores them through Rasa's HTTP API).

Navigator turns carry the contract's ``{"kind": "navigator", "name": ...}``; the
notices are ``handoff`` turns whose ``live`` key the widget's feed looks for.
"""

from __future__ import annotations

from typing import Any, Dict, List

from bot.language import ENGLISH
from bot.messages import say

Event = Dict[str, Any]
PAUSE: Event = {"event": "pause"}  # Rasa predicts nothing until...
RESUME: Event = {"event": "resume"}
# The patient's messages while paused follow one another with no action between them;
# without a listen after the resume Rasa's policies read the next message as part of
# that run and loop on fallbacks (seen here). The listen closes it.
LISTEN: Event = {"event": "action", "name": "action_listen"}
FEED_KEYS = ("joined", "ended")  # handoff notices the widget shows from its feed


def navigator_label(name: str, lang: str = ENGLISH) -> str:
    return say("navigator_label", lang, name=name)


def _notice(text: str, live: str, name: str, lang: str) -> Event:
    custom = {"kind": "handoff", "lang": lang, "live": live, "name": name}
    return {"event": "bot", "text": text, "data": {"custom": custom}}


def joined(name: str, lang: str = ENGLISH) -> List[Event]:
    """The assistant steps aside: paused first, so nothing it predicts follows."""
    text = say("navigator_joined", lang, label=navigator_label(name, lang))
    return [PAUSE, _notice(text, "joined", name, lang)]


def ended(name: str, navigator_left: bool = False, lang: str = ENGLISH) -> List[Event]:
    """Handing back to the assistant: told first, then resumed and listening."""
    text = say("navigator_left" if navigator_left else "navigator_ended", lang, name=name)
    return [_notice(text, "ended", name, lang), RESUME, LISTEN]


def said_by_navigator(name: str, text: str, lang: str) -> Event:
    custom = {"kind": "navigator", "name": name, "lang": lang}
    return {"event": "bot", "text": text, "data": {"custom": custom}}


def in_feed(custom: Dict[str, Any]) -> bool:
    """Whether the widget shows this turn from the live feed (it shows replies to its
    own messages from their responses)."""
    return custom.get("kind") == "navigator" or custom.get("live") in FEED_KEYS
