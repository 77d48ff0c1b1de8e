"""The language a patient wrote in, offline, with lingua (its models ship in the wheel).

``detect`` answers "en", "es" or None (cannot tell: the conversation keeps its
language). Lingua alone is unreliable on one to three words (README "Languages": 6 of
383 English held-out questions came out Spanish at 0.9), so the words patients use most
in short messages, and Spanish's own marks (¿, ¡, accents in lower-case words), decide
first; lingua decides the rest only when it is sure and has three words or more (a name
typed into the form must not switch the conversation).
Only the languages the assistant speaks are candidates. Low-accuracy mode (trigrams
only) keeps the detector at ~12 MB; high-accuracy mode costs ~95 MB more in every
process that loads it and was no better here once the word cues decide.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from lingua import LanguageDetector

ENGLISH, SPANISH = "en", "es"
SUPPORTED = (ENGLISH, SPANISH)
LANGUAGE_NAMES = {ENGLISH: "English", SPANISH: "Spanish"}  # as staff read them
CONFIDENT = 0.9  # lingua's confidence below which a message is "cannot tell"

# Frequent words of one language that the other does not use, as patients type them
# (no accents: "sí" is written "si" too).
_CUE_WORDS = {
    ENGLISH: frozenset(
        "the is are was what whats what's how does do did can could would should will "  # noqa: SIM905
        "my i i'm im you your it its it's and of to with for this that have has about "
        "hi hello hey yes yeah yep thanks thank bye goodbye please okay sure nope help "
        "when why who which get got need want mom dad son daughter wife husband".split()
    ),
    SPANISH: frozenset(
        "el la los las es son que como cual cuales por para con del una un mi mis "  # noqa: SIM905
        "tengo tiene hay puede pueden se le lo su sus usted ustedes yo tu esta este esto "
        "hola buenas buenos gracias si adios chao claro quiero necesito ayuda ayudame "
        "cuando donde porque pero tambien mama papa hijo hija esposo esposa dias".split()
    ),
}
# ¿ and ¡, or a Spanish letter in a lower-case word: "Renée" and "André" (names) do not
# make a message Spanish, "distonía" and "qué" do.
_SPANISH_LETTERS = re.compile(r"[¿¡]|\b[a-zñáéíóúü]*[ñáéíóú][a-zñáéíóúü]*\b")
_NOT_WORDS = re.compile(r"\S*[@\d/]\S*")
LINGUA_MIN_WORDS = 3
_WORD = re.compile(r"[a-z']+")


def fold_accents(text: str) -> str:
    """``text`` without accents ("síntomas" -> "sintomas"); ñ becomes n too."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _plain(text: str) -> str:
    return fold_accents(text.lower())


def language_check(column: str = "language") -> str:
    """The SQL of a CHECK constraint that keeps ``column`` to the supported languages."""
    return f"{column} IN ({', '.join(repr(code) for code in SUPPORTED)})"


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_low_accuracy_mode()
        .build()
    )


def _confidences(text: str) -> dict[str, float]:
    return {
        value.language.iso_code_639_1.name.lower(): value.value
        for value in _detector().compute_language_confidence_values(text)
    }


def _by_cue_words(text: str) -> str | None:
    words = _WORD.findall(_plain(text))
    counts = {code: sum(w in cues for w in words) for code, cues in _CUE_WORDS.items()}
    english, spanish = counts[ENGLISH], counts[SPANISH]
    if english > spanish:
        return ENGLISH
    if spanish > english:
        return SPANISH
    return None


def detect(text: str) -> str | None:
    """The language of ``text``, or None when it cannot be told (a name, a number, "ok")."""
    text = _NOT_WORDS.sub(" ", text)  # an address or a number says nothing of a language
    by_words = _by_cue_words(text)
    if by_words is not None:
        return by_words
    if _SPANISH_LETTERS.search(text):
        return SPANISH
    if len(_WORD.findall(_plain(text))) < LINGUA_MIN_WORDS:
        return None  # "John Smith", "weekday mornings": a form's answer keeps the language
    confidence = _confidences(text)
    best = max(SUPPORTED, key=lambda code: confidence.get(code, 0.0))
    return best if confidence.get(best, 0.0) >= CONFIDENT else None


def most_likely(text: str, candidates: Sequence[str] = SUPPORTED) -> str:
    """Of ``candidates`` (ISO 639-1 codes), the language ``text`` is most likely in."""
    if len(candidates) == 1:
        return candidates[0]
    confidence = _confidences(text)
    return max(candidates, key=lambda code: confidence.get(code, 0.0))
