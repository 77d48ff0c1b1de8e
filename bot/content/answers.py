"""Which page passages answer which kind of question.

Pure functions over a parsed ``Page``: an intent names a target (a whole section,
some passages, some sentences, or a lead-in with its bullet list); terms the
patient named narrow that to the bullets or sentences that mention them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping, Sequence, Tuple

from bot.content.page import Page, Section
from bot.language import ENGLISH

SECTION, PASSAGES, SENTENCES, LIST = "section", "passages", "sentences", "list"
# More matches than this means the term is too common to narrow the answer.
MAX_NARROWED_PIECES = 4


@dataclass(frozen=True)
class Target:
    section: str
    anchors: Tuple[str, ...] = ()
    unit: str = SECTION


INTENT_TARGETS: Dict[str, Target] = {
    "ask_what_is": Target("overview", ("Dystonia is a disorder",), PASSAGES),
    "ask_types": Target("overview", ("There are different types",), LIST),
    "ask_causes": Target("causes", ("Although experts", "Research has pinpointed"), PASSAGES),
    "ask_onset_age": Target("causes", ("The first signs",), SENTENCES),
    "ask_secondary": Target("causes", ("Dystonia can also be caused",), SENTENCES),
    "ask_intelligence": Target(
        "causes", ("(Dystonia, however", "It isn't generally related"), SENTENCES
    ),
    "ask_hereditary": Target("causes", ("Research has pinpointed",), SENTENCES),
    "ask_risk_factors": Target("risk-factors"),
    "ask_symptoms": Target("symptoms"),
    "ask_progression": Target("symptoms", ("The symptoms of dystonia may stay",), SENTENCES),
    "ask_pain": Target("overview", ("The movements can sometimes cause pain",), SENTENCES),
    "ask_diagnosis": Target("diagnosis"),
    "ask_treatment": Target("treatment"),
    "ask_cure": Target(
        "key-points", ("Treatments can help manage", "Researchers have come a long way"), PASSAGES
    ),
    "ask_complications": Target("complications"),
    "ask_prevention": Target("prevention"),
    "ask_living_with": Target("living-with"),
    "ask_when_to_call": Target("when-to-call"),
    "ask_key_points": Target("key-points"),
    "ask_visit_prep": Target("next-steps"),
}

# (passage index, sentence index or None for the whole passage)
Piece = Tuple[int, int | None]
# term ids found in each sentence: key (section id, passage index, sentence index)
SentenceTerms = Mapping[Tuple[str, int, int], FrozenSet[str]]


@dataclass(frozen=True)
class Answer:
    section: str
    heading: str
    text: str
    language: str = ENGLISH  # the language of the page the text comes from


def _norm(text: str) -> str:
    return text.replace("’", "'").lower()


def target_pieces(section: Section, target: Target) -> List[Piece]:
    """The pieces of ``section`` that the target names, in page order."""
    if target.unit == SECTION:
        return [(i, None) for i in range(len(section.passages))]
    anchors = [_norm(a) for a in target.anchors]
    pieces: List[Piece] = []
    for i, passage in enumerate(section.passages):
        if target.unit == SENTENCES:
            pieces += [
                (i, j)
                for j, s in enumerate(passage.sentences)
                if any(_norm(s).startswith(a) for a in anchors)
            ]
        elif any(_norm(passage.text).startswith(a) for a in anchors):
            pieces.append((i, None))
            if target.unit == LIST:
                pieces += _following_bullets(section, i)
    return pieces


def _following_bullets(section: Section, start: int) -> List[Piece]:
    bullets: List[Piece] = []
    for i in range(start + 1, len(section.passages)):
        if section.passages[i].kind != "bullet":
            break
        bullets.append((i, None))
    return bullets


def term_pieces(section: Section, terms: FrozenSet[str], found: SentenceTerms) -> List[Piece]:
    """Bullets that mention one of ``terms`` whole; paragraphs only the sentences that do."""
    pieces: List[Piece] = []
    for i, passage in enumerate(section.passages):
        hits = [
            j
            for j in range(len(passage.sentences))
            if found.get((section.id, i, j), frozenset()) & terms
        ]
        if hits and passage.kind == "bullet":
            pieces.append((i, None))
        else:
            pieces += [(i, j) for j in hits]
    return pieces


def select_pieces(
    page: Page, intent: str, terms: Sequence[str], found: SentenceTerms
) -> Tuple[Section, List[Piece]] | None:
    """The section and pieces that answer ``intent`` about ``terms``; None if not content."""
    target = INTENT_TARGETS.get(intent)
    if target is None:
        return None
    section = page.section(target.section)
    wanted = frozenset(terms)
    if wanted:
        narrowed = _narrow(page, section, target, wanted, found)
        if narrowed is not None:
            return narrowed
    return section, target_pieces(section, target)


def mirror_pieces(pieces: Sequence[Piece], source: Section, mirror: Section) -> List[Piece]:
    """The same pieces in a translation of ``source``: position for position when the two
    sections have the same shape (passages and their kinds), else all of ``mirror``. A
    sentence stands for itself only where both passages have as many sentences; else its
    whole passage does."""
    same_shape = len(source.passages) == len(mirror.passages) and all(
        a.kind == b.kind for a, b in zip(source.passages, mirror.passages, strict=True)
    )
    if not same_shape:
        return [(i, None) for i in range(len(mirror.passages))]
    mirrored: List[Piece] = []
    for i, j in pieces:
        same_sentences = len(source.passages[i].sentences) == len(mirror.passages[i].sentences)
        piece = (i, j) if j is None or same_sentences else (i, None)
        if piece not in mirrored:
            mirrored.append(piece)
    return mirrored


def _narrow(
    page: Page, section: Section, target: Target, terms: FrozenSet[str], found: SentenceTerms
) -> Tuple[Section, List[Piece]] | None:
    candidates = [section]
    if target.unit in (SECTION, PASSAGES):  # a broad question may be about a term elsewhere
        candidates += [s for s in page.sections if s is not section]
    for candidate in candidates:
        pieces = term_pieces(candidate, terms, found)
        if 0 < len(pieces) <= MAX_NARROWED_PIECES:
            return candidate, pieces
    return None


def render(section: Section, pieces: Sequence[Piece], language: str = ENGLISH) -> Answer:
    """The page's own words: paragraphs as they stand, bullets as a list."""
    blocks: List[str] = []
    last_passage: int | None = None
    for passage_index, sentence_index in pieces:
        passage = section.passages[passage_index]
        text = passage.text if sentence_index is None else passage.sentences[sentence_index]
        if passage.kind == "bullet":
            if blocks and blocks[-1].startswith("• "):
                blocks[-1] += f"\n• {text}"
            else:
                blocks.append(f"• {text}")
        elif last_passage == passage_index and blocks:
            blocks[-1] = f"{blocks[-1]} {text}"  # another sentence of the same paragraph
        else:
            blocks.append(text)
        last_passage = passage_index
    return Answer(section.id, section.heading, "\n\n".join(blocks), language)
