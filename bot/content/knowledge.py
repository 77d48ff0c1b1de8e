"""The knowledge base handed to the answer action: the stored page plus spaCy matchers.

Built once per process on first use (``load_knowledge``), never at import.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, Tuple

from bot.content.answers import Answer, SentenceTerms, select_answer
from bot.content.page import Page
from bot.content.store import load_page
from bot.content.terms import OTHER_CONDITIONS, TERMS
from bot.db import session_scope
from bot.nlp import load_pipeline
from bot.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher


def _phrase_matcher(nlp: Language, phrases: Dict[str, Tuple[str, ...]], attr: str) -> PhraseMatcher:
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, texts in phrases.items():
        matcher.add(label, list(nlp.pipe(t.lower() for t in texts)))
    return matcher


class PageKnowledge:
    """What the page says, and which of its sentences mention which terms."""

    def __init__(self, page: Page, nlp: Language) -> None:
        self.page = page
        self._nlp = nlp
        # Lemmas let one phrase cover its inflections ("splints", "migraines").
        self._terms = _phrase_matcher(nlp, TERMS, "LEMMA")
        self._conditions = _phrase_matcher(nlp, {c: (c,) for c in OTHER_CONDITIONS}, "LEMMA")
        self.sentence_terms: SentenceTerms = self._index_sentences()

    def _labels(self, matcher: PhraseMatcher, text: str) -> FrozenSet[str]:
        doc = self._nlp(text.lower())
        return frozenset(self._nlp.vocab.strings[match_id] for match_id, _, _ in matcher(doc))

    def _index_sentences(self) -> Dict[Tuple[str, int, int], FrozenSet[str]]:
        index = {}
        for section in self.page.sections:
            for i, passage in enumerate(section.passages):
                for j, sentence in enumerate(passage.sentences):
                    index[(section.id, i, j)] = self._labels(self._terms, sentence)
        return index

    def terms_in(self, text: str) -> FrozenSet[str]:
        """Term ids (see ``bot.content.terms``) that a patient's message names."""
        return self._labels(self._terms, text)

    def other_conditions_in(self, text: str) -> FrozenSet[str]:
        """Other conditions named in the message: the page cannot answer about them."""
        return self._labels(self._conditions, text)

    def answer(self, intent: str, terms: Iterable[str] = ()) -> Answer | None:
        known = sorted(t for t in terms if t in TERMS)
        return select_answer(self.page, intent, known, self.sentence_terms)

    @property
    def invitation(self) -> str | None:
        return self.page.invitation


@lru_cache(maxsize=4)
def load_knowledge(settings: Settings) -> PageKnowledge:
    """The knowledge base for these settings, built on first use and then reused."""
    with session_scope(settings.resolved_content_db_url) as session:
        page = load_page(session)
    return PageKnowledge(page, load_pipeline(settings.spacy_pipeline_dir))
