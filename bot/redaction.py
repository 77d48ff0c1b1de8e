"""Finding and removing what identifies a patient in text they typed.

Used by the staff export (everything below) and by the log writer (phones, emails,
self-introductions and chat session ids; dates and long numbers stay, since log lines
carry timestamps and process ids). Over-redacting an export costs staff little;
under-redacting leaks PHI, so every finder leans wide.

Phone numbers are found by ``phonenumbers.PhoneNumberMatcher``, the library the handoff
form parses them with, so any spelling the form accepts is found here too; a digit-run
rule catches what it would not call a number (seven digits, odd separators).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, List, Pattern, Tuple

import phonenumbers

REDACTED = "[redacted]"
Span = Tuple[int, int]

# The lookbehind starts a match only at the start of an address (linear on long lines).
EMAIL = re.compile(r"(?<![\w.%+'-])[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Seven or more digits in one run with the separators people put in numbers.
DIGIT_RUN = re.compile(r"\+?\(?\d(?:[\s().\/-]{0,3}\d){6,}\)?")
LONG_NUMBER = re.compile(r"\b[A-Za-z]{0,3}\d{5,}\b")  # record numbers, ZIP codes
# Each optional part starts with its own non-space character: no two \s* can trade
# the same spaces, so a line of spaces costs linear time.
RECORD_NUMBER = re.compile(
    r"\b(?:mrn|medical record|record|chart|patient id|member id|id|n[uú]mero de expediente"
    r"|expediente)\b\s*(?:(?:number|no\.?|num\.?|#)\s*)?(?:[:#]\s*)?(?:(?:is|es)\s+)?"
    r"[A-Za-z]*-?\d[\w-]*",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre"
)
DATES = [
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(r"\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b"),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}\b", re.IGNORECASE),
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?:{_MONTHS})(?:\s+de)?,?\s+\d{{4}}\b",
        re.IGNORECASE,
    ),
    # What follows a date-of-birth word: up to its year ("the 3rd of March 1985"), or
    # without a year, three words.
    re.compile(
        r"\b(?:dob\b|d\.o\.b\.?|date of birth\b|birth ?date\b|birthday\b|born\b(?: on| in)?"
        r"|nac[ií]\w*(?: el| en)?|fecha de nacimiento\b)\s*(?:[:=-]\s*)?"
        r"(?:(?:\S+\s+){0,4}?\S*?(?:\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b\S*|\S+(?:\s+\S+){0,2})",
        re.IGNORECASE,
    ),
]
# Words that end a name: "my name is Zelda and I ..." keeps "and I ...".
_NOT_NAMES = (
    "and|but|i|im|my|the|a|an|at|on|in|to|for|about|after|before|back|when|if|please|now"
    "|later|tomorrow|today|tonight|asap|anytime|any|from|with|y|pero|mi|de|del|con|al|en"
)
_NAME_WORD = rf"(?!(?:{_NOT_NAMES})\b)[^\W\d_][\w'’-]*"
_CAPITAL_WORD = r"[A-ZÁÉÍÓÚÑ][\w'’-]*"
INTRODUCTIONS: List[Pattern[str]] = [
    # Said to give a name: whatever words follow are the name.
    re.compile(
        rf"\b(?:my name is|my name['’]s|name is|name:|call me|me llamo|mi nombre es|me dicen)"
        rf"\s+((?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{0,2}})",
        re.IGNORECASE,
    ),
    # Also said of feelings ("I'm tired"): only capitalised words count as a name.
    re.compile(
        r"\b(?:[Ii]['’]?m|[Ii] am|[Tt]his is|[Ss]oy|[Ii]t['’]?s)\s+"
        rf"((?:{_CAPITAL_WORD})(?:\s+(?:{_CAPITAL_WORD})){{0,2}})"
    ),
]
# Free text inside structured log lines, e.g. Rasa's
# {"text": "...", "event": "rest.message.received.timeout"}: the value goes whole.
_TEXT_KEYS = r"text|message|user_message|name|contact|contact_name|need|best_time|value"
LOGGED_TEXT = [
    re.compile(rf'"(?:{_TEXT_KEYS})"\s*:\s*"((?:[^"\\]|\\.)*)"'),
    re.compile(rf"'(?:{_TEXT_KEYS})'\s*:\s*'((?:[^'\\]|\\.)*)'"),
]
SESSION_ID = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{22,64}(?![\w-])")


def phone_spans(text: str) -> Iterator[Span]:
    for match in phonenumbers.PhoneNumberMatcher(
        text, "US", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        yield match.start, match.end


def pattern_spans(text: str, patterns: Iterable[Pattern[str]]) -> Iterator[Span]:
    for pattern in patterns:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            yield match.start(group), match.end(group)


def known_value_patterns(values: Iterable[str]) -> List[Pattern[str]]:
    """Stored names and contacts, anywhere and in any case; each part of a name too,
    where it is written with a capital (so the name "Will" spares the word "will")."""
    patterns = []
    for value in {" ".join(v.split()) for v in values if v and len(v.strip()) >= 2}:
        patterns.append(re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE))
        for part in value.split():
            if len(part) >= 3 and part[0].isalpha():
                capital = part[0].upper() + part[1:].lower()
                words = f"{re.escape(capital)}|{re.escape(part.upper())}"
                patterns.append(re.compile(rf"(?<!\w)(?:{words})(?!\w)"))
    return patterns


def merge(spans: Iterable[Span]) -> List[Span]:
    merged: List[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def replace_spans(text: str, spans: Iterable[Span]) -> str:
    pieces, cursor = [], 0
    for start, end in merge(spans):
        pieces += [text[cursor:start], REDACTED]
        cursor = end
    return "".join(pieces) + text[cursor:]


@dataclass(frozen=True)
class Redactor:
    """Everything identifying in an export; ``known`` are stored names and contacts."""

    known: Tuple[Pattern[str], ...] = ()

    @classmethod
    def with_known_values(cls, values: Iterable[str]) -> Redactor:
        return cls(tuple(known_value_patterns(values)))

    def spans(self, text: str) -> Iterator[Span]:
        yield from phone_spans(text)
        yield from pattern_spans(
            text, [EMAIL, DIGIT_RUN, LONG_NUMBER, RECORD_NUMBER, *DATES, *INTRODUCTIONS]
        )
        yield from pattern_spans(text, self.known)

    def redact(self, text: str) -> str:
        return replace_spans(text, self.spans(text)) if text else text


def _without_locals(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_locals(v) for k, v in value.items() if k != "locals"}
    if isinstance(value, list):
        return [_without_locals(v) for v in value]
    return value


def _structured(line: str) -> str:
    """A JSON record in a log line (Rasa logs JSON when not on a terminal) without the
    local variables its tracebacks carry: they can hold a failed statement's patient text."""
    start = line.find("{")
    if start < 0 or '"locals"' not in line:
        return line
    try:
        record = json.loads(line[start:])
    except ValueError:
        return line[:start] + "[unreadable record with local variables removed]"
    return line[:start] + json.dumps(_without_locals(record))


def scrub_log_line(line: str) -> str:
    """A log line without phones, emails, self-introductions, session ids, or the free
    text of structured log records."""
    line = _structured(line)
    spans = list(phone_spans(line))
    spans += pattern_spans(line, [EMAIL, SESSION_ID, *INTRODUCTIONS, *LOGGED_TEXT])
    return replace_spans(line, spans) if spans else line


def session_ref(session_id: str) -> str:
    """A log's name for a chat session: enough to follow it, useless to open it."""
    return "s-" + hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:10]
