"""The recent part of a conversation gives RulePolicy exactly the states the whole
conversation gives, wherever a rule can look (components/rule_policy.py)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import List

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from components.rule_policy import Snapshots, recent_part

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
STATES_NEEDED = 6


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(DOMAIN_FILE))


def conversation(domain: Domain, turns: int, seed: int, loops: bool = True) -> List[Event]:
    """A random but well-formed conversation: intents, actions, slot values (the
    conversation-shaping ``handoff_offered`` among them) and the form opening and
    closing."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    left_out = {ACTION_LISTEN_NAME} | (set() if loops else set(domain.form_names))
    actions = [a for a in domain.action_names_or_texts if a not in left_out]
    events: List[Event] = [ActionExecuted(ACTION_LISTEN_NAME)]
    for turn in range(turns):
        intent = rng.choice(domain.intents)
        events.append(UserUttered(f"message {turn}", {"name": intent, "confidence": 1.0}))
        if rng.random() < 0.3:
            events.append(SlotSet("handoff_offered", rng.choice([True, False, None])))
        if rng.random() < 0.2:
            events.append(SlotSet("lang", rng.choice(["en", "es"])))
        if loops and rng.random() < 0.1:
            events.append(ActiveLoop(rng.choice(["handoff_form", None])))
        for _ in range(rng.randint(1, 2)):
            events.append(ActionExecuted(rng.choice(actions)))
            events.append(BotUttered("reply"))
        events.append(ActionExecuted(ACTION_LISTEN_NAME))
    return events


def tracker_of(domain: Domain, events: List[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("someone", events, domain.slots)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("turns", [1, 3, 8, 25, 60])
def test_the_recent_part_gives_the_same_last_states(domain: Domain, seed: int, turns: int) -> None:
    tracker = tracker_of(domain, conversation(domain, turns, seed))
    whole = tracker.past_states(domain)
    recent = recent_part(tracker, STATES_NEEDED)
    if recent is None:  # short, or a loop active or running: read whole
        assert (
            len(whole) <= 3 * STATES_NEEDED
            or tracker.active_loop_name
            or any(isinstance(e, ActiveLoop) for e in tracker.events)
        )
        return
    part = recent.past_states(domain)[1:]
    assert len(part) > STATES_NEEDED
    assert part == whole[-len(part) :]
    assert len(part) < len(whole)


@pytest.mark.parametrize("seed", range(4))
def test_a_growing_conversation_gives_the_same_states_turn_after_turn(
    domain: Domain, seed: int
) -> None:
    """As in the server: one live tracker gains events turn by turn, the policy keeps its
    snapshots, and a reload from the store (new event objects) comes in between."""
    events = conversation(domain, 40, seed)
    snapshots = Snapshots()
    live = tracker_of(domain, events[:1])
    for number, event in enumerate(events[1:], start=2):
        live.update(event)
        if number == len(events) // 2:  # read afresh from the store
            live = tracker_of(domain, [Event.from_parameters(e.as_dict()) for e in live.events])
        if not isinstance(event, ActionExecuted):
            continue
        recent = recent_part(live, STATES_NEEDED, snapshots)
        if recent is not None:
            part = recent.past_states(domain)[1:]
            assert part == live.past_states(domain)[-len(part) :], number


def test_a_long_conversation_is_cut_to_a_few_turns(domain: Domain) -> None:
    tracker = tracker_of(domain, conversation(domain, 60, seed=1, loops=False))
    recent = recent_part(tracker, STATES_NEEDED)
    assert recent is not None
    assert len(recent.events) < len(tracker.events) / 5


def test_a_revert_in_the_recent_part_means_the_whole_conversation_is_read(
    domain: Domain,
) -> None:
    events = conversation(domain, 30, seed=2)
    events.insert(len(events) - 2, UserUtteranceReverted())
    assert recent_part(tracker_of(domain, events), STATES_NEEDED) is None


def form_run(turns: int) -> List[Event]:
    """The care-navigation form asking ``turns`` questions, as Rasa records it."""
    events: List[Event] = [
        UserUttered("talk to a person", {"name": "request_human", "confidence": 1.0}),
        ActionExecuted("handoff_form"),
        ActiveLoop("handoff_form"),
        SlotSet("requested_slot", "contact_name"),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]
    for turn in range(turns):
        events += [
            UserUttered(f"answer {turn}", {"name": "inform", "confidence": 1.0}),
            ActionExecuted("handoff_form"),
            SlotSet("requested_slot", f"slot {turn}"),
            ActionExecuted(ACTION_LISTEN_NAME),
        ]
    return events


def test_a_form_running_in_the_recent_part_means_the_whole_conversation_is_read(
    domain: Domain,
) -> None:
    """Rasa folds a form's runs together, back past any cut (applied_events)."""
    events = conversation(domain, 30, seed=3) + form_run(turns=12)
    assert recent_part(tracker_of(domain, events), STATES_NEEDED) is None


def test_a_form_finished_long_ago_leaves_the_recent_part_exact(domain: Domain) -> None:
    events = conversation(domain, 5, seed=4, loops=False) + form_run(turns=4)
    events += [ActiveLoop(None), SlotSet("requested_slot", None)]
    events += [ActionExecuted(ACTION_LISTEN_NAME)] + conversation(domain, 20, seed=5, loops=False)[
        1:
    ]
    tracker = tracker_of(domain, events)
    recent = recent_part(tracker, STATES_NEEDED)
    assert recent is not None
    part = recent.past_states(domain)[1:]
    assert part == tracker.past_states(domain)[-len(part) :]
