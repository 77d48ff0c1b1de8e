"""Puts ``bot.safety`` in front of the classifier: a matched message is an emergency.

Runs last in the NLU pipeline. A finding of the patterns (``bot.safety``) or, where
they find nothing, of the safety classifier beside them (``bot.safety.classifier``)
replaces whatever intent (or ``nlu_fallback``) came before it with ``emergency`` or
``self_harm`` at full confidence, and adds a ``lang`` entity that sets the ``lang``
slot, so the 911/988 reply comes in the patient's language. A finding always wins.

Without a finding, an ``emergency`` or ``self_harm`` guess of the intent classifier
alone is replaced by its next intent (or ``nlu_fallback`` below the fallback threshold):
measured on the scored safety splits it added one emergency for three false alarms, and
it is not calibrated, while the safety classifier's threshold is (README "Safety").
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.classifier import SafetyClassifier, layer_finding, load_classifier
from bot.safety.rules import INTENT_FOR_KIND, SAFETY_INTENTS
from bot.settings import get_settings
from components.language_entity import LANG_ENTITY

FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyOverride(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyOverride:
        return cls(
            load_classifier(get_settings().safety_classifier_path), config["fallback_threshold"]
        )

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"fallback_threshold": 0.3}  # the FallbackClassifier's threshold

    def __init__(self, classifier: SafetyClassifier, fallback_threshold: float = 0.3) -> None:
        self._classifier = classifier
        self._fallback_threshold = fallback_threshold

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            finding = layer_finding(text, self._classifier)
            if finding is None:
                self._demote_a_guess_of_safety(message)
                continue
            name = INTENT_FOR_KIND[finding.kind]
            intent = {INTENT_NAME_KEY: name, "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
            message.set(ENTITIES, _with_language(message, finding.lang), add_to_output=True)
        return messages

    def _demote_a_guess_of_safety(self, message: Message) -> None:
        intent = message.get(INTENT) or {}
        ranking = message.get(INTENT_RANKING_KEY) or []
        if intent.get(INTENT_NAME_KEY) not in SAFETY_INTENTS:
            return
        others: List[Dict[str, Any]] = [
            r for r in ranking if r.get(INTENT_NAME_KEY) not in SAFETY_INTENTS
        ]
        best = others[0] if others else {}
        if float(best.get("confidence", 0.0)) < self._fallback_threshold:
            best = {INTENT_NAME_KEY: FALLBACK_INTENT, "confidence": 1 - intent["confidence"]}
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, others, add_to_output=True)


def _with_language(message: Message, lang: str) -> List[Dict[str, Any]]:
    text = message.get(TEXT) or ""
    entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != LANG_ENTITY]
    language = {"entity": LANG_ENTITY, "value": lang, "start": 0, "end": len(text)}
    return entities + [{**language, "extractor": SafetyOverride.__name__}]
