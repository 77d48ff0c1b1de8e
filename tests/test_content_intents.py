"""One list of content intents: ``bot.content.answers.INTENT_TARGETS`` is the source.

An intent the page answers is named in three places (the mapping to passages, the
domain, the answer rules); these tests fail when one of them drifts from the mapping.
"""

from __future__ import annotations

from typing import Any, Dict, Set

import yaml

from bot.content.answers import INTENT_TARGETS
from bot.settings import PROJECT_ROOT

CONTENT_INTENTS = set(INTENT_TARGETS)


def answered_by_rules() -> Set[str]:
    rules = yaml.safe_load((PROJECT_ROOT / "data" / "rules" / "answers.yml").read_text())
    answered = set()
    for rule in rules["rules"]:
        steps = rule["steps"]
        if [s.get("action") for s in steps[1:]] == ["action_answer"]:
            answered.add(steps[0]["intent"])
    return answered


def test_every_content_intent_is_in_the_domain(domain: Dict[str, Any]) -> None:
    assert set(domain["intents"]) >= CONTENT_INTENTS


def test_every_question_intent_of_the_domain_has_passages(domain: Dict[str, Any]) -> None:
    questions = {i for i in domain["intents"] if i.startswith("ask_")}
    assert questions == CONTENT_INTENTS


def test_the_answer_rules_answer_exactly_the_content_intents() -> None:
    assert answered_by_rules() == CONTENT_INTENTS


def test_only_content_intents_have_answer_rules() -> None:
    rules = yaml.safe_load((PROJECT_ROOT / "data" / "rules" / "answers.yml").read_text())
    assert len(rules["rules"]) == len(CONTENT_INTENTS)
