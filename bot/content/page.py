"""Parse a patient page (headings, paragraphs, bullet lists) into sections.

Pure text in, ``Page`` out: no spaCy, no database. Every problem is raised as a
``ContentError`` that names the line, so a bad page never replaces a good store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Tuple

from bot.language import ENGLISH, fold_accents

# Contract section ids (shared/CONTRACT.md), keyed by the normalised heading: the
# English page's headings, then the usual Spanish ones. A page whose heading differs
# names its id in a line ``# section <id>: <heading>`` (README "Languages").
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
    "que es la distonia": "overview",
    "que causa la distonia": "causes",
    "cuales son los factores de riesgo de la distonia": "risk-factors",
    "cuales son los sintomas de la distonia": "symptoms",
    "como se diagnostica la distonia": "diagnosis",
    "como se trata la distonia": "treatment",
    "cuales son las complicaciones de la distonia": "complications",
    "se puede prevenir la distonia": "prevention",
    "como vivir con distonia": "living-with",
    "vivir con distonia": "living-with",
    "vivir con la distonia": "living-with",
    "cuando debo llamar a mi proveedor de atencion medica": "when-to-call",
    "puntos clave": "key-points",
    "proximos pasos": "next-steps",
}

# The page's navigation block starts here; nothing after it is content.
FOOTER_STARTS = ("see all treatments", "ver todos los tratamientos")
SECTION_ALIAS_RE = re.compile(r"^section\s+(?P<id>[a-z-]+)\s*:\s*(?P<heading>.+)$")
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
    language: str = ENGLISH

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
    """Lower case, no accents, no question marks (``¿Qué es…?`` is ``que es…``)."""
    text = fold_accents(text.replace("’", "'").strip().strip("¿?").strip().lower())
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


def section_aliases(provenance: Iterable[str]) -> Dict[str, str]:
    """Headings a page names the id of itself: ``# section living-with: Convivir con…``."""
    known = set(SECTION_IDS.values())
    aliases = {}
    for line in provenance:
        match = SECTION_ALIAS_RE.match(line.strip())
        if match and match.group("id") in known:
            aliases[normalise_heading(match.group("heading"))] = match.group("id")
    return aliases


def parse_page(text: str, language: str = ENGLISH) -> Page:
    """Turn the page's text into sections with contract ids and passages."""
    lines = text.splitlines()
    provenance = tuple(
        line[len(PROVENANCE_PREFIX) :] for line in lines if line.startswith(PROVENANCE_PREFIX)
    )
    ids = {**SECTION_IDS, **section_aliases(provenance)}
    drafts: List[_Draft] = []
    invitation: str | None = None
    in_footer = False
    for number, raw in enumerate(lines, start=1):
        line = " ".join(raw.split())  # the capture has non-breaking spaces inside sentences
        if not line or raw.startswith(PROVENANCE_PREFIX):
            continue
        if normalise_heading(line) in FOOTER_STARTS:
            in_footer = True
        if in_footer:
            if _is_invitation(line):
                invitation = line
            continue
        _add_line(drafts, line, number, ids)
    return Page(_finish(drafts), invitation, provenance, language)


def _add_line(drafts: List[_Draft], line: str, number: int, ids: Dict[str, str]) -> None:
    bullet = BULLET_RE.match(line)
    if bullet is None and looks_like_heading(line):
        drafts.append(_new_section(drafts, line, number, ids))
        return
    if not drafts:
        raise ContentError(f"line {number}: text before the first heading: {line[:60]!r}")
    kind, text = ("bullet", bullet.group("text").strip()) if bullet else ("paragraph", line)
    drafts[-1].passages.append(Passage(kind=kind, text=text, line=number))


def _new_section(drafts: List[_Draft], heading: str, number: int, ids: Dict[str, str]) -> _Draft:
    section_id = ids.get(normalise_heading(heading))
    if section_id is None:
        raise ContentError(
            f"line {number}: heading {heading!r} maps to no known section "
            f"(known: {', '.join(sorted(set(SECTION_IDS.values())))}; a page can name the id "
            f"of its own heading in a line '# section <id>: <heading>')"
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
