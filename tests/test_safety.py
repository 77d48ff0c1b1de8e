"""The safety layer: emergencies and crises by pattern, questions left alone."""

from __future__ import annotations

import pytest

from bot.safety import CRISIS, EMERGENCY, check_message


@pytest.mark.parametrize(
    "text",
    [
        "I can't breathe",
        "i cant breathe!!",
        "My husband collapsed in the kitchen",
        "I think I'm having a stroke",
        "my dad is having a stroke right now",
        "her face is drooping and she can't lift her arm",
        "My son is having a seizure",
        "she's seizing and won't stop",
        "I took too many pills",
        "he overdosed on his medication",
        "my mom passed out and is unresponsive",
        "He is not breathing",
        "someone is choking",
        "I have chest pain",
        "please call an ambulance",
        "this is an emergency",
        "my wife suddenly can't speak",
    ],
)
def test_physical_emergencies_are_caught(text: str) -> None:
    finding = check_message(text)
    assert finding is not None and finding.kind == EMERGENCY, text


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "I've been thinking about suicide",
        "i feel suicidal",
        "I want to die",
        "I don't want to live anymore",
        "I keep hurting myself",
        "I've been cutting myself",
        "thoughts of self-harm",
        "I'd be better off dead",
        "I want to end my life",
        "life isn’t worth living with this",
        "is suicide common with dystonia?",  # asked as a question, still gets 988
    ],
)
def test_suicide_and_self_harm_are_caught_as_crisis(text: str) -> None:
    finding = check_message(text)
    assert finding is not None and finding.kind == CRISIS, text


@pytest.mark.parametrize(
    "text",
    [
        "can a stroke cause dystonia?",
        "What is secondary dystonia after a stroke?",
        "does dystonia cause seizures?",
        "is choking a symptom of dystonia",
        "can dystonia make it hard to breathe",
        "what are the risk factors for dystonia",
        "Is stroke a risk factor?",
        "my dad had a stroke last year, is that related to his dystonia",
        "what causes dystonia",
        "can botox help",
        "I am dying to know more about treatment",
        "how do I stop myself from getting dystonia",
        "",
        None,
    ],
)
def test_questions_and_look_alikes_are_not_emergencies(text: str) -> None:
    assert check_message(text) is None, text
