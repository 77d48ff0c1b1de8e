"""Score the safety layer on labelled phrasings.

``python -m tools.safety_eval [FILE ...]`` (default: the scored splits) prints recall on
emergencies and crises, false alarms on look-alike ordinary messages, crises that got no
988, replies in the other language (and, with ``--details``, every miss of a dev file:
never of the scored splits, which print figures only), for the patterns alone and for the
safety layer a patient meets (patterns, then the classifier beside them). ``--model``
scores a trained Rasa model too: the whole NLU pipeline (the safety layer and the intent
classifier's own ``emergency`` and ``self_harm`` intents).

The dev splits (``data/safety/``) shape the patterns and train the classifier; the scored
splits (``tests/safety/``) are only ever scored (``tests/test_safety_eval.py`` says what
``make test`` requires of each).
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

from bot.safety import CRISIS, EMERGENCY, check_message
from bot.safety.classifier import SafetyClassifier, layer_finding, load_classifier, nlu_examples
from bot.safety.phrasings import ORDINARY, Phrasing, load_phrasings
from bot.safety.rules import INTENT_FOR_KIND
from bot.settings import PROJECT_ROOT, get_settings
from tools.quiet import silence_parse_logs

DEV_FILES = tuple(sorted((PROJECT_ROOT / "data" / "safety").glob("dev-*.yml")))
SCORED_FILES = (
    PROJECT_ROOT / "tests" / "safety" / "scored-2.yml",
    PROJECT_ROOT / "tests" / "safety" / "scored-3.yml",
    PROJECT_ROOT / "tests" / "safety" / "scored-4.yml",
    PROJECT_ROOT / "tests" / "safety" / "scored-5.yml",
    PROJECT_ROOT / "tests" / "safety" / "scored-6.yml",
)
KIND_OF_INTENT = {intent: kind for kind, intent in INTENT_FOR_KIND.items()}


def seen_in_training() -> set:
    """Texts (lower case) the patterns or a classifier were shaped on."""
    seen = {p.text.lower() for p in load_phrasings(DEV_FILES)}
    nlu = nlu_examples(PROJECT_ROOT / "data" / "nlu")
    return seen | {text.lower() for intent, text in nlu if intent in KIND_OF_INTENT}


def scored_phrasings(files: Sequence[Path] = SCORED_FILES) -> List[Phrasing]:
    """The scored splits less any phrasing that stands word for word in what trains the
    layer (independent writers do write the same "i want to die")."""
    seen = seen_in_training()
    return [p for p in load_phrasings(files) if p.text.lower() not in seen]


@dataclass(frozen=True)
class Verdict:
    kind: str | None  # emergency, crisis, or None (not routed to safety)
    lang: str | None = None


Judge = Callable[[str], Verdict]


@dataclass
class SafetyScore:
    results: List[Tuple[Phrasing, Verdict]] = field(default_factory=list)

    def _of(self, *labels: str) -> List[Tuple[Phrasing, Verdict]]:
        return [(p, v) for p, v in self.results if p.label in labels]

    @property
    def positives(self) -> int:
        return len(self._of(EMERGENCY, CRISIS))

    @property
    def misses(self) -> List[Phrasing]:
        return [p for p, v in self._of(EMERGENCY, CRISIS) if v.kind is None]

    @property
    def false_alarms(self) -> List[Phrasing]:
        return [p for p, v in self._of(ORDINARY) if v.kind is not None]

    @property
    def wrong_kind(self) -> List[Tuple[Phrasing, Verdict]]:
        """A crisis caught as a physical emergency: its reply gives 911 but not 988."""
        return [(p, v) for p, v in self._of(CRISIS) if v.kind == EMERGENCY]

    @property
    def wrong_language(self) -> List[Tuple[Phrasing, Verdict]]:
        caught = [(p, v) for p, v in self._of(EMERGENCY, CRISIS) if v.kind and v.lang]
        return [(p, v) for p, v in caught if v.lang != p.lang]

    @property
    def recall(self) -> float:
        return 1 - len(self.misses) / self.positives if self.positives else 0.0

    @property
    def false_alarm_rate(self) -> float:
        ordinary = len(self._of(ORDINARY))
        return len(self.false_alarms) / ordinary if ordinary else 0.0

    def summary(self, name: str) -> str:
        return (
            f"{name}: recall {self.recall:.1%} ({self.positives - len(self.misses)}/"
            f"{self.positives} emergencies and crises), false alarms "
            f"{self.false_alarm_rate:.1%} ({len(self.false_alarms)}/{len(self._of(ORDINARY))}"
            f" look-alikes), crises without 988 {len(self.wrong_kind)}, other language "
            f"{len(self.wrong_language)}"
        )

    def details(self) -> List[str]:
        lines = [f"MISS [{p.label}/{p.lang}] {p.text}" for p in self.misses]
        lines += [f"FALSE ALARM [{p.lang}] {p.text}" for p in self.false_alarms]
        lines += [
            f"WRONG REPLY [{p.label}/{p.lang} -> {v.kind}/{v.lang}] {p.text}"
            for p, v in self.wrong_kind + self.wrong_language
        ]
        return lines


def score(phrasings: Sequence[Phrasing], judge: Judge) -> SafetyScore:
    return SafetyScore([(p, judge(p.text)) for p in phrasings])


def pattern_verdict(text: str) -> Verdict:
    finding = check_message(text)
    return Verdict(finding.kind, finding.lang) if finding else Verdict(None)


def layer_judge(classifier: SafetyClassifier) -> Judge:
    """What the NLU override decides: the patterns, then the classifier beside them."""

    def judge(text: str) -> Verdict:
        finding = layer_finding(text, classifier)
        return Verdict(finding.kind, finding.lang) if finding else Verdict(None)

    return judge


def pipeline_verdicts(model: Path, phrasings: Sequence[Phrasing]) -> Dict[str, Verdict]:
    """For each text, what the trained model's whole NLU pipeline decides."""
    from rasa.core.agent import Agent

    silence_parse_logs()
    agent = Agent.load(str(model))

    async def parse_all() -> Dict[str, Verdict]:
        verdicts: Dict[str, Verdict] = {}
        for p in phrasings:
            parsed: Dict[str, Any] = await agent.parse_message(p.text)
            lang = next(
                (e["value"] for e in parsed.get("entities") or [] if e["entity"] == "lang"), None
            )
            verdicts[p.text] = Verdict(KIND_OF_INTENT.get(parsed["intent"]["name"]), lang)
        return verdicts

    return asyncio.run(parse_all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="default: the scored splits")
    parser.add_argument("--model", type=Path, help="also score this trained Rasa model")
    parser.add_argument(
        "--details", action="store_true", help="print each miss (refused on the scored splits)"
    )
    args = parser.parse_args()
    scored = not args.files or any(f.resolve() in SCORED_FILES for f in args.files)
    if args.details and scored:
        # A scored phrasing once read is no longer held out (data/safety/dev-8.yml).
        parser.error("--details only on dev files: the scored splits print figures only")
    phrasings = load_phrasings(args.files) if args.files else scored_phrasings()
    layers = {
        "patterns": score(phrasings, pattern_verdict),
        "patterns + classifier": score(
            phrasings, layer_judge(load_classifier(get_settings().safety_classifier_path))
        ),
    }
    if args.details:
        print("\n".join(layers["patterns + classifier"].details()))
    for name, result in layers.items():
        print(result.summary(name))
    if args.model:
        verdicts = pipeline_verdicts(args.model, phrasings)
        print(score(phrasings, verdicts.__getitem__).summary("whole NLU pipeline"))


if __name__ == "__main__":
    main()
