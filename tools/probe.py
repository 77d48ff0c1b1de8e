"""Ask the running assistant a file of patient questions; score kind and section.

Each question comes from a new conversation, as a patient's first message does, over
the REST channel, and is judged by the contract only: the turn's ``custom.kind`` (the
disclaimer aside) and, for an answer, its ``section``. ``python -m tools.probe [FILE]``
starts the assistant as ``make run`` does on spare ports, prints every miss and the
share right, over the questions that do not stand word for word in the training data.
``tests/test_probe.py`` holds the floors.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence, Tuple

import yaml

from bot.settings import PROJECT_ROOT, Settings
from tools.assistant import RunningAssistant, customs, start_assistant

PROBE_FILE = PROJECT_ROOT / "tests" / "probe" / "patient-questions.yml"
PORTS = {"rasa_port": 5305, "action_port": 5355, "web_port": 8305}


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    sections: Tuple[str, ...] = ()


@dataclass
class ProbeScore:
    results: List[Tuple[Question, str, str | None]] = field(default_factory=list)

    @staticmethod
    def right(question: Question, kind: str, section: str | None) -> bool:
        if kind != question.kind:
            return False
        return kind != "answer" or section in question.sections

    @property
    def misses(self) -> List[Tuple[Question, str, str | None]]:
        return [r for r in self.results if not self.right(*r)]

    @property
    def share_right(self) -> float:
        return 1 - len(self.misses) / len(self.results) if self.results else 0.0


def load_questions(path: Path = PROBE_FILE) -> List[Question]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [Question(q["text"], q["kind"], tuple(q.get("sections") or ())) for q in items]


def unseen(questions: Sequence[Question]) -> List[Question]:
    """The questions that do not stand word for word in the NLU training data."""
    from bot.safety.classifier import nlu_examples

    trained = {text.lower() for _, text in nlu_examples(PROJECT_ROOT / "data" / "nlu")}
    return [q for q in questions if q.text.lower() not in trained]


def turn_kind(reply: List[Dict[str, Any]]) -> Tuple[str, str | None]:
    """The turn's kind and section, the first-turn disclaimer aside."""
    kinds = [c for c in customs(reply) if c.get("kind") != "disclaimer"]
    if not kinds:
        return "none", None
    return kinds[0]["kind"], kinds[0].get("section")


def probe(runner: RunningAssistant, questions: Sequence[Question]) -> ProbeScore:
    result = ProbeScore()
    for question in questions:
        kind, section = turn_kind(runner.send(f"probe-{uuid.uuid4().hex[:12]}", question.text))
        result.results.append((question, kind, section))
    return result


def started(var_dir: Path) -> Iterator[RunningAssistant]:
    from bot.content.__main__ import build as build_content

    defaults = Settings()
    database_url = f"sqlite:///{var_dir / 'letschat.db'}"
    build_content(defaults.content_source, database_url, defaults.spacy_pipeline_dir)
    env = {f"LETSCHAT_{k.upper()}": str(v) for k, v in PORTS.items()}
    env.update(LETSCHAT_VAR_DIR=str(var_dir), LETSCHAT_DATABASE_URL=database_url)
    tracker_url = f"sqlite:///{var_dir / 'tracker.db'}"
    with start_assistant(env, var_dir / "serve.log", PORTS["rasa_port"], tracker_url) as runner:
        yield runner


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PROBE_FILE
    questions = unseen(load_questions(path))
    with tempfile.TemporaryDirectory(prefix="letschat-probe-") as tmp:
        for runner in started(Path(tmp)):
            result = probe(runner, questions)
    for question, kind, section in result.misses:
        wanted = question.kind + (f"/{','.join(question.sections)}" if question.sections else "")
        print(f"MISS {question.text!r}: wanted {wanted}, got {kind}/{section}")
    right = len(result.results) - len(result.misses)
    print(f"right kind and section: {result.share_right:.1%} ({right}/{len(result.results)})")


if __name__ == "__main__":
    main()
