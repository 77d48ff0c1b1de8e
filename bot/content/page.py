"""Parse a patient page (headings, paragraphs, bullet lists) into sections.

Pure text in, ``Page`` out: no spaCy, no database. Every problem is raised as a
``ContentError`` that names the line, so a bad page never replaces a good store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Tuple

# Contract section ids (shared/CONTRACT.md), keyed by the normalised heading.
SECTION_IDS: Dict[str, str] = {
    "what is dystonia": "overview",
    "what causes dystonia": "causes",
    "what are the risk factors for dystonia": "risk-factors",
    "what are the symptoms of dystonia": "symptoms",
    "how is dystonia diagnosed": "diagnosis",
    "how is dystonia treated": "treatment",
    "what are the complications of dystonia": "complications",
    "can dystonia be prevented": "prevention",
    "living with dystonia": "living-with",
    "when should i call my health care provider": "when-to-call",
    "key points": "key-points",
    "next steps": "next-steps",
}

# The page's navigation block starts here; nothing after it is content.
FOOTER_START = "see all treatments"
BULLET_RE = re.compile(r"^\s*[•\-*]\s+(?P<text>.+)$")
PROVENANCE_PREFIX = "# "
MAX_HEADING_CHARS = 80


class ContentError(ValueError):
    """The page cannot be turned into sections; the message names the line."""


@dataclass(frozen=True)
class Passage:
    kind: str  # "paragraph" or "bullet"
    text: str
    line: int
    sentences: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    line: int
    passages: Tuple[Passage, ...] = ()


@dataclass(frozen=True)
class Page:
    sections: Tuple[Section, ...]
    invitation: str | None = None
    provenance: Tuple[str, ...] = ()

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


@dataclass
class _Draft:
    id: str
    heading: str
    line: int
    passages: List[Passage] = field(default_factory=list)


def normalise_heading(text: str) -> str:
    text = text.replace("’", "'").strip().rstrip("?").strip().lower()
    return re.sub(r"\s+", " ", text)


def looks_like_heading(text: str) -> bool:
    """Short, unpunctuated lines are headings on this kind of page."""
    stripped = text.strip()
    return (
        len(stripped) <= MAX_HEADING_CHARS
        and not BULLET_RE.match(stripped)
        and not stripped.endswith((".", ":", ";", ",", ")"))
    )


def _is_invitation(text: str) -> bool:
    return text.replace("’", "'").rstrip().endswith("Let's chat.")


def parse_page(text: str) -> Page:
    """Turn the page's text into sections with contract ids and passages."""
    lines = text.splitlines()
    provenance = tuple(
        line[len(PROVENANCE_PREFIX) :] for line in lines if line.startswith(PROVENANCE_PREFIX)
    )
    drafts: List[_Draft] = []
    invitation: str | None = None
    in_footer = False
    for number, raw in enumerate(lines, start=1):
        line = " ".join(raw.split())  # the capture has non-breaking spaces inside sentences
        if not line or raw.startswith(PROVENANCE_PREFIX):
            continue
        if normalise_heading(line) == FOOTER_START:
            in_footer = True
        if in_footer:
            if _is_invitation(line):
                invitation = line
            continue
        _add_line(drafts, line, number)
    return Page(_finish(drafts), invitation, provenance)


def _add_line(drafts: List[_Draft], line: str, number: int) -> None:
    bullet = BULLET_RE.match(line)
    if bullet is None and looks_like_heading(line):
        drafts.append(_new_section(drafts, line, number))
        return
    if not drafts:
        raise ContentError(f"line {number}: text before the first heading: {line[:60]!r}")
    kind, text = ("bullet", bullet.group("text").strip()) if bullet else ("paragraph", line)
    drafts[-1].passages.append(Passage(kind=kind, text=text, line=number))


def _new_section(drafts: List[_Draft], heading: str, number: int) -> _Draft:
    section_id = SECTION_IDS.get(normalise_heading(heading))
    if section_id is None:
        raise ContentError(
            f"line {number}: heading {heading!r} maps to no known section "
            f"(known: {', '.join(sorted(SECTION_IDS.values()))})"
        )
    for draft in drafts:
        if draft.id == section_id:
            raise ContentError(f"line {number}: heading {heading!r} repeats line {draft.line}")
    return _Draft(id=section_id, heading=heading, line=number)


def _finish(drafts: Iterable[_Draft]) -> Tuple[Section, ...]:
    sections = []
    for draft in drafts:
        if not draft.passages:
            raise ContentError(f"line {draft.line}: heading {draft.heading!r} has no text under it")
        sections.append(Section(draft.id, draft.heading, draft.line, tuple(draft.passages)))
    if not sections:
        raise ContentError("line 1: the page is empty or has no headings")
    return tuple(sections)
