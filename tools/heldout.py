"""Score a trained model's intent predictions on held-out NLU files.

``python -m tools.heldout [MODEL] [NLU_FILE ...]`` prints the accuracy, the misses and
a sweep of FallbackClassifier thresholds (how config.yml's threshold was chosen).
``out_of_scope`` and ``nlu_fallback`` count as the same outcome: both reply with a
``kind: fallback`` turn.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

from tools.quiet import silence_parse_logs

DEFAULT_FILES = (
    Path("tests/nlu-heldout.yml"),
    Path("tests/nlu-heldout-2.yml"),
    Path("tests/nlu-heldout-3.yml"),
)
FALLBACK = "nlu_fallback"
SAME_OUTCOME = {"out_of_scope": FALLBACK}
SWEEP = (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)


@dataclass(frozen=True)
class Prediction:
    text: str
    expected: str
    predicted: str  # after the FallbackClassifier
    top: str  # the classifier's best intent before it
    confidence: float


@dataclass
class HeldoutScore:
    predictions: List[Prediction] = field(default_factory=list)

    @staticmethod
    def _outcome(intent: str) -> str:
        return SAME_OUTCOME.get(intent, intent)

    def accuracy_at(self, threshold: float | None = None) -> float:
        if not self.predictions:
            return 0.0
        right = 0
        for p in self.predictions:
            predicted = p.predicted
            if threshold is not None and p.predicted in (p.top, FALLBACK):
                predicted = p.top if p.confidence >= threshold else FALLBACK
            right += self._outcome(predicted) == self._outcome(p.expected)
        return right / len(self.predictions)

    @property
    def accuracy(self) -> float:
        return self.accuracy_at(None)

    @property
    def misses(self) -> List[Prediction]:
        return [
            p for p in self.predictions if self._outcome(p.predicted) != self._outcome(p.expected)
        ]


def load_examples(paths: Sequence[Path]) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    examples: List[Tuple[str, str]] = []
    for path in paths:
        data = load_data(str(path))
        examples += [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return examples


def _prediction(text: str, expected: str, parsed: Dict[str, Any]) -> Prediction:
    ranking = [r for r in parsed.get("intent_ranking") or [] if r["name"] != FALLBACK]
    top = ranking[0] if ranking else parsed["intent"]
    return Prediction(
        text, expected, parsed["intent"]["name"], top["name"], float(top["confidence"])
    )


async def score_agent(agent: Any, examples: List[Tuple[str, str]]) -> HeldoutScore:
    score = HeldoutScore()
    for text, expected in examples:
        score.predictions.append(_prediction(text, expected, await agent.parse_message(text)))
    return score


def score_model(model: Path, nlu_files: Sequence[Path] = DEFAULT_FILES) -> HeldoutScore:
    from rasa.core.agent import Agent

    silence_parse_logs()
    agent = Agent.load(str(model))
    return asyncio.run(score_agent(agent, load_examples(nlu_files)))


def main() -> None:
    model = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("models/dystonia.tar.gz")
    nlu_files = [Path(a) for a in sys.argv[2:]] or list(DEFAULT_FILES)
    score = score_model(model, nlu_files)
    for p in score.misses:
        print(
            f"MISS {p.text!r}: expected {p.expected}, got {p.predicted} "
            f"(top {p.top} {p.confidence:.2f})"
        )
    for threshold in SWEEP:
        print(f"threshold {threshold:.2f}: {score.accuracy_at(threshold):.1%}")
    print(
        f"held-out intent accuracy: {score.accuracy:.1%} "
        f"({len(score.predictions) - len(score.misses)}/{len(score.predictions)})"
    )


if __name__ == "__main__":
    main()
