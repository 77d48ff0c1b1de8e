"""The Rasa project as a whole: data validation, test stories, held-out NLU score."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tools.heldout import DEFAULT_FILES, score_model

MODEL = PROJECT_ROOT / "models" / "dystonia.tar.gz"
SPANISH_FILES = (Path("tests/nlu-heldout-es.yml"), Path("tests/nlu-heldout-es-2.yml"))
# Floors the held-out files must clear: files 1 and 2 (95.0% now), and file 3, written
# after they were scored (89.6% at its first look); the Spanish files together (the
# issue's 90%; 91–92% over training runs) and the second alone, written after the
# first was scored and never tuned against (94–95%; README "Languages").
HELDOUT_FLOORS = {
    DEFAULT_FILES[:2]: 0.93,
    DEFAULT_FILES[2:]: 0.87,
    SPANISH_FILES: 0.90,
    SPANISH_FILES[1:]: 0.90,
}


@pytest.fixture(scope="module")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: `make test` trains it first")
    return MODEL


def rasa(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_training_data_and_domain_validate_without_warnings() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_test_story_is_predicted_exactly(model: Path, tmp_path: Path) -> None:
    result = rasa(
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        "tests/stories",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-3000:]
    assert result.returncode == 0, details + result.stderr[-3000:]


@pytest.mark.parametrize(
    "files", list(HELDOUT_FLOORS), ids=["files-1-2", "file-3", "spanish-1-2", "spanish-2"]
)
def test_heldout_intent_accuracy_clears_the_floor(model: Path, files: tuple) -> None:
    """Counts only: a held-out text shown in a failure would shape the next change."""
    score = score_model(model, [PROJECT_ROOT / f for f in files])
    right, total = int(len(score.predictions) - len(score.misses)), int(len(score.predictions))
    summary = f"held-out intent accuracy {score.accuracy:.1%} ({right}/{total})"
    print(summary)
    assert total >= 140
    assert right >= HELDOUT_FLOORS[files] * total, summary


def test_no_heldout_example_is_in_the_training_data() -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    training = {
        m.get("text").lower() for m in load_data(str(PROJECT_ROOT / "data" / "nlu")).intent_examples
    }
    heldout = {
        m.get("text").lower()
        for f in (*DEFAULT_FILES, *SPANISH_FILES)
        for m in load_data(str(PROJECT_ROOT / f)).intent_examples
    }
    overlap = len(training & heldout)  # a count: the texts stay unseen
    assert overlap == 0, f"{overlap} held-out examples are in the training data"
