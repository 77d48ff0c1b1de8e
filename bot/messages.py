"""The assistant's own fixed texts that are written in Python, in every language it speaks.

Replies Rasa renders live in ``domain.yml`` (a Spanish variation per response); these
are the rest: the form's checks, the live chat's notices and the web app's own replies
when Rasa cannot answer. No medical text here: answers come from the page.
"""

from __future__ import annotations

from typing import Any, Dict

from bot.language import ENGLISH, SPANISH

MESSAGES: Dict[str, Dict[str, str]] = {
    # the care-navigation form (bot/handoff/contact.py, actions/handoff_form.py)
    "email_incomplete": {
        ENGLISH: "That email address doesn't look complete. Please type it like name@example.com.",
        SPANISH: "Parece que ese correo electrónico no está completo. Por favor, escríbalo "
        "así: nombre@ejemplo.com.",
    },
    "phone_area_code": {
        ENGLISH: "Please include the area code, for example 252-555-0123.",
        SPANISH: "Por favor, incluya el código de área, por ejemplo 252-555-0123.",
    },
    "contact_missing": {
        ENGLISH: "Please type a US phone number (like 252-555-0123) or an email address.",
        SPANISH: "Por favor, escriba un número de teléfono de EE. UU. (como 252-555-0123) o "
        "un correo electrónico.",
    },
    "phone_incomplete": {
        ENGLISH: "That doesn't look like a complete US phone number. Please type it with the "
        "area code, like 252-555-0123, or give an email address.",
        SPANISH: "Eso no parece un número de teléfono de EE. UU. completo. Por favor, "
        "escríbalo con el código de área, como 252-555-0123, o escriba un correo electrónico.",
    },
    "text_empty": {
        ENGLISH: "Please type a few words.",
        SPANISH: "Por favor, escriba unas pocas palabras.",
    },
    "text_too_long": {
        ENGLISH: "That's a bit long: please keep it under {limit} characters (it was {length}).",
        SPANISH: "Es un poco largo: por favor, use menos de {limit} caracteres (tenía {length}).",
    },
    "phone_line_offer": {
        ENGLISH: "If it's easier, you can call us at {phone}.",
        SPANISH: "Si le resulta más fácil, puede llamarnos al {phone}.",
    },
    "extension": {ENGLISH: "{number} ext. {extension}", SPANISH: "{number} ext. {extension}"},
    # an answer from the English page to a Spanish question (actions/answer.py)
    "page_in_english": {
        SPANISH: "Esta parte de la página del hospital sobre la distonía solo está en inglés. "
        "Esto es lo que dice (si prefiere, una persona que habla español puede ayudarle):",
        ENGLISH: "",
    },
    "talk_in_language": {
        SPANISH: "Hablar con una persona en español",
        ENGLISH: "Talk to a person",
    },
    # a live chat with a care navigator (bot/live/notices.py)
    "navigator_label": {
        ENGLISH: "{name}, care navigator",
        SPANISH: "{name}, navegador de atención al paciente",
    },
    "navigator_joined": {
        ENGLISH: "You're now chatting with {label}. They can see what you asked so far. "
        "If you have an emergency, call 911.",
        SPANISH: "Ahora está chateando con {label}. Esta persona puede ver lo que usted ha "
        "preguntado hasta ahora. Si tiene una emergencia, llame al 911.",
    },
    "navigator_ended": {
        ENGLISH: "{name} has ended the chat. You're talking with the automated assistant "
        "again: ask me anything about dystonia, or ask for a person at any time.",
        SPANISH: "{name} terminó el chat. Está hablando de nuevo con el asistente automático: "
        "pregúnteme lo que quiera sobre la distonía, o pida hablar con una persona en "
        "cualquier momento.",
    },
    "navigator_left": {
        ENGLISH: "{name} had to leave the chat. You're talking with the automated assistant "
        "again: ask me anything about dystonia, or ask for a person at any time.",
        SPANISH: "{name} tuvo que salir del chat. Está hablando de nuevo con el asistente "
        "automático: pregúnteme lo que quiera sobre la distonía, o pida hablar con una "
        "persona en cualquier momento.",
    },
    "your_navigator": {
        ENGLISH: "Your care navigator",
        SPANISH: "Su navegador de atención al paciente",
    },
    "safety_fallback": {
        ENGLISH: "If this is an emergency, call 911 now. If you are thinking about suicide or "
        "harming yourself, call or text 988 now.",
        SPANISH: "Si esto es una emergencia, llame al 911 ahora. Si está pensando en "
        "suicidarse o en hacerse daño, llame o envíe un mensaje de texto al 988 ahora; para "
        "hablar en español, oprima 2.",
    },
    # the web app's own replies when Rasa cannot answer (bot/web/chat.py)
    "unavailable": {
        ENGLISH: "I'm sorry, I can't answer right now. If you have an emergency, call 911. "
        "Please try again in a moment, or call {phone} to talk to someone.",
        SPANISH: "Lo siento, ahora no puedo responder. Si tiene una emergencia, llame al 911. "
        "Por favor, intente de nuevo dentro de un momento, o llame al {phone} para hablar "
        "con alguien.",
    },
    "late_answer": {
        ENGLISH: "This is taking longer than usual. Your message was received, and the answer "
        "will appear here as soon as it is ready. If you have an emergency, call 911; to "
        "talk to someone now, call {phone}.",
        SPANISH: "Esto está tardando más de lo normal. Recibimos su mensaje, y la respuesta "
        "aparecerá aquí en cuanto esté lista. Si tiene una emergencia, llame al 911; para "
        "hablar con alguien ahora, llame al {phone}.",
    },
    "too_many": {
        ENGLISH: "You're sending messages faster than I can answer. Please wait a minute and "
        "try again.",
        SPANISH: "Está enviando mensajes más rápido de lo que puedo responder. Por favor, "
        "espere un minuto e intente de nuevo.",
    },
    "too_long": {
        ENGLISH: "That message is too long: please keep it under {limit:,} characters and "
        "send it in parts.",
        SPANISH: "Ese mensaje es demasiado largo: por favor, use menos de {limit:,} caracteres "
        "y envíelo en partes.",
    },
    "words_please": {
        ENGLISH: "Please write your message in words.",
        SPANISH: "Por favor, escriba su mensaje con palabras.",
    },
}


def say(key: str, language: str | None = ENGLISH, **params: Any) -> str:
    """The message ``key`` in ``language`` (English when it has none there), filled in."""
    texts = MESSAGES[key]
    return texts.get(language or ENGLISH, texts[ENGLISH]).format(**params)
