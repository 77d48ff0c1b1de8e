"""Find the terms patients name (and other conditions) with spaCy's PhraseMatcher.

One matcher serves the NLU pipeline (as entities) and the knowledge base (to index
the page's sentences), so a phrase added to ``bot.content.terms`` works everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, FrozenSet, List, Tuple

from bot.content.inflection import match_key
from bot.content.terms import OTHER_CONDITION, OTHER_CONDITIONS, TERM_CATEGORY, TERMS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc


@dataclass(frozen=True)
class TermMatch:
    entity: str  # the term's category, or "other_condition"
    value: str  # the term id, or the condition as listed
    start: int
    end: int
    text: str


def keyed(nlp: Language, doc: Doc) -> Doc:
    """A doc of match keys, token for token: lemmas only where they are the word's own.

    One phrase then covers its inflections ("splints", "migraines") while the lookup
    lemmatizer's merges ("liver" -> "live") cannot make a match (bot.content.inflection).
    """
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=[match_key(t.text, t.lemma_) for t in doc])


def _phrase_matcher(nlp: Language, phrases: Dict[str, Tuple[str, ...]]) -> PhraseMatcher:
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for label, texts in phrases.items():
        matcher.add(label, [keyed(nlp, doc) for doc in nlp.pipe(t.lower() for t in texts)])
    return matcher


class TermMatcher:
    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._terms = _phrase_matcher(nlp, TERMS)
        self._conditions = _phrase_matcher(nlp, {c: (c,) for c in OTHER_CONDITIONS})

    def _doc(self, text: str) -> Doc:
        lowered = text.lower()
        # lower() can change the length of rare characters; offsets must stay true
        return self._nlp(lowered if len(lowered) == len(text) else text)

    def find(self, text: str) -> List[TermMatch]:
        """Longest non-overlapping matches, in text order."""
        from spacy.util import filter_spans

        doc = self._doc(text)
        keys = keyed(self._nlp, doc)
        labelled = []
        for matcher, is_condition in ((self._terms, False), (self._conditions, True)):
            for match_id, start, end in matcher(keys):
                span = doc[start:end]
                span.label_ = self._nlp.vocab.strings[match_id]
                labelled.append((span, is_condition))
        kept = {(s.start, s.end) for s in filter_spans([s for s, _ in labelled])}
        matches = []
        for span, is_condition in sorted(labelled, key=lambda item: item[0].start):
            if (span.start, span.end) not in kept:
                continue
            kept.discard((span.start, span.end))
            entity = OTHER_CONDITION if is_condition else TERM_CATEGORY[span.label_]
            matches.append(
                TermMatch(
                    entity,
                    span.label_,
                    span.start_char,
                    span.end_char,
                    text[span.start_char : span.end_char],
                )
            )
        return matches

    def terms_in(self, text: str) -> FrozenSet[str]:
        return frozenset(m.value for m in self.find(text) if m.entity != OTHER_CONDITION)

    def other_conditions_in(self, text: str) -> FrozenSet[str]:
        return frozenset(m.value for m in self.find(text) if m.entity == OTHER_CONDITION)
