"""The language a patient wrote in, offline, with lingua (its models ship in the wheel).

Only the languages the assistant speaks are candidates, which is what makes short
messages workable. Low-accuracy mode (trigrams only) keeps the detector at ~12 MB;
high-accuracy mode costs ~95 MB more in every process that loads it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from lingua import LanguageDetector

ENGLISH, SPANISH = "en", "es"
SUPPORTED = (ENGLISH, SPANISH)


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_low_accuracy_mode()
        .build()
    )


def most_likely(text: str, candidates: Sequence[str] = SUPPORTED) -> str:
    """Of ``candidates`` (ISO 639-1 codes), the language ``text`` is most likely in."""
    if len(candidates) == 1:
        return candidates[0]
    confidence = {
        value.language.iso_code_639_1.name.lower(): value.value
        for value in _detector().compute_language_confidence_values(text)
    }
    return max(candidates, key=lambda code: confidence.get(code, 0.0))
