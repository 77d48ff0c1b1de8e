"""``RulePolicy`` that reads only the recent part of a conversation.

Rasa 3.6's RulePolicy turns the whole conversation into dialogue states on every
prediction (two or three a message), though a rule looks back only as many states as the
longest rule has: at turn 60 that was 4 ms a call here and the reason turn 50 was slower
than turn 1 (README "Benchmark"). This policy hands it a tracker that starts a few states
before the longest rule reaches, with the slots and loop the conversation had there,
and drops the first state of that tracker (the only one that differs: it has no previous
action). Every state a rule is compared with is therefore the one the whole
conversation gives (``tests/test_rule_policy.py``). A conversation is read whole when it
is short, when its recent part reverts or restarts, and while a loop (the care-navigation
form) is active or ran in that part: Rasa folds a loop's runs together
(``DialogueStateTracker.applied_events``), which reaches back past any cut.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cached_property
from typing import Any, Dict, List, Tuple

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Events whose effect reaches back before themselves: a recent part holding one is not
# read alone.
_REACHING_BACK = (Restarted, SessionStarted, UserUtteranceReverted, ActionReverted)
MARGIN = 2  # states kept beyond the longest rule


class Snapshots:
    """The slots and loop each conversation had at the start of its recent part, moved
    forward with the events the start has since passed, so a turn does not replay the
    conversation from its beginning. A conversation read afresh from the store (other
    event objects) is replayed once."""

    def __init__(self, size: int = 2048) -> None:
        self._size = size
        # sender -> (the events applied, the tracker they made)
        self._kept: OrderedDict[str, Tuple[List[Event], DialogueStateTracker]] = OrderedDict()

    def at(self, tracker: DialogueStateTracker, before: List[Event]) -> DialogueStateTracker:
        kept = self._kept.pop(tracker.sender_id, None)
        if kept is not None and _starts_with(before, kept[0]):
            then = kept[1]
            for event in before[len(kept[0]) :]:
                then.update(event)
        else:
            then = DialogueStateTracker.from_events(
                tracker.sender_id, before, tracker.slots.values()
            )
        self._kept[tracker.sender_id] = (before, then)
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return then


def _starts_with(events: List[Event], prefix: List[Event]) -> bool:
    """Whether ``events`` begins with the very event objects of ``prefix``."""
    if len(prefix) > len(events):
        return False
    return all(a is b for a, b in zip(prefix, events[: len(prefix)], strict=True))


def recent_part(
    tracker: DialogueStateTracker, states_needed: int, snapshots: Snapshots | None = None
) -> DialogueStateTracker | None:
    """A tracker of the conversation's last ``states_needed`` (or more) states, plus one
    leading state to drop, or None when the whole conversation must be read."""
    events: List[Event] = list(tracker.events)
    loops = {e.name for e in events if isinstance(e, ActiveLoop) and e.name}
    actions_seen = 0
    for index in range(len(events) - 1, 0, -1):
        event = events[index]
        if isinstance(event, _REACHING_BACK):
            return None
        if isinstance(event, ActionExecuted) and event.action_name in loops:
            return None  # Rasa folds a loop's runs together (applied_events): read whole
        if not isinstance(event, ActionExecuted):
            continue
        actions_seen += 1
        starts_a_turn = event.action_name == ACTION_LISTEN_NAME and isinstance(
            events[index + 1] if index + 1 < len(events) else None, UserUttered
        )
        if actions_seen > states_needed and starts_a_turn:
            then = (snapshots or Snapshots()).at(tracker, events[:index])
            if then.active_loop_name:
                return None  # the same folding, reaching back before the recent part
            return _on_top_of(then, tracker, events[index:])
    return None


def _on_top_of(
    then: DialogueStateTracker, tracker: DialogueStateTracker, recent: List[Event]
) -> DialogueStateTracker:
    """``recent`` on top of the slots and loop the conversation had ``then``."""
    carried: List[Event] = [
        SlotSet(name, slot.value)
        for name, slot in then.slots.items()
        if slot.value != slot.initial_value
    ]
    if then.active_loop_name:
        carried.append(ActiveLoop(then.active_loop_name))
    return DialogueStateTracker.from_events(
        tracker.sender_id, carried + recent, tracker.slots.values()
    )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentRulePolicy(RulePolicy):
    """``RulePolicy`` over the part of the conversation its rules can see."""

    @cached_property
    def _snapshots(self) -> Snapshots:
        return Snapshots()

    @cached_property
    def _states_needed(self) -> int:
        keys = list(self.lookup.get(RULES, {})) + list(
            self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})
        )
        longest = max((len(self._rule_key_to_state(key)) for key in keys), default=0)
        return longest + MARGIN

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Dict[str, Any] | None = None,
    ) -> List[State]:
        recent = recent_part(tracker, self._states_needed, self._snapshots)
        states = super()._prediction_states(
            recent or tracker, domain, use_text_for_last_user_input, rule_only_data
        )
        return states[1:] if recent is not None else states
