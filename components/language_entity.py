"""Tags every message with the language it is in (``bot.language.detect``).

The ``lang`` entity fills the ``lang`` slot, which chooses the Spanish or English
variation of every reply; a message whose language cannot be told ("ok", a phone
number, a name) adds nothing, so the conversation keeps the language it had and a
patient switches by writing in the other one. Runs before ``SafetyOverride``, whose
finding names the language of the emergency it matched.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import detect

LANG_ENTITY = "lang"
EXTRACTOR = "LanguageEntity"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageEntity(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageEntity:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect(text) if text else None
            if language is None:
                continue
            entity = {
                "entity": LANG_ENTITY,
                "value": language,
                "start": 0,
                "end": len(text),
                "confidence_entity": 1.0,
                "extractor": EXTRACTOR,
            }
            kept = [e for e in message.get(ENTITIES) or [] if e.get("entity") != LANG_ENTITY]
            message.set(ENTITIES, kept + [entity], add_to_output=True)
        return messages
