"""The learned reranker: a logistic regression over the candidates' features (features.py),
fitted on ../shared/eval/train.jsonl by `python -m assistant.training` and shipped as
ranker.json beside this file. Scoring needs numpy only; fitting needs scikit-learn (the
`train` extra).

The same file carries what else was chosen on train by cross-validation: the refusal
threshold on the calibrated score of the best statement, and how close to the best a
supporting statement must score to join the answer."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .core.errors import PdzError
from .features import FEATURES

SHIPPED = Path(__file__).with_name("ranker.json")


@dataclass(frozen=True)
class Ranker:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    # the confidence that a question is answered: a logistic model over the best statement's
    # score (as a logit), the share of the question's names no document contains, whether none
    # of the first LACK_DEPTH statements holds the kind of fact asked, how much of the question's words they
    # cover, and the share of the question's names their passages never mention; below
    # `refuse_below`, a refusal
    refusal: tuple[float, ...] = (0.0, 1.0, 0.0, 0.0, 0.0, 0.0)
    refuse_below: float = 0.0
    support_ratio: float = 0.5  # a supporting statement scores at least this share of the best
    trained_on: str = ""

    def score(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probability that each candidate states the answer."""
        if len(X) == 0:
            return np.zeros(0)
        return _sigmoid(((X - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights) + self.bias)

    def confidence(self, row: np.ndarray) -> float:
        """`row`: the question's refusal_features."""
        return float(_sigmoid(np.dot(self.refusal, row)))

    def with_choices(self, **values) -> Ranker:
        return Ranker(**{**asdict(self), **values})

    # ------------------------------------------------------------------ storage
    def save(self, path: Path = SHIPPED) -> None:
        data = asdict(self)
        data["weights_by_feature"] = dict(zip(self.features, [round(w, 4) for w in self.weights]))
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = SHIPPED) -> Ranker:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PdzError(f"Modello di ordinamento illeggibile: {path} ({exc})") from exc
        data.pop("weights_by_feature", None)
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        ranker = cls(**values)
        if ranker.features != FEATURES:
            raise PdzError(
                f"Il modello di ordinamento {path} è stato addestrato su altre caratteristiche: "
                "rigenerarlo con «python -m assistant.training ../shared/eval/train.jsonl»."
            )
        return ranker

    @classmethod
    def untrained(cls) -> Ranker:
        """Equal weights on the passage's fused rank and the word overlap: what collects the
        training data before a model exists."""
        n = len(FEATURES)
        weights = tuple(1.0 if f in ("fused", "overlap_context") else 0.0 for f in FEATURES)
        return cls(FEATURES, (0.0,) * n, (1.0,) * n, weights, 0.0)

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, C: float = 1.0, trained_on: str = "") -> Ranker:
        from sklearn.linear_model import LogisticRegression

        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=C, max_iter=5000)
        model.fit((X - mean) / scale, y)
        return cls(
            FEATURES,
            tuple(map(float, mean)),
            tuple(map(float, scale)),
            tuple(map(float, model.coef_[0])),
            float(model.intercept_[0]),
            trained_on=trained_on,
        )


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


TOP = 3  # the statements an answer is made of
LACKS = 3  # the place in refusal_features of "none of the first statements holds the fact asked"
LACK_DEPTH = 16  # how far down the ranking a statement holding the kind of fact asked is looked for


def lacks_fact(top_rows: np.ndarray) -> bool:
    """None of the best statements (their features, best first) holds the kind of fact asked."""
    return bool(len(top_rows)) and bool(np.all(top_rows[:LACK_DEPTH, FEATURES.index("fact_missing")] == 1))


def refusal_features(
    best: float, unknown: float, top_rows: np.ndarray, names_missing: float = 0.0, open_part: bool = False
) -> np.ndarray:
    """What the refusal model reads (with a leading 1 for its bias); `top_rows`: the features
    of the best statements, best first; `open_part`: a part of the question asks no kind of fact
    (Question.open_part), so that the fact missing for another part does not count as lacking."""
    p = min(max(float(best), 1e-6), 1 - 1e-6)
    lacks = lacks_fact(top_rows) and not open_part
    # how much of the question the best statements cover, their context included
    coverage = float(np.max(top_rows[:TOP, FEATURES.index("overlap_context")])) if len(top_rows) else 0.0
    return np.array([1.0, np.log(p / (1 - p)), unknown, float(lacks), coverage, names_missing])
