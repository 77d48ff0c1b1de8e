"""The content store: sections, passages and sentences in SQL.

``build_store`` replaces the whole store in one transaction, after the page has
parsed, so a malformed page never leaves a half-written or emptied store.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Callable, List, Sequence, Tuple

from sqlalchemy import Column, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Session, relationship

from bot.content.page import Page, Passage, Section
from bot.db import Base, UTCDateTime, session_scope
from bot.db.migrate import upgrade

SentenceSplitter = Callable[[str], Sequence[str]]


class ContentSection(Base):
    __tablename__ = "content_sections"
    id = Column(String(40), primary_key=True)
    heading = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)
    line = Column(Integer, nullable=False)
    passages = relationship(
        "ContentPassage", order_by="ContentPassage.position", cascade="all, delete-orphan"
    )


class ContentPassage(Base):
    __tablename__ = "content_passages"
    id = Column(Integer, primary_key=True)
    section_id = Column(
        String(40), ForeignKey("content_sections.id", ondelete="CASCADE"), nullable=False
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
    """Provenance of the current store: which source, when."""

    __tablename__ = "content_builds"
    id = Column(Integer, primary_key=True)
    source_sha256 = Column(String(64), nullable=False)
    invitation = Column(Text)
    provenance = Column(Text, nullable=False, default="")
    built_at = Column(UTCDateTime, nullable=False)


def source_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_store(page: Page, url: str, split: SentenceSplitter, digest: str) -> int:
    """Replace the store's content with ``page``; returns the number of sentences."""
    upgrade(url)
    count = 0
    with session_scope(url) as session:
        for table in (ContentSentence, ContentPassage, ContentSection, ContentBuild):
            session.execute(delete(table))
        for position, section in enumerate(page.sections):
            row, added = _section_row(section, position, split)
            session.add(row)
            count += added
        session.add(
            ContentBuild(
                source_sha256=digest,
                invitation=page.invitation,
                provenance="\n".join(page.provenance),
                built_at=datetime.now(timezone.utc),
            )
        )
    return count


def _section_row(
    section: Section, position: int, split: SentenceSplitter
) -> Tuple[ContentSection, int]:
    row = ContentSection(
        id=section.id, heading=section.heading, position=position, line=section.line
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


def load_page(session: Session) -> Page:
    """The stored page, sentences included, as plain immutable objects."""
    sections: List[Section] = []
    for row in session.execute(select(ContentSection).order_by(ContentSection.position)).scalars():
        passages = tuple(
            Passage(p.kind, p.text, p.line, tuple(s.text for s in p.sentences))
            for p in row.passages
        )
        sections.append(Section(row.id, row.heading, row.line, passages))
    build = session.execute(
        select(ContentBuild).order_by(ContentBuild.id.desc()).limit(1)
    ).scalar_one_or_none()
    if not sections or build is None:
        raise LookupError("the content store is empty: run `make build`")
    provenance = tuple(build.provenance.splitlines()) if build.provenance else ()
    return Page(tuple(sections), build.invitation, provenance)
