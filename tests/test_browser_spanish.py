"""The widget in Spanish, in Chromium against the real assistant: on a Spanish page, and
on the English page once the patient writes Spanish; its own labels, the assistant's
turns and the lang attributes screen readers switch voice on; axe-core finds nothing
serious."""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from tests.conftest import assistant_on
from tests.test_browser_widget import WAIT_MS, serious_violations
from tools.assistant import RunningAssistant

PROFILE = {"rasa_port": 5121, "action_port": 5171, "web_port": 8121}
WEB = f"http://127.0.0.1:{PROFILE['web_port']}"
SPANISH_QUICK_REPLIES = [
    "¿Qué es la distonía?",
    "¿Cuáles son los síntomas?",
    "¿Cómo se trata la distonía?",
    "Hablar con una persona",
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp("widget-es"), PROFILE) as runner:
        yield runner


def send(page, text: str, button: str, expected: str) -> Any:  # type: ignore[no-untyped-def]
    page.get_by_role("textbox", name=re.compile("mensaje|message", re.I)).fill(text)
    page.get_by_role("button", name=button, exact=True).click()
    reply = page.locator(".lc-assistant", has_text=expected).last
    reply.wait_for(timeout=WAIT_MS)
    return reply


def test_on_a_spanish_page_the_widget_speaks_spanish_from_its_first_turn(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    page.goto(f"{WEB}/?lang=es")
    page.get_by_role("button", name="Let's chat").click()
    log = page.get_by_role("log", name="Conversación")
    log.get_by_text("Soy un programa automático").wait_for(timeout=WAIT_MS)
    panel = page.locator("#lc-panel")
    assert panel.get_attribute("lang") == "es"
    assert page.get_by_role("button", name="Enviar").is_visible()
    assert page.get_by_role("button", name="Empezar de nuevo").is_visible()
    assert page.get_by_role("button", name="Cerrar el chat").is_visible()
    assert page.get_by_role("textbox", name="Escriba su mensaje").is_visible()
    suggested = page.get_by_role("group", name="Respuestas sugeridas").get_by_role("button")
    assert suggested.all_inner_texts() == SPANISH_QUICK_REPLIES
    suggested.nth(1).click()  # ¿Cuáles son los síntomas?
    answer = page.locator(".lc-assistant", has_text="solo está en inglés").last
    answer.wait_for(timeout=WAIT_MS)
    assert answer.locator(".lc-who").inner_text() == "Asistente"
    assert answer.locator(".lc-text").get_attribute("lang") == "es"
    assert "handwriting" in answer.inner_text()  # the page's own English sentences
    assert answer.get_by_text("Fuente:").is_visible()
    assert answer.get_by_role("group", name="¿Le fue útil esta respuesta?").is_visible()
    assert log.locator(".lc-patient").last.inner_text().startswith("Usted")
    assert serious_violations(page) == []


def test_on_the_english_page_the_widget_follows_the_patients_language(
    assistant: RunningAssistant,
    page,  # type: ignore[no-untyped-def]
) -> None:
    page.goto(f"{WEB}/")
    page.get_by_role("button", name="Let's chat").click()
    page.get_by_role("log").get_by_text("I'm an automated program").wait_for(timeout=WAIT_MS)
    assert page.locator("#lc-panel").get_attribute("lang") == "en"
    send(page, "hola, ¿la distonía es hereditaria?", "Send", "solo está en inglés")
    assert page.locator("#lc-panel").get_attribute("lang") == "es"
    assert page.get_by_role("button", name="Enviar").is_visible()
    page.get_by_role("button", name="Hablar con una persona", exact=True).first.click()
    intro = page.locator(".lc-assistant", has_text="navegador de atención").last
    intro.wait_for(timeout=WAIT_MS)
    assert page.locator(".lc-assistant", has_text="¿Por qué nombre").last.is_visible()
    assert serious_violations(page) == []
    send(page, "please cancel that", "Enviar", "cancelled")  # English again: so is the widget
    assert page.locator("#lc-panel").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Send").is_visible()
