"""Checking what a patient types for the handoff form: contact details and free text.

Each check returns the clean value, or a ``Problem`` whose message (``bot.messages``,
in the patient's language) is shown to the patient as is. Nothing is interpreted as
markup: text is kept exactly as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Union

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.language import ENGLISH
from bot.messages import say

PHONE = "phone"
EMAIL = "email"
LIMITS = {"name": 100, "best_time": 200, "need": 500}


@dataclass(frozen=True)
class Contact:
    kind: str  # PHONE or EMAIL
    value: str  # E.164 for phones, normalised address for emails

    @property
    def display(self) -> str:
        if self.kind == EMAIL:
            return self.value
        main, _, extension = self.value.partition(";ext=")
        number = phonenumbers.parse(main, "US")
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return say("extension", number=shown, extension=extension) if extension else shown


@dataclass(frozen=True)
class Problem:
    key: str  # in bot.messages
    params: Dict[str, Any] = field(default_factory=dict)

    def message_in(self, language: str) -> str:
        return say(self.key, language, **self.params)

    @property
    def message(self) -> str:
        return self.message_in(ENGLISH)


def parse_contact(text: str) -> Union[Contact, Problem]:
    """A US phone number in its common spellings, or an email address, even inside a
    sentence ("my cell is (252) 555-0123")."""
    cleaned = text.strip()
    at_words = [w.strip(".,;:()<>") for w in cleaned.split() if "@" in w]
    if at_words:
        try:
            email = validate_email(at_words[0], check_deliverability=False)
        except EmailNotValidError:
            return Problem("email_incomplete")
        return Contact(EMAIL, email.normalized)
    for match in phonenumbers.PhoneNumberMatcher(cleaned, "US"):
        number = match.number
        if number.country_code == 1 and phonenumbers.is_valid_number(number):
            value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return Contact(PHONE, value + (f";ext={number.extension}" if number.extension else ""))
    digits = re.sub(r"\D", "", cleaned)
    if len(digits) == 7:
        return Problem("phone_area_code")
    if not digits:
        return Problem("contact_missing")
    return Problem("phone_incomplete")


def check_text(field: str, text: str) -> Union[str, Problem]:
    """Free text, trimmed and kept as typed, within the field's length limit."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return Problem("text_empty")
    limit = LIMITS[field]
    if len(cleaned) > limit:
        return Problem("text_too_long", {"limit": limit, "length": len(cleaned)})
    return cleaned
