"""Fitting the reranker on labelled questions, and measuring it out of sample.

`python -m assistant.training ../shared/eval/train.jsonl --store .pdz` fits on every question
of the file and writes assistant/ranker.json; `pdz eval FILE --cv 5` fits on four fifths and
answers the fifth, five times, so that no number is reported on the questions it was fitted on.

A candidate statement is labelled right when it shares at least half of its word trigrams
(or of the gold quote's, if shorter) with the question's gold quote."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .core.errors import PdzError
from .evalset import load_items, norm
from .ranked import RankedAnswerer
from .ranker import LACKS, SHIPPED, Ranker, refusal_features

# the share of the answerable questions with their kind of fact among the best statements that
# the confidence threshold may turn away, chosen by CV on train (5-fold, 3 drawings, the threshold
# and the missing fact alone) over the four stores: 0.02 answered 1 of 12 unanswerable and refused
# 2.3-3.3 of 108 answerable, 0.03 answered the same 1 and refused 3.3-5.0
FALSE_REFUSALS = 0.02
SUPPORT_RATIOS = (0.0, 0.2, 0.35, 0.5, 0.7)
LINE_COST = 0.03  # key-fact recall a supporting line must bring to be worth reading
INNER_DRAWS = (1, 2, 3)  # drawings of the inner folds the support ratio is chosen over


@dataclass
class Sample:
    item: dict
    X: np.ndarray  # features of the candidates, in retrieval order
    y: np.ndarray  # 1 where the candidate states the gold quote
    texts: list[str]
    unknown: float
    names_missing: float
    open_part: bool = False  # a part of the question asks no kind of fact (Question.open_part)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = norm(text).split()
    return {tuple(w[i : i + 3]) for i in range(len(w) - 2)}


def states_gold(text: str, gold: str) -> bool:
    if not gold:
        return False
    g, s = _trigrams(gold), _trigrams(text)
    if not g or not s:
        t, q = norm(text), norm(gold)
        return len(t) > 3 and (q in t or (t in q and len(t) > len(q) / 2))
    return len(g & s) / min(len(g), len(s)) >= 0.5


def collect(answerer: RankedAnswerer, items: list[dict]) -> list[Sample]:
    """Candidates and features of each question, as the answerer sees them (unscored)."""
    out = []
    for item in items:
        ranked = answerer.rank(answerer.analyse(item["question"]), by_part=False)
        gold = item.get("gold_quote", "") if item.get("answerable", True) else ""
        y = np.array([states_gold(c.text, gold) for c in ranked.candidates], dtype=int)
        texts = [c.text for c in ranked.candidates]
        out.append(
            Sample(item, ranked.features, y, texts, ranked.unknown, ranked.names_missing, ranked.question.open_part)
        )
    return out


def _folds(n: int, k: int, seed: int = 0) -> list[np.ndarray]:
    order = np.random.RandomState(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def _statement_model(samples: list[Sample], C: float, trained_on: str) -> Ranker:
    with_candidates = [s for s in samples if len(s.X)]
    y = np.concatenate([s.y for s in with_candidates]) if with_candidates else np.zeros(0)
    if len(set(y.tolist())) < 2:  # a model learns from right and wrong candidates both
        raise PdzError(
            f"Troppo poche domande per addestrare il modello di ordinamento ({len(samples)} in questa parte): "
            "servono domande con risposta la cui frase attesa («gold_quote») è tra i candidati, e altre frasi. "
            "Usare un file con più domande, o meno parti con --cv."
        )
    X = np.vstack([s.X for s in with_candidates])
    return Ranker.fit(X, y, C=C, trained_on=trained_on)


def _out_of_fold(samples: list[Sample], k: int, seed: int, C: float, trained_on: str) -> list[np.ndarray | None]:
    """Each sample's scores by a statement model fitted on the other folds."""
    oof: list[np.ndarray | None] = [None] * len(samples)
    for fold in _folds(len(samples), k, seed):
        held = set(fold.tolist())
        model = _statement_model([s for i, s in enumerate(samples) if i not in held], C, trained_on)
        for i in held:
            oof[i] = model.score(samples[i].X)
    return oof


