"""Decisions the handoff form makes about what the patient typed (pure functions)."""

from __future__ import annotations

import re

from bot.language import fold_accents

# form slot -> words a patient uses for it when asking to change it (English, Spanish;
# matched without accents)
FIELD_WORDS = {
    "contact_name": r"\b(?:name|nombre)\b",
    "contact": r"\b(?:phone|number|email|e-mail|contact|cell|mobile|address|"
    r"telefono|numero|correo|celular|contacto)\b",
    "best_time": r"\b(?:time|when|hours?|day|morning|afternoon|evening|"
    r"hora|horario|cuando|dia|manana|tarde|noche)\b",
    "help_need": r"\b(?:help|need|reason|topic|about|question|"
    r"ayuda|necesito|motivo|tema|pregunta)\b",
}
# English questions often go without a question mark; Spanish ones open with "¿" (a
# Spanish statement can start "Tiene…" or "Como…", so its words are not enough).
QUESTION_START = re.compile(
    r"^\s*(?:¿|(?:what|whats|what's|how|why|when|where|which|who|is|are|can|could|does|do"
    r"|will|should|tell me)\b)",
    re.IGNORECASE,
)


def _plain(text: str) -> str:
    return fold_accents(text.lower())


# A content question in the middle of the form is answered, then the form goes on.
PAGE_QUESTION_CONFIDENCE = 0.8
MAX_CONTACT_TRIES = 3


def field_to_change(text: str) -> str | None:
    """Which slot the patient wants to correct ("my number is wrong" -> contact)."""
    lowered = _plain(text)
    for slot, pattern in FIELD_WORDS.items():
        if re.search(pattern, lowered):
            return slot
    return None


def is_page_question(text: str, intent: str, confidence: float, content_intents: set) -> bool:
    """A question the page answers, asked instead of filling the form's slot."""
    looks_like_question = text.strip().endswith("?") or bool(QUESTION_START.match(text))
    return (
        intent in content_intents
        and confidence >= PAGE_QUESTION_CONFIDENCE
        and (looks_like_question)
    )


def offer_phone_line(failed_tries: int) -> bool:
    return failed_tries >= MAX_CONTACT_TRIES
