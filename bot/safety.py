"""Emergency and crisis detection by patterns, checked before anything else.

The classifier alone must never decide whether someone is told to call 911 or 988:
these patterns run on every message. Thoughts of suicide or self-harm are matched
wherever they appear (a false alarm costs a line of text; a miss costs far more).
Physical emergencies need a sign that it is happening now, so that questions such
as "can a stroke cause dystonia?" stay questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Pattern, Tuple

CRISIS = "crisis"  # suicide or self-harm: 988 and 911
EMERGENCY = "emergency"  # physical emergency: 911


@dataclass(frozen=True)
class SafetyFinding:
    kind: str
    reason: str


def _compile(*patterns: str) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


_SELF = r"(?:my\s*self|myself|me)"
CRISIS_PATTERNS = _compile(
    r"\bsuicid",
    r"\bkill(?:ing)?\s+" + _SELF + r"\b",
    r"\bend(?:ing)?\s+(?:it\s+all|my\s+(?:own\s+)?life)\b",
    r"\btake\s+my\s+(?:own\s+)?life\b",
    r"\b(?:hurt|harm|cut|cutting|hurting|harming)\s+" + _SELF + r"\b",
    r"\bself[\s-]*harm",
    r"\b(?:want|wanna|going|wish|ready)\s+(?:to\s+)?die\b",
    r"\bwish\s+i\s+(?:was|were)\s+dead\b",
    r"\bbetter\s+off\s+dead\b",
    r"\b(?:no|any)\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go(?:ing)?\s+on)\b",
    r"\bdon'?t\s+want\s+to\s+(?:live|be\s+alive|be\s+here)\b",
    r"\b(?:isn'?t|is\s+not|not)\s+worth\s+living\b",
    r"\boverdos(?:e|ing)\s+on\s+purpose\b",
)

# Someone (the writer or a person with them) is in it now.
_WHO = (
    r"(?:i|i'm|im|i\s+am|i've|ive|my\s+\w+|he|she|they|he's|she's|they're|someone|somebody"
    r"|(?:my\s+)?(?:mom|mum|dad|mother|father|son|daughter|wife|husband|partner|child|kid"
    r"|baby|friend|brother|sister|grandma|grandpa|grandmother|grandfather)(?:'s)?)"
)
EMERGENCY_PATTERNS = _compile(
    # breathing
    r"\b(?:can'?t|cannot|can\s+not|could\s*n'?t|unable\s+to|struggling\s+to)\s+breathe?\b",
    r"\b(?:not|stopped|isn'?t|is\s+not|aren'?t)\s+breathing\b",
    r"\bchoking\b",
    _WHO + r"\s+(?:is\s+|are\s+|am\s+)?(?:having|have|has)\s+(?:trouble|difficulty|a\s+hard\s+time)"
    r"\s+breathing\b",
    # stroke signs happening now
    _WHO + r"\s+(?:is\s+|am\s+|are\s+|might\s+be\s+|may\s+be\s+|think\s+\w*\s*(?:is|am|'m)\s+)?"
    r"having\s+(?:a\s+)?(?:stroke|heart\s+attack|seizure|fit)\b",
    r"\b(?:face|mouth|smile)\s+(?:is\s+)?(?:drooping|droops|drooped|sagging|numb)\b",
    r"\bsudden(?:ly)?\s+(?:can'?t|cannot)\s+(?:speak|talk|move|see)\b",
    r"\bslurr(?:ed|ing)\s+(?:speech|words|his|her|my)\b.*\b(?:now|suddenly|just)\b",
    r"\b(?:sudden|suddenly)\b.*\b(?:numb|weak)\b.*\bone\s+side\b",
    # collapse, consciousness
    r"\b(?:collapsed|collapsing|passed\s+out|fainted|unconscious|unresponsive|won'?t\s+wake"
    r"|can'?t\s+wake|not\s+waking)\b",
    # seizure now
    r"\b(?:is|are|am|'s|keeps?)\s+(?:seizing|convulsing|fitting)\b",
    r"\bseizure\s+(?:right\s+)?now\b",
    r"\b(?:having|had)\s+(?:a\s+)?seizure\s+(?:and|that|for)\b",
    # overdose / poisoning
    r"\boverdos(?:e|ed|ing)\b",
    r"\b(?:took|taken|swallowed|ate)\s+(?:too\s+many|too\s+much|a\s+whole\s+bottle|all\s+(?:of\s+)?(?:my|the|his|her))",
    r"\bpoison(?:ed|ing)\b",
    # other unmistakable signs
    r"\bchest\s+pain\b",
    r"\b(?:bleeding\s+(?:badly|heavily|a\s+lot)|won'?t\s+stop\s+bleeding)\b",
    r"\b(?:call|calling|need)\s+(?:an?\s+)?(?:911|ambulance|paramedics?)\b",
    r"\b(?:this\s+is\s+an|it'?s\s+an|having\s+an|medical)\s+emergency\b",
    r"\b(?:i'?m|i\s+am|he'?s|she'?s|they'?re)\s+dying\b(?!\s+(?:to|for)\b)",  # not "dying to know"
)

# "Can a stroke cause...", "is choking a symptom...": asking about, not living through.
_QUESTION_ABOUT = re.compile(
    r"^\s*(?:can|could|does|do|is|are|will|would|what|how|why|which|should)\b(?!.*\b(?:now|right\s+now"
    r"|just|currently|help\s+me)\b).*\b(?:cause|causes|caused|symptom|symptoms|sign|signs|risk"
    r"|related|linked|lead\s+to|mean|happen|affect|common|part\s+of)\b",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def check_message(text: str | None) -> SafetyFinding | None:
    """A finding when the message may be a crisis or an emergency, else None."""
    if not text:
        return None
    message = _normalise(text)
    for pattern in CRISIS_PATTERNS:
        if pattern.search(message):
            return SafetyFinding(CRISIS, pattern.pattern)
    if _QUESTION_ABOUT.search(message):
        return None
    for pattern in EMERGENCY_PATTERNS:
        if pattern.search(message):
            return SafetyFinding(EMERGENCY, pattern.pattern)
    return None
