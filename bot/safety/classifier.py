"""A text classifier beside the patterns: it may add an emergency, never remove one.

Trained on the dev safety splits (``data/safety/``: emergencies, crises and look-alike
ordinary questions) plus every ordinary NLU training example as a negative, over
character and word n-grams of the normalised text (scikit-learn, already a Rasa
dependency). It speaks only when it is sure: ``THRESHOLD`` is the lowest probability
at which, in 5-fold cross-validation on the dev splits, it raised at most 0.5% false
alarms on look-alikes it had not seen (``python -m bot.safety.classifier
--cross-validate`` prints the sweep). The scored splits in ``tests/safety/`` are never
trained on.

``python -m bot.safety.classifier PATH`` trains and saves it (``make build``).
"""

from __future__ import annotations

import argparse
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, List, Sequence, Tuple

import yaml

from bot.language import most_likely
from bot.safety import normalise
from bot.safety.phrasings import ORDINARY, load_phrasings
from bot.safety.rules import CRISIS, EMERGENCY, SafetyFinding

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

THRESHOLD = 0.9
SAFETY_INTENTS = ("emergency", "self_harm")
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_examples(nlu_dir: Path) -> List[Tuple[str, str]]:
    """(intent, text) of every NLU training example, entity markup removed."""
    examples: List[Tuple[str, str]] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines() if "intent" in block else []:
                if line.strip().startswith("- "):
                    examples.append((block["intent"], _ANNOTATION.sub(r"\1", line.strip()[2:])))
    return examples


def ordinary_nlu_examples(nlu_dir: Path) -> List[str]:
    """The texts of every NLU training example that is not an emergency or a crisis."""
    return [text for intent, text in nlu_examples(nlu_dir) if intent not in SAFETY_INTENTS]


def training_set(dev_files: Sequence[Path], nlu_dir: Path) -> Tuple[List[str], List[str]]:
    phrasings = load_phrasings(dev_files)
    negatives = ordinary_nlu_examples(nlu_dir)
    texts = [normalise(p.text) for p in phrasings] + [normalise(t) for t in negatives]
    return texts, [p.label for p in phrasings] + [ORDINARY] * len(negatives)


def new_model() -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
    )
    classes = LogisticRegression(C=10, max_iter=2000, class_weight="balanced")
    return make_pipeline(features, classes)


class SafetyClassifier:
    def __init__(self, model: Pipeline, threshold: float = THRESHOLD) -> None:
        self._model = model
        self._threshold = threshold

    def probabilities(self, text: str) -> dict:
        values = self._model.predict_proba([normalise(text)])[0]
        return dict(zip(self._model.classes_, values, strict=True))

    def finding(self, text: str | None) -> SafetyFinding | None:
        """A finding when the model is sure this is an emergency or a crisis."""
        if not text:
            return None
        probability = self.probabilities(text)
        if 1 - probability[ORDINARY] < self._threshold:
            return None
        kind = CRISIS if probability[CRISIS] >= probability[EMERGENCY] else EMERGENCY
        return SafetyFinding(kind, "classifier", most_likely(text))


def train(dev_files: Sequence[Path], nlu_dir: Path) -> SafetyClassifier:
    model = new_model()
    model.fit(*training_set(dev_files, nlu_dir))
    return SafetyClassifier(model)


def save(classifier: SafetyClassifier, path: Path) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(classifier._model, path)


@lru_cache(maxsize=2)
def load_classifier(path: Path) -> SafetyClassifier:
    """The saved classifier, loaded once per process and path (never at import)."""
    import joblib

    if not path.exists():
        raise FileNotFoundError(f"safety classifier missing at {path}: run `make build`")
    return SafetyClassifier(joblib.load(path))


def cross_validate(dev_files: Sequence[Path], nlu_dir: Path) -> None:
    """Print recall and false alarms on unseen folds for a sweep of thresholds."""
    from sklearn.model_selection import StratifiedKFold

    phrasings = load_phrasings(dev_files)
    negatives = [normalise(t) for t in ordinary_nlu_examples(nlu_dir)]
    labels = [p.label for p in phrasings]
    sweep = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
    caught = {t: 0 for t in sweep}
    alarms = {t: 0 for t in sweep}
    folds = StratifiedKFold(5, shuffle=True, random_state=7).split(phrasings, labels)
    for train_rows, test_rows in folds:
        model = new_model()
        texts = [normalise(phrasings[i].text) for i in train_rows] + negatives
        model.fit(texts, [labels[i] for i in train_rows] + [ORDINARY] * len(negatives))
        ordinary = list(model.classes_).index(ORDINARY)
        unseen = [normalise(phrasings[i].text) for i in test_rows]
        for i, row in zip(test_rows, model.predict_proba(unseen), strict=True):
            for t in sweep:
                said = 1 - row[ordinary] >= t
                if labels[i] == ORDINARY:
                    alarms[t] += said
                else:
                    caught[t] += said
    positives = sum(label != ORDINARY for label in labels)
    ordinary_count = len(labels) - positives
    for t in sweep:
        print(
            f"threshold {t:.2f}: recall {caught[t] / positives:.1%}, "
            f"false alarms {alarms[t] / ordinary_count:.1%} (unseen folds)"
        )


def main() -> None:
    from bot.settings import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(description="Train the safety classifier.")
    parser.add_argument("path", nargs="?", type=Path, default=settings.safety_classifier_path)
    parser.add_argument("--cross-validate", action="store_true")
    args = parser.parse_args()
    dev_files = sorted(settings.safety_dev_dir.glob("*.yml"))
    nlu_dir = settings.project_root / "data" / "nlu"
    if args.cross_validate:
        cross_validate(dev_files, nlu_dir)
        return
    save(train(dev_files, nlu_dir), args.path)
    print(f"saved the safety classifier to {args.path}")


if __name__ == "__main__":
    main()
