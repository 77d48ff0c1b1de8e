"""Emergency and crisis detection, checked before anything else, in English and Spanish.

The classifier alone must never decide whether someone is told to call 911 or 988:
these patterns run on every message (``components/safety_override.py``). How a match
becomes a finding is in ``bot.safety.rules``; the words are in ``english`` and
``spanish``. Every language's patterns run on every message, so a Spanish emergency
is caught however the rest of the conversation went, and the finding says which
language matched so the reply can be in it (where both match, ``bot.language``
decides).
"""

from __future__ import annotations

import unicodedata
from typing import List

from bot.language import most_likely
from bot.safety.english import ENGLISH
from bot.safety.rules import CRISIS, EMERGENCY, LanguageRules, SafetyFinding
from bot.safety.spanish import SPANISH

__all__ = ["CRISIS", "EMERGENCY", "SafetyFinding", "check_message", "normalise"]

LANGUAGES: tuple[LanguageRules, ...] = (ENGLISH, SPANISH)
_APOSTROPHES = str.maketrans({"'": "", "’": "", "‘": "", "`": "", "´": "", "¿": "?", "¡": "!"})


def normalise(text: str) -> str:
    """Lower case, no accents, no apostrophes ("can't" -> "cant"), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.translate(_APOSTROPHES).split())


def check_message(text: str | None) -> SafetyFinding | None:
    """A finding when the message may be a crisis or an emergency, else None.

    A crisis wins over an emergency (its reply gives 988 and 911 both).
    """
    if not text:
        return None
    message = normalise(text)
    for rules in LANGUAGES:
        message = rules.without_look_alikes(message)
    crises = [f for f in (rules.crisis_finding(message) for rules in LANGUAGES) if f]
    if crises:
        return _in_language_of(text, crises)
    judged = {rules.lang: rules.emergency_judgement(message) for rules in LANGUAGES}
    matched = [lang for lang, (sign, _) in judged.items() if sign]
    findings = [finding for _, finding in judged.values() if finding]
    if not findings:
        return None
    if len(findings) < len(matched):  # a language whose grammar says "not now" disagrees
        return judged[most_likely(text, matched)][1]
    return _in_language_of(text, findings)


def _in_language_of(text: str, findings: List[SafetyFinding]) -> SafetyFinding:
    """Where several languages' patterns matched ("suicid…"), the one the text is in."""
    lang = most_likely(text, [f.lang for f in findings])
    return next(f for f in findings if f.lang == lang)
