"""A text classifier beside the patterns: it may add an emergency, never remove one.

Trained on the dev safety splits (``data/safety/``: emergencies, crises and look-alike
ordinary questions) plus every ordinary NLU training example as a negative, over
character and word n-grams of the normalised text (scikit-learn, already a Rasa
dependency). It speaks only when it is sure, above ``THRESHOLD``. With seven dev splits
that was the lowest probability at which, in 5-fold cross-validation, it raised at most
0.5% false alarms on look-alikes it had not seen: 0.89. With five splits the same rule
gave 0.83, where the folds' false alarms were flat (0.4% from 0.83 to 0.91) but the
patient-question probes were not: at 0.83 four of 466 ordinary questions ("what's the
weather going to be tomorrow") went to 911, at 0.90 none. With eleven splits the rule
would give 0.97, where the folds' recall falls to 68%; from 0.84 to 0.94 their false
alarms on look-alikes are flat (1.6% to 1.0%) while recall falls from 92% to 81%, so
0.89 stays: a hidden emergency costs more than a false alarm. ``python -m
bot.safety.classifier --cross-validate`` prints the sweep, with false alarms on the
look-alikes and on everyday questions. The scored splits in ``tests/safety/`` are never
trained on.

``python -m bot.safety.classifier PATH`` trains and saves it (``make build``).
"""

from __future__ import annotations

import argparse
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Sequence, Tuple

import yaml

from bot.language import most_likely
from bot.safety import check_message, normalise
from bot.safety.phrasings import ORDINARY, load_phrasings
from bot.safety.rules import CRISIS, EMERGENCY, SAFETY_INTENTS, SafetyFinding
from bot.safety.scoring import FittedScorer

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

THRESHOLD = 0.89
SWEEP = tuple(round(0.5 + 0.01 * i, 2) for i in range(50))  # 0.50 .. 0.99
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_examples(nlu_dir: Path) -> List[Tuple[str, str]]:
    """(intent, text) of every NLU training example, entity markup removed."""
    examples: List[Tuple[str, str]] = []
    for path in sorted(nlu_dir.rglob("*.yml")):  # every language (data/nlu/es/)
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
    def __init__(self, model: Pipeline, threshold: float) -> None:
        self._model = model
        self._threshold = threshold
        self._scorer = FittedScorer(model)

    @property
    def threshold(self) -> float:
        return self._threshold

    def probabilities(self, text: str) -> Dict[str, float]:
        return self._scorer.probabilities(normalise(text))

    def finding(self, text: str | None) -> SafetyFinding | None:
        """A finding when the model is sure this is an emergency or a crisis."""
        if not text:
            return None
        probability = self.probabilities(text)
        if 1 - probability[ORDINARY] < self._threshold:
            return None
        kind = CRISIS if probability[CRISIS] >= probability[EMERGENCY] else EMERGENCY
        return SafetyFinding(kind, "classifier", most_likely(text))


def layer_finding(text: str | None, classifier: SafetyClassifier) -> SafetyFinding | None:
    """The safety layer a patient meets: the patterns, then the classifier where they find
    nothing. A crisis the classifier is sure of turns a pattern's emergency into a crisis
    ("took all my pills, I want it over"): its reply gives 988 as well as 911, so it never
    says less. The classifier alone never removes a finding."""
    found = check_message(text)
    if found is None:
        return classifier.finding(text)
    if found.kind == EMERGENCY:
        second = classifier.finding(text)
        if second is not None and second.kind == CRISIS:
            return SafetyFinding(CRISIS, f"{found.reason} + classifier", found.lang)
    return found


def train(dev_files: Sequence[Path], nlu_dir: Path) -> SafetyClassifier:
    model = new_model()
    model.fit(*training_set(dev_files, nlu_dir))
    return SafetyClassifier(model, THRESHOLD)


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
    return SafetyClassifier(joblib.load(path), THRESHOLD)


# threshold -> (recall, false alarms on look-alikes, false alarms on other ordinary questions),
# all on unseen folds
Sweep = Dict[float, Tuple[float, float, float]]
LOOK_ALIKE, EVERYDAY = "look-alike", "everyday"


def cross_validate(dev_files: Sequence[Path], nlu_dir: Path) -> Sweep:
    """Recall and false alarms on unseen folds, for each threshold. The folds take the dev
    phrasings and the ordinary NLU examples alike, so everyday questions are measured
    too, not only the look-alikes."""
    from sklearn.model_selection import StratifiedKFold

    phrasings = load_phrasings(dev_files)
    texts = [normalise(p.text) for p in phrasings]
    labels = [p.label for p in phrasings]
    groups = [LOOK_ALIKE if p.label == ORDINARY else p.label for p in phrasings]
    everyday = [normalise(t) for t in ordinary_nlu_examples(nlu_dir)]
    texts, labels = texts + everyday, labels + [ORDINARY] * len(everyday)
    groups += [EVERYDAY] * len(everyday)
    said: List[Tuple[str, float]] = []  # (group, probability of not ordinary)
    for train_rows, test_rows in StratifiedKFold(5, shuffle=True, random_state=7).split(
        texts, groups
    ):
        model = new_model()
        model.fit([texts[i] for i in train_rows], [labels[i] for i in train_rows])
        ordinary = list(model.classes_).index(ORDINARY)
        rows = model.predict_proba([texts[i] for i in test_rows])
        said += [(groups[i], 1 - row[ordinary]) for i, row in zip(test_rows, rows, strict=True)]

    def share(group_names: Tuple[str, ...], t: float) -> float:
        values = [p for group, p in said if group in group_names]
        return sum(p >= t for p in values) / len(values)

    return {
        t: (share((EMERGENCY, CRISIS), t), share((LOOK_ALIKE,), t), share((EVERYDAY,), t))
        for t in SWEEP
    }


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
        sweep = cross_validate(dev_files, nlu_dir)
        for t, (recall, look_alikes, everyday) in sweep.items():
            print(
                f"threshold {t:.2f}: recall {recall:.1%}, false alarms {look_alikes:.1%} on "
                f"look-alikes, {everyday:.2%} on everyday questions (unseen)"
            )
        return
    classifier = train(dev_files, nlu_dir)
    save(classifier, args.path)
    print(f"saved the safety classifier to {args.path} (threshold {classifier.threshold:.2f})")


if __name__ == "__main__":
    main()
