"""The safety classifier's own scorer gives scikit-learn's probabilities
(bot/safety/scoring.py), on every dev phrasing and on everyday questions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.safety import normalise
from bot.safety.classifier import load_classifier
from bot.safety.phrasings import load_phrasings
from bot.safety.scoring import FittedScorer
from bot.settings import get_settings
from tools.safety_eval import DEV_FILES

EVERYDAY = [
    "hi",
    "what is dystonia",
    "¿qué es la distonía?",
    "",
    "!!!",
    "zzzzqqqq xkcd",  # no known n-gram at all
    "can botox make it hard to swallow?",
]


@pytest.fixture(scope="module")
def model():  # the fitted scikit-learn pipeline `make build` saved
    import joblib

    path: Path = get_settings().safety_classifier_path
    load_classifier(path)  # says to run `make build` when it is missing
    return joblib.load(path)


def test_the_scorer_gives_scikit_learns_probabilities(model) -> None:
    scorer = FittedScorer(model)
    texts = [normalise(p.text) for p in load_phrasings(DEV_FILES)] + EVERYDAY
    expected = model.predict_proba(texts)
    classes = list(model.classes_)
    got = np.array([[scorer.probabilities(t)[c] for c in classes] for t in texts])
    largest_difference = float(np.abs(got - expected).max())
    assert largest_difference < 1e-9


def test_a_pipeline_it_cannot_reproduce_is_refused(model) -> None:
    from sklearn.base import clone

    other = clone(model).set_params(**{"featureunion__tfidfvectorizer-1__sublinear_tf": False})
    with pytest.raises(ValueError):
        FittedScorer(other)
