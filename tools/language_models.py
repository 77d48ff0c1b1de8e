"""One model for both languages, or one per language? Trains a Spanish-only NLU model
beside the project's model (both languages) and scores both on the Spanish held-out file.

``python -m tools.language_models`` (about two minutes; README "Languages" keeps the
figures). The project's model must be trained first (``make train``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tools.heldout import score_model

PROJECT_MODEL = Path("models/dystonia.tar.gz")
SPANISH_DATA = Path("data/nlu/es")
SPANISH_HELDOUT = (Path("tests/nlu-heldout-es.yml"),)


def train_nlu(data: Path, out: Path) -> Path:
    """An NLU-only model on ``data`` with the project's pipeline."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "nlu",
            "--nlu",
            str(data),
            "--config",
            "config.yml",
            "--out",
            str(out),
            "--fixed-model-name",
            "nlu",
        ],
        check=True,
        capture_output=True,
    )
    return out / "nlu.tar.gz"


def main() -> None:
    both = score_model(PROJECT_MODEL, SPANISH_HELDOUT)
    with tempfile.TemporaryDirectory() as folder:
        spanish_only = score_model(train_nlu(SPANISH_DATA, Path(folder)), SPANISH_HELDOUT)
    print(f"Spanish held-out ({len(both.predictions)} phrasings):")
    print(f"  one model, English + Spanish: {both.accuracy:.1%}")
    print(f"  a Spanish-only model:         {spanish_only.accuracy:.1%}")


if __name__ == "__main__":
    main()
