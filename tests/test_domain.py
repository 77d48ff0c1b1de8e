"""Fixed replies: every one carries the contract's kind and language; emergencies name
911 (and 988 for a crisis) first, in English and in Spanish."""

from __future__ import annotations

import re
from typing import Any, Dict

import pytest

from tests.conftest import variation

KINDS = {"answer", "handoff", "emergency", "fallback", "smalltalk", "disclaimer"}
LANGUAGES = {"en", "es"}
PLACEHOLDER = re.compile(r"\{\w+\}")


def test_every_response_carries_a_contract_kind_and_language(domain: Dict[str, Any]) -> None:
    for name, variants in domain["responses"].items():
        for variant in variants:
            assert variant["custom"]["kind"] in KINDS, name
            assert variant["custom"]["lang"] in LANGUAGES, name


def test_every_reply_has_a_spanish_variation_chosen_by_the_lang_slot(
    domain: Dict[str, Any],
) -> None:
    for name in domain["responses"]:
        spanish, english = variation(domain, name, "es"), variation(domain, name, "en")
        assert spanish["condition"] == [{"type": "slot", "name": "lang", "value": "es"}], name
        assert "condition" not in english, name  # the default
        assert spanish["text"] != english["text"], name
        assert spanish["custom"]["kind"] == english["custom"]["kind"], name
        # the same details filled in, and the same commands behind the buttons
        assert set(PLACEHOLDER.findall(spanish["text"])) == set(
            PLACEHOLDER.findall(english["text"])
        ), name
        commands = [b["payload"] for b in english.get("buttons", []) if b["payload"][0] == "/"]
        assert [b["payload"] for b in spanish.get("buttons", []) if b["payload"][0] == "/"] == (
            commands
        ), name
    assert set(domain["slots"]["lang"]["values"]) == LANGUAGES


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("name", ["utter_emergency", "utter_crisis"])
def test_emergency_replies_start_by_sending_people_to_911(
    domain: Dict[str, Any], name: str, lang: str
) -> None:
    reply = variation(domain, name, lang)
    assert "911" in reply["text"].split(".")[0]  # the first sentence, before anything else
    assert reply["custom"]["kind"] == "emergency"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_crisis_reply_gives_988(domain: Dict[str, Any], lang: str) -> None:
    assert "988" in variation(domain, "utter_crisis", lang)["text"]


def test_spanish_crisis_reply_says_how_to_reach_988_in_spanish(domain: Dict[str, Any]) -> None:
    assert "oprima 2" in variation(domain, "utter_crisis", "es")["text"]


def test_disclaimer_says_what_the_assistant_is_and_is_not(domain: Dict[str, Any]) -> None:
    text = variation(domain, "utter_disclaimer", "en")["text"].lower()
    assert "automated" in text and "not medical advice" in text and "911" in text
    spanish = variation(domain, "utter_disclaimer", "es")["text"].lower()
    assert "automático" in spanish and "no es un consejo médico" in spanish and "911" in spanish
