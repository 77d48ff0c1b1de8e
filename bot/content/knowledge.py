"""The knowledge base handed to the answer action: the stored page plus its term index.

Built once per process on first use (``load_knowledge``), never at import.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, Tuple

from bot.content.answers import Answer, SentenceTerms, select_answer
from bot.content.matcher import TermMatcher
from bot.content.page import Page
from bot.content.store import load_page
from bot.content.terms import TERMS
from bot.db import session_scope
from bot.nlp import load_pipeline
from bot.settings import Settings


class PageKnowledge:
    """What the page says, and which of its sentences mention which terms."""

    def __init__(self, page: Page, matcher: TermMatcher) -> None:
        self.page = page
        self.matcher = matcher
        self.sentence_terms: SentenceTerms = self._index_sentences()

    def _index_sentences(self) -> Dict[Tuple[str, int, int], FrozenSet[str]]:
        index = {}
        for section in self.page.sections:
            for i, passage in enumerate(section.passages):
                for j, sentence in enumerate(passage.sentences):
                    index[(section.id, i, j)] = self.matcher.terms_in(sentence)
        return index

    def answer(self, intent: str, terms: Iterable[str] = ()) -> Answer | None:
        """The page text for ``intent``, narrowed to ``terms`` (ids from bot.content.terms)."""
        known = sorted(t for t in terms if t in TERMS)
        return select_answer(self.page, intent, known, self.sentence_terms)

    @property
    def invitation(self) -> str | None:
        return self.page.invitation


@lru_cache(maxsize=4)
def load_knowledge(settings: Settings) -> PageKnowledge:
    """The knowledge base for these settings, built on first use and then reused."""
    with session_scope(settings.resolved_database_url) as session:
        page = load_page(session)
    return PageKnowledge(page, TermMatcher(load_pipeline(settings.spacy_pipeline_dir)))
