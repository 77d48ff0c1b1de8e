"""Entities for the things patients name, from ``bot.content.matcher`` (spaCy PhraseMatcher).

Each match becomes an entity whose type is the term's category (``treatment``,
``test``, ``dystonia_type``, ...; ``other_condition`` for conditions the page does not
cover) and whose value is the term id the knowledge base understands. The matcher is
built on the spaCy pipeline Rasa's ``SpacyNLP`` already loaded (``model_from``), so the
Rasa server holds that pipeline once.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content.matcher import TermMatcher

EXTRACTOR = "TermEntityExtractor"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False, model_from="SpacyNLP"
)
class TermEntityExtractor(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._matcher: TermMatcher | None = None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TermEntityExtractor:
        return cls({**cls.get_default_config(), **config})

    def matcher(self, model: SpacyModel) -> TermMatcher:
        if self._matcher is None:  # built on first message, not when the model loads
            self._matcher = TermMatcher(model.model)
        return self._matcher

    def process_training_data(
        self, training_data: TrainingData, model: SpacyModel | None = None
    ) -> TrainingData:
        return training_data

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = [
                {
                    "entity": m.entity,
                    "value": m.value,
                    "start": m.start,
                    "end": m.end,
                    "confidence_entity": 1.0,
                    "extractor": EXTRACTOR,
                }
                for m in self.matcher(model).find(text)
            ]
            if found:
                message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
        return messages
