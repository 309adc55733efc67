"""What the ranker reads about each candidate statement: generic signals only (similarities,
ranks, word overlap with the question, the kind of fact asked and whether the statement holds
it, the statement's shape, the document scope). No word of any particular question."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from .candidates import Candidate
from .kbindex import KBIndex
from .kinds import counts
from .query import content_words
from .question import Question
from .statements import is_item

FEATURES = (
    "fused",
    "passage_rank",
    "passage_dense",
    "passage_dense_gap",
    "passage_bm25",
    "overlap",
    "overlap_context",
    "overlap_unit",
    "overlap_framing",
    "overlap_rank",
    "overlap_gap",
    "overlap_passage",
    "overlap_near",
    "fact",
    "fact_weak",
    "fact_missing",
    "counted",
    "in_scope",
    "out_scope",
    "in_unit",
    "is_lead",
    "is_item",
    "has_lead",
    "short",
    "log_len",
    "upper",
    "first_in_passage",
    "in_list",
    "kb_match",
    "kb_any",
)


WEAK_FACTS = ("count", "who")


class WordStats:
    """Inverse document frequencies of stems over the store's passages, and its vocabulary."""

    def __init__(self, passages, stem) -> None:
        self.stem = stem
        df: Counter[str] = Counter()
        self.vocabulary: set[str] = set()
        for p in passages:
            words = content_words(p.indexed_text)
            self.vocabulary.update(words)
            df.update({stem(w) for w in words})
        n = max(1, len(passages))
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        self.default_idf = math.log(1 + n)
        self.stems = set(df)

    def weights(self, words) -> dict[str, float]:
        out: dict[str, float] = {}
        for w in words:
            s = self.stem(w)
            out[s] = max(out.get(s, 0.0), self.idf.get(s, self.default_idf))
        return out

    def stems_of(self, text: str) -> set[str]:
        return {self.stem(w) for w in content_words(text)}

    def _names(self, text: str) -> list[str]:
        """The question's names: capitalised words, acronyms, figures, long words."""
        found = re.findall(r"(?<!^)(?<![.?!:] )\b[A-ZÀ-Ý][\wà-ÿ]+|\b\w*\d\w*|\b\w{7,}", text.strip())
        return [w for w in found if content_words(w)]

    def unknown_share(self, text: str) -> float:
        """The weight of the question's names that no passage contains (0 when all are known)."""
        weights = self.weights(content_words(" ".join(self._names(text))))
        total = sum(weights.values())
        return sum(w for s, w in weights.items() if s not in self.stems) / total if total else 0.0

    def unknown_names(self, text: str) -> list[str]:
        """The capitalised names of the question that no passage contains ("Bergamo")."""
        return [
            w
            for w in self._names(text)
            if w[0].isupper() and any(self.stem(c) not in self.stems for c in content_words(w))
        ]


def _share(weights: dict[str, float], stems: set[str]) -> float:
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in stems) / total if total else 0.0


def _inverse_rank(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: -values[i])
    out = [0.0] * len(values)
    for r, i in enumerate(order):
        out[i] = 1.0 / (1 + r)
    return out


def in_unit(locator: str, labels) -> bool:
    parts = [p.strip() for p in locator.split("›")]
    return any(p == u.label or p.startswith(u.label + " ") for u in labels for p in parts)


def featurize(
    q: Question, cands: list[Candidate], stats: WordStats, scope_words=frozenset(), kb: KBIndex | None = None
) -> np.ndarray:
    """One row of FEATURES per candidate. `scope_words`: the names by which the question chose
    its documents ("Sesto"), which say where to look, not what."""
    if not cands:
        return np.zeros((0, len(FEATURES)))
    asked = stats.weights([w for w in q.words if w not in scope_words])
    framing = stats.weights(q.framing_words)
    # a date, a sum, a frequency, an address are specific; a number or a name nearly always present
    fact_kinds = [k for k in q.kinds if k.fact is not None and k.name not in WEAK_FACTS]
    weak_kinds = [k for k in q.kinds if k.fact is not None and k.name in WEAK_FACTS]
    noun = q.counted
    wanted = {tag for k in q.kinds for tag in k.records}
    max_pd = max(c.passage_dense for c in cands)
    rows = []
    overlaps = []
    stems = [stats.stems_of(c.text) for c in cands]
    passage_stems: dict[str, set[str]] = {}
    for i, c in enumerate(cands):
        p = c.passage
        text = c.text
        own = stems[i]
        if p.id not in passage_stems:
            passage_stems[p.id] = stats.stems_of(p.text)
        near = set().union(*(stems[j] for j in (i - 1, i + 1) if 0 <= j < len(cands) and cands[j].passage.id == p.id))
        context = own | stats.stems_of(f"{p.heading} {p.locator} {c.statement.lead} {p.title}")
        unit = stats.stems_of(p.locator.split("›")[-1])
        overlap, overlap_ctx = _share(asked, own), _share(asked, context)
        overlaps.append(overlap + overlap_ctx)
        letters = [ch for ch in text if ch.isalpha()]
        tags = kb.tags(p.id, text) if kb is not None else set()
        rows.append(
            {
                "fused": c.fused * 30,
                "passage_rank": 1.0 / (1 + c.passage_rank),
                "passage_dense": c.passage_dense,
                "passage_dense_gap": c.passage_dense - max_pd,
                "passage_bm25": c.passage_bm25,
                "overlap": overlap,
                "overlap_context": overlap_ctx,
                "overlap_unit": _share(asked, unit),
                "overlap_passage": _share(asked, passage_stems[p.id]),
                "overlap_near": _share(asked, near - own),
                "overlap_framing": _share(framing, context),
                "fact": float(any(k.held_by(text) for k in fact_kinds)),
                "fact_weak": float(any(k.held_by(text) for k in weak_kinds)),
                "fact_missing": float(bool(fact_kinds) and not any(k.held_by(text) for k in fact_kinds)),
                "counted": float(bool(noun) and counts(text, noun, stats.stem)),
                "in_scope": float(bool(q.sources) and p.source in q.sources),
                "out_scope": float(bool(q.sources) and p.source not in q.sources),
                "in_unit": float(bool(q.units) and in_unit(p.locator, q.units)),
                "is_lead": float(text.rstrip().endswith(":")),
                "is_item": float(is_item(text)),
                "has_lead": float(bool(c.statement.lead)),
                "short": float(len(text.strip()) < 40),
                "log_len": math.log(1 + len(text.strip())) / 6,
                "upper": float(bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.7),
                "first_in_passage": float(c.statement.start == 0),
                "in_list": float(c.in_list),
                "kb_match": float(bool(tags & wanted)),
                "kb_any": float(bool(tags)),
            }
        )
    best = max(overlaps)
    for row, rank, value in zip(rows, _inverse_rank(overlaps), overlaps):
        row["overlap_rank"], row["overlap_gap"] = rank, value - best
    return np.array([[row[f] for f in FEATURES] for row in rows], dtype=np.float64)
