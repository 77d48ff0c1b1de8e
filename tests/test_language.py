"""Which language a patient wrote in: short messages included, and "cannot tell" for
messages with no language of their own (the conversation then keeps its language)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from bot.language import detect
from tools.heldout import DEFAULT_FILES, load_examples

SPANISH_HELDOUT = Path(__file__).parent / "nlu-heldout-es.yml"


@pytest.mark.parametrize(
    "text", ["hola", "gracias", "sí", "si", "buenas", "adiós", "ayuda", "¿qué es?", "chao"]
)
def test_short_spanish_messages_are_spanish(text: str) -> None:
    assert detect(text) == "es"


@pytest.mark.parametrize("text", ["hi", "hello", "thanks", "yes", "bye", "help", "what is it"])
def test_short_english_messages_are_english(text: str) -> None:
    assert detect(text) == "en"


@pytest.mark.parametrize("text", ["ok", "no", "252-555-0123", "jo@example.com", "Botox", "?"])
def test_messages_without_a_language_of_their_own_cannot_be_told(text: str) -> None:
    assert detect(text) is None


def test_long_messages_in_either_language() -> None:
    spanish = "mi mamá tiene distonía en el cuello desde hace años y quiero saber si tiene cura"
    english = "my mom has had dystonia in her neck for years and I want to know if it can be cured"
    assert (detect(spanish), detect(english)) == ("es", "en")


def _languages(texts: List[str]) -> List[str | None]:
    return [detect(t) for t in texts]


def test_the_held_out_questions_are_told_apart() -> None:
    """Counts only. Each NLU held-out file was written by someone who never saw this code.
    A wrong language costs more than "cannot tell" (which keeps the conversation's)."""
    english = _languages([text for text, _ in load_examples(DEFAULT_FILES)])
    spanish = _languages([text for text, _ in load_examples([SPANISH_HELDOUT])])
    english_right, english_wrong = english.count("en"), english.count("es")
    spanish_right, spanish_wrong = spanish.count("es"), spanish.count("en")
    assert english_right >= 0.95 * len(english) and english_wrong <= 2
    assert spanish_right >= 0.93 * len(spanish) and spanish_wrong <= 2


@pytest.mark.parametrize("name", ["Renée Smith", "André Johnson", "Chloé Martin"])
def test_an_accented_name_does_not_make_a_message_spanish(name: str) -> None:
    assert detect(name) is None
