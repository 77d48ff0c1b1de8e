"""No everyday word is taken for a term or another condition it is not a form of.

The lookup lemmatizer merges different words ("liver" -> "live"), which once made
"how do I live with dystonia" a question about the liver. Every one of the 20,000 most
frequent English words (spacy-lookups-data's frequency table) and every word of the page
must match a phrase only when the word is that phrase or one of its inflections.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import List

import pytest
import spacy_lookups_data

from bot.content.inflection import is_inflection
from bot.content.matcher import TermMatcher
from bot.content.terms import TERMS
from tests.conftest import PAGE_COPY

COMMON_WORDS = 20_000


def common_words() -> List[str]:
    table = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(table, "rt", encoding="utf-8") as handle:
        probabilities = json.load(handle)
    words = [w.lower() for w in sorted(probabilities, key=probabilities.get, reverse=True)]
    alphabetic = [w for w in dict.fromkeys(words) if re.fullmatch(r"[a-z][a-z'-]*", w)]
    return alphabetic[:COMMON_WORDS]


def page_words() -> List[str]:
    return sorted(set(re.findall(r"[a-z][a-z'-]*", PAGE_COPY.read_text(encoding="utf-8").lower())))


def same_word(nlp, word: str, phrase: str) -> bool:  # type: ignore[no-untyped-def]
    """Token for token the same, or forms of one shared lemma ("spoke", "speaking")."""
    ours, theirs = nlp(word.lower()), nlp(phrase.lower())
    return len(ours) == len(theirs) and all(
        a.text == b.text
        or (
            a.lemma_ == b.lemma_
            and is_inflection(a.text, a.lemma_)
            and is_inflection(b.text, b.lemma_)
        )
        for a, b in zip(ours, theirs, strict=True)
    )


def phrases_of(value: str) -> tuple:
    return TERMS.get(value, (value,))


@pytest.fixture(scope="module")
def matcher(nlp) -> TermMatcher:  # type: ignore[no-untyped-def]
    return TermMatcher(nlp)


@pytest.mark.parametrize("source", [common_words, page_words], ids=["frequent-english", "page"])
def test_a_word_matches_only_phrases_it_is_a_form_of(nlp, matcher: TermMatcher, source) -> None:  # type: ignore[no-untyped-def]
    words = source()
    assert len(words) > 300
    wrong = [
        f"{word!r} -> {m.value!r} ({m.entity})"
        for word in words
        for m in matcher.find(word)
        if not any(same_word(nlp, m.text, p) for p in phrases_of(m.value))
    ]
    assert not wrong, wrong[:40]


@pytest.mark.parametrize(
    "question",
    [
        "how do I live with dystonia",
        "tips for living with dystonia",
        "what is life like with dystonia",
        "he lives with generalized dystonia",
        "I'm tired all the time",
        "what does the page say about blinking",
    ],
)
def test_everyday_questions_name_no_other_condition(matcher: TermMatcher, question: str) -> None:
    assert not matcher.other_conditions_in(question), question


def test_the_page_itself_names_no_other_condition(matcher: TermMatcher) -> None:
    assert not matcher.other_conditions_in(PAGE_COPY.read_text(encoding="utf-8"))
