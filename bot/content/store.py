"""The content store: one page per language, as sections, passages and sentences in SQL.

``build_store`` replaces the whole store in one transaction, after every page has
parsed, so a malformed page never leaves a half-written or emptied store.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Callable, Dict, List, Sequence, Tuple

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.orm import Session, relationship

from bot.content.page import Page, Passage, Section
from bot.db import Base, UTCDateTime, session_scope
from bot.db.migrate import upgrade
from bot.language import ENGLISH, language_check

SentenceSplitter = Callable[[str], Sequence[str]]
# A built page and the digest of the text it was parsed from.
PageSource = Tuple[Page, str]


def _language_check(table: str) -> CheckConstraint:
    return CheckConstraint(language_check(), name=f"ck_{table}_language")


class ContentSection(Base):
    __tablename__ = "content_sections"
    __table_args__ = (
        _language_check("content_sections"),
        UniqueConstraint("language", "id", name="uq_content_sections_language_id"),
    )
    key = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False)
    id = Column(String(40), nullable=False)  # the contract's section id
    heading = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)
    line = Column(Integer, nullable=False)
    passages = relationship(
        "ContentPassage", order_by="ContentPassage.position", cascade="all, delete-orphan"
    )


class ContentPassage(Base):
    __tablename__ = "content_passages"
    id = Column(Integer, primary_key=True)
    section_key = Column(
        Integer, ForeignKey("content_sections.key", ondelete="CASCADE"), nullable=False
    )
    position = Column(Integer, nullable=False)
    kind = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    line = Column(Integer, nullable=False)
    sentences = relationship(
        "ContentSentence", order_by="ContentSentence.position", cascade="all, delete-orphan"
    )


class ContentSentence(Base):
    __tablename__ = "content_sentences"
    id = Column(Integer, primary_key=True)
    passage_id = Column(
        Integer, ForeignKey("content_passages.id", ondelete="CASCADE"), nullable=False
    )
    position = Column(Integer, nullable=False)
    text = Column(Text, nullable=False)


class ContentBuild(Base):
    """Provenance of each page in the current store: which source, when."""

    __tablename__ = "content_builds"
    __table_args__ = (_language_check("content_builds"),)
    id = Column(Integer, primary_key=True)
    language = Column(String(8), nullable=False)
    source_sha256 = Column(String(64), nullable=False)
    invitation = Column(Text)
    provenance = Column(Text, nullable=False, default="")
    built_at = Column(UTCDateTime, nullable=False)


def source_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_store(pages: Sequence[PageSource], url: str, split: SentenceSplitter) -> int:
    """Replace the store's content with ``pages``; returns the number of sentences."""
    languages = [page.language for page, _ in pages]
    if ENGLISH not in languages or len(set(languages)) != len(languages):
        raise ValueError(f"one English page and at most one page per language: {languages}")
    upgrade(url)
    count = 0
    with session_scope(url) as session:
        for table in (ContentSentence, ContentPassage, ContentSection, ContentBuild):
            session.execute(delete(table))
        for page, digest in pages:
            for position, section in enumerate(page.sections):
                row, added = _section_row(section, page.language, position, split)
                session.add(row)
                count += added
            session.add(
                ContentBuild(
                    language=page.language,
                    source_sha256=digest,
                    invitation=page.invitation,
                    provenance="\n".join(page.provenance),
                    built_at=datetime.now(timezone.utc),
                )
            )
    return count


def _section_row(
    section: Section, language: str, position: int, split: SentenceSplitter
) -> Tuple[ContentSection, int]:
    row = ContentSection(
        language=language,
        id=section.id,
        heading=section.heading,
        position=position,
        line=section.line,
    )
    count = 0
    for index, passage in enumerate(section.passages):
        # A bullet is one unit of meaning even when it has two sentences.
        sentences = list(split(passage.text)) or [passage.text]
        row.passages.append(
            ContentPassage(
                position=index,
                kind=passage.kind,
                text=passage.text,
                line=passage.line,
                sentences=[ContentSentence(position=i, text=s) for i, s in enumerate(sentences)],
            )
        )
        count += len(sentences)
    return row, count


def load_page(session: Session, language: str = ENGLISH) -> Page:
    """The stored page in ``language``, sentences included, as plain immutable objects."""
    sections: List[Section] = []
    rows = session.execute(
        select(ContentSection)
        .where(ContentSection.language == language)
        .order_by(ContentSection.position)
    ).scalars()
    for row in rows:
        passages = tuple(
            Passage(p.kind, p.text, p.line, tuple(s.text for s in p.sentences))
            for p in row.passages
        )
        sections.append(Section(row.id, row.heading, row.line, passages))
    build = session.execute(
        select(ContentBuild)
        .where(ContentBuild.language == language)
        .order_by(ContentBuild.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if not sections or build is None:
        raise LookupError(f"the content store has no {language} page: run `make build`")
    provenance = tuple(build.provenance.splitlines()) if build.provenance else ()
    return Page(tuple(sections), build.invitation, provenance, language)


def load_pages(session: Session) -> Dict[str, Page]:
    """Every stored page by language; the English one is always there."""
    languages = session.execute(select(ContentBuild.language).distinct()).scalars().all()
    pages = {language: load_page(session, language) for language in languages}
    if ENGLISH not in pages:
        raise LookupError("the content store is empty: run `make build`")
    return pages
