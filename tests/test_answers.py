"""Passage selection: the page's own sentences, the narrowest that answer."""

from __future__ import annotations

import re

import pytest

from bot.content.answers import INTENT_TARGETS
from bot.content.knowledge import PageKnowledge
from tests.conftest import PAGE_COPY


def page_words() -> str:
    return " ".join(PAGE_COPY.read_text(encoding="utf-8").split())


def pieces(text: str) -> list:
    """The sentences and bullets of an answer, without list markers."""
    return [re.sub(r"^• ", "", line).strip() for line in re.split(r"\n+", text) if line.strip()]


@pytest.mark.parametrize("intent", sorted(INTENT_TARGETS))
def test_every_content_intent_answers_with_page_text_only(
    knowledge: PageKnowledge, intent: str
) -> None:
    answer = knowledge.answer(intent)
    assert answer is not None and answer.text
    source = page_words()
    for piece in pieces(answer.text):
        assert piece in source, f"{intent}: not on the page: {piece!r}"


def test_what_causes_dystonia_is_the_basal_ganglia_passage(knowledge: PageKnowledge) -> None:
    answer = knowledge.answer("ask_causes")
    assert answer is not None
    assert answer.section == "causes" and answer.heading == "What causes dystonia?"
    assert "basal ganglia" in answer.text
    assert "first signs" not in answer.text  # age of onset is its own question


def test_a_single_type_gets_only_its_bullet(knowledge: PageKnowledge) -> None:
    for intent in ("ask_types", "ask_what_is"):
        answer = knowledge.answer(intent, knowledge.matcher.terms_in("what is focal dystonia?"))
        assert answer is not None
        assert answer.text == "• Focal dystonia affects one particular area of your body."


def test_all_types_for_the_broad_question(knowledge: PageKnowledge) -> None:
    answer = knowledge.answer("ask_types")
    assert answer is not None
    assert answer.text.startswith("There are different types of dystonia.")
    bullets = [line for line in answer.text.splitlines() if line.startswith("• ")]
    assert len(bullets) == 5 and bullets[0].startswith("• Hemidystonia")


def test_botox_gets_the_sentence_that_names_it(knowledge: PageKnowledge) -> None:
    answer = knowledge.answer("ask_treatment", knowledge.matcher.terms_in("can Botox help?"))
    assert answer is not None and answer.section == "treatment"
    assert answer.text == (
        "Other drugs that your health care provider might prescribe are anticonvulsants "
        "and even injections of Botulinum toxin (Botox)."
    )


@pytest.mark.parametrize(
    ("question", "intent", "section", "expected"),
    [
        ("do splints help?", "ask_treatment", "treatment", "• Wearing a splint"),
        ("is deep brain stimulation used?", "ask_treatment", "treatment", "• Deep brain"),
        ("do I need an EEG?", "ask_diagnosis", "diagnosis", "• An EEG (electroencephalography)"),
        ("will they test my urine", "ask_diagnosis", "diagnosis", "• Tests to analyze blood"),
        ("are there support groups?", "ask_living_with", "living-with", "• Find support groups"),
        ("is genetic testing part of diagnosis", "ask_diagnosis", "diagnosis", "• Genetic tests"),
    ],
)
def test_named_things_narrow_the_answer(
    knowledge: PageKnowledge, question: str, intent: str, section: str, expected: str
) -> None:
    answer = knowledge.answer(intent, knowledge.matcher.terms_in(question))
    assert answer is not None and answer.section == section
    assert answer.text.startswith(expected)
    assert len(answer.text) < len(
        " ".join(p.text for p in knowledge.page.section(section).passages)
    )


def test_a_term_the_section_lacks_is_found_elsewhere_for_broad_questions(
    knowledge: PageKnowledge,
) -> None:
    answer = knowledge.answer("ask_treatment", knowledge.matcher.terms_in("what about an EMG?"))
    assert answer is not None and answer.section == "diagnosis"
    assert "EMG (electromyography)" in answer.text


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ("ask_onset_age", "The first signs of dystonia can appear at any age"),
        ("ask_secondary", "Dystonia can also be caused by a stroke; this is called secondary"),
        ("ask_intelligence", "(Dystonia, however, doesn't affect your intelligence"),
        ("ask_progression", "The symptoms of dystonia may stay the same or worsen over time."),
        ("ask_pain", "The movements can sometimes cause pain."),
    ],
)
def test_specific_questions_get_specific_sentences(
    knowledge: PageKnowledge, intent: str, expected: str
) -> None:
    answer = knowledge.answer(intent)
    assert answer is not None and answer.text.startswith(expected)
    assert answer.text.count(".") <= 3


def test_intelligence_answer_keeps_both_sentences_of_the_aside(knowledge: PageKnowledge) -> None:
    answer = knowledge.answer("ask_intelligence")
    assert answer is not None
    assert answer.text.endswith("It isn’t generally related to mental health issues.)")


def test_non_content_intent_has_no_answer(knowledge: PageKnowledge) -> None:
    assert knowledge.answer("greet") is None


@pytest.mark.parametrize(
    "question",
    [
        "what causes migraines?",
        "how is Parkinson's treated?",
        "is dystonia like MS?",
        "does dystonia cause seizures",
        "what is lupus",
    ],
)
def test_other_conditions_are_recognised(knowledge: PageKnowledge, question: str) -> None:
    assert knowledge.matcher.other_conditions_in(question)


@pytest.mark.parametrize(
    "question",
    [
        "can a stroke cause dystonia?",
        "what causes dystonia",
        "does a brain injury raise the risk",
        "do hearing aids help",
        "is it related to mental health",
    ],
)
def test_page_topics_are_not_other_conditions(knowledge: PageKnowledge, question: str) -> None:
    assert not knowledge.matcher.other_conditions_in(question)
