"""Whether a word is an inflection of a lemma: the check that keeps lemma matching honest.

spaCy's lookup lemmatizer has no part of speech, so it merges different words: it turns
"liver" into "live" and "shingles" into "shingle", and a matcher on lemmas would then
hear a liver condition in "how do I live with dystonia". A word is matched by its lemma
only when it is one of the lemma's own forms: a regular ending ("-s", "-es", "-ed",
"-ing", "-ies", a doubled consonant) or an irregular form in spaCy's own exception
tables ("feet" -> "foot"). Otherwise it is matched as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import FrozenSet, Tuple

REGULAR_ENDINGS = ("s", "es", "ed", "d", "ing", "'s")


def _regular_forms(lemma: str) -> FrozenSet[str]:
    forms = {lemma + ending for ending in REGULAR_ENDINGS}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma + "d"}
    if lemma[-1:].isalpha():
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return frozenset(forms)


@lru_cache(maxsize=1)
def _irregular_forms() -> FrozenSet[Tuple[str, str]]:
    """(word, lemma) pairs from spaCy's English lemma exception tables."""
    from spacy.lookups import load_lookups

    tables = load_lookups("en", ["lemma_exc"]).get_table("lemma_exc")
    return frozenset(
        (word, lemma)
        for by_word in tables.values()
        for word, lemmas in by_word.items()
        for lemma in lemmas
    )


def is_inflection(word: str, lemma: str) -> bool:
    """True when ``word`` is ``lemma`` itself or one of its inflected forms."""
    word, lemma = word.lower(), lemma.lower()
    if word == lemma:
        return True
    return word in _regular_forms(lemma) or (word, lemma) in _irregular_forms()


def match_key(word: str, lemma: str) -> str:
    """What a token is matched by: its lemma where that is its own, else the word."""
    return lemma.lower() if is_inflection(word, lemma) else word.lower()
