"""Fixed replies: every one carries the contract's kind; emergencies name 911 and 988."""

from __future__ import annotations

from typing import Any, Dict

import pytest

KINDS = {"answer", "handoff", "emergency", "fallback", "smalltalk", "disclaimer"}


def test_every_response_carries_a_contract_kind(domain: Dict[str, Any]) -> None:
    for name, variants in domain["responses"].items():
        for variant in variants:
            assert variant["custom"]["kind"] in KINDS, name


@pytest.mark.parametrize("name", ["utter_emergency", "utter_crisis"])
def test_emergency_replies_start_by_sending_people_to_911(
    domain: Dict[str, Any], name: str
) -> None:
    text = domain["responses"][name][0]["text"]
    assert "911" in text.split(".")[0]  # the first sentence, before anything else
    assert domain["responses"][name][0]["custom"]["kind"] == "emergency"


def test_crisis_reply_gives_988(domain: Dict[str, Any]) -> None:
    assert "988" in domain["responses"]["utter_crisis"][0]["text"]


def test_disclaimer_says_what_the_assistant_is_and_is_not(domain: Dict[str, Any]) -> None:
    text = domain["responses"]["utter_disclaimer"][0]["text"].lower()
    assert "automated" in text and "not medical advice" in text and "911" in text
