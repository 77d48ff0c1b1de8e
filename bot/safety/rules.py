"""How one language's safety patterns decide: the same decision for every language.

A message is a **crisis** when any crisis pattern matches, wherever and however it is
asked: a false alarm costs a line of text, a miss costs far more.

A message is an **emergency** when a danger sign matches (breathing, consciousness,
seizure, stroke signs, chest pain, overdose, spread after a toxin injection, ...) unless
the message clearly is not about something happening now:

- it is over: a history marker ("three years ago", "as a kid", "it's fine now", "for
  years") and no urgent marker ("right now", "minutes ago", "what do I do", "by
  mistake"); a loose "now" ("had a stroke years ago and now his arm curls") or a
  person in it ("I've had this for years, I feel like I'm choking") does not outweigh
  the history;
- it asks in general: a question with no marker of now and no person living it just
  before the sign ("can a stroke cause dystonia?", "does dystonia cause seizures?");
- it says it is not happening: a hypothetical just before the sign ("what do I do if he
  ever has a seizure") outweighs everything but ``right_now``; one elsewhere ("to be
  prepared") outweighs only the loose markers, not an urgent one or someone living it.

Before any of it, phrases that only look like a sign are set aside (every language's,
since every language's patterns see the message; ``bot.safety``): "not suicidal",
"breathing fine" (never "not breathing normally"), "I collapsed into bed", "not an
emergency".

Anything else with a danger sign (a statement, a question about someone's state now,
"is this related to her dystonia? she is not breathing") is an emergency. Negations
are never a reason to skip: "can't breathe" is one. Where two languages' signs match
and their grammar disagrees ("que diferencia hay entre una convulsión y un espasmo" is
a Spanish question), the language the text is in decides (``bot.safety``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Pattern, Tuple

CRISIS = "crisis"  # suicide or self-harm: 988 and 911
EMERGENCY = "emergency"  # physical emergency: 911
# The Rasa intent a finding becomes (domain.yml, data/rules/safety.yml).
INTENT_FOR_KIND = {EMERGENCY: "emergency", CRISIS: "self_harm"}
SAFETY_INTENTS = tuple(INTENT_FOR_KIND.values())

# How far before a danger sign a person "living it now" is looked for ("my wife is
# having [trouble breathing]", "he just [collapsed]").
SUBJECT_WINDOW = 40


def compile_all(patterns: Iterable[str]) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def alternatives(words: str) -> str:
    """A regex alternation of the space-separated ``words`` (each may be a regex),
    longest first so that a prefix does not win."""
    return "(?:" + "|".join(sorted(words.split(), key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class SafetyFinding:
    kind: str  # CRISIS or EMERGENCY
    reason: str  # the pattern that matched, for logs and tests
    lang: str  # the reply's language: whose patterns matched, or the one detected


@dataclass(frozen=True)
class LanguageRules:
    lang: str
    crisis: Tuple[Pattern[str], ...]
    danger_signs: Tuple[Pattern[str], ...]
    urgent_markers: Pattern[str]  # "right now", "minutes ago", "what do I do"
    now_markers: Pattern[str]  # looser: "now", "today", "since my shot"
    history_markers: Pattern[str]  # "years ago", "as a child", "for months", "fine now"
    living_it: Pattern[str]  # a person and a present-tense verb: "she is", "my son has"
    person_then_sign: Pattern[str]  # a person, then a sign with its own verb: "he [cant breathe]"
    question: Pattern[str]  # the message is shaped as a question
    # phrases that only look like a sign ("not suicidal", "breathing fine")
    set_aside: Pattern[str] = field(default=re.compile(r"(?!x)x"))
    # "if he ever has a seizure", "to be prepared": not now, unless ``right_now`` says so
    hypothetical: Pattern[str] = field(default=re.compile(r"(?!x)x"))
    right_now: Pattern[str] = field(default=re.compile(r"(?!x)x"))

    def without_look_alikes(self, message: str) -> str:
        return self.set_aside.sub(" ", message)

    def crisis_finding(self, message: str) -> SafetyFinding | None:
        for pattern in self.crisis:
            if pattern.search(message):
                return SafetyFinding(CRISIS, pattern.pattern, self.lang)
        return None

    def emergency_judgement(self, message: str) -> Tuple[bool, SafetyFinding | None]:
        """(whether a danger sign matched at all, the finding if one is happening now)."""
        matched = False
        for pattern in self.danger_signs:
            for match in pattern.finditer(message):
                matched = True
                if self.happening_now(message, match.start(), match.end()):
                    return True, SafetyFinding(EMERGENCY, pattern.pattern, self.lang)
        return matched, None

    def happening_now(self, message: str, sign_start: int, sign_end: int) -> bool:
        """Whether the danger sign at ``sign_start:sign_end`` is happening now."""
        if self._hypothetical_governs(message, sign_start):
            return False
        if self.urgent_markers.search(message):
            return True
        if self.history_markers.search(message):
            return False
        window_start = max(0, sign_start - SUBJECT_WINDOW)
        if self.living_it.search(message[window_start:sign_start]):
            return True
        if self.person_then_sign.search(message[window_start:sign_end]):
            return True
        # only after everything that says "now": "to be prepared" never outweighs
        # "what do I do", "minutes ago" or someone living it
        if self.hypothetical.search(message) and not self.right_now.search(message):
            return False
        if self.now_markers.search(message):
            return True
        return not self.question.search(message)

    def _hypothetical_governs(self, message: str, sign_start: int) -> bool:
        """A hypothetical just before the sign ("what do I do if my son ever has a
        [seizure]", "si algún día le da una [convulsión]") is not happening, whatever the
        rest asks, unless ``right_now`` says it is."""
        window = message[max(0, sign_start - SUBJECT_WINDOW) : sign_start]
        return bool(self.hypothetical.search(window)) and not self.right_now.search(message)
