"""What patients asked that the assistant could not answer, grouped, tagged, exported.

A message counts as unanswered when its reply was a fallback or its intent confidence
was low. Messages are grouped by the words they share (spaCy lemmas, stop words
dropped); staff tag a message with the intent it should have had, and the tagged ones
export as Rasa NLU YAML ready for ``data/nlu/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Dict, FrozenSet, Iterable, List, Sequence

from sqlalchemy import Column, ForeignKey, Integer, String, select
from sqlalchemy.orm import Session

from bot.db import Base, UTCDateTime

LOW_CONFIDENCE = 0.5
SIMILAR = 0.5  # Jaccard overlap of content words that puts two messages in one group


class NluTag(Base):
    __tablename__ = "nlu_tags"

    id = Column(Integer, primary_key=True)
    text = Column(String(1000), nullable=False, unique=True)
    intent = Column(String(64), nullable=False)
    tagged_by = Column(Integer, ForeignKey("staff_users.id", ondelete="RESTRICT"), nullable=False)
    tagged_at = Column(UTCDateTime, nullable=False)


@dataclass
class Group:
    words: FrozenSet[str]
    texts: List[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.texts)

    @property
    def example(self) -> str:
        return self.texts[0]


def is_unanswered(intent: str | None, confidence: float | None, reply_kind: str | None) -> bool:
    return (
        reply_kind == "fallback"
        or intent in (None, "nlu_fallback", "out_of_scope")
        or (confidence is not None and confidence < LOW_CONFIDENCE)
    )


def _overlap(a: FrozenSet[str], b: FrozenSet[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def group_messages(
    texts: Iterable[str], content_words: Callable[[str], FrozenSet[str]]
) -> List[Group]:
    """Greedy grouping by shared content words; the largest groups first."""
    groups: List[Group] = []
    for text in texts:
        words = content_words(text)
        best = max(groups, key=lambda g: _overlap(g.words, words), default=None)
        if best is not None and _overlap(best.words, words) >= SIMILAR:
            best.texts.append(text)
        else:
            groups.append(Group(words, [text]))
    return sorted(groups, key=lambda g: (-g.count, g.example))


def tag(session: Session, text: str, intent: str, user_id: int) -> None:
    existing = session.execute(select(NluTag).where(NluTag.text == text)).scalar_one_or_none()
    now = datetime.now(timezone.utc)
    if existing is None:
        session.add(NluTag(text=text[:1000], intent=intent, tagged_by=user_id, tagged_at=now))
    else:
        existing.intent, existing.tagged_by, existing.tagged_at = intent, user_id, now


def tags(session: Session) -> Dict[str, str]:
    return {t.text: t.intent for t in session.execute(select(NluTag)).scalars()}


def _example_line(text: str) -> str:
    # one line per example in Rasa's block: no line breaks, no control characters
    return "".join(c for c in " ".join(text.split()) if c.isprintable())


def nlu_yaml(tagged: Dict[str, str], intents: Sequence[str]) -> str:
    """Tagged messages as Rasa NLU training data, grouped by intent."""
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted({i for i in tagged.values() if i in intents}):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {_example_line(t)}" for t, i in sorted(tagged.items()) if i == intent]
    return "\n".join(lines) + "\n"
