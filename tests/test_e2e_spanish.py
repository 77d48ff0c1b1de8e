"""A Spanish-speaking patient end to end over REST, the real servers as `make run` starts
them: replies in Spanish, the English page with a Spanish lead-in, the care-navigation
form in Spanish (stored with language ``es``), and the console's language filter.

The assistant's data/content has only the English page, as a hospital's does today."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any, Dict, Iterator, List

import pytest
import requests

from tests.conftest import add_staff_user, assistant_on
from tests.test_e2e_rest import handoff_cli
from tools.assistant import RunningAssistant, customs, texts

PROFILE = {"rasa_port": 5119, "action_port": 5169, "web_port": 8119}
WEB = "http://127.0.0.1:8119"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Iterator[RunningAssistant]:  # type: ignore[no-untyped-def]
    with assistant_on(tmp_path_factory.mktemp("spanish"), PROFILE) as runner:
        yield runner


def new_sender() -> str:
    return f"es-{uuid.uuid4().hex[:10]}"


def langs(reply: List[Dict[str, Any]]) -> List[str]:
    return [c["lang"] for c in customs(reply)]


def test_a_spanish_question_gets_a_spanish_disclaimer_and_the_english_page_said_so(
    assistant: RunningAssistant,
) -> None:
    reply = assistant.send(new_sender(), "hola, ¿qué causa la distonía?")
    assert [c["kind"] for c in customs(reply)] == ["disclaimer", "answer"]
    assert langs(reply) == ["es", "es"]
    disclaimer, answer = texts(reply)
    assert "no es un consejo médico" in disclaimer
    lead_in, passage = answer.split("\n\n", 1)
    assert "solo está en inglés" in lead_in
    assert "basal ganglia" in passage  # the page's own English sentences
    assert customs(reply)[1]["section"] == "causes"
    buttons = [b for m in reply for b in m.get("buttons", [])]
    assert buttons == [{"title": "Hablar con una persona en español", "payload": "/request_human"}]


def test_the_conversation_keeps_its_language_and_follows_a_switch(
    assistant: RunningAssistant,
) -> None:
    sender = new_sender()
    assistant.send(sender, "buenas tardes")
    thanks = assistant.send(sender, "gracias")
    assert langs(thanks) == ["es"] and customs(thanks)[0]["kind"] == "smalltalk"
    unsure = assistant.send(sender, "ok")  # no language of its own: stays Spanish
    assert set(langs(unsure)) == {"es"}
    english = assistant.send(sender, "what are the symptoms of dystonia?")
    assert langs(english) == ["en"] and customs(english)[0]["section"] == "symptoms"
    back = assistant.send(sender, "¿y tiene cura?")
    assert langs(back) == ["es"] and customs(back)[0]["kind"] == "answer"


def test_spanish_emergencies_and_crises_get_911_and_988_in_spanish(
    assistant: RunningAssistant,
) -> None:
    emergency = assistant.send(new_sender(), "mi esposo se desmayó y no respira")
    assert customs(emergency)[0]["kind"] == "emergency" and langs(emergency)[0] == "es"
    assert "911" in texts(emergency)[0]
    crisis = assistant.send(new_sender(), "ya no quiero vivir")
    assert customs(crisis)[0]["kind"] == "emergency" and "oprima 2" in texts(crisis)[0]


def test_the_form_in_spanish_reasks_a_bad_phone_in_spanish_and_stores_language_es(
    assistant: RunningAssistant,
) -> None:
    sender = new_sender()
    intro = assistant.send(sender, "quiero que alguien me llame por teléfono")
    assert set(langs(intro)) == {"es"} and customs(intro)[-1]["kind"] == "handoff"
    assert any("nombre" in t for t in texts(intro))
    steps = [
        ("María Prueba", "teléfono"),
        ("555-0123", "código de área"),  # re-asked, with the reason, in Spanish
        ("(252) 555-0177", "mejor momento"),
        ("por las mañanas", "ayuda"),
        ("Buscar un especialista", "¿Nos permite"),
        ("sí", "Estos son los datos que tengo"),
        ("sí", "referencia"),
    ]
    reply: List[Dict[str, Any]] = []
    for message, expected in steps:
        reply = assistant.send(sender, message)
        assert set(langs(reply)) == {"es"}, (message, langs(reply))
        assert any(expected in t for t in texts(reply)), (message, texts(reply))
    reference = customs(reply)[-1]["handoff_id"]
    [stored] = [
        r for r in json.loads(handoff_cli(assistant, "--json")) if r["reference"] == reference
    ]
    assert stored["language"] == "es" and stored["contact"] == "+12525550177"
    assert reference in handoff_cli(assistant, "--language", "es")
    assert reference not in handoff_cli(assistant, "--language", "en")

    # the console: the queue filters by language, the transcript shows each message's
    username = f"nav{uuid.uuid4().hex[:8]}"
    add_staff_user(assistant, username, "a long enough password")
    browser = requests.Session()
    form = browser.get(f"{WEB}/staff/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    browser.post(
        f"{WEB}/staff/login",
        timeout=10,
        data={"username": username, "password": "a long enough password", "csrf_token": token},
    )
    spanish = browser.get(f"{WEB}/staff/handoffs/?language=es", timeout=10)
    english = browser.get(f"{WEB}/staff/handoffs/?language=en", timeout=10)
    assert reference in spanish.text and reference not in english.text
    assert browser.get(f"{WEB}/staff/handoffs/?language=xx", timeout=10).status_code == 400
    detail = browser.get(f"{WEB}/staff/handoffs/{reference}", timeout=10).text
    assert re.search(r'id="language">Spanish<', detail)
    transcript = browser.get(f"{WEB}/staff/conversations/{sender}", timeout=10).text
    assert re.search(r'<td class="lang">es</td>', transcript)
    api = browser.get(f"{WEB}/staff/api/conversations/{sender}", timeout=10).json()
    patient_langs = [t["lang"] for t in api["turns"] if t["who"] == "patient"]
    assert patient_langs[0] == "es" and None in patient_langs  # "555-0123" has no language
