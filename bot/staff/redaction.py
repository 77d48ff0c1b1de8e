"""Redacting names, phone numbers and emails from exported conversations.

spaCy Matcher patterns find phone numbers and emails in any spelling the form accepts;
a PhraseMatcher finds the names and contact details patients gave in handoff forms
(the known slot values), wherever they were typed later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List

if TYPE_CHECKING:
    from spacy.language import Language

REDACTED = "[redacted]"
Pattern = List[Dict[str, Any]]
_D3: Dict[str, Any] = {"TEXT": {"REGEX": r"^\d{3}$"}}
_D4: Dict[str, Any] = {"TEXT": {"REGEX": r"^\d{4}$"}}
_SEP: Dict[str, Any] = {"TEXT": {"IN": ["-", ".", " "]}, "OP": "?"}
PHONE_PATTERNS: List[Pattern] = [
    [{"TEXT": {"REGEX": r"^\+?1?\d{10}$"}}],  # 2525550123, +12525550123
    [{"TEXT": {"REGEX": r"^\d{3}[-.]\d{3}[-.]\d{4}$"}}],  # 252-555-0123 as one token
    [
        {"TEXT": {"IN": ["+1", "1"]}, "OP": "?"},
        {"ORTH": "(", "OP": "?"},
        _D3,
        {"ORTH": ")", "OP": "?"},
        _SEP,
        _D3,
        _SEP,
        _D4,
    ],
    [_D3, _SEP, _D4],  # 555-0123 without an area code
]


class Redactor:
    def __init__(self, nlp: Language, known_values: Iterable[str]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._nlp = nlp
        self._matcher = Matcher(nlp.vocab)
        self._matcher.add("PHONE", PHONE_PATTERNS)
        self._matcher.add("EMAIL", [[{"LIKE_EMAIL": True}]])
        self._known = PhraseMatcher(nlp.vocab, attr="LOWER")
        values = sorted({v.strip() for v in known_values if v and len(v.strip()) >= 2})
        if values:
            self._known.add("KNOWN", list(nlp.pipe(values)))

    def redact(self, text: str) -> str:
        if not text:
            return text
        doc = self._nlp(text)
        spans = [doc[s:e] for _, s, e in self._matcher(doc)]
        spans += [doc[s:e] for _, s, e in self._known(doc)]
        from spacy.util import filter_spans

        pieces: List[str] = []
        cursor = 0
        for span in sorted(filter_spans(spans), key=lambda s: s.start_char):
            pieces += [text[cursor : span.start_char], REDACTED]
            cursor = span.end_char
        return "".join(pieces) + text[cursor:]
