"""Folds accents out of each token's lemma before the featurizers read it.

Patients type Spanish with and without accents ("síntomas", "sintomas"; "qué", "que"):
folded, both spellings share word and character n-gram features. Only the lemma
changes, which is what ``CountVectorsFeaturizer`` reads; the text, its offsets and the
entities found on it stay as typed. Measured in README "Languages".
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import fold_accents

TOKENS = TOKENS_NAMES[TEXT]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class AccentFolding(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AccentFolding:
        return cls()

    def _fold(self, messages: List[Message]) -> None:
        for message in messages:
            if message.get(TEXT) is None:
                continue
            for token in message.get(TOKENS) or []:
                token.lemma = fold_accents(token.lemma or token.text)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._fold(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._fold(messages)
        return messages
