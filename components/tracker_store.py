"""Rasa's SQL tracker store, minus costs that grow with every turn.

Rasa 3.6 reads every event of the session from SQL and rebuilds the tracker on each
message, and rebuilds each event by searching all Event subclasses for its type name;
turn 50 of a conversation was twice as slow as turn 1 here (`make bench`). This store

- installs a lookup table for that search, with Rasa's other per-message fixes
  (``components/speedups.py``), and
- hides statement parameters in database errors, so a log never carries patient text,
- keeps recently saved trackers in memory, used only while the conversation's newest
  event in the database is still the one this store saved last and the tracker holds
  no event that was not saved (a turn may add some, then fail): the database stays
  the source of truth, so a turn that failed before saving, or another Rasa server
  sharing the database, makes it read from SQL again,
- keeps the console's read model (``bot/conversations/read_model.py``) current in the
  same transaction that stores a turn's events, so it holds exactly what was kept.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from typing import Any, Dict, List, Tuple

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func

from bot.conversations.read_model import StoredEvent, create_read_model, record_saved_events
from components import speedups

logger = logging.getLogger(__name__)

KEPT_CONVERSATIONS = 2048


class LetsChatSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with constant-time event lookup and a checked tracker cache."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        speedups.install()
        # sender -> (tracker, id of its newest event as saved, its number of events then)
        self._kept: OrderedDict[str, Tuple[DialogueStateTracker, int, int]] = OrderedDict()
        super().__init__(*args, **kwargs)
        # A failed write's error message must not carry the patient's words (logs).
        self.engine.hide_parameters = True
        create_read_model(self.engine)  # the launcher made it already; a lone `rasa run` too

    def _newest_event_id(self, session: Any, sender_id: str) -> int:
        query = session.query(func.max(self.SQLEvent.id)).filter(
            self.SQLEvent.sender_id == sender_id
        )
        return int(query.scalar() or 0)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._kept.get(sender_id)
        if kept is not None and len(kept[0].events) == kept[2]:
            with self.session_scope() as session:
                unchanged = kept[1] == self._newest_event_id(session, sender_id)
            if unchanged:
                self._kept.move_to_end(sender_id)
                return kept[0]
        self._kept.pop(sender_id, None)
        return await super().retrieve(sender_id)

    def _unsaved_events(
        self,
        session: Any,
        tracker: DialogueStateTracker,
        kept: Tuple[DialogueStateTracker, int, int] | None,
    ) -> List[Event]:
        """The tracker's events not stored yet. When it is the very tracker this store
        saved last, those past the count it saved then (whatever else another server has
        stored since, these are this turn's); else Rasa's way, which counts the session's
        stored events (a scan that grows with the conversation)."""
        if kept is not None and kept[0] is tracker:
            return list(itertools.islice(tracker.events, kept[2], None))
        return list(self._additional_events(session, tracker))

    def _event_row(self, sender_id: str, type_name: str, data: Dict[str, Any]) -> Any:
        """An ``events`` row, as ``SQLTrackerStore.save`` (Rasa 3.6.21) makes it."""
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=type_name,
            timestamp=data.get("timestamp"),
            intent_name=((data.get("parse_data") or {}).get("intent") or {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        """``SQLTrackerStore.save``, plus the conversation's read-model row in the same
        transaction."""
        kept = self._kept.pop(tracker.sender_id, None)  # unknown state if saving fails
        await self.stream_events(tracker)
        with self.session_scope() as session:
            new = [
                (event.type_name, event.as_dict())
                for event in self._unsaved_events(session, tracker, kept)
            ]
            rows = [self._event_row(tracker.sender_id, name, data) for name, data in new]
            session.add_all(rows)
            session.flush()  # gives the rows their ids
            saved: List[StoredEvent] = [
                (row.id, name, data.get("timestamp"), data)
                for row, (name, data) in zip(rows, new, strict=True)
            ]
            record_saved_events(session.connection(), tracker.sender_id, saved)
            newest = rows[-1].id if rows else self._newest_event_id(session, tracker.sender_id)
            session.commit()
        logger.debug("Tracker with sender_id '%s' stored to database", tracker.sender_id)
        self._kept[tracker.sender_id] = (tracker, newest, len(tracker.events))
        while len(self._kept) > KEPT_CONVERSATIONS:
            self._kept.popitem(last=False)
