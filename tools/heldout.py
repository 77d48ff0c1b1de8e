"""Score a trained model's intent predictions on a held-out NLU file.

``python -m tools.heldout [MODEL] [NLU_FILE]`` prints accuracy and the misses.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Tuple

DEFAULT_FILE = Path("tests/nlu-heldout.yml")


@dataclass
class HeldoutScore:
    total: int = 0
    correct: int = 0
    misses: List[Tuple[str, str, str, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_examples(path: Path) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def score_agent(agent, examples: List[Tuple[str, str]]) -> HeldoutScore:  # type: ignore[no-untyped-def]
    score = HeldoutScore()
    for text, expected in examples:
        parsed = await agent.parse_message(text)
        predicted = parsed["intent"]["name"]
        score.total += 1
        if predicted == expected:
            score.correct += 1
        else:
            score.misses.append((text, expected, predicted, parsed["intent"]["confidence"]))
    return score


def score_model(model: Path, nlu_file: Path = DEFAULT_FILE) -> HeldoutScore:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return asyncio.run(score_agent(agent, load_examples(nlu_file)))


def main() -> None:
    model = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("models/dystonia.tar.gz")
    nlu_file = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_FILE
    score = score_model(model, nlu_file)
    for text, expected, predicted, confidence in score.misses:
        print(f"MISS {text!r}: expected {expected}, got {predicted} ({confidence:.2f})")
    print(f"held-out intent accuracy: {score.accuracy:.1%} ({score.correct}/{score.total})")


if __name__ == "__main__":
    main()
