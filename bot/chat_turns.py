"""Conversation turns as the widget shows them (plain JSON), live and re-read.

A live reply (Rasa's REST messages) and the same reply read back from the tracker
store fold into the same turns, so an answer has the same id in both: the widget's
thumbs and the console's transcript meet on it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterable, List, Mapping

from bot.conversations import Turn, assistant_message, fold_replies
from bot.feedback import attach_ratings

Json = Dict[str, Any]


def reply_turns(messages: Iterable[Mapping[str, Any]]) -> List[Turn]:
    """Rasa's REST reply as the widget's assistant turns."""
    now = datetime.now(timezone.utc)
    return fold_replies(assistant_message(m.get("text") or "", now, dict(m)) for m in messages)


def turn_json(turn: Turn) -> Json:
    out: Json = {"who": turn.who, "text": turn.text}
    if turn.who == "assistant":
        out.update(custom=turn.custom, buttons=turn.buttons)
        if turn.answer_id:
            out.update(answer_id=turn.answer_id, feedback=turn.feedback)
    return out


def _as_typed(turns: List[Turn]) -> List[Turn]:
    """A button's payload (``/affirm``) shown as the title the patient clicked ("Yes")."""
    shown: List[Turn] = []
    buttons: Dict[str, str] = {}
    for turn in turns:
        if turn.who == "assistant":
            buttons = {b["payload"]: b["title"] for b in turn.buttons}
        elif turn.text in buttons:
            turn = Turn("patient", buttons[turn.text], turn.at)
        shown.append(turn)
    return shown


def history(
    turns: List[Turn], ratings: Mapping[str, str], now: datetime, idle_minutes: int
) -> List[Turn]:
    """What the widget shows again after a reload: nothing once the session went idle."""
    if not turns or now - turns[-1].at > timedelta(minutes=idle_minutes):
        return []
    attach_ratings(turns, ratings)
    return _as_typed([t for t in turns if not t.opened_chat])
