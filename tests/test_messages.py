"""The assistant's own texts written in Python: each in English and Spanish, with the
same details filled in; the live chat's notices and the form's checks use them."""

from __future__ import annotations

import string

from bot.handoff.contact import Problem, parse_contact
from bot.live.notices import ended, joined
from bot.messages import MESSAGES, say


def _fields(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_spanish_with_the_same_details() -> None:
    for key, texts in MESSAGES.items():
        assert texts["es"], key
        if texts["en"]:  # the Spanish lead-in to the English page has no English
            assert _fields(texts["es"]) == _fields(texts["en"]), key


def test_a_language_without_the_message_gets_english() -> None:
    assert say("text_empty", "fr") == say("text_empty", "en") == "Please type a few words."


def test_the_live_notices_come_in_the_chats_language() -> None:
    pause, notice = joined("Nina", "es")
    assert pause == {"event": "pause"}
    assert notice["text"].startswith("Ahora está chateando con Nina, navegador de atención")
    assert notice["data"]["custom"]["lang"] == "es"
    assert "Nina tuvo que salir del chat" in ended("Nina", True, "es")[0]["text"]
    assert joined("Nina")[1]["data"]["custom"]["lang"] == "en"


def test_a_bad_phone_number_is_explained_in_the_patients_language() -> None:
    problem = parse_contact("555-0123")
    assert isinstance(problem, Problem)
    assert "area code" in problem.message
    assert "código de área" in problem.message_in("es")