def fit(samples: list[Sample], C: float = 1.0, trained_on: str = "", inner: int = 5) -> Ranker:
    """The statement model on all samples; the refusal model, its threshold and the support
    ratio on out-of-fold scores (inner cross-validation), so that they see scores like the ones
    of questions the statement model has not seen. The support ratio is chosen over
    INNER_DRAWS drawings of the inner folds: on one, ratios a fraction of a question apart
    took turns."""
    draws = [_out_of_fold(samples, inner, seed, C, trained_on) for seed in INNER_DRAWS]
    oof = draws[0]
    ranker = _statement_model(samples, C, trained_on)
    rows, labels = [], []
    for s, scores in zip(samples, oof):
        if scores is None or not len(scores):
            continue
        order = np.argsort(-scores, kind="stable")
        rows.append(refusal_features(scores[order[0]], s.unknown, s.X[order], s.names_missing, s.open_part))
        labels.append(int(s.item.get("answerable", True)))
    refusal = _refusal_model(np.array(rows), np.array(labels))
    confidences = np.array([1 / (1 + np.exp(-(r @ refusal))) for r in rows])
    threshold = _threshold(confidences, np.array(labels) == 1, np.array([r[LACKS] == 1 for r in rows], dtype=bool))
    kept = [(s, scores) for draw in draws for s, scores in zip(samples, draw) if scores is not None and len(scores)]
    ratio = _support_ratio(kept)
    return ranker.with_choices(refusal=tuple(map(float, refusal)), refuse_below=threshold, support_ratio=ratio)


def _threshold(confidences: np.ndarray, answerable: np.ndarray, lacking: np.ndarray) -> float:
    """The highest threshold that turns away at most FALSE_REFUSALS of the answerable questions
    whose best statements hold the kind of fact asked. Those refused because none holds it are
    left out, not counted against the share: when they were, one question more without its fact
    (a table row lost on a rebuilt store) moved the threshold from the third lowest confidence to
    the lowest, 0.633 to 0.377."""
    open_ = np.sort(confidences[answerable & ~lacking])
    if not len(open_):
        return 0.0
    return float(open_[min(int(np.floor(FALSE_REFUSALS * answerable.sum())), len(open_) - 1)])


def _refusal_model(rows: np.ndarray, labels: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    if len(set(labels.tolist())) < 2:
        return np.array([0.0, 1.0, 0.0, 0.0, 0.0, 0.0])
    model = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    model.fit(rows[:, 1:], labels)
    return np.concatenate([model.intercept_, model.coef_[0]])


def _support_ratio(kept: list[tuple[Sample, np.ndarray]]) -> float:
    """The share of the best score a supporting statement needs: the one that finds the most
    key facts per question, each extra line costing LINE_COST."""
    best_ratio, best_value = SUPPORT_RATIOS[-1], -1.0
    for ratio in SUPPORT_RATIOS:
        value = 0.0
        for s, scores in kept:
            facts = s.item.get("key_facts", [])
            if not s.item.get("answerable", True) or not facts:
                continue
            order = np.argsort(-scores, kind="stable")
            top = scores[order[0]]
            lines = [s.texts[i] for i in order[:3] if scores[i] >= top * ratio]
            text = norm(" ".join(lines))
            value += sum(norm(f) in text for f in facts) / len(facts) - LINE_COST * (len(lines) - 1)
        if value > best_value + 1e-9:
            best_ratio, best_value = ratio, value
    return best_ratio


def cross_validate(
    answerer: RankedAnswerer, items: list[dict], k: int = 5, C: float = 1.0, seeds=(0,)
) -> list[tuple[int, list[dict], Ranker]]:
    """(seed, held-out items, ranker fitted on the others) for the k folds drawn with each seed."""
    shipped, answerer.ranker = answerer.ranker, Ranker.untrained()
    try:
        samples = collect(answerer, items)
    finally:
        answerer.ranker = shipped
    out = []
    for seed in seeds:
        for fold in _folds(len(items), k, seed):
            held = set(fold.tolist())
            ranker = fit([s for i, s in enumerate(samples) if i not in held], C, trained_on=f"cv {k}")
            out.append((seed, [items[i] for i in sorted(held)], ranker))
    return out


def main(argv: list[str] | None = None) -> int:
    from .retrieve import Retriever
    from .storage.settings import Settings

    parser = argparse.ArgumentParser(
        prog="python -m assistant.training",
        description="Addestra il modello di ordinamento delle risposte su un file di domande etichettate e lo "
        "salva in assistant/ranker.json. Esempio: python -m assistant.training ../shared/eval/train.jsonl",
    )
    parser.add_argument("file", metavar="FILE.jsonl")
    parser.add_argument("--store", metavar="DIR", help="cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)")
    parser.add_argument("--out", metavar="FILE", default=str(SHIPPED), help="dove scrivere il modello")
    parser.add_argument("-C", type=float, default=1.0, help="inverso della regolarizzazione (predefinito 1)")
    args = parser.parse_args(argv)
    path = Path(args.file)
    if not path.is_file():
        print(f"File di domande inesistente: {path}", file=sys.stderr)
        return 2
    answerer = RankedAnswerer(Retriever.open(Settings.resolve(args.store)), ranker=Ranker.untrained())
    items = load_items(path)
    try:
        ranker = fit(collect(answerer, items), args.C, trained_on=f"{path.name} ({len(items)} domande)")
    except PdzError as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 2
    ranker.save(Path(args.out))
    print(
        f"Modello salvato in {args.out}: soglia di rifiuto {ranker.refuse_below:.3f}, "
        f"rapporto per le frasi di supporto {ranker.support_ratio}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
