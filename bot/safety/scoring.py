"""The safety classifier's probabilities for one message, without scikit-learn's
per-call overhead.

``Pipeline.predict_proba`` on one text spent two thirds of its time on bookkeeping that
is the same for every call: recomputing each TF-IDF vectorizer's ``idf_`` from a sparse
diagonal matrix (twice), ``check_is_fitted`` walks, joblib dispatch in the feature union
(py-spy on the Rasa server; README "Benchmark"). ``FittedScorer`` takes the fitted
pieces once and computes the same numbers: each vectorizer's own analyzer and vocabulary
for the counts, sublinear tf, idf, L2 norm, the weights of the n-grams present, then the
logistic regression's softmax.
``tests/test_safety_classifier.py`` holds it equal to ``predict_proba``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Tuple

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


class FittedScorer:
    def __init__(self, model: Pipeline) -> None:
        import numpy as np

        union, logistic = model.steps[0][1], model.steps[-1][1]
        vectorizers = [vectorizer for _, vectorizer in union.transformer_list]
        if not all(v.use_idf and v.sublinear_tf and v.norm == "l2" for v in vectorizers):
            raise ValueError("FittedScorer computes sublinear, idf-weighted, l2 TF-IDF only")
        if logistic.multi_class not in ("auto", "multinomial") or len(logistic.classes_) < 3:
            raise ValueError("FittedScorer computes a multinomial logistic regression only")
        weights = logistic.coef_.T  # one row per feature of the union, in its order
        self._parts: List[Tuple[Callable[[str], List[str]], Dict[str, int], Any, Any]] = []
        offset = 0
        for vectorizer in vectorizers:
            size = len(vectorizer.vocabulary_)
            self._parts.append(
                (
                    vectorizer.build_analyzer(),
                    vectorizer.vocabulary_,
                    np.asarray(vectorizer.idf_, dtype=np.float64),
                    weights[offset : offset + size],
                )
            )
            offset += size
        self._intercept = logistic.intercept_
        self._classes = list(logistic.classes_)

    def probabilities(self, text: str) -> Dict[str, float]:
        import numpy as np
        from sklearn.utils.extmath import softmax

        scores = np.array(self._intercept, dtype=np.float64)
        for analyze, vocabulary, idf, weights in self._parts:
            counts = Counter(vocabulary[f] for f in analyze(text) if f in vocabulary)
            if not counts:
                continue
            columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            values = (np.log(tf) + 1) * idf[columns]
            values /= np.sqrt(np.dot(values, values))
            scores += values @ weights[columns]
        probabilities = softmax(scores.reshape(1, -1))[0]
        return dict(zip(self._classes, (float(v) for v in probabilities), strict=True))
